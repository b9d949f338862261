"""Trivia end to end: the real bot, rounds played by emulated members."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from bot.client import Doinel
from bot.db import trivia_boards as boards
from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.emulator import Emulator
from tests.emulator.state import Channel, Member, Message

PACK = Path(__file__).resolve().parents[2] / "data" / "packs" / "the-400-blows.json"
ANSWERS = {q["prompt"]: q["answers"][0] for q in json.loads(PACK.read_text(encoding="utf-8"))["questions"]}
ENDED = "This round has ended."


def fast(bot: Doinel, scale: float = 0.1) -> None:
    """Every wait of a round (question time, pauses) times ``scale``: 20 s questions last 2 s."""
    bot.get_cog("Trivia").time_scale = scale


async def start_typed(emulator: Emulator, harness: DoinelHarness, scale: float = 0.2) -> Doinel:
    """Doinel with the Message Content intent (typed rounds; granted on the emulator too), rounds ``scale``."""
    emulator.grant_intents(message_content=True)
    harness.env["MESSAGE_CONTENT_INTENT"] = "true"
    bot = await harness.start()
    fast(bot, scale)
    return bot


def title(message: Message) -> str:
    return message.embeds[0].get("title", "") if message.embeds else ""


def description(message: Message) -> str:
    return message.embeds[0].get("description", "") if message.embeds else ""


def buttons(message: Message) -> list[dict[str, Any]]:
    return [c for row in message.components for c in row.get("components", [])]


def prompt_of(message: Message) -> str:
    return re.match(r"\*\*(.+?)\*\*", description(message)).group(1)


def correct_id(message: Message) -> str:
    """The custom id of the right answer, found from the pack (black box: no peeking at the bot)."""
    answer = ANSWERS[prompt_of(message)]
    return next(b["custom_id"] for b in buttons(message) if b["label"].split(" · ", 1)[1] == answer)


def wrong_id(message: Message) -> str:
    right = correct_id(message)
    return next(b["custom_id"] for b in buttons(message) if b["custom_id"] != right)


async def question(emulator: Emulator, channel: Channel, number: int, total: int, **kw: Any) -> Message:
    return await emulator.wait_for_message(channel, lambda m: title(m) == f"Question {number}/{total}", **kw)


async def revealed(emulator: Emulator, channel: Channel, number: int, total: int) -> Message:
    return await emulator.wait_for_message(channel, lambda m: title(m) == f"Question {number}/{total} · answer")


async def summary(emulator: Emulator, channel: Channel) -> Message:
    return await emulator.wait_for_message(channel, lambda m: title(m).startswith(("🏁", "⏹️", "💤", "⚠️")),
                                           timeout=10)


async def click(emulator: Emulator, message: Message, custom_id: str, member: Member) -> str:
    record = await emulator.click(message, custom_id, member)
    await record.wait_done()
    assert record.ephemeral
    return record.content


async def recorded(bot: Doinel, message: Message) -> None:
    """Wait until the bot has stored the id of the message carrying a question (it does so just after sending)."""
    for _ in range(200):
        if await bot.db.scalar("SELECT 1 FROM trivia_round_questions WHERE message_id = ?", (message.id,)):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"question message {message.id} was never recorded")


async def start(emulator: Emulator, channel: Channel, member: Member, **options: Any):
    record = await emulator.slash(channel, member, "trivia start", **options)
    await record.wait_done()
    return record


async def test_full_buttons_round_with_several_members(emulator: Emulator, discord_world: DiscordWorld,
                                                       doinel: Doinel) -> None:
    w = discord_world
    fast(doinel)
    record = await start(emulator, w.general, w.alice, questions=3, seconds=20)
    assert "3 questions · 20 s each · buttons" in record.content and not record.ephemeral
    q1 = await question(emulator, w.general, 1, 3)
    assert len(buttons(q1)) == 4 and all(re.fullmatch(r"doinel:trivia:\d+:0:[a-d]", b["custom_id"])
                                         for b in buttons(q1))
    assert (await click(emulator, q1, correct_id(q1), w.alice)).startswith("Locked in")
    assert (await click(emulator, q1, wrong_id(q1), w.bob)).startswith("Locked in")
    assert (await click(emulator, q1, correct_id(q1), w.bob)).endswith("(no more changes).")
    assert "You already changed" in await click(emulator, q1, wrong_id(q1), w.bob)
    assert (await click(emulator, q1, wrong_id(q1), w.moderator)).startswith("Locked in")
    r1 = await revealed(emulator, w.general, 1, 3)
    assert r1.id == q1.id  # the reveal edits the question
    assert "**2/3** right" in description(r1) and "⚡ <@" in description(r1)
    assert all(b.get("disabled") for b in buttons(r1))
    assert sorted(int(re.search(r"\((\d+)\)$", b["label"]).group(1)) for b in buttons(r1)) == [0, 0, 1, 2]
    q2 = await question(emulator, w.general, 2, 3)
    await click(emulator, q2, correct_id(q2), w.alice)
    q3 = await question(emulator, w.general, 3, 3)
    await click(emulator, q3, correct_id(q3), w.alice)
    await click(emulator, q3, correct_id(q3), w.bob)
    done = await summary(emulator, w.general)
    assert title(done) == "🏁 Trivia round over"
    assert f"Winner: <@{w.alice.id}>" in description(done)
    board = await emulator.slash(w.general, w.bob, "trivia leaderboard")
    await board.wait_done()
    lines = board.embeds[0]["description"].split("\n\n")
    assert lines[0].startswith(f"**1.** <@{w.alice.id}>") and "3 right" in lines[0] and "1 win" in lines[0]
    assert f"<@{w.bob.id}>" in lines[1] and "2 right" in lines[1] and "0 wins" in lines[1]
    assert len(lines) == 3


async def test_double_start_is_refused_with_a_link(emulator: Emulator, discord_world: DiscordWorld,
                                                   doinel: Doinel) -> None:
    w = discord_world
    first = await start(emulator, w.general, w.alice)
    second = await start(emulator, w.general, w.bob)
    assert second.ephemeral and "already running in this channel" in second.content
    assert f"/channels/{w.guild.id}/{w.general.id}/{first.original_message_id}" in second.content


async def test_an_unknown_film_of_any_length_is_named_within_discord_limits(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    long_name = "Jules et Jim " * 200
    for member, command, options in ((w.alice, "trivia start", {"film": long_name}),
                                     (w.moderator, "trivia settings", {"enable": long_name}),
                                     (w.moderator, "trivia settings", {"disable": long_name})):
        refused = await emulator.slash(w.general, member, command, **options)
        await refused.wait_done()
        assert refused.ephemeral and refused.content.startswith("No film"), refused.content
        assert "“Jules et Jim Jules" in refused.content and len(refused.content) < 300
    assert emulator.violations == []


async def test_stop_and_skip_permissions(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.25)  # 5 s questions: skip and stop move the round on
    await start(emulator, w.general, w.alice, questions=5)
    await question(emulator, w.general, 1, 5)
    for command in ("trivia skip", "trivia stop"):
        denied = await emulator.slash(w.general, w.bob, command)
        await denied.wait_done()
        assert denied.ephemeral and "Only the member who started this round" in denied.content
    skipped = await emulator.slash(w.general, w.moderator, "trivia skip")
    await skipped.wait_done()
    assert f"<@{w.moderator.id}> skipped question 1" in skipped.content
    r1 = await revealed(emulator, w.general, 1, 5)
    assert f"Skipped by <@{w.moderator.id}>" in description(r1)
    await question(emulator, w.general, 2, 5, timeout=10)
    stopped = await emulator.slash(w.general, w.alice, "trivia stop")
    await stopped.wait_done()
    done = await summary(emulator, w.general)
    assert title(done) == "⏹️ Trivia round stopped" and f"Stopped by <@{w.alice.id}>" in description(done)
    nothing = await emulator.slash(w.general, w.alice, "trivia stop")
    await nothing.wait_done()
    assert "No trivia round is running" in nothing.content


async def test_two_channels_at_once(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.1)
    cinema = await emulator.create_text_channel(w.guild, "cinema")
    await start(emulator, w.general, w.alice, questions=2)
    await start(emulator, cinema, w.bob, questions=2)
    g1, c1 = await question(emulator, w.general, 1, 2), await question(emulator, cinema, 1, 2)
    g1_right, c1_right, c1_wrong = correct_id(g1), correct_id(c1), wrong_id(c1)
    assert g1_right.split(":")[2] != c1_right.split(":")[2]  # two rounds
    await click(emulator, g1, g1_right, w.alice)
    await click(emulator, c1, c1_right, w.bob)
    await click(emulator, c1, c1_wrong, w.alice)  # alice plays in both channels
    g2, c2 = await question(emulator, w.general, 2, 2), await question(emulator, cinema, 2, 2)
    g2_right, c2_right = correct_id(g2), correct_id(c2)
    await click(emulator, g2, g2_right, w.alice)
    await click(emulator, c2, c2_right, w.bob)
    general_done, cinema_done = await summary(emulator, w.general), await summary(emulator, cinema)
    assert f"Winner: <@{w.alice.id}>" in description(general_done)
    assert f"Winner: <@{w.bob.id}>" in description(cinema_done)
    rounds = await doinel.db.fetchall("SELECT id, channel_id, status, winner_id FROM trivia_rounds ORDER BY id")
    assert [tuple(r)[1:] for r in rounds] == [(w.general.id, "finished", w.alice.id),
                                              (cinema.id, "finished", w.bob.id)]
    ledger = await doinel.db.fetchall("SELECT round_id, user_id, correct FROM trivia_scores ORDER BY id")
    general_id, cinema_id = rounds[0]["id"], rounds[1]["id"]
    assert sorted(tuple(r) for r in ledger) == sorted([
        (general_id, w.alice.id, 1), (general_id, w.alice.id, 1),
        (cinema_id, w.bob.id, 1), (cinema_id, w.alice.id, 0), (cinema_id, w.bob.id, 1)])


async def test_200_members_answer_the_same_question_at_once(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    members = [await emulator.add_member(w.guild, f"player{i}") for i in range(200)]
    fast(doinel, 0.5)  # a 10 s question: the burst is over long before it closes
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q1 = await question(emulator, w.general, 1, 1)
    right, wrong = correct_id(q1), wrong_id(q1)
    records = [await emulator.click(q1, right if i % 4 else wrong, m) for i, m in enumerate(members)]
    await asyncio.gather(*(r.wait_done(timeout=10) for r in records))
    # The emulator refuses a first answer after Discord's 3 s deadline, so each reply here was in time
    # (how fast is bench.answer_burst's figure, not an assertion here).
    assert all(r.ephemeral and r.content.startswith("Locked in") for r in records)
    skip = await emulator.slash(w.general, w.alice, "trivia skip")
    await skip.wait_done()
    reveal = await revealed(emulator, w.general, 1, 1)
    assert "**150/200** right" in description(reveal)
    await summary(emulator, w.general)
    rows = await doinel.db.fetchall("SELECT user_id, correct, points, answer_ms FROM trivia_scores")
    assert len(rows) == 200 and len({r["user_id"] for r in rows}) == 200
    by_user = {r["user_id"]: r for r in rows}
    for i, m in enumerate(members):
        row = by_user[m.id]
        assert row["correct"] == (1 if i % 4 else 0)
        # Speed points: 100 at once, 50 at the buzzer (10 s here); no streak in a one-question round.
        expected = 50 + round(50 * (1 - min(row["answer_ms"], 10_000) / 10_000)) if row["correct"] else 0
        assert row["points"] == expected
    page = await boards.leaderboard(doinel.db, w.guild.id, limit=200)
    assert page.total == 200 and sum(r.points for r in page.rows) == sum(r["points"] for r in rows)
    assert emulator.violations == []


async def test_typed_round(emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    w = discord_world
    emulator.grant_intents(message_content=True)
    doinel_harness.env["MESSAGE_CONTENT_INTENT"] = "true"
    bot = await doinel_harness.start()
    fast(bot)
    record = await start(emulator, w.general, w.alice, questions=2, mode="typed")
    assert "typed" in record.content
    q1 = await question(emulator, w.general, 1, 2)
    answer = ANSWERS[prompt_of(q1)]
    await emulator.say(w.general, w.bob, "no idea, Godard and Chabrol and Rohmer?")
    said = await emulator.say(w.general, w.alice, f"I think it's {answer}")
    await emulator.say(w.general, w.bob, answer)  # too late: alice took it
    confirm = await emulator.wait_for_message(w.general, lambda m: "got it" in m.content, after=said)
    assert confirm.content.startswith(f"✅ <@{w.alice.id}> got it") and confirm.message_reference
    r1 = await revealed(emulator, w.general, 1, 2)
    assert f"<@{w.alice.id}> took it" in description(r1)
    await question(emulator, w.general, 2, 2)
    done = await summary(emulator, w.general)
    assert f"Winner: <@{w.alice.id}>" in description(done)
    rows = await bot.db.fetchall("SELECT user_id, correct FROM trivia_scores WHERE position = 0 ORDER BY user_id")
    assert sorted((r["user_id"], r["correct"]) for r in rows) == sorted([(w.alice.id, 1), (w.bob.id, 0)])


async def test_typed_round_refused_without_the_intent(emulator: Emulator, discord_world: DiscordWorld,
                                                      doinel: Doinel) -> None:
    record = await start(emulator, discord_world.general, discord_world.alice, mode="typed")
    assert record.ephemeral and "Message Content intent" in record.content
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_rounds") == 0


async def test_restart_in_the_middle_of_a_round(emulator: Emulator, discord_world: DiscordWorld,
                                                doinel: Doinel, restart_bot) -> None:
    w = discord_world
    fast(doinel, 0.25)
    await start(emulator, w.general, w.alice, questions=3)
    q1 = await question(emulator, w.general, 1, 3)
    await click(emulator, q1, correct_id(q1), w.alice)
    skip = await emulator.slash(w.general, w.alice, "trivia skip")
    await skip.wait_done()
    await revealed(emulator, w.general, 1, 3)
    q2 = await question(emulator, w.general, 2, 3, timeout=10)
    q2_right = correct_id(q2)
    await click(emulator, q2, q2_right, w.bob)  # locked in, never revealed: not a point
    await recorded(doinel, q2)  # the bot has noted which message carries question 2
    bot = await restart_bot()
    assert await click(emulator, q2, q2_right, w.bob) == ENDED  # never "interaction failed"
    notice = await emulator.wait_for_message(w.general, lambda m: "interrupted when I restarted" in m.content)
    assert f"Winner: <@{w.alice.id}>" in notice.content
    (round_,) = await bot.db.fetchall("SELECT status, winner_id FROM trivia_rounds")
    assert (round_["status"], round_["winner_id"]) == ("aborted", w.alice.id)
    row = await boards.member_row(bot.db, w.guild.id, w.alice.id)
    assert row is not None and row.correct == 1 and row.points > 0 and row.wins == 1
    assert await boards.member_row(bot.db, w.guild.id, w.bob.id) is None
    assert title(emulator.message(q2.id)) == "Question interrupted"
    again = await start(emulator, w.general, w.bob, questions=1)  # the channel is free again
    assert not again.ephemeral


RED_LIST = b"""AUTHOR: Film club
CONFIG:
  delay: 30
Is Jules et Jim set during the Second World War?:
- no
Were the Cahiers critics behind the New Wave?:
- yes
Who directed Cleo from 5 to 7?:
- Agnes Varda
- Varda
Who directed Pierrot le Fou?:
- Jean-Luc Godard
- Godard
"""


async def test_moderators_import_a_red_list_after_a_dry_run(emulator: Emulator, discord_world: DiscordWorld,
                                                            doinel: Doinel) -> None:
    w = discord_world
    refused = await emulator.slash(w.general, w.alice, "trivia questions import", file=("club.yaml", RED_LIST))
    await refused.wait_done()
    assert refused.ephemeral and "Only moderators" in refused.content
    bad = await emulator.slash(w.general, w.moderator, "trivia questions import",
                               file=("bad.yaml", RED_LIST + b"Truncated question?:\n"))
    await bad.wait_done()
    assert "Nothing was imported" in bad.followups[0].content
    assert 'question "Truncated question?" (line 14): has no answers' in bad.followups[0].content
    record = await emulator.slash(w.general, w.moderator, "trivia questions import", file=("club.yaml", RED_LIST))
    await record.wait_done()
    preview = record.followups[0]
    assert preview.ephemeral and "Ready to import **4** questions" in preview.content
    assert "4 added" in preview.content and "CONFIG (delay)" in preview.content
    assert await doinel.db.scalar("SELECT count(*) FROM questions WHERE list_name = 'club'") == 0
    confirm = next(b["custom_id"] for row in preview.components for b in row["components"] if b["label"] == "Import")
    done = await emulator.click(preview.message_id, confirm, w.moderator)
    await done.wait_done()
    message = emulator.message(preview.message_id)
    assert message.content.startswith("✅ Imported **4** questions") and not message.components
    rows = await doinel.db.fetchall("SELECT prompt, answers FROM questions WHERE list_name = 'club' ORDER BY id")
    assert json.loads(rows[0]["answers"]) == ["no"] and json.loads(rows[1]["answers"]) == ["yes"]
    sources = await emulator.autocomplete(w.general, w.moderator, "trivia settings", focused="disable", disable="clu")
    assert [c["value"] for c in sources] == ["list:club"]
    exported = await emulator.slash(w.general, w.moderator, "trivia questions export", source="list:club")
    await exported.wait_done()
    (file,) = exported.followups[0].files
    assert file.filename == "club.yaml" and b"'no'" in file.data and b"Varda" in file.data
    assert done.errors == []        # the click was answered once (not also as an expired confirmation)


async def test_settings_change_the_defaults_and_the_pool(emulator: Emulator, discord_world: DiscordWorld,
                                                         doinel: Doinel) -> None:
    w = discord_world
    denied = await emulator.slash(w.general, w.bob, "trivia settings", seconds=30)
    await denied.wait_done()
    assert "Only moderators" in denied.content
    changed = await emulator.slash(w.general, w.moderator, "trivia settings", seconds=30, questions=4,
                                   spoilers=True, idle_limit=2)
    await changed.wait_done()
    fields = {f["name"]: f["value"] for f in changed.embeds[0]["fields"]}
    assert fields["Seconds per question"] == "30" and fields["Questions per round"] == "4"
    assert fields["Answers in spoilers"] == "on" and fields["Idle limit"] == "2 unanswered questions"
    (film,) = await emulator.autocomplete(w.general, w.moderator, "trivia settings", focused="disable", disable="")
    off = await emulator.slash(w.general, w.moderator, "trivia settings", disable=film["value"])
    await off.wait_done()
    assert "turned off" in off.embeds[0]["description"]
    empty = await start(emulator, w.general, w.alice)
    assert empty.ephemeral and "no trivia questions" in empty.content
    # Two typed-answer questions alone cannot fill four buttons: say so, and what works instead.
    two = b"AUTHOR: Film club\nWho directed Jules et Jim?:\n- Truffaut\nWho directed Breathless?:\n- Godard\n"
    preview = (await (await emulator.slash(w.general, w.moderator, "trivia questions import",
                                           file=("two.yaml", two))).wait_done()).followups[0]
    confirm = next(b["custom_id"] for row in preview.components for b in row["components"] if b["label"] == "Import")
    await (await emulator.click(preview.message_id, confirm, w.moderator)).wait_done()
    few = await start(emulator, w.general, w.alice, mode="buttons")
    assert few.ephemeral and "can't make a buttons round" in few.content and "mode: typed" in few.content
    two_off = await (await emulator.slash(w.general, w.moderator, "trivia settings", disable="list:two")).wait_done()
    assert "turned off" in two_off.embeds[0]["description"]
    await (await emulator.slash(w.general, w.moderator, "trivia settings", enable=film["value"])).wait_done()
    fast(doinel, 0.02)
    started = await start(emulator, w.general, w.alice)
    assert "4 questions · 30 s each" in started.content
    done = await summary(emulator, w.general)
    assert title(done) == "💤 Trivia round ended: nobody was answering"  # idle limit 2 of 4 questions
    revealed_q = await revealed(emulator, w.general, 1, 4)
    assert "||" in description(revealed_q)  # answers in spoilers


async def test_leaderboard_pages_stats_and_reset(emulator: Emulator, discord_world: DiscordWorld,
                                                 doinel: Doinel) -> None:
    w = discord_world
    members = [await emulator.add_member(w.guild, f"player{i}") for i in range(12)]
    fast(doinel, 0.25)
    await start(emulator, w.general, w.alice, questions=1)
    q1 = await question(emulator, w.general, 1, 1)
    for m in [*members, w.alice]:
        await click(emulator, q1, correct_id(q1), m)
    await (await emulator.slash(w.general, w.alice, "trivia skip")).wait_done()
    done = description(await summary(emulator, w.general))
    assert done.startswith("🏆 Tie for first with **100** points: ") and "Winner" not in done
    assert done.split("\n")[0].endswith(" and 3 more")  # 13 tied: ten named
    assert done.count("**1.**") == 10 and "… and 3 more" in done  # ranked as the board ranks them
    board = await emulator.slash(w.general, w.bob, "trivia leaderboard", period="week")
    await board.wait_done()
    assert board.embeds[0]["footer"]["text"].startswith("Page 1/2 · 13 players")
    assert board.embeds[0]["description"].count("**1.**") == 10  # 10 a page, all tied on 100 points
    next_id = next(b["custom_id"] for row in board.original.components for b in row["components"]
                   if b["label"] == "Next ▶")
    other = await emulator.click(board.original_message_id, next_id, w.alice)  # anyone may page a public board
    await other.wait_done()
    assert other.callback_type == 7
    assert emulator.message(board.original_message_id).embeds[0]["footer"]["text"].startswith("Page 2/2")
    stats = await emulator.slash(w.general, w.bob, "trivia stats", member=w.alice)
    await stats.wait_done()
    fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    assert fields["Correct answers"] == "1 of 1 (100%)" and fields["Games"] == "1"
    denied = await emulator.slash(w.general, w.bob, "trivia reset", member=w.alice)
    await denied.wait_done()
    assert "Only moderators" in denied.content
    reset = await emulator.slash(w.general, w.moderator, "trivia reset", member=w.alice)
    await reset.wait_done()
    assert reset.ephemeral and "cannot be undone" in reset.content
    assert (await boards.member_row(doinel.db, w.guild.id, w.alice.id)) is not None
    confirm = next(b["custom_id"] for row in reset.original.components for b in row["components"]
                   if b["label"] == "Reset")
    await (await emulator.click(reset.original_message_id, confirm, w.moderator)).wait_done()
    assert "1 answer no longer counts" in emulator.message(reset.original_message_id).content
    assert await boards.member_row(doinel.db, w.guild.id, w.alice.id) is None
    assert (await boards.leaderboard(doinel.db, w.guild.id)).total == 12
    after = await emulator.slash(w.general, w.bob, "trivia stats", member=w.alice)
    await after.wait_done()
    assert after.embeds[0]["description"].endswith("hasn't answered any trivia in this server yet.")
    mine = await emulator.slash(w.general, w.bob, "trivia stats")  # others have answered; Bob never has
    await mine.wait_done()
    assert mine.embeds[0]["description"] == "You haven't answered any trivia in this server yet."


async def test_a_confirmation_from_before_a_restart_expires_politely(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, restart_bot) -> None:
    w = discord_world
    reset = await emulator.slash(w.general, w.moderator, "trivia reset")
    await reset.wait_done()
    assert "**everyone's**" in reset.content
    confirm = next(b["custom_id"] for row in reset.original.components for b in row["components"]
                   if b["label"] == "Reset")
    bot = await restart_bot()
    late = await emulator.click(reset.original_message_id, confirm, w.moderator)
    await late.wait_done()
    assert late.ephemeral and late.content.startswith("This confirmation has expired: nothing changed.")
    assert await bot.db.scalar("SELECT count(*) FROM trivia_resets") == 0
