"""The health of each server's moderation log channel (what /config show reports)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.connection import Database
from bot.db.util import now


@dataclass(frozen=True)
class LogStatus:
    error: str | None
    error_at: int | None


async def get_status(db: Database, guild_id: int) -> LogStatus:
    row = await db.fetchone("SELECT log_error, log_error_at FROM guild_settings WHERE guild_id = ?", (guild_id,))
    return LogStatus(None, None) if row is None else LogStatus(row["log_error"], row["log_error_at"])


async def set_status(db: Database, guild_id: int, error: str | None) -> None:
    """Record the outcome of the latest post in the log channel (``None``: it worked)."""
    stamp = now()
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO guild_settings (guild_id, log_error, log_error_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(guild_id) DO UPDATE SET log_error = excluded.log_error, log_error_at = excluded.log_error_at",
            (guild_id, error, stamp if error else None, stamp),
        )
