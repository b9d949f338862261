"""The fact of the day: schedules, the day's chosen fact, and the post ledger (claim -> complete).

A post is claimed before it is sent: one ``daily_posts`` row per server and local day, inserted in
the same transaction that chooses the fact and advances ``next_post_at``. The primary key refuses a
second claim for the day. After sending, the row is completed with the message id; a failure is
recorded on it. A row left 'claimed' (a crash between claim and complete) is found by
``stale_claims`` and checked against the channel before anything is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiosqlite

from bot.db import audit
from bot.db.connection import Database
from bot.db.day_facts import plan_in

PostState = Literal["claimed", "posted", "failed"]
MAX_MISSED_ROWS = 31


@dataclass(frozen=True)
class Schedule:
    guild_id: int
    channel_id: int
    thread_id: int | None
    local_time: str                # 'HH:MM'
    timezone: str                  # IANA name
    film_id: int | None
    ping_role_id: int | None
    enabled: bool
    next_post_at: int | None
    last_error: str | None
    last_error_at: int | None
    updated_by: int | None
    updated_at: int

    @property
    def target_id(self) -> int:
        """Where posts go: the thread if one is set, else the channel."""
        return self.thread_id or self.channel_id

    @property
    def day_film_id(self) -> int | None:
        """The film the day's fact is about: the film filter while daily posts are on, any film while they are
        off. ``/fact today``, ``/daily preview``, ``/daily status`` and the post all go by it, so a day's fact
        stays the same for everyone."""
        return self.film_id if self.enabled else None


@dataclass(frozen=True)
class PostRecord:
    guild_id: int
    local_date: str
    fact_id: int | None
    cycle: int
    state: PostState
    channel_id: int | None
    message_id: int | None
    attempts: int
    error: str | None
    claimed_at: int
    posted_at: int | None
    after_message_id: int | None = None   # the post, if sent, is after this message (see ``claim``)


@dataclass(frozen=True)
class Claim:
    """A claimed post: send it, then ``complete`` or ``fail`` it."""

    guild_id: int
    local_date: str
    fact_id: int
    cycle: int
    target_id: int
    claimed_at: int
    after_message_id: int | None = None


@dataclass(frozen=True)
class Refused:
    reason: Literal["posted", "claimed", "empty"]
    record: PostRecord | None = None


@dataclass(frozen=True)
class HistoryEntry:
    local_date: str
    fact_id: int | None
    state: PostState | None          # None: chosen (e.g. by /fact today) but no post for that day
    channel_id: int | None
    message_id: int | None
    posted_at: int | None


def _schedule(row: aiosqlite.Row) -> Schedule:
    return Schedule(
        row["guild_id"], row["channel_id"], row["thread_id"], row["local_time"], row["timezone"], row["film_id"],
        row["ping_role_id"], bool(row["enabled"]), row["next_post_at"], row["last_error"], row["last_error_at"],
        row["updated_by"], row["updated_at"],
    )


def _record(row: aiosqlite.Row) -> PostRecord:
    return PostRecord(
        row["guild_id"], row["local_date"], row["fact_id"], row["cycle"], row["state"], row["channel_id"],
        row["message_id"], row["attempts"], row["error"], row["claimed_at"], row["posted_at"],
        row["after_message_id"],
    )


# --- Schedules --------------------------------------------------------------------------------------------

async def get_schedule(db: Database, guild_id: int) -> Schedule | None:
    row = await db.fetchone("SELECT * FROM daily_schedules WHERE guild_id = ?", (guild_id,))
    return None if row is None else _schedule(row)


async def save_schedule(db: Database, *, guild_id: int, channel_id: int, thread_id: int | None, local_time: str,
                        timezone: str, film_id: int | None, ping_role_id: int | None, next_post_at: int,
                        actor_id: int | None, now: int) -> Schedule:
    """Create or replace the server's schedule (enabled, errors cleared); audited."""
    before = await get_schedule(db, guild_id)
    async with db.transaction() as conn:
        await conn.execute(
            """
            INSERT INTO daily_schedules (guild_id, channel_id, thread_id, local_time, timezone, film_id,
                                         ping_role_id, enabled, next_post_at, last_error, last_error_at,
                                         updated_by, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, NULL, NULL, ?, ?)
            ON CONFLICT(guild_id) DO UPDATE SET
                channel_id = excluded.channel_id, thread_id = excluded.thread_id,
                local_time = excluded.local_time, timezone = excluded.timezone, film_id = excluded.film_id,
                ping_role_id = excluded.ping_role_id, enabled = 1, next_post_at = excluded.next_post_at,
                last_error = NULL, last_error_at = NULL, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at
            """,
            (guild_id, channel_id, thread_id, local_time, timezone, film_id, ping_role_id, next_post_at,
             actor_id, now),
        )
        after = {"channel_id": channel_id, "thread_id": thread_id, "local_time": local_time, "timezone": timezone,
                 "film_id": film_id, "ping_role_id": ping_role_id, "enabled": True}
        await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="update" if before else "create",
                           entity="daily_schedule", entity_id=guild_id,
                           before=None if before is None else {k: getattr(before, k) for k in after}, after=after)
    schedule = await get_schedule(db, guild_id)
    assert schedule is not None
    return schedule


async def disable(db: Database, guild_id: int, *, actor_id: int | None, now: int) -> Schedule | None:
    """Turn the server's daily posts off (the settings are kept for the next /daily set); audited."""
    before = await get_schedule(db, guild_id)
    if before is None or not before.enabled:
        return before
    async with db.transaction() as conn:
        await conn.execute("UPDATE daily_schedules SET enabled = 0, updated_by = ?, updated_at = ? WHERE guild_id = ?",
                           (actor_id, now, guild_id))
        await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="disable", entity="daily_schedule",
                           entity_id=guild_id, before={"enabled": True}, after={"enabled": False})
    return await get_schedule(db, guild_id)


async def due(db: Database, now: int, limit: int = 200) -> list[Schedule]:
    """Enabled schedules whose next post time has come, earliest first (the partial index on next_post_at)."""
    rows = await db.fetchall(
        "SELECT * FROM daily_schedules WHERE enabled = 1 AND next_post_at <= ? ORDER BY next_post_at LIMIT ?",
        (now, limit),
    )
    return [_schedule(r) for r in rows]


async def earliest_due(db: Database) -> int | None:
    """When the next post anywhere is due (one index lookup)."""
    return await db.scalar(
        "SELECT next_post_at FROM daily_schedules WHERE enabled = 1 AND next_post_at IS NOT NULL "
        "ORDER BY next_post_at LIMIT 1"
    )


async def set_next(db: Database, guild_id: int, next_post_at: int, *, error: str | None = None,
                   now: int | None = None) -> None:
    """Move the schedule to its next post; with ``error``, also record why this one did not happen."""
    async with db.transaction() as conn:
        if error is None:
            await conn.execute("UPDATE daily_schedules SET next_post_at = ? WHERE guild_id = ?",
                               (next_post_at, guild_id))
        else:
            await conn.execute(
                "UPDATE daily_schedules SET next_post_at = ?, last_error = ?, last_error_at = ? WHERE guild_id = ?",
                (next_post_at, error, now, guild_id))


async def set_error(db: Database, guild_id: int, error: str, now: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE daily_schedules SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
                           (error, now, guild_id))



# --- The ledger: claim -> complete | fail ------------------------------------------------------------------

async def get_post(db: Database, guild_id: int, local_date: str) -> PostRecord | None:
    row = await db.fetchone("SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?", (guild_id, local_date))
    return None if row is None else _record(row)


async def last_post(db: Database, guild_id: int) -> PostRecord | None:
    """The server's most recent successful post."""
    row = await db.fetchone("SELECT * FROM daily_posts WHERE guild_id = ? AND state = 'posted' "
                            "ORDER BY local_date DESC LIMIT 1", (guild_id,))
    return None if row is None else _record(row)


async def last_taken_day(db: Database, guild_id: int) -> str | None:
    """The latest local date whose post went out or is going out (ISO), if any."""
    return await db.scalar("SELECT max(local_date) FROM daily_posts WHERE guild_id = ? AND state IN "
                           "('posted', 'claimed')", (guild_id,))


async def recent_failures(db: Database, guild_id: int, *, since: str, limit: int = 5) -> list[PostRecord]:
    """Days since ``since`` whose post did not go out (missed, or failed for good), newest first."""
    rows = await db.fetchall("SELECT * FROM daily_posts WHERE guild_id = ? AND local_date >= ? AND state = 'failed' "
                             "ORDER BY local_date DESC LIMIT ?", (guild_id, since, limit))
    return [_record(r) for r in rows]


async def claim(db: Database, guild_id: int, local_date: str, *, target_id: int, film_id: int | None,
                next_post_at: int | None, now: int, after_message_id: int | None = None) -> Claim | Refused:
    """Claim the post of (server, local day) and choose its fact, in one transaction.

    Refused when the day, or a later one, is already posted or claimed (the primary key makes a
    second claim impossible; a later day: after a move to a zone further west, the new zone's
    today can be the day before the one just posted), or when no fact is eligible. A failed day can
    be claimed again. ``next_post_at``, when given, moves the schedule to its next post in the same
    transaction, whatever the outcome.
    The claim counts the first send attempt; ``start_attempt`` counts the others. ``after_message_id``:
    the newest message known in the channel before the post is sent, where to look for it after a restart.
    """
    async with db.transaction() as conn:
        if next_post_at is not None:
            await conn.execute("UPDATE daily_schedules SET next_post_at = ? WHERE guild_id = ?",
                               (next_post_at, guild_id))
        async with conn.execute("SELECT * FROM daily_posts WHERE guild_id = ? AND local_date >= ? "
                                "AND state IN ('posted', 'claimed') ORDER BY local_date DESC LIMIT 1",
                                (guild_id, local_date)) as cur:
            taken = await cur.fetchone()
        if taken is not None:
            return Refused(taken["state"], _record(taken))
        async with conn.execute("SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?",
                                (guild_id, local_date)) as cur:
            row = await cur.fetchone()
        existing = None if row is None else _record(row)   # a failed day
        day = await plan_in(conn, guild_id, local_date, film_id, now)
        if day is None:
            return Refused("empty", existing)
        if existing is None:
            await conn.execute(
                "INSERT INTO daily_posts (guild_id, local_date, fact_id, cycle, state, channel_id, attempts, "
                "claimed_at, after_message_id) VALUES (?, ?, ?, ?, 'claimed', ?, 1, ?, ?)",
                (guild_id, local_date, day.fact_id, day.cycle, target_id, now, after_message_id))
        else:  # a failed day, tried again
            await conn.execute(
                "UPDATE daily_posts SET state = 'claimed', fact_id = ?, cycle = ?, channel_id = ?, message_id = NULL, "
                "attempts = attempts + 1, claimed_at = ?, posted_at = NULL, after_message_id = ? "
                "WHERE guild_id = ? AND local_date = ? AND state = 'failed'",
                (day.fact_id, day.cycle, target_id, now, after_message_id, guild_id, local_date))
    return Claim(guild_id, local_date, day.fact_id, day.cycle, target_id, now, after_message_id)


async def start_attempt(db: Database, guild_id: int, local_date: str, target_id: int) -> int:
    """Count another send attempt (before sending, so a crash mid-send still counts); returns the count."""
    async with db.transaction() as conn:
        return int(await _one(conn, "UPDATE daily_posts SET attempts = attempts + 1, channel_id = ? "
                                    "WHERE guild_id = ? AND local_date = ? AND state = 'claimed' RETURNING attempts",
                              (target_id, guild_id, local_date)) or 0)


async def note_error(db: Database, guild_id: int, local_date: str, error: str, now: int) -> None:
    """A try failed but the post is still being retried: keep the reason on the post and the schedule."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE daily_posts SET error = ? WHERE guild_id = ? AND local_date = ?",
                           (error, guild_id, local_date))
        await conn.execute("UPDATE daily_schedules SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
                           (error, now, guild_id))


async def complete(db: Database, guild_id: int, local_date: str, *, channel_id: int, message_id: int,
                   now: int) -> bool:
    """Mark a claimed (or failed, when the post turned out to exist) day as posted; clears the schedule's error."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE daily_posts SET state = 'posted', channel_id = ?, message_id = ?, posted_at = ?, error = NULL "
            "WHERE guild_id = ? AND local_date = ? AND state IN ('claimed', 'failed')",
            (channel_id, message_id, now, guild_id, local_date))
        if cur.rowcount:
            await conn.execute("UPDATE daily_schedules SET last_error = NULL, last_error_at = NULL WHERE guild_id = ?",
                               (guild_id,))
        return bool(cur.rowcount)


async def fail(db: Database, guild_id: int, local_date: str, error: str, now: int) -> None:
    """Give up on a claimed day: the post did not go out. Recorded on the post and shown by /daily status.

    Once the day is over its fact is no longer counted as shown: it comes back before any fact repeats
    (``bot.db.day_facts``)."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE daily_posts SET state = 'failed', error = ? "
                           "WHERE guild_id = ? AND local_date = ? AND state = 'claimed'",
                           (error, guild_id, local_date))
        await conn.execute("UPDATE daily_schedules SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
                           (error, now, guild_id))


async def record_missed(db: Database, guild_id: int, days: list[str], error: str, now: int) -> None:
    """Days not posted: their post time passed while the bot was away (never posted late), or there was
    nothing to post; failed rows, with why (a day already recorded keeps its row). A fact chosen for such a day
    (by ``/fact today`` that morning) is not counted as shown once the day is over (``bot.db.day_facts``)."""
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT OR IGNORE INTO daily_posts (guild_id, local_date, state, attempts, error, claimed_at) "
            "VALUES (?, ?, 'failed', 0, ?, ?)",
            [(guild_id, day, error, now) for day in days[-MAX_MISSED_ROWS:]])
        await conn.execute("UPDATE daily_schedules SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
                           (error, now, guild_id))


async def stale_claims(db: Database, claimed_before: int, limit: int = 500) -> list[PostRecord]:
    """Claims older than ``claimed_before`` still not completed (a crash, or a send that never returned)."""
    rows = await db.fetchall("SELECT * FROM daily_posts WHERE state = 'claimed' AND claimed_at < ? "
                             "ORDER BY claimed_at LIMIT ?", (claimed_before, limit))
    return [_record(r) for r in rows]


# A server's (?1) facts of the day: past days, and today (?2) once posted; never the future. Nor after ?3: the
# newest day when a member opened the list, so the pages read as they are turned stay as they were counted.
_HISTORY = """
      FROM fact_of_day d LEFT JOIN daily_posts p ON p.guild_id = d.guild_id AND p.local_date = d.local_date
     WHERE d.guild_id = ?1 AND d.fact_id IS NOT NULL AND d.local_date <= ?3
       AND (d.local_date < ?2 OR (d.local_date = ?2 AND p.state = 'posted'))
"""


async def history(db: Database, guild_id: int, *, today: str, through: str | None = None, limit: int = 100,
                  offset: int = 0) -> list[HistoryEntry]:
    """The server's facts of the day, newest first: past days, and today once posted (not after ``through``)."""
    rows = await db.fetchall(
        f"SELECT d.local_date, d.fact_id, p.state, p.channel_id, p.message_id, p.posted_at {_HISTORY} "
        "ORDER BY d.local_date DESC LIMIT ?4 OFFSET ?5",
        (guild_id, today, through or today, limit, offset),
    )
    return [HistoryEntry(*r) for r in rows]


async def history_size(db: Database, guild_id: int, *, today: str) -> tuple[int, str | None]:
    """How many days ``history`` lists, and the newest of them (None when there are none): one query."""
    row = await db.fetchone(f"SELECT count(*), max(d.local_date) {_HISTORY}", (guild_id, today, today))
    return (int(row[0]), row[1]) if row is not None else (0, None)


async def _one(conn: aiosqlite.Connection, sql: str, params: tuple) -> object:
    async with conn.execute(sql, params) as cur:
        row = await cur.fetchone()
    return None if row is None else row[0]
