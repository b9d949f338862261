"""Leaderboards, member stats and resets, all computed from the score ledger.

Periods are UTC (``bot.trivia.scoring.period_start``). A reset hides a member's ledger rows (or the whole
server's) up to the last row id at the time of the reset; the rows stay, so nothing is ever deleted.
Wins count the rounds a member won whose rows are still visible in the period.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from bot.db import audit
from bot.db.connection import Database
from bot.db.util import now
from bot.trivia.scoring import accuracy

# The visible ledger rows of guild :g since :since, after resets. Named parameters: :g, :since.
_LIVE = """
    cut AS (SELECT user_id, max(last_score_id) AS last_id FROM trivia_resets WHERE guild_id = :g GROUP BY user_id),
    live AS (
        SELECT s.id, s.user_id, s.round_id, s.correct, s.points, s.answer_ms FROM trivia_scores s
         WHERE s.guild_id = :g AND s.created_at >= :since
           AND s.id > coalesce((SELECT last_id FROM cut WHERE cut.user_id = 0), 0)
           AND s.id > coalesce((SELECT last_id FROM cut WHERE cut.user_id = s.user_id), 0)
    ),
    totals AS (
        SELECT l.user_id, sum(l.points) AS points, sum(l.correct) AS correct, count(*) AS answered,
               count(DISTINCT l.round_id) AS games,
               count(DISTINCT CASE WHEN r.winner_id = l.user_id THEN l.round_id END) AS wins,
               min(CASE WHEN l.correct THEN l.answer_ms END) AS fastest_ms
          FROM live l JOIN trivia_rounds r ON r.id = l.round_id
         GROUP BY l.user_id
    ),
    ranked AS (
        SELECT *, rank() OVER (ORDER BY points DESC, correct DESC) AS rank,
               row_number() OVER (ORDER BY points DESC, correct DESC, wins DESC, user_id) AS row_no
          FROM totals
    )
"""


@dataclass(frozen=True)
class BoardRow:
    rank: int
    user_id: int
    points: int
    correct: int
    answered: int
    games: int
    wins: int
    fastest_ms: int | None = None

    @property
    def accuracy(self) -> float | None:
        return accuracy(self.correct, self.answered)


@dataclass(frozen=True)
class BoardPage:
    rows: tuple[BoardRow, ...]
    total: int          # members on the whole board
    offset: int


@dataclass(frozen=True)
class MemberStats:
    user_id: int
    all_time: BoardRow | None
    month: BoardRow | None
    week: BoardRow | None
    players: int        # members on the all-time board


async def _fetch(db: Database, sql: str, params: dict[str, Any]) -> list[sqlite3.Row]:
    """Database.fetchall with named parameters."""
    async with db.reads.execute(sql, params) as cur:
        return list(await cur.fetchall())


def _row(r: sqlite3.Row) -> BoardRow:
    return BoardRow(r["rank"], r["user_id"], r["points"], r["correct"], r["answered"], r["games"], r["wins"],
                    r["fastest_ms"])


async def leaderboard(db: Database, guild_id: int, *, since: int = 0, limit: int = 10, offset: int = 0) -> BoardPage:
    """One page of the board: points, then correct answers."""
    params = {"g": guild_id, "since": since, "limit": limit, "offset": offset}
    rows = await _fetch(db, f"WITH {_LIVE} SELECT * FROM ranked ORDER BY row_no LIMIT :limit OFFSET :offset", params)
    total = (await _fetch(db, f"WITH {_LIVE} SELECT count(*) FROM totals", params))[0][0]
    return BoardPage(tuple(_row(r) for r in rows), int(total or 0), offset)


async def member_row(db: Database, guild_id: int, user_id: int, *, since: int = 0) -> BoardRow | None:
    rows = await _fetch(db, f"WITH {_LIVE} SELECT * FROM ranked WHERE user_id = :u",
                        {"g": guild_id, "since": since, "u": user_id})
    return _row(rows[0]) if rows else None


async def member_stats(db: Database, guild_id: int, user_id: int, *, month_start: int,
                       week_start: int) -> MemberStats:
    players = (await _fetch(db, f"WITH {_LIVE} SELECT count(*) FROM totals", {"g": guild_id, "since": 0}))[0][0]
    return MemberStats(
        user_id,
        await member_row(db, guild_id, user_id),
        await member_row(db, guild_id, user_id, since=month_start),
        await member_row(db, guild_id, user_id, since=week_start),
        int(players or 0),
    )


async def reset(db: Database, guild_id: int, user_id: int | None, actor_id: int) -> int:
    """Hide a member's trivia history in a server (``user_id`` None: everyone's). Returns the answers hidden."""
    target = user_id or 0
    async with db.transaction() as conn:
        async with conn.execute(f"WITH {_LIVE} SELECT coalesce(sum(answered), 0) FROM totals "
                                "WHERE :u = 0 OR user_id = :u", {"g": guild_id, "since": 0, "u": target}) as cur:
            hidden = (await cur.fetchone())[0]
        async with conn.execute("SELECT coalesce(max(id), 0) FROM trivia_scores") as cur:
            last_id = (await cur.fetchone())[0]
        await conn.execute(
            "INSERT OR REPLACE INTO trivia_resets (guild_id, user_id, reset_at, reset_by, last_score_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (guild_id, target, now(), actor_id, last_id),
        )
        await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="reset", entity="trivia_scores",
                           entity_id=target, before={"answers": hidden}, after={"answers": 0})
    return int(hidden)
