"""Content counts for /about and `python -m bot check`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.connection import Database


@dataclass(frozen=True)
class ContentCounts:
    films: int
    people: int
    facts: int
    questions: int


async def content_counts(db: Database, guild_id: int | None = None) -> ContentCounts:
    """Films and people; approved, live facts and questions that are global or belong to ``guild_id``."""
    row = await db.fetchone(
        """
        SELECT (SELECT count(*) FROM films),
               (SELECT count(*) FROM people),
               (SELECT count(*) FROM facts
                 WHERE guild_id IN (0, ?1) AND status = 'approved' AND deleted_at IS NULL),
               (SELECT count(*) FROM questions
                 WHERE guild_id IN (0, ?1) AND status = 'approved' AND deleted_at IS NULL)
        """,
        (guild_id or 0,),
    )
    assert row is not None
    return ContentCounts(*row)
