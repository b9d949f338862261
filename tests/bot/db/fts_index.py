"""How an FTS5 index is stored, for tests of what keeps it fast."""

from __future__ import annotations

from bot.db import Database


async def segments(db: Database, fts: str) -> int:
    """Segments of an FTS5 index: its pages are keyed by the segment's id shifted 37 bits (FTS5_SEGMENT_ROWID)."""
    return int(await db.scalar(f"SELECT count(DISTINCT id >> 37) FROM {fts}_data WHERE id >> 37 > 0"))
