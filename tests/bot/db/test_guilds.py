"""Per-server settings: defaults, changes and their audit trail."""

from __future__ import annotations

import asyncio

from bot.db import audit, guilds
from bot.db.connection import Database

GUILD = 1000


async def test_settings_default_until_changed_and_every_change_is_audited(db: Database) -> None:
    assert await guilds.get(db, GUILD) == guilds.GuildSettings(GUILD)
    changed = await guilds.update(db, GUILD, 7, trivia_seconds=30, trivia_spoilers=True)
    assert (changed.trivia_seconds, changed.trivia_spoilers, changed.trivia_questions) == (30, True, None)
    (entry,) = await audit.history(db, "settings", GUILD)
    assert (entry.actor_id, entry.before, entry.after) == (7, {"trivia_seconds": None, "trivia_spoilers": False},
                                                          {"trivia_seconds": 30, "trivia_spoilers": True})


async def test_changes_at_the_same_moment_each_audit_what_they_really_replaced(db: Database) -> None:
    await asyncio.gather(*(guilds.update(db, GUILD, n, trivia_seconds=10 * n) for n in (1, 2, 3)))
    entries = list(reversed(await audit.history(db, "settings", GUILD)))   # oldest first
    chain = [(e.before["trivia_seconds"], e.after["trivia_seconds"]) for e in entries]
    assert chain[0][0] is None and all(chain[i][1] == chain[i + 1][0] for i in range(len(chain) - 1)), chain
    assert (await guilds.get(db, GUILD)).trivia_seconds == chain[-1][1]
