"""QA2: trivia's promise — a point acknowledged to a member is committed, and scores are exactly right."""

from __future__ import annotations

import asyncio
import contextlib
import re
import unicodedata

from bot.client import Doinel
from bot.db import trivia_boards as boards
from bot.trivia.scoring import period_start
from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.e2e.test_trivia import (
    ANSWERS,
    buttons,
    click,
    correct_id,
    description,
    fast,
    prompt_of,
    question,
    revealed,
    start,
    start_typed,
    summary,
    wrong_id,
)
from tests.emulator import Emulator
from tests.emulator.state import Message

GOT_IT = re.compile(r"^✅ <@(\d+)> got it: .* · \+(\d+) points")


typed_bot = start_typed      # QA2's name for it (qa7 imports it from here)


def sloppy(answer: str) -> str:
    """How a member types it: no accents, odd case, extra spaces."""
    bare = "".join(c for c in unicodedata.normalize("NFD", answer) if not unicodedata.combining(c))
    return "   " + "  ".join(bare.swapcase().split()) + "  "


def confirmations(emulator: Emulator, world: DiscordWorld) -> list[tuple[int, int]]:
    """(member id, points) of every "got it" the bot posted."""
    found = []
    for m in emulator.messages(world.general):
        match = GOT_IT.match(m.content or "")
        if match:
            found.append((int(match[1]), int(match[2])))
    return found


async def got_it(emulator: Emulator, world: DiscordWorld, after: Message) -> Message:
    return await emulator.wait_for_message(world.general, lambda m: bool(GOT_IT.match(m.content or "")), after=after)


async def test_typed_answer_without_accents_in_odd_case_with_extra_spaces_scores(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    w = discord_world
    bot = await typed_bot(emulator, doinel_harness)
    await start(emulator, w.general, w.alice, questions=3, mode="typed", seconds=30)
    for n in (1, 2, 3):
        q = await question(emulator, w.general, n, 3)
        said = await emulator.say(w.general, w.alice, sloppy(ANSWERS[prompt_of(q)]))
        await got_it(emulator, w, said)
    await summary(emulator, w.general)
    told = confirmations(emulator, w)
    assert [u for u, _ in told] == [w.alice.id] * 3
    rows = await bot.db.fetchall("SELECT points, correct FROM trivia_scores WHERE user_id = ? ORDER BY position",
                                 (w.alice.id,))
    assert [(r["points"], r["correct"]) for r in rows] == [(p, 1) for _, p in told]
    timed = await bot.db.fetchall("SELECT answer_ms FROM trivia_scores WHERE user_id = ? ORDER BY position",
                                  (w.alice.id,))
    limit = 30_000 * 0.2                                      # 30 s questions, played 5 times faster
    expected = [50 + round(50 * (1 - min(r["answer_ms"], limit) / limit)) + 10 * k for k, r in enumerate(timed)]
    assert [p for _, p in told] == expected                   # speed points plus the streak bonus, exactly
    row = await boards.member_row(bot.db, w.guild.id, w.alice.id)
    assert row is not None and row.points == sum(p for _, p in told) and row.correct == 3


async def test_two_members_typing_the_answer_at_the_same_instant_one_takes_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    w = discord_world
    bot = await typed_bot(emulator, doinel_harness)
    await start(emulator, w.general, w.alice, questions=1, mode="typed", seconds=30)
    q = await question(emulator, w.general, 1, 1)
    answer = ANSWERS[prompt_of(q)]
    await asyncio.gather(emulator.say(w.general, w.alice, answer), emulator.say(w.general, w.bob, answer.upper()))
    await summary(emulator, w.general)
    told = confirmations(emulator, w)
    assert len(told) == 1
    winner, points = told[0]
    rows = await bot.db.fetchall("SELECT user_id, correct, points FROM trivia_scores WHERE correct = 1")
    assert [(r["user_id"], r["points"]) for r in rows] == [(winner, points)]
    reveal = await revealed(emulator, w.general, 1, 1)
    assert f"<@{winner}> took it" in description(reveal)


async def test_a_typed_point_confirmed_just_before_a_restart_is_on_the_board_after_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    w = discord_world
    await typed_bot(emulator, doinel_harness, scale=1.0)
    await start(emulator, w.general, w.alice, questions=3, mode="typed", seconds=60)
    q = await question(emulator, w.general, 1, 3, timeout=10)
    said = await emulator.say(w.general, w.bob, ANSWERS[prompt_of(q)])
    confirm = await got_it(emulator, w, said)
    points = int(GOT_IT.match(confirm.content)[2])
    bot = await doinel_harness.restart()                      # before the reveal
    row = await boards.member_row(bot.db, w.guild.id, w.bob.id)
    assert row is not None and (row.points, row.correct, row.wins) == (points, 1, 1)
    notice = await emulator.wait_for_message(w.general, lambda m: "interrupted when I restarted" in m.content)
    assert f"<@{w.bob.id}>" in notice.content


async def test_every_click_told_locked_in_around_the_deadline_is_counted_and_no_other(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    members = [await emulator.add_member(w.guild, f"late{i}") for i in range(40)]
    fast(doinel, 0.2)                                          # 5 s questions last 1 s
    await start(emulator, w.general, w.alice, questions=1, seconds=5)
    q = await question(emulator, w.general, 1, 1)
    right, wrong = correct_id(q), wrong_id(q)
    await asyncio.sleep(0.7)
    records = {}
    for i, m in enumerate(members):                            # 40 clicks over ~0.6 s, straddling the close
        with contextlib.suppress(LookupError):                 # the reveal replaced the buttons: nothing to click
            records[m.id] = await emulator.click(q, right if i % 2 else wrong, m)
        await asyncio.sleep(0.015)
    await asyncio.gather(*(r.wait_done(timeout=10) for r in records.values()))
    await summary(emulator, w.general)
    locked = {u for u, r in records.items() if r.content.startswith("Locked in")}
    late = {u for u, r in records.items() if r.content.startswith("Too late")}
    assert locked | late == set(records) and locked and len(records) < len(members), (len(locked), len(late))
    rows = await doinel.db.fetchall("SELECT user_id, correct FROM trivia_scores")
    assert {r["user_id"] for r in rows} == locked
    right_ids = {m.id for i, m in enumerate(members) if i % 2}
    assert {r["user_id"] for r in rows if r["correct"]} == locked & right_ids
    reveal = emulator.message(q.id)
    assert f"**{len(locked & right_ids)}/{len(locked)}** right" in description(reveal)


async def test_simultaneous_double_click_on_two_choices_keeps_one_answer(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.25)
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q = await question(emulator, w.general, 1, 1)
    right, wrong = correct_id(q), wrong_id(q)
    first, second = await emulator.click(q, wrong, w.bob), await emulator.click(q, right, w.bob)
    await asyncio.gather(first.wait_done(), second.wait_done())
    assert first.content.startswith("Locked in") and second.content.startswith("Changed to")
    assert (await click(emulator, q, wrong, w.bob)).startswith("You already changed")
    await (await emulator.slash(w.general, w.alice, "trivia skip")).wait_done()
    await revealed(emulator, w.general, 1, 1)
    await summary(emulator, w.general)
    rows = await doinel.db.fetchall("SELECT user_id, correct, points FROM trivia_scores")
    assert [(r["user_id"], r["correct"]) for r in rows] == [(w.bob.id, 1)] and 50 <= rows[0]["points"] <= 100
    assert [b for b in buttons(emulator.message(q.id)) if b["label"].endswith("(1)")]


async def test_week_and_month_boards_start_at_utc_midnight(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.25)
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q = await question(emulator, w.general, 1, 1)
    await click(emulator, q, correct_id(q), w.alice)
    await click(emulator, q, correct_id(q), w.bob)
    await (await emulator.slash(w.general, w.alice, "trivia skip")).wait_done()
    await summary(emulator, w.general)
    week, month = period_start("week"), period_start("month")
    async with doinel.db.transaction() as conn:            # alice answered one second before the week began
        await conn.execute("UPDATE trivia_scores SET created_at = ? WHERE user_id = ?", (week - 1, w.alice.id))
        await conn.execute("UPDATE trivia_scores SET created_at = ? WHERE user_id = ?", (week, w.bob.id))
    board = await emulator.slash(w.general, w.bob, "trivia leaderboard", period="week")
    await board.wait_done()
    text = board.embeds[0]["description"]
    assert f"<@{w.bob.id}>" in text and f"<@{w.alice.id}>" not in text
    every = await emulator.slash(w.general, w.bob, "trivia leaderboard", period="all")
    await every.wait_done()
    assert f"<@{w.alice.id}>" in every.embeds[0]["description"]
    async with doinel.db.transaction() as conn:
        await conn.execute("UPDATE trivia_scores SET created_at = ? WHERE user_id = ?", (month - 1, w.alice.id))
        await conn.execute("UPDATE trivia_scores SET created_at = ? WHERE user_id = ?", (month, w.bob.id))
    monthly = await emulator.slash(w.general, w.bob, "trivia leaderboard", period="month")
    await monthly.wait_done()
    text = monthly.embeds[0]["description"]
    assert f"<@{w.bob.id}>" in text and f"<@{w.alice.id}>" not in text
