"""The round runner against a real database and a fake channel: what is committed before it is shown."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from bot.clock import SystemClock
from bot.db import Database
from bot.db import trivia as trivia_db
from bot.trivia.session import EndReason, Mode, RoundQuestion, RoundSession
from cogs.trivia import render
from cogs.trivia.runner import RoundRunner

GUILD, CHANNEL, BOT, STARTER = 10, 20, 1, 99
_ids = itertools.count(5_000)


class FakeMessage:
    def __init__(self, channel: FakeChannel, *, content: str | None = None, embed: Any = None, view: Any = None,
                 author_id: int = BOT) -> None:
        self.id = next(_ids)
        self.channel, self.content, self.embed, self.view = channel, content, embed, view
        self.author = SimpleNamespace(id=author_id, bot=author_id == BOT)
        self.edits: list[dict[str, Any]] = []

    async def edit(self, **changes: Any) -> FakeMessage:
        self.edits.append(changes)
        await self.channel.on_event("edit", self)
        return self

    async def reply(self, text: str, **_: Any) -> FakeMessage:
        reply = FakeMessage(self.channel, content=text)
        self.channel.replies.append(reply)
        await self.channel.on_event("reply", reply)
        return reply


class FakeChannel:
    id = CHANNEL

    def __init__(self) -> None:
        self.sent: list[FakeMessage] = []
        self.replies: list[FakeMessage] = []
        self.hook: Callable[[str, FakeMessage], Any] | None = None

    async def send(self, content: str | None = None, *, embed: Any = None, view: Any = None) -> FakeMessage:
        message = FakeMessage(self, content=content, embed=embed, view=view)
        self.sent.append(message)
        await self.on_event("send", message)
        return message

    async def on_event(self, kind: str, message: FakeMessage) -> None:
        if self.hook is not None:
            await self.hook(kind, message)


def questions(n: int = 3) -> list[RoundQuestion]:
    return [RoundQuestion(i, f"Question {i}?", (f"Answer {i}",), (f"Answer {i}", "W1", "W2", "W3"), 0)
            for i in range(1, n + 1)]


@pytest.fixture
async def qdb(db: Database) -> Database:
    await db.conn.executemany(
        "INSERT INTO questions (id, guild_id, prompt, answers, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)",
        [(i, GUILD, f"Question {i}?", f'["Answer {i}"]') for i in range(1, 6)])
    return db


async def make_runner(db: Database, mode: Mode = Mode.BUTTONS, n: int = 3, idle: int = 3,
                      scale: float = 0.02) -> tuple[RoundRunner, FakeChannel, list[RoundRunner]]:
    forgotten: list[RoundRunner] = []
    host = SimpleNamespace(db=db, clock=SystemClock(), time_scale=scale, forget=forgotten.append)
    round_ = await trivia_db.create_round(db, guild_id=GUILD, channel_id=CHANNEL, started_by=STARTER, film_id=None,
                                          mode=mode.value, question_count=n, seconds=20)
    session = RoundSession(round_.id, questions(n), mode=mode, seconds=20, idle_limit=idle, starter_id=STARTER)
    channel = FakeChannel()
    runner = RoundRunner(host, round_, session, channel, spoilers=False, cycles={})  # type: ignore[arg-type]
    return runner, channel, forgotten


async def until(check: Callable[[], bool]) -> None:
    """Poll ``check`` (the runner has no event to wait on for these states) for up to 5 s."""
    for _ in range(1_000):
        if check():
            return
        await asyncio.sleep(0.005)
    raise TimeoutError("condition not met in 5 s")


def open_question(runner: RoundRunner, position: int) -> Callable[[], bool]:
    return lambda: runner.session.position == position and runner.session.is_open and runner.message is not None


async def test_buttons_round_commits_each_reveal_before_showing_it(qdb: Database) -> None:
    runner, channel, forgotten = await make_runner(qdb)
    seen_in_ledger: list[int] = []

    async def hook(kind: str, message: FakeMessage) -> None:
        if kind == "edit":  # a reveal: its answers must already be in the ledger
            seen_in_ledger.append(await qdb.scalar("SELECT count(*) FROM trivia_scores"))

    channel.hook = hook
    runner.start()
    for position, clicks in enumerate([{1: 0, 2: 1}, {1: 0}, {2: 0, 3: 0}]):
        await until(open_question(runner, position))
        for user, choice in clicks.items():
            runner.session.choose(user, position, choice, 0)
        runner.skip(STARTER)
    await asyncio.wait_for(runner.task, 5)
    assert seen_in_ledger == [2, 3, 5]
    assert runner.reason is EndReason.FINISHED and forgotten == [runner]
    ended = await trivia_db.get_round(qdb, runner.round.id)
    assert ended.status == "finished" and ended.winner_id == 1
    # Clicks at time 0 count as instant (100); member 1's second in a row earns the streak bonus.
    assert await trivia_db.round_points(qdb, runner.round.id) == {1: 210, 2: 100, 3: 100}
    summary = channel.sent[-1].embed
    assert "Winner: <@1> with **210** points" in summary.description
    reveal = channel.sent[0].edits[0]
    assert "**1/2** right" in reveal["embed"].description
    assert [b.label for b in reveal["view"].children] == ["✅ A · Answer 1 (1)", "B · W1 (1)", "C · W2 (0)",
                                                          "D · W3 (0)"]
    assert all(b.disabled for b in reveal["view"].children)


async def test_typed_point_is_committed_before_the_member_is_told(qdb: Database) -> None:
    runner, channel, _ = await make_runner(qdb, Mode.TYPED, n=2)
    told: list[int] = []

    async def hook(kind: str, message: FakeMessage) -> None:
        if kind == "reply":
            told.append(await qdb.scalar("SELECT count(*) FROM trivia_scores WHERE correct = 1"))

    channel.hook = hook
    runner.start()
    await until(open_question(runner, 0))
    runner.on_guess(FakeMessage(channel, content="no idea", author_id=7))
    runner.on_guess(FakeMessage(channel, content="I think it's answer 1", author_id=8))
    runner.on_guess(FakeMessage(channel, content="Answer 1", author_id=9))  # too late: already taken
    await until(open_question(runner, 1))
    assert told == [1] and "<@8> got it: **Answer 1**" in channel.replies[0].content
    runner.stop(STARTER)
    await asyncio.wait_for(runner.task, 5)
    rows = await qdb.fetchall("SELECT user_id, position, correct, choice FROM trivia_scores ORDER BY id")
    assert [tuple(r) for r in rows] == [(8, 0, 1, "I think it's answer 1"), (7, 0, 0, "no idea")]
    assert runner.reason is EndReason.STOPPED
    assert (await trivia_db.get_round(qdb, runner.round.id)).winner_id == 8


async def test_stop_reveals_the_open_question_and_records_the_winner(qdb: Database) -> None:
    runner, channel, _ = await make_runner(qdb, n=3)
    runner.start()
    await until(open_question(runner, 0))
    runner.session.choose(4, 0, 0, 0)
    runner.stop(STARTER)
    await asyncio.wait_for(runner.task, 5)
    assert runner.reason is EndReason.STOPPED
    assert len(channel.sent) == 2  # the question (revealed in place) and the summary
    assert channel.sent[0].edits and "Stopped by <@99> after question 1" in channel.sent[1].embed.description
    ended = await trivia_db.get_round(qdb, runner.round.id)
    assert (ended.status, ended.winner_id) == ("stopped", 4)


async def test_stop_before_the_first_question(qdb: Database) -> None:
    runner, channel, _ = await make_runner(qdb, scale=1.0)
    runner.start()
    await asyncio.sleep(0.01)
    runner.stop(STARTER)
    await asyncio.wait_for(runner.task, 1)
    assert runner.reason is EndReason.STOPPED and len(channel.sent) == 1
    assert (await trivia_db.get_round(qdb, runner.round.id)).status == "stopped"


async def test_stop_while_the_first_question_is_being_recorded(qdb: Database,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    runner, channel, _ = await make_runner(qdb, scale=0.001)
    record = trivia_db.record_question

    async def stopped_meanwhile(*args: Any, **kwargs: Any) -> None:
        await record(*args, **kwargs)
        runner.stop(STARTER)  # /trivia stop lands while the question is being written down

    monkeypatch.setattr("cogs.trivia.runner.trivia_db.record_question", stopped_meanwhile)
    runner.start()
    await asyncio.wait_for(runner.task, 1)
    assert runner.reason is EndReason.STOPPED  # not "something went wrong on my side"
    [summary] = channel.sent
    assert "Stopped by <@99> before the first question." in summary.embed.description
    assert summary.embed.footer.text.startswith("No questions asked")


async def test_idle_round_ends_itself(qdb: Database) -> None:
    runner, channel, _ = await make_runner(qdb, n=5, idle=2, scale=0.005)
    runner.start()
    await asyncio.wait_for(runner.task, 5)
    assert runner.reason is EndReason.IDLE and runner.session.position == 1
    assert "2 questions in a row went unanswered" in channel.sent[-1].embed.description
    ended = await trivia_db.get_round(qdb, runner.round.id)
    assert (ended.status, ended.winner_id) == ("idle", None)
    assert "The round ends after 1 more unanswered question." in channel.sent[0].edits[0]["embed"].description


async def test_cancelled_round_stays_running_until_the_next_start(qdb: Database) -> None:
    runner, _, _ = await make_runner(qdb)
    runner.start()
    await until(open_question(runner, 0))
    runner.session.choose(4, 0, 0, 0)  # never revealed: never counted
    for _ in range(200):
        if await qdb.scalar("SELECT message_id FROM trivia_round_questions") is not None:
            break
        await asyncio.sleep(0.005)
    runner.task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await runner.task
    assert (await trivia_db.get_round(qdb, runner.round.id)).status == "running"
    (closed,) = await trivia_db.abort_running_rounds(qdb)
    assert closed.round.status == "aborted" and closed.open_question_message_id == runner.message.id


async def failing_after_the_first_question(qdb: Database, fails: Callable[[FakeMessage], bool]
                                           ) -> tuple[RoundRunner, FakeChannel, list[RoundRunner]]:
    """Member 4 takes question 1; then each send the round makes for which ``fails`` is true raises."""
    runner, channel, forgotten = await make_runner(qdb)

    async def hook(kind: str, message: FakeMessage) -> None:
        if kind == "send" and runner.session.position == 1 and fails(message):
            raise RuntimeError("boom")

    runner.start()
    await until(open_question(runner, 0))
    runner.session.choose(4, 0, 0, 0)
    channel.hook = hook
    runner.skip(STARTER)
    await asyncio.wait_for(runner.task, 5)
    return runner, channel, forgotten


async def test_a_failure_ends_the_round_as_aborted_with_points_kept(qdb: Database) -> None:
    failures: list[FakeMessage] = []

    def first_send(message: FakeMessage) -> bool:
        failures.append(message)
        return len(failures) == 1

    runner, channel, forgotten = await failing_after_the_first_question(qdb, first_send)
    assert runner.reason is EndReason.ABORTED and forgotten == [runner]
    assert "Something went wrong on my side" in channel.sent[-1].embed.description
    ended = await trivia_db.get_round(qdb, runner.round.id)
    assert (ended.status, ended.winner_id) == ("aborted", 4)


async def test_a_failure_that_also_stops_the_summary_is_said_in_plain_text(qdb: Database) -> None:
    runner, channel, forgotten = await failing_after_the_first_question(qdb, lambda m: m.embed is not None)
    assert runner.reason is EndReason.ABORTED and forgotten == [runner]
    assert "Something went wrong on my side" in channel.sent[-2].embed.description      # refused
    assert channel.sent[-1].content == render.failed_text()
    assert (await trivia_db.get_round(qdb, runner.round.id)).status == "aborted"
