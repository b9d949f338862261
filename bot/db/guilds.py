"""Per-server settings (moderator role, log channel, trivia defaults)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from bot.db import audit
from bot.db.connection import Database
from bot.db.util import now


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    mod_role_id: int | None = None
    log_channel_id: int | None = None
    trivia_seconds: int | None = None
    trivia_questions: int | None = None
    trivia_mode: str | None = None
    trivia_spoilers: bool = False
    trivia_idle_limit: int | None = None


_COLUMNS = tuple(f.name for f in fields(GuildSettings) if f.name != "guild_id")


async def get(db: Database, guild_id: int) -> GuildSettings:
    """The server's settings; defaults when it never set any."""
    row = await db.fetchone(f"SELECT {', '.join(_COLUMNS)} FROM guild_settings WHERE guild_id = ?", (guild_id,))
    if row is None:
        return GuildSettings(guild_id)
    values = dict(zip(_COLUMNS, row, strict=True))
    values["trivia_spoilers"] = bool(values["trivia_spoilers"])
    return GuildSettings(guild_id, **values)


async def update(db: Database, guild_id: int, actor_id: int | None, **changes: Any) -> GuildSettings:
    """Change some settings (audited) and return the new ones."""
    unknown = set(changes) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"unknown guild settings: {sorted(unknown)}")
    stored = {k: (int(v) if isinstance(v, bool) else v) for k, v in changes.items()}
    cols = ", ".join(stored)
    async with db.transaction() as conn:
        before = await get(db, guild_id)  # read under the write lock: the audit's "before" is what was changed
        await conn.execute(
            f"INSERT INTO guild_settings (guild_id, {cols}, updated_by, updated_at) "
            f"VALUES (?, {', '.join('?' * len(stored))}, ?, ?) "
            f"ON CONFLICT(guild_id) DO UPDATE SET {', '.join(f'{k} = excluded.{k}' for k in stored)}, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (guild_id, *stored.values(), actor_id, now()),
        )
        await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="update", entity="settings",
                           entity_id=guild_id, before={k: getattr(before, k) for k in changes}, after=changes)
    return await get(db, guild_id)
