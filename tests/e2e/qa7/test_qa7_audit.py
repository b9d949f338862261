"""QA7: a moderator change leaves a trace — the audit log and the moderation log channel.

(That /daily and /trivia changes never reach the log channel is QA8 9, tests/e2e/qa8/test_qa8_audit_trail.py.)
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator


async def act(emulator: Emulator, w: DiscordWorld, command: str, **options: Any) -> Any:
    record = await emulator.slash(w.general, w.moderator, command, **options)
    await record.wait_done()
    return record


def log_lines(emulator: Emulator, channel) -> list[str]:
    return [m.content for m in emulator.messages(channel) if m.content]


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


async def test_daily_changes_and_a_trivia_reset_are_audited_with_who_before_and_after(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    import json

    from tests.e2e.test_trivia import correct_id, fast, question, start, summary

    w = discord_world
    fast(doinel, 0.1)
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q = await question(emulator, w.general, 1, 1)
    await (await emulator.click(q, correct_id(q), w.bob)).wait_done()
    await summary(emulator, w.general)
    await act(emulator, w, "daily set", channel=w.general, time="09:00", timezone="Europe/Paris")
    await act(emulator, w, "daily set", channel=w.general, time="9pm", timezone="America/New_York")
    await act(emulator, w, "daily off")
    asked = await act(emulator, w, "trivia reset", member=w.bob)
    yes = next(c["custom_id"] for row in asked.original.components for c in row["components"]
               if c["custom_id"].endswith(":yes"))
    await (await emulator.click(asked.original, yes, w.moderator)).wait_done()
    await asyncio.sleep(0.1)
    rows = await doinel.db.fetchall("SELECT actor_id, action, entity, entity_id, before_json, after_json "
                                    "FROM audit_log WHERE guild_id = ? ORDER BY id", (w.guild.id,))
    entries = [(r["actor_id"], r["action"], r["entity"], r["entity_id"],
                json.loads(r["before_json"]) if r["before_json"] else None,
                json.loads(r["after_json"]) if r["after_json"] else None) for r in rows]
    assert [e[:4] for e in entries] == [
        (w.moderator.id, "create", "daily_schedule", w.guild.id),
        (w.moderator.id, "update", "daily_schedule", w.guild.id),
        (w.moderator.id, "disable", "daily_schedule", w.guild.id),
        (w.moderator.id, "reset", "trivia_scores", w.bob.id),
    ]
    created, updated, disabled, reset = (e[4:] for e in entries)
    assert created[0] is None and (created[1]["local_time"], created[1]["timezone"]) == ("09:00", "Europe/Paris")
    assert (updated[0]["local_time"], updated[0]["timezone"]) == ("09:00", "Europe/Paris")
    assert (updated[1]["local_time"], updated[1]["timezone"]) == ("21:00", "America/New_York")
    assert disabled == ({"enabled": True}, {"enabled": False})
    assert reset == ({"answers": 1}, {"answers": 0})
