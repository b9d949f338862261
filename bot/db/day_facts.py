"""The fact of the day of each server and local day, chosen once and kept; rotation over the pool.

The pool is the server's verified facts (all of them, or one film's); facts from a source nobody
could double-check are chosen only when the server has no verified fact to offer.

``fact_of_day`` holds the choice whether or not it was posted: ``/fact today``, ``/daily preview``
and the post itself all read the same row, so the day's fact is the same for everyone and survives
restarts. Rotation reads these rows: a fact is shown once per round, and its nth post is filed in
cycle n (``bot.facts.rotation``).

A row counts as shown (``_SHOWN``) unless its day is over and that day's daily post is recorded as not
having gone out (a ``daily_posts`` row left 'failed': refused, missed while the bot was away,
interrupted and never posted late). Such a fact was never in the channel: it comes back in its round
before any fact repeats. The ledger says so, and nothing else: a day with no post at all (a server
without daily posts, or with them off, where ``/fact today`` alone picks the day's fact) counts, as
before; and the day being planned, or a later one, counts even if its post failed, so nothing else
takes its fact while ``/fact today`` still shows it. A failed day found posted later (``complete``)
counts again by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import aiosqlite

from bot.db.connection import Database
from bot.db.facts import VISIBLE
from bot.facts.rotation import choose, day_seed, pivot


@dataclass(frozen=True)
class DayFact:
    guild_id: int
    local_date: str
    fact_id: int
    cycle: int


def _shown(alias: str) -> str:
    """Condition on a ``fact_of_day`` row ``alias``: its fact counts as shown on the server's ``:day``
    (see the module docstring). Only rows of a used fact get here, and each costs one primary-key lookup."""
    return (f"({alias}.local_date >= :day OR NOT EXISTS (SELECT 1 FROM daily_posts p WHERE p.guild_id = "
            f"{alias}.guild_id AND p.local_date = {alias}.local_date AND p.state = 'failed'))")


class _SqlPool:
    """``rotation.Pool`` over the facts a server may see, minus those shown in a cycle or in ``current_round``
    (as of the server's local ``day``, the day being planned).

    ``verified_only`` leaves out facts from a source nobody could double-check.
    """

    def __init__(self, conn: aiosqlite.Connection, guild_id: int, film_id: int | None, *, day: str,
                 current_round: int, verified_only: bool = False) -> None:
        self.conn, self.guild_id, self.film_id, self.verified_only = conn, guild_id, film_id, verified_only
        self.day, self.round = day, current_round

    async def first_unused(self, cycle: int, start: int, stop: int | None, avoid: int | None,
                           new_round: bool = False) -> int | None:
        conditions = ["f.id >= :start", _seen(self.film_id),
                      "NOT EXISTS (SELECT 1 FROM fact_of_day d WHERE d.guild_id = :g AND d.cycle = :cycle "
                      f"AND d.fact_id = f.id AND {_shown('d')})"]
        if not new_round:
            conditions.append("NOT EXISTS (SELECT 1 FROM fact_of_day r WHERE r.guild_id = :g AND r.round = :round "
                              f"AND r.fact_id = f.id AND {_shown('r')})")
        if stop is not None:
            conditions.append("f.id < :stop")
        if avoid is not None:
            conditions.append("f.id != :avoid")
        if self.verified_only:
            conditions.append("f.verified = 1")
        params = {"g": self.guild_id, "cycle": cycle, "round": self.round, "start": start, "stop": stop,
                  "avoid": avoid, "film": self.film_id, "day": self.day}
        async with self.conn.execute(
            f"SELECT f.id FROM facts f WHERE {' AND '.join(conditions)} ORDER BY f.id LIMIT 1", params
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else int(row[0])


async def _row(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> Any:
    async with conn.execute(sql, params) as cur:
        return await cur.fetchone()


async def _scalar(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> Any:
    row = await _row(conn, sql, params)
    return None if row is None else row[0]


def _seen(film_id: int | None) -> str:
    """Conditions on ``f``: a fact the server (``:g``) may see, about ``:film`` when a film is given."""
    return VISIBLE + (" AND f.film_id = :film" if film_id is not None else "")


def _any_verified(film_id: int | None) -> str:
    return f"EXISTS (SELECT 1 FROM facts f WHERE {_seen(film_id)} AND f.verified = 1)"


async def _visible(conn: aiosqlite.Connection, guild_id: int, fact_id: int, film_id: int | None) -> bool:
    """The server may see the fact (and it is about ``film_id``, when given)."""
    return bool(await _scalar(conn, f"SELECT 1 FROM facts f WHERE f.id = :id AND {_seen(film_id)}",
                              {"id": fact_id, "g": guild_id, "film": film_id}))


async def plan_in(conn: aiosqlite.Connection, guild_id: int, local_date: str, film_id: int | None,
                  now: int) -> DayFact | None:
    """The day's fact: the one already chosen if it is still visible (and fits the film filter), else a new one."""
    async with conn.execute("SELECT fact_id, cycle FROM fact_of_day WHERE guild_id = ? AND local_date = ?",
                            (guild_id, local_date)) as cur:
        row = await cur.fetchone()
    if row is not None and row["fact_id"] is not None and await _visible(conn, guild_id, row["fact_id"], film_id):
        return DayFact(guild_id, local_date, row["fact_id"], row["cycle"])
    # One round trip; min and max in subqueries of their own, each answered from an index (the highest
    # cycle, round and latest day shown: the first such row walking down the index, usually the first).
    # Verified facts only, while the server has any: an unverified fact is the day's fact only when
    # nothing else is eligible (and then it carries its warning, as everywhere).
    cycle, round_, last, low, high, any_verified = await _row(
        conn,
        f"SELECT (SELECT d.cycle FROM fact_of_day d WHERE d.guild_id = :g AND {_shown('d')} "
        "ORDER BY d.cycle DESC LIMIT 1), "
        f"(SELECT d.round FROM fact_of_day d WHERE d.guild_id = :g AND {_shown('d')} "
        "ORDER BY d.round DESC LIMIT 1), "
        f"(SELECT d.fact_id FROM fact_of_day d WHERE d.guild_id = :g AND d.local_date != :day AND {_shown('d')} "
        "ORDER BY d.local_date DESC LIMIT 1), "
        f"(SELECT min(id) FROM facts), (SELECT max(id) FROM facts), {_any_verified(film_id)}",
        {"g": guild_id, "day": local_date, "film": film_id})
    round_ = int(round_ or 1)
    start = pivot(day_seed(guild_id, date.fromisoformat(local_date)), int(low or 0), int(high or 0))
    if row is not None:  # the planned fact went away: free its place in the cycle before choosing again
        await conn.execute("DELETE FROM fact_of_day WHERE guild_id = ? AND local_date = ?", (guild_id, local_date))
    pool = _SqlPool(conn, guild_id, film_id, day=local_date, current_round=round_, verified_only=bool(any_verified))
    pick = await choose(pool, cycle=int(cycle or 1), start=start, last_fact_id=last)
    if pick is None:
        return None
    await conn.execute("INSERT INTO fact_of_day (guild_id, local_date, fact_id, cycle, round, chosen_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (guild_id, local_date, pick.fact_id, pick.cycle, round_ + pick.new_round, now))
    return DayFact(guild_id, local_date, pick.fact_id, pick.cycle)


async def still_postable(db: Database, guild_id: int, fact_id: int) -> bool:
    """Whether the server may still see the fact (not removed, hidden or unapproved since it was chosen)."""
    return await _visible(db.reads, guild_id, fact_id, None)


async def plan_day(db: Database, guild_id: int, local_date: str, film_id: int | None, now: int) -> DayFact | None:
    """The fact of ``local_date`` for the server, chosen and stored on first use; None if no fact is eligible.

    A posted day keeps its posted fact.
    """
    posted = await db.fetchone("SELECT fact_id, cycle FROM daily_posts WHERE guild_id = ? AND local_date = ? "
                               "AND state = 'posted' AND fact_id IS NOT NULL", (guild_id, local_date))
    if posted is not None:
        return DayFact(guild_id, local_date, posted["fact_id"], posted["cycle"])
    async with db.transaction() as conn:
        return await plan_in(conn, guild_id, local_date, film_id, now)


async def pool_size(db: Database, guild_id: int, film_id: int | None) -> int:
    """How many facts the server's daily post draws from: its verified facts, or all when none is verified."""
    verified, total = await _row(
        db.reads, f"SELECT count(*) FILTER (WHERE f.verified = 1), count(*) FROM facts f WHERE {_seen(film_id)}",
        {"g": guild_id, "film": film_id})
    return verified or total


async def get_day(db: Database, guild_id: int, local_date: str) -> DayFact | None:
    row = await db.fetchone("SELECT fact_id, cycle FROM fact_of_day WHERE guild_id = ? AND local_date = ?",
                            (guild_id, local_date))
    if row is None or row["fact_id"] is None:
        return None
    return DayFact(guild_id, local_date, row["fact_id"], row["cycle"])


async def cycle_progress(db: Database, guild_id: int, film_id: int | None, *, today: str) -> tuple[int, int]:
    """(the server's current round, facts of the pool already shown in it), on the server's local ``today``:
    the facts of past days whose post did not go out are still to come."""
    params = {"g": guild_id, "film": film_id, "day": today}
    round_, any_verified = await _row(
        db.reads, f"SELECT (SELECT d.round FROM fact_of_day d WHERE d.guild_id = :g AND {_shown('d')} "
                  f"ORDER BY d.round DESC LIMIT 1), {_any_verified(film_id)}", params)
    round_ = int(round_ or 1)
    verified = " AND f.verified = 1" if any_verified else ""
    shown = await _scalar(
        db.reads, "SELECT count(DISTINCT d.fact_id) FROM fact_of_day d JOIN facts f ON f.id = d.fact_id "
                 f"WHERE d.guild_id = :g AND d.round = :round AND {_shown('d')} AND {_seen(film_id)}{verified}",
        {**params, "round": round_})
    return round_, int(shown)
