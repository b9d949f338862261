"""QA15 1: the bot's one SQLite connection lets any read see another task's transaction before it commits.

A trivia list's import preview (``import_questions(dry_run=True)``) wrote its questions and rolled them
back (it now writes nothing). A round planned meanwhile read the pool on the same connection, so it
planned questions that were never saved, and the round then failed when it recorded the first of them.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.content.pack import QuestionEntry
from bot.db import Database
from bot.db import questions as questions_db
from bot.db import trivia as trivia_db

GUILD = 1000

PREVIEW = [QuestionEntry(f"club.{i}", f"Preview question {i}?", (f"Answer {i}",), (f"W{i}a", f"W{i}b", f"W{i}c"),
                         list_name="club") for i in range(4)]


async def paused_preview(db: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[asyncio.Task, asyncio.Event]:
    """A moderator's import preview, held inside its transaction (as a big file holds it) until released.

    Returns the running preview and the event that lets it finish (and roll back)."""
    inside, release = asyncio.Event(), asyncio.Event()
    plan = questions_db._plan_only

    async def slow_plan(conn, sql, params):  # type: ignore[no-untyped-def]
        inside.set()                          # the preview is at its last entry's (would-be) write
        await release.wait()
        return await plan(conn, sql, params)

    monkeypatch.setattr(questions_db, "_plan_only", slow_plan)
    task = asyncio.create_task(questions_db.import_questions(db, PREVIEW, guild_id=GUILD, actor_id=7,
                                                            dry_run=True, list_name="club"))
    await asyncio.wait_for(inside.wait(), 5)
    return task, release


async def test_a_round_planned_during_an_import_preview_plays_only_saved_questions(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    preview, release = await paused_preview(db, monkeypatch)
    # A /trivia start reads the pool now (a fix may make it wait for the preview: it gets 2 s to finish).
    reading = asyncio.create_task(trivia_db.question_pool(db, GUILD))
    await asyncio.wait({reading}, timeout=2)
    release.set()
    report = await preview
    pool = await asyncio.wait_for(reading, 5)
    assert report.dry_run and report.added == 4               # the moderator is shown "4 added", nothing saved
    assert await db.scalar("SELECT count(*) FROM questions") == 0
    # The round would ask one of these, and fail recording it: questions(id) no longer has that row.
    assert [q.prompt for q in pool] == []
