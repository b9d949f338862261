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
