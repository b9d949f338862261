"""QA15 5: a /trivia skip that lands while the next question is being recorded closes that question unseen.

``RoundRunner.skip`` outside a question "cuts the pause" by setting the runner's wake event. ``_ask`` clears
that event before it records the next question, not after: a skip during the write (short, or as long as
another writer holds the database, e.g. a list import) is still set when the question opens, so ``_wait``
returns at once and the question is revealed as "Nobody answered" the moment it appears.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.db import Database
from bot.db import trivia as trivia_db
from tests.cogs.trivia.test_runner import STARTER, FakeMessage, make_runner, open_question, qdb, until

__all__ = ["qdb"]  # a fixture, imported for this module's tests


async def test_a_skip_while_the_next_question_is_recorded_leaves_it_open_its_full_time(
        qdb: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    runner, channel, _ = await make_runner(qdb, n=3, scale=0.05)      # 20 s questions stay open 1 s
    inside, release = asyncio.Event(), asyncio.Event()
    record = trivia_db.record_question

    async def slow_record(db: Database, **kw: int) -> None:          # the database is busy with another writer
        if kw["position"] == 1:
            inside.set()
            await release.wait()
        await record(db, **kw)

    monkeypatch.setattr(trivia_db, "record_question", slow_record)
    shown: dict[int, float] = {}
    revealed: dict[int, float] = {}

    async def hook(kind: str, message: FakeMessage) -> None:
        (shown if kind == "send" else revealed).setdefault(message.id, time.monotonic())

    channel.hook = hook
    runner.start()
    await until(open_question(runner, 0))
    assert runner.skip(STARTER)                                      # "skipped question 1": revealed now
    await asyncio.wait_for(inside.wait(), 5)
    assert not runner.skip(STARTER)                                  # "Next question coming up."
    release.set()
    await until(lambda: len(channel.sent) >= 2 and channel.sent[1].id in revealed)
    second = channel.sent[1]                                         # question 2, revealed
    runner.stop(STARTER)
    await asyncio.wait_for(runner.task, 5)
    open_for = revealed[second.id] - shown[second.id]
    assert open_for >= 0.5, f"question 2 was revealed {open_for:.3f} s after it appeared"
