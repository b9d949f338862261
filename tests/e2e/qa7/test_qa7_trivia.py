"""QA7: trivia's data and time promises — the ledger, speed points, period boundaries, controls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.client import Doinel
from bot.clock import ManualClock
from bot.db import trivia_boards as boards
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_facts import ClockedHarness
from tests.e2e.test_trivia import click, correct_id, fast, question, revealed, start, summary, wrong_id
from tests.emulator import Emulator

MONDAY = int(datetime(2026, 11, 23, tzinfo=UTC).timestamp())   # a week (not a month) starts: Monday 00:00 UTC


@pytest.fixture
async def sunday_night(emulator: Emulator, discord_world: DiscordWorld,
                       tmp_path: Path) -> AsyncIterator[ClockedHarness]:
    """A harness (not started yet) whose bot clock stands at Sunday 23:59:57 UTC until the test moves it."""
    harness = ClockedHarness(emulator, discord_world, tmp_path / "doinel.sqlite3", clock=ManualClock(MONDAY - 3))
    try:
        yield harness
    finally:
        await harness.stop()


async def skip(emulator: Emulator, w: DiscordWorld) -> None:
    record = await emulator.slash(w.general, w.alice, "trivia skip")
    await record.wait_done()


async def test_a_click_just_before_monday_midnight_counts_for_the_week_it_was_given(
        emulator: Emulator, discord_world: DiscordWorld, sunday_night: ClockedHarness) -> None:
    w = discord_world
    doinel = await sunday_night.start()
    fast(doinel, 0.25)
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q = await question(emulator, w.general, 1, 1)
    assert (await click(emulator, q, correct_id(q), w.bob)).startswith("Locked in")
    await sunday_night.clock.set(MONDAY + 2)                      # the reveal comes at Monday 00:00:02
    await skip(emulator, w)
    await summary(emulator, w.general)
    this_week = await boards.leaderboard(doinel.db, w.guild.id, since=MONDAY)
    last_week = await boards.leaderboard(doinel.db, w.guild.id, since=MONDAY - 7 * 86400)
    assert [r.user_id for r in last_week.rows] == [w.bob.id]
    assert this_week.rows == ()                                   # bob answered on Sunday
    weekly = await emulator.slash(w.general, w.alice, "trivia leaderboard", period="week")
    await weekly.wait_done()                                      # and the bot's own weekly board agrees
    assert weekly.embeds and w.bob.mention not in str(weekly.embeds), weekly.embeds


async def test_a_typed_point_is_dated_when_it_was_typed(
        emulator: Emulator, discord_world: DiscordWorld, sunday_night: ClockedHarness) -> None:
    """The typed twin: the point of the member who takes a question is committed at once, dated when typed."""
    from tests.e2e.qa2.test_qa2_trivia import got_it, typed_bot
    from tests.e2e.test_trivia import ANSWERS, prompt_of

    w = discord_world
    bot = await typed_bot(emulator, sunday_night, scale=0.25)
    await start(emulator, w.general, w.alice, questions=1, seconds=20, mode="typed")
    q = await question(emulator, w.general, 1, 1)
    said = await emulator.say(w.general, w.bob, ANSWERS[prompt_of(q)])
    await got_it(emulator, w, said)
    await sunday_night.clock.set(MONDAY + 2)
    await summary(emulator, w.general)
    this_week = await boards.leaderboard(bot.db, w.guild.id, since=MONDAY)
    last_week = await boards.leaderboard(bot.db, w.guild.id, since=MONDAY - 7 * 86400)
    assert [r.user_id for r in last_week.rows] == [w.bob.id] and this_week.rows == ()


async def test_an_instant_click_scores_full_speed_points_even_when_the_question_was_slow_to_appear(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.25)                                            # 20 s questions last 5 s
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    # Discord is busy when the question goes out: the send is rate limited for 2 s (discord.py waits and retries).
    emulator.fail_next("POST", "/channels/{channel_id}/messages", status=429, retry_after=2.0)
    q = await question(emulator, w.general, 1, 1, timeout=10)
    assert (await click(emulator, q, correct_id(q), w.bob)).startswith("Locked in")   # the moment it appears
    await skip(emulator, w)
    await summary(emulator, w.general)
    points = await doinel.db.scalar("SELECT points FROM trivia_scores WHERE user_id = ?", (w.bob.id,))
    assert points is not None and points >= 95, points            # 100 for an instant answer (README, Scoring)


async def test_a_click_on_the_moment_the_question_appears_scores_nearly_100(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.25)
    await start(emulator, w.general, w.alice, questions=2, seconds=20)
    q1 = await question(emulator, w.general, 1, 2)
    await click(emulator, q1, correct_id(q1), w.bob)
    await click(emulator, q1, wrong_id(q1), w.alice)
    await skip(emulator, w)
    q2 = await question(emulator, w.general, 2, 2)
    await asyncio.sleep(2.5)                                       # half of the 5 s
    await click(emulator, q2, correct_id(q2), w.bob)
    await summary(emulator, w.general)
    rows = await doinel.db.fetchall("SELECT user_id, position, points, correct, answer_ms FROM trivia_scores "
                                    "ORDER BY position, user_id")
    got = {(r["user_id"], r["position"]): (r["points"], r["correct"], r["answer_ms"]) for r in rows}
    assert got[(w.alice.id, 0)][:2] == (0, 0)
    p1, _, ms1 = got[(w.bob.id, 0)]
    assert p1 >= 95 and p1 == 50 + round(50 * (1 - ms1 / 5000))
    p2, _, ms2 = got[(w.bob.id, 1)]
    assert 2400 <= ms2 <= 3500 and p2 == 50 + round(50 * (1 - ms2 / 5000)) + 10   # streak of 2
    board = await boards.member_row(doinel.db, w.guild.id, w.bob.id)
    assert board is not None and board.points == p1 + p2 and board.wins == 1


def asked_prompts(emulator: Emulator, channel) -> list[str]:
    from tests.e2e.test_trivia import prompt_of, title
    return [prompt_of(m) for m in emulator.messages(channel) if title(m).startswith("Question ")]


async def test_two_rounds_side_by_side_in_one_server_never_repeat_a_question_while_others_are_unasked(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    import random
    import types

    import cogs.trivia.cog as trivia_cog

    w = discord_world
    other = await emulator.create_text_channel(w.guild, "cinema")
    async with doinel.db.transaction() as conn:                   # a pool of 8 questions
        await conn.execute("UPDATE questions SET deleted_at = 1 WHERE id NOT IN "
                           "(SELECT id FROM questions ORDER BY id LIMIT 8)")
    # The same shuffle for both rounds, so the outcome does not depend on luck (a fair bot gives the second
    # round the 4 questions the first one is not going to ask, whatever its shuffle).
    monkeypatch.setattr(trivia_cog, "random", types.SimpleNamespace(Random=lambda: random.Random(7)))
    settings = await emulator.slash(w.general, w.moderator, "trivia settings", idle_limit=10)
    await settings.wait_done()
    fast(doinel, 0.05)                                            # 20 s questions last 1 s
    await start(emulator, w.general, w.alice, questions=4, seconds=20)
    await start(emulator, other, w.bob, questions=4, seconds=20)
    await summary(emulator, w.general)
    await summary(emulator, other)
    first, second = asked_prompts(emulator, w.general), asked_prompts(emulator, other)
    assert len(first) == len(second) == 4
    assert set(first).isdisjoint(second), set(first) & set(second)


async def test_board_pages_keep_shared_ranks_across_a_page_break_and_members_who_left(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    gone = 9_000_000_000_000_000                                  # ids of members who have left the server
    points = [1000 - 10 * i for i in range(9)] + [500, 500, 500] + [400 - 10 * i for i in range(11)]
    async with doinel.db.transaction() as conn:
        cur = await conn.execute("INSERT INTO trivia_rounds (guild_id, channel_id, started_by, mode, question_count, "
                                 "seconds, status, started_at, ended_at, winner_id) VALUES (?, ?, ?, 'buttons', 1, "
                                 "20, 'finished', 1, 2, ?)", (w.guild.id, w.general.id, w.alice.id, gone))
        round_id = cur.lastrowid
        await conn.executemany(
            "INSERT INTO trivia_scores (round_id, guild_id, user_id, position, correct, points, answer_ms, created_at) "
            "VALUES (?, ?, ?, 0, ?, ?, 1000, 2)",
            [(round_id, w.guild.id, gone + i, int(p > 0), p) for i, p in enumerate(points)])
    board = await emulator.slash(w.general, w.alice, "trivia leaderboard")
    await board.wait_done()
    page1 = board.embeds[0]
    lines1 = page1["description"].split("\n\n")
    assert len(lines1) == 10 and lines1[0].startswith(f"**1.** <@{gone}> — **1000** pts")
    assert lines1[9].startswith(f"**10.** <@{gone + 9}> — **500** pts")
    assert page1["footer"]["text"].startswith("Page 1/3 · 23 players")
    message = emulator.message(board.original_message_id)
    next_id = next(b["custom_id"] for row in message.components for b in row["components"]
                   if b["custom_id"].endswith(":next"))
    turned = await emulator.click(message, next_id, w.bob)          # anyone may turn the pages
    await turned.wait_done()
    page2 = emulator.message(board.original_message_id).embeds[0]
    lines2 = page2["description"].split("\n\n")
    assert [line.split(" ")[0] for line in lines2[:3]] == ["**10.**", "**10.**", "**13.**"]
    assert page2["footer"]["text"].startswith("Page 2/3")
    stats = await emulator.slash(w.general, w.alice, "trivia stats")
    await stats.wait_done()
    assert "hasn't" in stats.embeds[0]["description"] or "haven't" in stats.embeds[0]["description"]


async def test_losing_send_messages_mid_round_ends_it_with_revealed_points_kept_and_the_channel_free(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    from tests.emulator import Perm

    w = discord_world
    fast(doinel, 0.1)
    await start(emulator, w.general, w.alice, questions=3, seconds=20)
    q1 = await question(emulator, w.general, 1, 3)
    await click(emulator, q1, correct_id(q1), w.bob)
    bot_role = next(r for r in w.guild.roles.values() if r.bot_id == emulator.bot_user.id)
    await skip(emulator, w)
    await revealed(emulator, w.general, 1, 3)
    await emulator.set_overwrite(w.general, bot_role, deny=Perm.SEND_MESSAGES)   # before question 2 goes out
    for _ in range(100):
        status = await doinel.db.scalar("SELECT status FROM trivia_rounds ORDER BY id DESC LIMIT 1")
        if status != "running":
            break
        await asyncio.sleep(0.05)
    assert status == "aborted"
    row = await boards.member_row(doinel.db, w.guild.id, w.bob.id)
    assert row is not None and row.correct == 1 and row.points >= 50 and row.wins == 1
    await emulator.clear_overwrite(w.general, bot_role)
    again = await start(emulator, w.general, w.alice, questions=1, seconds=20)
    assert not again.ephemeral and "already running" not in again.content


async def test_a_refused_trivia_settings_change_changes_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    from bot.db import trivia_sources as sources_db

    w = discord_world
    [film] = [c["value"] for c in await emulator.autocomplete(w.general, w.moderator, "trivia settings",
                                                              focused="disable")][:1]
    off = await emulator.slash(w.general, w.moderator, "trivia settings", disable=film)
    await off.wait_done()
    assert not any(s.enabled for s in await sources_db.sources(doinel.db, w.guild.id) if s.kind == "film")
    audits = await doinel.db.scalar("SELECT count(*) FROM audit_log")
    both = await emulator.slash(w.general, w.moderator, "trivia settings", enable=film, disable="No such list")
    await both.wait_done()
    assert both.ephemeral and "No film or question list" in both.content     # refused, the moderator is told
    assert not any(s.enabled for s in await sources_db.sources(doinel.db, w.guild.id) if s.kind == "film")
    assert await doinel.db.scalar("SELECT count(*) FROM audit_log") == audits


async def test_a_tie_for_first_is_shown_as_a_tie_and_the_win_goes_where_the_readme_says(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    from tests.e2e.test_trivia import description

    w = discord_world
    fast(doinel, 0.25)                                            # 120 s questions last 30 s: 1 point = 300 ms
    await start(emulator, w.general, w.moderator, questions=1, seconds=120)
    q = await question(emulator, w.general, 1, 1)
    right = correct_id(q)
    clicks = [await emulator.click(q, right, w.alice), await emulator.click(q, right, w.bob)]  # the same instant
    await asyncio.gather(*(c.wait_done() for c in clicks))
    stop = await emulator.slash(w.general, w.moderator, "trivia skip")
    await stop.wait_done()
    done = await summary(emulator, w.general)
    rows = await doinel.db.fetchall("SELECT user_id, points, answer_ms FROM trivia_scores ORDER BY answer_ms, user_id")
    assert len(rows) == 2 and rows[0]["points"] == rows[1]["points"]
    expected = rows[0]["user_id"]                                 # less time, then (equal times) the lower id
    winner = await doinel.db.scalar("SELECT winner_id FROM trivia_rounds")
    assert winner == expected
    text = description(done)
    assert text.startswith(f"🏆 Tie for first with **{rows[0]['points']}** points:")
    assert f"Tie-break: the win is recorded for <@{expected}>" in text
    board = await emulator.slash(w.general, w.alice, "trivia leaderboard", period="week")
    await board.wait_done()
    since, *lines = board.embeds[0]["description"].split("\n\n")    # the period's start, then the board
    assert since.startswith("Since <t:"), since
    assert [line.split(" ")[:2] for line in lines] == [["**1.**", f"<@{expected}>"],
                                                        ["**1.**", f"<@{rows[1]['user_id']}>"]]
    assert "1 win" in lines[0] and "0 wins" in lines[1]


async def test_a_changed_answer_scores_from_the_time_of_the_change(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.25)                                            # 20 s questions last 5 s
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q = await question(emulator, w.general, 1, 1)
    assert (await click(emulator, q, wrong_id(q), w.bob)).startswith("Locked in")
    await asyncio.sleep(2.5)
    assert (await click(emulator, q, correct_id(q), w.bob)).startswith("Changed to")
    await skip(emulator, w)
    await summary(emulator, w.general)
    row = await doinel.db.fetchone("SELECT points, answer_ms, correct FROM trivia_scores WHERE user_id = ?",
                                   (w.bob.id,))
    assert row["correct"] == 1 and 2400 <= row["answer_ms"] <= 3600, dict(row)
    assert row["points"] == 50 + round(50 * (1 - row["answer_ms"] / 5000)) and row["points"] <= 76


async def test_start_is_refused_in_a_channel_where_the_bot_may_only_post_in_threads(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Send Messages denied, Send Messages in Threads kept: no round is announced that could never show a question."""
    from tests.emulator import Perm

    w = discord_world
    announcements = await emulator.create_text_channel(w.guild, "announcements")
    await emulator.set_overwrite(announcements, emulator.bot_member(w.guild), deny=Perm.SEND_MESSAGES)
    record = await start(emulator, announcements, w.alice, questions=1)
    assert record.ephemeral and "Send Messages" in record.content, record.content
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_rounds") == 0


async def test_only_the_starter_or_a_moderator_role_member_can_stop_or_skip_and_stopping_keeps_the_points(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    from tests.e2e.test_trivia import description

    w = discord_world
    helpers = await emulator.create_role(w.guild, "Quizmasters")
    carol = await emulator.add_member(w.guild, "carol", roles=[helpers])
    set_role = await emulator.slash(w.general, w.moderator, "config modrole", role=helpers)
    await set_role.wait_done()
    fast(doinel, 0.1)
    await start(emulator, w.general, w.alice, questions=5, seconds=20)
    q1 = await question(emulator, w.general, 1, 5)
    await click(emulator, q1, correct_id(q1), w.bob)
    for command in ("trivia skip", "trivia stop"):               # bob neither started it nor moderates
        refused = await emulator.slash(w.general, w.bob, command)
        await refused.wait_done()
        assert refused.ephemeral and "moderator" in refused.content.lower(), (command, refused.content)
    assert await doinel.db.scalar("SELECT status FROM trivia_rounds") == "running"
    stop = await emulator.slash(w.general, carol, "trivia stop")     # a moderator by role, without Manage Server
    await stop.wait_done()
    assert not stop.ephemeral
    done = await summary(emulator, w.general)
    assert f"Stopped by <@{carol.id}> after question 1." in description(done)
    status, winner = tuple(await doinel.db.fetchone("SELECT status, winner_id FROM trivia_rounds"))
    assert (status, winner) == ("stopped", w.bob.id)
    row = await boards.member_row(doinel.db, w.guild.id, w.bob.id)
    assert row is not None and row.correct == 1 and row.wins == 1


async def test_two_starts_at_the_same_instant_in_one_channel_make_one_round(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.1)
    first, second = (await emulator.slash(w.general, w.alice, "trivia start", questions=1),
                     await emulator.slash(w.general, w.bob, "trivia start", questions=1))
    await asyncio.gather(first.wait_done(), second.wait_done())
    outcomes = sorted([first, second], key=lambda r: r.ephemeral)
    assert not outcomes[0].ephemeral and outcomes[1].ephemeral
    assert "already running in this channel" in outcomes[1].content
    assert f"/channels/{w.guild.id}/{w.general.id}" in outcomes[1].content
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_rounds") == 1
    await question(emulator, w.general, 1, 1)
    await summary(emulator, w.general)
    questions = [m for m in emulator.messages(w.general) if (m.embeds or [{}])[0].get("title", "").startswith(
        "Question 1/1")]
    assert len(questions) == 1                                    # one round asks, not two
