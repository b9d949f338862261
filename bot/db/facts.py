"""Facts: the read side shared by every feature (the fact-of-the-day, search and moderation add more)."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.db.util import load_list, unscope


@dataclass(frozen=True)
class Fact:
    id: int
    guild_id: int | None          # None: a global fact from a pack
    pack_key: str | None
    film_id: int | None
    text: str
    source: str
    tags: tuple[str, ...]
    verified: bool
    status: str
    created_by: int | None
    created_at: int
    updated_by: int | None
    updated_at: int
    deleted_at: int | None

    @property
    def is_global(self) -> bool:
        return self.guild_id is None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


def row_to_fact(row: aiosqlite.Row) -> Fact:
    return Fact(
        id=row["id"], guild_id=unscope(row["guild_id"]), pack_key=row["pack_key"], film_id=row["film_id"],
        text=row["text"], source=row["source"], tags=load_list(row["tags"]), verified=bool(row["verified"]),
        status=row["status"], created_by=row["created_by"], created_at=row["created_at"],
        updated_by=row["updated_by"], updated_at=row["updated_at"], deleted_at=row["deleted_at"],
    )


async def get(db: Database, fact_id: int) -> Fact | None:
    """Any fact by id, deleted or not; callers decide visibility."""
    row = await db.fetchone("SELECT * FROM facts WHERE id = ?", (fact_id,))
    return None if row is None else row_to_fact(row)


async def get_visible(db: Database, fact_id: int, guild_id: int | None) -> Fact | None:
    """A fact a member of ``guild_id`` may see: approved, not deleted, global-and-not-hidden or theirs."""
    row = await db.fetchone(
        """
        SELECT f.* FROM facts f
         WHERE f.id = ?1 AND f.status = 'approved' AND f.deleted_at IS NULL
           AND (f.guild_id = ?2 OR (f.guild_id = 0 AND NOT EXISTS (
                SELECT 1 FROM fact_hidden h WHERE h.guild_id = ?2 AND h.fact_id = f.id)))
        """,
        (fact_id, guild_id or 0),
    )
    return None if row is None else row_to_fact(row)
