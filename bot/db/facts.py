"""Facts: the read side shared by every feature (the fact-of-the-day, search and moderation add more)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.db.film_refs import FilmRef
from bot.db.util import load_list, unscope
from bot.db.util import now as util_now
from bot.text import is_number


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
    deleted_by: int | None = None

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
        deleted_by=row["deleted_by"],
    )


async def get(db: Database, fact_id: int) -> Fact | None:
    """Any fact by id, deleted or not; callers decide visibility."""
    row = await db.fetchone("SELECT * FROM facts WHERE id = ?", (fact_id,))
    return None if row is None else row_to_fact(row)


async def get_many(db: Database, fact_ids: list[int]) -> dict[int, Fact]:
    """Facts by id, deleted or not (missing ids are left out)."""
    ids = sorted(set(fact_ids))
    found: dict[int, Fact] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = await db.fetchall(f"SELECT * FROM facts WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        found.update((r["id"], row_to_fact(r)) for r in rows)
    return found


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


# --- Read side for /fact: visibility, random, search, listings, autocomplete ------------------------------

# Facts a member of server :g may see (the same rule as ``get_visible``), for queries aliasing facts as f.
# The unary + keeps SQLite from choosing facts_scope for "guild_id IN (0, :g)": that index gives two
# ranges to merge and sort, where walking the ids in order (the primary key, or facts_film) stops at the
# first match. Queries here ask for "the first eligible id from a point", so that walk is what we want.
VISIBLE = """+f.status = 'approved' AND f.deleted_at IS NULL AND +f.guild_id IN (0, :g)
   AND NOT EXISTS (SELECT 1 FROM fact_hidden h WHERE h.guild_id = :g AND h.fact_id = f.id)"""


async def visible_among(db: Database, guild_id: int, fact_ids: list[int]) -> set[int]:
    """Which of ``fact_ids`` a member of ``guild_id`` may see now (the rule of ``get_visible``)."""
    rows = await _fetchall(db, f"SELECT f.id FROM facts f WHERE f.id IN (SELECT value FROM json_each(:ids)) "
                               f"AND {VISIBLE}", {"ids": json.dumps(sorted(set(fact_ids))), "g": guild_id})
    return {r[0] for r in rows}


RECENT_VIEWS = 50          # /fact random avoids this many of the server's last shown facts
VIEWS_KEPT = 200           # per server; older views are forgotten


async def _fetchall(db: Database, sql: str, params: dict[str, object]) -> list[aiosqlite.Row]:
    """Like ``db.fetchall`` with named parameters."""
    async with db.reads.execute(sql, params) as cur:
        return list(await cur.fetchall())


async def _fetchone(db: Database, sql: str, params: dict[str, object]) -> aiosqlite.Row | None:
    async with db.reads.execute(sql, params) as cur:
        return await cur.fetchone()


@dataclass(frozen=True)
class SearchHit:
    fact: Fact
    snippet: str           # the matching part of the text, hits between HIT_START/HIT_END markers
    score: float           # bm25: lower is better


async def count_visible(db: Database, guild_id: int | None, film_id: int | None = None) -> int:
    film = " AND f.film_id = :film" if film_id is not None else ""
    row = await _fetchone(db, f"SELECT count(*) FROM facts f WHERE {VISIBLE}{film}",
                          {"g": guild_id or 0, "film": film_id})
    return int(row[0]) if row else 0


async def id_range(db: Database) -> tuple[int, int]:
    """The lowest and highest fact ids (0, 0 when there are none): a pivot for random picks."""
    # Two subqueries: SQLite answers a lone min() or max() from the index, not both in one SELECT.
    row = await db.fetchone("SELECT (SELECT min(id) FROM facts), (SELECT max(id) FROM facts)")
    assert row is not None
    return int(row[0] or 0), int(row[1] or 0)


async def random_fact(db: Database, guild_id: int | None, *, film_id: int | None = None,
                      rng: random.Random | None = None, now: int | None = None) -> Fact | None:
    """A random visible fact, avoiding the server's last ``RECENT_VIEWS`` shown; the view is recorded.

    When every eligible fact was shown recently, the one shown longest ago is picked.
    """
    g = guild_id or 0
    low, high = await id_range(db)
    start = (rng or random).randint(low, high) if high else 0
    film = " AND f.film_id = :film" if film_id is not None else ""
    params = {"g": g, "film": film_id, "k": RECENT_VIEWS, "start": start}
    recent = ("f.id NOT IN (SELECT fact_id FROM fact_views WHERE guild_id = :g "
              "ORDER BY shown_at DESC, rowid DESC LIMIT :k)")
    row = None
    for bounds in ("f.id >= :start", "f.id < :start"):
        row = await _fetchone(
            db, f"SELECT f.* FROM facts f WHERE {bounds} AND {VISIBLE}{film} AND {recent} ORDER BY f.id LIMIT 1",
            params)
        if row is not None:
            break
    if row is None:  # all seen lately: the least recently seen one
        row = await _fetchone(
            db, f"SELECT f.* FROM facts f JOIN fact_views v ON v.fact_id = f.id AND v.guild_id = :g "
                f"WHERE {VISIBLE}{film} ORDER BY v.shown_at, v.rowid LIMIT 1", params)
    if row is None:
        return None
    fact = row_to_fact(row)
    await record_view(db, g, fact.id, now=now)
    return fact


async def record_view(db: Database, guild_id: int | None, fact_id: int, *, now: int | None = None) -> None:
    """Remember that ``fact_id`` was shown in the server (most recent last), keeping ``VIEWS_KEPT``."""
    g = guild_id or 0
    async with db.transaction() as conn:
        # REPLACE gives the row a new rowid: rowid order is recency order, even within one second.
        await conn.execute("INSERT OR REPLACE INTO fact_views (guild_id, fact_id, shown_at) VALUES (?, ?, ?)",
                           (g, fact_id, now if now is not None else util_now()))
        await conn.execute(
            "DELETE FROM fact_views WHERE guild_id = ?1 AND rowid NOT IN (SELECT rowid FROM fact_views "
            "WHERE guild_id = ?1 ORDER BY shown_at DESC, rowid DESC LIMIT ?2)", (g, VIEWS_KEPT))


async def list_by_film(db: Database, guild_id: int | None, film_id: int, *, limit: int = 50,
                       offset: int = 0) -> list[Fact]:
    rows = await _fetchall(
        db, f"SELECT f.* FROM facts f WHERE f.film_id = :film AND {VISIBLE} ORDER BY f.id LIMIT :limit OFFSET :offset",
        {"g": guild_id or 0, "film": film_id, "limit": limit, "offset": offset})
    return [row_to_fact(r) for r in rows]


def _id_prefix_ranges(prefix: str, highest: int) -> list[tuple[int, int]]:
    """Id ranges whose decimal form starts with ``prefix`` ('12' -> 12, 120-129, 1200-1299, ...)."""
    base = int(prefix)
    ranges, width = [], 1
    while base <= highest and len(ranges) < 8:
        ranges.append((base, base + width - 1))
        base, width = base * 10, width * 10
    return ranges


async def with_id_prefix(db: Database, guild_id: int | None, digits: str, limit: int = 25) -> list[Fact]:
    """Visible facts whose id starts with ``digits`` ('12' -> #12, #120-#129, ...), lowest first."""
    if not is_number(digits) or len(digits) > 18:
        return []
    _, highest = await id_range(db)
    found: list[Fact] = []
    for low, high in _id_prefix_ranges(digits, highest):
        rows = await _fetchall(
            db, f"SELECT f.* FROM facts f WHERE f.id BETWEEN :low AND :high AND {VISIBLE} ORDER BY f.id LIMIT :n",
            {"g": guild_id or 0, "low": low, "high": high, "n": limit - len(found)})
        found += [row_to_fact(r) for r in rows]
        if len(found) >= limit:
            break
    return found


async def matching(db: Database, guild_id: int | None, match: str | None, limit: int = 25) -> list[Fact]:
    """Visible facts matching an FTS5 expression, unranked (fast, for pickers); the newest if ``match`` is None."""
    if match is None:
        rows = await _fetchall(db, f"SELECT f.* FROM facts f WHERE {VISIBLE} ORDER BY f.id DESC LIMIT :n",
                               {"g": guild_id or 0, "n": limit})
    else:
        rows = await _fetchall(
            db, f"SELECT f.* FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid "
                f"WHERE facts_fts MATCH :q AND {VISIBLE} LIMIT :n", {"g": guild_id or 0, "q": match, "n": limit})
    return [row_to_fact(r) for r in rows]


async def films_with_facts(db: Database, guild_id: int | None, limit: int = 25) -> list[FilmRef]:
    """Films with a fact members of ``guild_id`` may see, A to Z: the pickers of the fact commands offer
    them first. Titles are walked in order until ``limit`` films have a fact (one facts_film lookup
    each), so a big catalogue with facts about a few films is read through once."""
    rows = await _fetchall(
        db, "SELECT fm.id, fm.title, fm.year, fm.pack_key FROM film_names n JOIN films fm ON fm.id = n.film_id "
            f"WHERE n.kind = 'title' AND EXISTS (SELECT 1 FROM facts f WHERE f.film_id = fm.id AND {VISIBLE}) "
            "ORDER BY n.norm, fm.year LIMIT :n", {"g": guild_id or 0, "n": limit})
    return [FilmRef(r[0], r[1], r[2], r[3]) for r in rows]
