"""QA21: the regulars argue over the boards about members who left the server.

A member who leaves keeps their rows on the leaderboard (the ledger is never rewritten), so the
others look them up with `/trivia stats member:` (Discord's user picker takes a pasted id or mention of
someone no longer in the server: the interaction then resolves a user without a member), and a moderator
wants to take a departed cheater off the boards with `/trivia reset member:`.
"""

from __future__ import annotations

from bot.client import Doinel
from bot.db import trivia_boards as boards
from bot.tree import APOLOGY
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_trivia import click, correct_id, fast, question, start, summary
from tests.emulator import Emulator


async def _bob_scores_then_leaves(emulator: Emulator, w: DiscordWorld, bot: Doinel) -> None:
    fast(bot, 0.1)
    await start(emulator, w.general, w.alice, questions=1, seconds=20)
    q1 = await question(emulator, w.general, 1, 1)
    await click(emulator, q1, correct_id(q1), w.bob)
    await summary(emulator, w.general)
    await emulator.remove_member(w.bob)


async def test_stats_of_a_member_who_left_shows_their_points(emulator: Emulator, discord_world: DiscordWorld,
                                                             doinel: Doinel) -> None:
    """Bob won a round and left. He is still first on /trivia leaderboard, so Alice pastes his id into
    `/trivia stats member:`. She is told "Sorry, something went wrong on my side. It has been logged"
    (and an error is logged as a bug). She should see Bob's stats as the board counts them, or at least a
    clear answer about him, never the apology."""
    w = discord_world
    await _bob_scores_then_leaves(emulator, w, doinel)
    board = await emulator.slash(w.general, w.alice, "trivia leaderboard")
    await board.wait_done()
    assert board.embeds[0]["description"].startswith(f"**1.** <@{w.bob.id}> — **")
    stats = await emulator.slash(w.general, w.alice, "trivia stats", member=w.bob.user)
    await stats.wait_done()
    assert stats.content != APOLOGY
    assert stats.embeds and "bob" in stats.embeds[0]["title"]
    fields = {f["name"]: f["value"] for f in stats.embeds[0].get("fields", [])}
    assert fields.get("Correct answers") == "1 of 1 (100%)"


async def test_a_moderator_resets_a_member_who_left(emulator: Emulator, discord_world: DiscordWorld,
                                                   doinel: Doinel) -> None:
    """Bob left the server with his points; the moderators decide his board place was not earned and run
    `/trivia reset member:` with his id. They get the bug apology and nothing changes: the only way to
    take him off the boards is to reset everyone's history. They should get the usual Reset confirmation,
    and after it Bob should be off every board while the others keep theirs."""
    w = discord_world
    await _bob_scores_then_leaves(emulator, w, doinel)
    reset = await emulator.slash(w.general, w.moderator, "trivia reset", member=w.bob.user)
    await reset.wait_done()
    assert reset.content != APOLOGY
    assert reset.ephemeral and "cannot be undone" in reset.content, reset.content
    confirm = next(b["custom_id"] for row in reset.original.components for b in row["components"]
                   if b["label"] == "Reset")
    await (await emulator.click(reset.original_message_id, confirm, w.moderator)).wait_done()
    assert await boards.member_row(doinel.db, w.guild.id, w.bob.id) is None


async def test_a_member_who_leaves_and_rejoins_keeps_the_points_and_the_board_never_pings(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Bob scores, leaves, rejoins under a Markdown, @everyone-looking nickname: the board still has his
    one row (not two), names him by mention (so his nickname can't break the layout), and his stats
    title shows the nickname as typed. Nothing the bot sent could ping anyone."""
    w = discord_world
    await _bob_scores_then_leaves(emulator, w, doinel)
    bob = await emulator.add_member(w.guild, "bob", user=w.bob.user)
    await emulator.update_member(bob, nick="@everyone **Bob**")
    board = await emulator.slash(w.general, w.alice, "trivia leaderboard")
    await board.wait_done()
    description = board.embeds[0]["description"]
    assert description.count(f"<@{w.bob.id}>") == 1 and "@everyone" not in description
    assert board.embeds[0]["footer"]["text"].startswith("1 player")
    stats = await emulator.slash(w.general, w.alice, "trivia stats", member=bob)
    await stats.wait_done()
    assert stats.embeds[0]["title"] == "Trivia stats · @everyone \\*\\*Bob\\*\\*"
    for record in (board, stats):
        message = emulator.message(record.original_message_id)
        assert message is not None and not message.mention_everyone and not message.mentions
