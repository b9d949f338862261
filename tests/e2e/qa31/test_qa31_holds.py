"""QA31: what holds on Léa's Ciné-Quiz night (passing tests)."""

from __future__ import annotations

import asyncio
import re

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa31.support import red_list, upload_list
from tests.e2e.test_trivia import (
    click,
    correct_id,
    description,
    fast,
    question,
    revealed,
    start,
    title,
    wrong_id,
)
from tests.emulator import Emulator

LINE = re.compile(r"\*\*\d+\.\*\* <@(\d+)> — \*\*(\d+)\*\* pts")


def points_in(text: str) -> dict[int, int]:
    return {int(user): int(points) for user, points in LINE.findall(text)}


async def test_an_answer_typed_in_the_wrong_channel_does_not_count(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """The side round runs in a thread of #general. Alice types the answer in #general by mistake: it is
    neither taken nor counted as a go in the thread. Bob types it in the thread and takes the question."""
    w = discord_world
    await upload_list(emulator, w, red_list({"Who directed Jules et Jim?": ["François Truffaut", "Truffaut"]}),
                      "side.yaml")
    thread = await emulator.create_thread(w.general, "side round")
    await start(emulator, thread, w.moderator, mode="typed", list="side", questions=1, seconds=60)
    await question(emulator, thread, 1, 1)
    await emulator.say(w.general, w.alice, "Truffaut")
    await asyncio.sleep(0.2)
    await emulator.say(thread, w.bob, "Truffaut")
    shown = description(await revealed(emulator, thread, 1, 1))
    assert f"<@{w.bob.id}> took it" in shown and "1 member had a go" in shown, shown
    assert not [m for m in emulator.messages(w.general) if "got it" in (m.content or "")]


async def test_the_nights_rounds_add_up_on_the_weeks_board_and_in_stats(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Two buttons rounds with streaks, a wrong answer and a changed answer: each player's points on the
    week's board are the sum of what the two round summaries gave them, and `/trivia stats` agrees."""
    w = discord_world
    fast(doinel, 0.25)
    summaries = []
    plays = [  # per round, per question: (alice right?, bob right?)
        [(True, True), (True, False), (True, True)],
        [(False, True), (True, True)],
    ]
    for plan in plays:
        total = len(plan)
        await start(emulator, w.general, w.moderator, questions=total, film="the-400-blows")
        for number, (alice, bob) in enumerate(plan, 1):
            q = await question(emulator, w.general, number, total, timeout=15)
            await click(emulator, q, correct_id(q) if alice else wrong_id(q), w.alice)
            await click(emulator, q, wrong_id(q), w.bob)             # Bob changes his mind once
            if bob:
                await click(emulator, q, correct_id(q), w.bob)
            await (await emulator.slash(w.general, w.moderator, "trivia skip")).wait_done()
            await revealed(emulator, w.general, number, total)
        done = await emulator.wait_for_message(w.general, lambda m: title(m).startswith("🏁"), after=q, timeout=10)
        summaries.append(points_in(description(done)))
    expected = {who: sum(s.get(who, 0) for s in summaries) for who in (w.alice.id, w.bob.id)}
    assert all(expected.values())
    board = await (await emulator.slash(w.general, w.alice, "trivia leaderboard", period="week")).wait_done()
    assert points_in(board.embeds[0]["description"]) == expected
    for member in (w.alice, w.bob):
        stats = await (await emulator.slash(w.general, w.bob, "trivia stats", member=member)).wait_done()
        fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
        assert fields["This week"].startswith(f"**{expected[member.id]}** pts")
        assert fields["Games"] == "2"
    assert emulator.violations == []
