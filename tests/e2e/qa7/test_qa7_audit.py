"""QA7: every moderator change leaves a trace — the audit log and the moderation log channel."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator


async def act(emulator: Emulator, w: DiscordWorld, command: str, **options: Any) -> Any:
    record = await emulator.slash(w.general, w.moderator, command, **options)
    await record.wait_done()
    return record


def log_lines(emulator: Emulator, channel) -> list[str]:
    return [m.content for m in emulator.messages(channel) if m.content]


@pytest.mark.xfail(strict=True, reason="QA7 8: /trivia reset, /trivia settings and /daily set/off are audited but "
                                        "post nothing in the moderation log channel, which promises one line per "
                                        "moderation change")
async def test_trivia_and_daily_moderator_changes_are_noted_in_the_moderation_log(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    staff = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w, "config logchannel", channel=staff)
    assert len(log_lines(emulator, staff)) == 1                 # "... set the moderation log channel to #mod-log"
    silent = []

    async def noted(label: str, change: Any) -> None:
        audits = await doinel.db.scalar("SELECT count(*) FROM audit_log")
        before = len(log_lines(emulator, staff))
        await change()
        await asyncio.sleep(0.2)
        assert await doinel.db.scalar("SELECT count(*) FROM audit_log") > audits, f"{label} is not audited"
        if len(log_lines(emulator, staff)) == before:
            silent.append(label)

    async def reset() -> None:
        asked = await act(emulator, w, "trivia reset")
        yes = next(c["custom_id"] for row in asked.original.components for c in row["components"]
                   if c["custom_id"].endswith(":yes"))
        await (await emulator.click(asked.original, yes, w.moderator)).wait_done()

    await noted("/trivia settings", lambda: act(emulator, w, "trivia settings", seconds=30))
    await noted("/trivia reset", reset)
    await noted("/daily set", lambda: act(emulator, w, "daily set", channel=w.general, time="09:00",
                                          timezone="Europe/Paris"))
    await noted("/daily off", lambda: act(emulator, w, "daily off"))
    assert silent == [], f"no line in the moderation log for: {', '.join(silent)}"


async def test_a_fact_hidden_by_a_moderator_is_audited_and_noted_in_the_moderation_log(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    staff = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w, "config logchannel", channel=staff)
    fact_id = await doinel.db.scalar("SELECT min(id) FROM facts")
    hidden = await act(emulator, w, "facts hide", id=fact_id)
    assert hidden.ephemeral and "hidden" in hidden.content.lower()
    await asyncio.sleep(0.2)
    row = await doinel.db.fetchone("SELECT actor_id, action, entity, entity_id FROM audit_log "
                                   "WHERE entity = 'fact' ORDER BY id DESC LIMIT 1")
    assert tuple(row) == (w.moderator.id, "hide", "fact", fact_id)
    lines = log_lines(emulator, staff)
    assert len(lines) == 2 and f"<@{w.moderator.id}>" in lines[1] and f"#{fact_id}" in lines[1], lines
