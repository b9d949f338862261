"""QA21: the regulars compare their accuracy on the boards after many rounds."""

from __future__ import annotations

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator


async def ledger(bot: Doinel, w: DiscordWorld, answers: dict[int, tuple[int, int]]) -> None:
    """One finished round in which each member gave ``answers[member] = (correct, wrong)`` answers."""
    today = int(bot.clock.now())      # answered now: on this week's and month's boards too
    async with bot.db.transaction() as conn:
        cur = await conn.execute("INSERT INTO trivia_rounds (guild_id, channel_id, started_by, mode, question_count, "
                                 "seconds, status, started_at, ended_at) VALUES (?, ?, ?, 'buttons', 50, 20, "
                                 "'finished', 1, 2)", (w.guild.id, w.general.id, w.alice.id))
        round_id = cur.lastrowid
        rows = []
        for user_id, (right, wrong) in answers.items():
            rows += [(round_id, w.guild.id, user_id, i, 1, 60, today) for i in range(right)]
            rows += [(round_id, w.guild.id, user_id, right + i, 0, 0, today) for i in range(wrong)]
        await conn.executemany(
            "INSERT INTO trivia_scores (round_id, guild_id, user_id, position, correct, points, answer_ms, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 1000, ?)", rows)


async def test_one_miss_in_two_hundred_is_not_shown_as_a_perfect_accuracy(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Alice has answered 200 questions and missed one; Bob answered 40 and missed none. The board reads
    "100%" for both, and Alice's /trivia stats read "199 of 200 (100%)", which contradicts itself. Bob
    points at his perfect record and nobody can see it on the board. Accuracy below 100% must never be
    shown as 100% (99.5% rounds down to 99%, or shows its decimal)."""
    w = discord_world
    await ledger(doinel, w, {w.alice.id: (199, 1), w.bob.id: (40, 0)})
    board = await emulator.slash(w.general, w.bob, "trivia leaderboard")
    await board.wait_done()
    alice_line, bob_line = board.embeds[0]["description"].split("\n\n")
    assert f"<@{w.alice.id}>" in alice_line and "199 right" in alice_line
    assert "· 100% ·" in bob_line
    assert "100%" not in alice_line, alice_line
    stats = await emulator.slash(w.general, w.bob, "trivia stats", member=w.alice)
    await stats.wait_done()
    fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    assert "100%" not in fields["Correct answers"], fields["Correct answers"]


async def test_members_tied_on_points_and_answers_share_a_place_on_board_and_stats(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Two regulars with the same points and the same right answers share first place on the board, and
    each one's /trivia stats says #1; the next one down is #3, as the board shows."""
    w = discord_world
    carol = await emulator.add_member(w.guild, "carol")
    await ledger(doinel, w, {w.alice.id: (5, 1), w.bob.id: (5, 3), carol.id: (4, 0)})
    board = await emulator.slash(w.general, carol, "trivia leaderboard", period="month")
    await board.wait_done()
    since, *lines = board.embeds[0]["description"].split("\n\n")    # the period's start, then the board
    assert since.startswith("Since <t:"), since
    assert [line.split(" ")[0] for line in lines] == ["**1.**", "**1.**", "**3.**"]
    assert f"<@{carol.id}>" in lines[2]
    for member, rank in ((w.alice, "#1 of 3"), (w.bob, "#1 of 3"), (carol, "#3 of 3")):
        stats = await emulator.slash(w.general, carol, "trivia stats", member=member)
        await stats.wait_done()
        fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
        assert fields["All time"].endswith(rank), (member.name, fields)
