"""Trivia rounds and the score ledger.

A round row is created 'running'; the unique partial index ``trivia_rounds_running`` lets at most one
run per channel, whatever races the commands have. Every answer becomes one ledger row
(``trivia_scores``); rows are inserted with ``INSERT OR IGNORE`` on (round, position, member), so a
point committed early (typed rounds) and the reveal's batch never double count. Boards are sums over
the ledger (``bot.db.trivia_boards``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.db.questions import Question, row_to_question
from bot.db.questions import get as questions_get
from bot.db.util import load_list, now
from bot.errors import Conflict
from bot.text import fold
from bot.trivia.session import ScoreEvent

_WINNER_SQL = """
    SELECT user_id FROM trivia_scores WHERE round_id = ?
     GROUP BY user_id
    HAVING sum(points) > 0
     ORDER BY sum(points) DESC, sum(correct) DESC, sum(CASE WHEN correct THEN answer_ms ELSE 0 END), user_id
     LIMIT 1
"""


@dataclass(frozen=True)
class Round:
    id: int
    guild_id: int
    channel_id: int
    started_by: int
    film_id: int | None
    mode: str
    question_count: int
    seconds: int
    status: str
    started_at: int
    ended_at: int | None
    winner_id: int | None
    message_id: int | None

    @property
    def link(self) -> str:
        return round_link(self.guild_id, self.channel_id, self.message_id)


@dataclass(frozen=True)
class PoolQuestion:
    """A question a round in this server may ask, with how many cycles it has been asked in."""

    id: int
    prompt: str
    answers: tuple[str, ...]
    wrong: tuple[str, ...]
    film_id: int | None
    film_title: str | None
    list_name: str | None
    times_asked: int


@dataclass(frozen=True)
class ClosedRound:
    """A round closed as aborted at start-up, with the message of the question it was asking."""

    round: Round
    open_question_message_id: int | None
    taken_by: int | None = None   # who had already got that question right (a typed point, committed)


def round_link(guild_id: int, channel_id: int, message_id: int | None) -> str:
    base = f"https://discord.com/channels/{guild_id}/{channel_id}"
    return f"{base}/{message_id}" if message_id else base


def _round(row: aiosqlite.Row) -> Round:
    return Round(**{k: row[k] for k in Round.__dataclass_fields__})


async def create_round(db: Database, *, guild_id: int, channel_id: int, started_by: int, film_id: int | None,
                       mode: str, question_count: int, seconds: int) -> Round:
    """Start a round; ``Conflict`` (with a link to it) when one is already running in the channel."""
    try:
        async with db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO trivia_rounds (guild_id, channel_id, started_by, film_id, mode, question_count, seconds, "
                "status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)",
                (guild_id, channel_id, started_by, film_id, mode, question_count, seconds, now()),
            )
            round_id = int(cur.lastrowid or 0)
    except sqlite3.IntegrityError:
        running = await running_round(db, channel_id)
        link = running.link if running else round_link(guild_id, channel_id, None)
        raise Conflict(f"A trivia round is already running in this channel: {link}\nJoin in, or wait for it to "
                       "end (its starter or a moderator can `/trivia stop` it).") from None
    created = await get_round(db, round_id)
    assert created is not None
    return created


async def get_round(db: Database, round_id: int) -> Round | None:
    row = await db.fetchone("SELECT * FROM trivia_rounds WHERE id = ?", (round_id,))
    return None if row is None else _round(row)


async def running_round(db: Database, channel_id: int) -> Round | None:
    row = await db.fetchone("SELECT * FROM trivia_rounds WHERE channel_id = ? AND status = 'running'", (channel_id,))
    return None if row is None else _round(row)


async def set_round_message(db: Database, round_id: int, message_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE trivia_rounds SET message_id = ? WHERE id = ?", (message_id, round_id))


async def record_question(db: Database, *, round_id: int, guild_id: int, position: int, question_id: int,
                          asked_at_ms: int, cycle: int) -> None:
    """A question is being asked: remember it for the round and, filed in ``cycle``, for the server's rotation."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO trivia_round_questions (round_id, position, question_id, asked_at_ms) VALUES (?, ?, ?, ?)",
            (round_id, position, question_id, asked_at_ms),
        )
        await conn.execute(
            "INSERT OR IGNORE INTO trivia_asked (guild_id, cycle, question_id, asked_at) VALUES (?, ?, ?, ?)",
            (guild_id, cycle, question_id, asked_at_ms // 1000),
        )


async def set_question_message(db: Database, round_id: int, position: int, message_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE trivia_round_questions SET message_id = ? WHERE round_id = ? AND position = ?",
                           (message_id, round_id, position))


def _score_rows(round_id: int, guild_id: int, events: Iterable[ScoreEvent], shown_at_ms: int) -> list[tuple]:
    """Ledger rows, each dated when its answer was given (the question's appearance plus its answer time),
    not when it was committed: a click at Sunday 23:59:57 revealed after midnight stays in Sunday's week."""
    return [(round_id, guild_id, e.user_id, e.position, e.question_id, e.choice, int(e.correct), e.points,
             e.answer_ms, (shown_at_ms + e.answer_ms) // 1000) for e in events]


_INSERT_SCORE = (
    "INSERT OR IGNORE INTO trivia_scores (round_id, guild_id, user_id, position, question_id, choice, correct, "
    "points, answer_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


async def record_point(db: Database, round_id: int, guild_id: int, event: ScoreEvent, *, shown_at_ms: int) -> None:
    """Commit one answer now (typed rounds: before the member is told they were right).

    ``shown_at_ms`` is the wall-clock instant the question reached the channel (its answers are timed from it).
    """
    async with db.transaction() as conn:
        await conn.executemany(_INSERT_SCORE, _score_rows(round_id, guild_id, [event], shown_at_ms))


async def record_reveal(db: Database, round_id: int, guild_id: int, position: int, events: Iterable[ScoreEvent], *,
                        shown_at_ms: int, revealed_at_ms: int) -> None:
    """Commit every answer to a question in one transaction (before the reveal shows them)."""
    async with db.transaction() as conn:
        await conn.executemany(_INSERT_SCORE, _score_rows(round_id, guild_id, events, shown_at_ms))
        await conn.execute("UPDATE trivia_round_questions SET revealed_at_ms = ? WHERE round_id = ? AND position = ?",
                           (revealed_at_ms, round_id, position))


async def _close(conn: aiosqlite.Connection, round_id: int, status: str) -> None:
    async with conn.execute(_WINNER_SQL, (round_id,)) as cur:
        row = await cur.fetchone()
    await conn.execute(
        "UPDATE trivia_rounds SET status = ?, ended_at = ?, winner_id = ? WHERE id = ? AND status = 'running'",
        (status, now(), row[0] if row else None, round_id),
    )


async def finish_round(db: Database, round_id: int, status: str) -> Round:
    """End a running round and record its winner: the top scorer in the ledger, however it ended."""
    async with db.transaction() as conn:
        await _close(conn, round_id, status)
    ended = await get_round(db, round_id)
    assert ended is not None
    return ended


async def abort_running_rounds(db: Database) -> list[ClosedRound]:
    """At start-up: close every round left running (the bot stopped mid-round) as aborted, points kept."""
    rows = await db.fetchall("SELECT id FROM trivia_rounds WHERE status = 'running' ORDER BY id")
    if not rows:
        return []
    async with db.transaction() as conn:
        for row in rows:
            await _close(conn, row[0], "aborted")
    closed = []
    for row in rows:
        ended = await get_round(db, row[0])
        open_question = await db.fetchone(
            "SELECT q.message_id, (SELECT s.user_id FROM trivia_scores s WHERE s.round_id = q.round_id "
            "AND s.position = q.position AND s.correct = 1 ORDER BY s.answer_ms LIMIT 1) AS taken_by "
            "FROM trivia_round_questions q WHERE q.round_id = ? AND q.revealed_at_ms IS NULL "
            "ORDER BY q.position DESC LIMIT 1", (row[0],))
        assert ended is not None
        message_id, taken_by = tuple(open_question) if open_question else (None, None)
        closed.append(ClosedRound(ended, message_id, taken_by))
    return closed


async def round_points(db: Database, round_id: int) -> dict[int, int]:
    """Points per member in one round, from the ledger."""
    rows = await db.fetchall("SELECT user_id, sum(points) FROM trivia_scores WHERE round_id = ? GROUP BY user_id",
                             (round_id,))
    return {r[0]: r[1] for r in rows}


async def question_pool(db: Database, guild_id: int, film_id: int | None = None,
                        list_name: str | None = None) -> list[PoolQuestion]:
    """Approved, live questions a round in ``guild_id`` may ask (global and the server's own; about
    ``film_id`` and from ``list_name`` when given), minus the films and lists the server turned off,
    each with its level in the server's rotation (the last cycle it was asked in: bot.trivia.rotation).

    The server's own question stands in for a global one with the same (folded) prompt: an imported list
    may re-tell Doinel's questions. It is asked wherever the global one would be, so it belongs to that
    one's film too (and takes its film when it names none): a round about the film asks it.
    One query: the topic narrows Doinel's questions only; the server's own are all read, then kept when
    on the topic or standing in for a question that is.
    """
    rows = await db.fetchall(
        """
        SELECT q.id, q.guild_id, q.prompt, q.answers, q.wrong_choices, q.film_id, f.title AS film_title, q.list_name,
               coalesce(a.times, 0) AS times
          FROM questions q
          LEFT JOIN films f ON f.id = q.film_id
          LEFT JOIN (SELECT question_id, max(cycle) AS times FROM trivia_asked WHERE guild_id = ?1
                      GROUP BY question_id) a ON a.question_id = q.id
         WHERE q.guild_id IN (0, ?1) AND q.status = 'approved' AND q.deleted_at IS NULL
           AND (q.guild_id = ?1 OR ((?2 IS NULL OR q.film_id = ?2) AND (?3 IS NULL OR q.list_name = ?3)))
           AND NOT EXISTS (SELECT 1 FROM trivia_disabled_sources d WHERE d.guild_id = ?1 AND d.kind = 'film'
                              AND d.key = CAST(q.film_id AS TEXT))
           AND NOT EXISTS (SELECT 1 FROM trivia_disabled_sources d WHERE d.guild_id = ?1 AND d.kind = 'list'
                              AND d.key = q.list_name)
         ORDER BY q.id
        """,
        (guild_id, film_id, list_name),
    )
    keys = [fold(r["prompt"]) for r in rows] if any(r["guild_id"] for r in rows) else [""] * len(rows)
    own = {k for k, r in zip(keys, rows, strict=True) if r["guild_id"]}
    retold = {k: r for k, r in zip(keys, rows, strict=True) if not r["guild_id"] and k in own}  # Doinel's, re-told
    pool = []
    for key, r in zip(keys, rows, strict=True):
        if not r["guild_id"]:
            if key not in retold:
                pool.append(_pool_question(r))
        elif key in retold:
            pool.append(_pool_question(r, standing_in_for=retold[key]))
        elif (film_id is None or r["film_id"] == film_id) and (list_name is None or r["list_name"] == list_name):
            pool.append(_pool_question(r))
    return pool


def _pool_question(r: aiosqlite.Row, *, standing_in_for: aiosqlite.Row | None = None) -> PoolQuestion:
    film = standing_in_for if standing_in_for is not None and r["film_id"] is None else r
    return PoolQuestion(r["id"], r["prompt"], load_list(r["answers"]), load_list(r["wrong_choices"]), film["film_id"],
                        film["film_title"], r["list_name"], r["times"])


async def as_told_here(db: Database, guild_id: int, question_id: int) -> Question | None:
    """A question as a round in ``guild_id`` asks it now (a running round re-reads each before asking it):
    the server's own telling of it when it is Doinel's and the server has one the pool would ask in its
    place (same folded prompt, live, its list and film on), else the question as stored; None when gone."""
    row = await db.fetchone(
        """
        SELECT o.* FROM questions o
         WHERE o.guild_id = ?1 AND o.status = 'approved' AND o.deleted_at IS NULL
           AND doinel_fold(o.prompt) = (SELECT doinel_fold(q.prompt) FROM questions q WHERE q.id = ?2
                                           AND q.guild_id = 0)
           AND NOT EXISTS (SELECT 1 FROM trivia_disabled_sources d WHERE d.guild_id = ?1 AND d.kind = 'film'
                              AND d.key = CAST(o.film_id AS TEXT))
           AND NOT EXISTS (SELECT 1 FROM trivia_disabled_sources d WHERE d.guild_id = ?1 AND d.kind = 'list'
                              AND d.key = o.list_name)
         ORDER BY o.id LIMIT 1
        """,
        (guild_id, question_id),
    )
    return row_to_question(row) if row is not None else await questions_get(db, question_id)
