"""QA31: what Léa (the Friday Ciné-Quiz host) and her players meet that is wrong, unfair or confusing.

Each test tells the story as the people meet it; each is a strict xfail until its defect is fixed.
"""

from __future__ import annotations

import asyncio

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa31.support import red_list, upload_list
from tests.e2e.test_trivia import (
    ANSWERS,
    click,
    correct_id,
    description,
    fast,
    prompt_of,
    question,
    revealed,
    start,
    summary,
    title,
)
from tests.emulator import Channel, Emulator


async def skip(emulator: Emulator, w: DiscordWorld) -> None:
    await (await emulator.slash(w.general, w.moderator, "trivia skip")).wait_done()


async def prompts_asked(emulator: Emulator, channel: Channel, total: int) -> list[str]:
    """The prompts a round in ``channel`` asks, in order, until its summary."""
    asked = [prompt_of(await question(emulator, channel, n, total, timeout=20)) for n in range(1, total + 1)]
    await summary(emulator, channel)
    return asked


async def test_stepmother_does_not_take_a_stepfather_question(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """Léa's typed round from her list asks "Who turns Antoine over to the police?" (his stepfather). Bob
    types "his stepmother", which is wrong: Antoine has no stepmother. Alice types "his stepfather" a moment
    later. Today the bot congratulates Bob ("got it", +100 points, the question closes) and Alice, who was
    right, gets nothing. The two-typo allowance of a ten-letter word swallows "mother" for "father" (the same
    goes for "grandmother's death" against "grandfather's death"). Bob's guess should be refused, and Alice
    should take the question."""
    w = discord_world
    await upload_list(emulator, w, red_list({"Who turns Antoine over to the police?": ["His stepfather",
                                                                                       "stepfather"]}),
                      "cine-quiz.yaml")
    await start(emulator, w.general, w.moderator, mode="typed", list="cine-quiz", questions=1, seconds=60)
    await question(emulator, w.general, 1, 1)
    await emulator.say(w.general, w.bob, "his stepmother")
    await emulator.say(w.general, w.alice, "his stepfather")
    shown = description(await revealed(emulator, w.general, 1, 1))
    assert f"<@{w.alice.id}> took it" in shown, shown


async def test_skipping_a_broken_question_keeps_the_players_streaks(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Alice answers questions 1 and 2 right (a streak of 2, +10 on the second). Question 3 is broken, so
    Léa skips it at once with `/trivia skip`, before anyone could answer. Alice answers question 4 right,
    yet she gets no streak bonus (+100, "streak" nowhere): the host's skip counted as Alice failing to
    answer. Nobody had a chance at the skipped question; it should not break streaks (Alice's fourth right
    answer should be her third in a row, +20) nor count toward the idle limit."""
    w = discord_world
    fast(doinel, 0.25)
    await start(emulator, w.general, w.moderator, questions=4, film="the-400-blows")
    for number in (1, 2):
        q = await question(emulator, w.general, number, 4, timeout=15)
        await click(emulator, q, correct_id(q), w.alice)
        await skip(emulator, w)
        await revealed(emulator, w.general, number, 4)
    await question(emulator, w.general, 3, 4, timeout=15)
    await skip(emulator, w)                         # a broken question: skipped before anyone answered
    await revealed(emulator, w.general, 3, 4)
    q4 = await question(emulator, w.general, 4, 4, timeout=15)
    await click(emulator, q4, correct_id(q4), w.alice)
    await skip(emulator, w)
    shown = description(await revealed(emulator, w.general, 4, 4))
    assert "· streak 3)" in shown, shown


async def test_skipping_broken_questions_does_not_end_the_round_as_idle(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Léa set the idle limit to 2 for a lively night. Her imported list turns out to have two broken
    questions in a row: she skips each at once. The reveal of the first says "Nobody answered. The round
    ends after 1 more unanswered question." and after the second the round ends with "💤 Trivia round
    ended: nobody was answering", though thirty members were waiting to play and nobody was given the
    chance. Questions the host skipped before anyone answered should not count as unanswered: the round
    should go on to question 3."""
    w = discord_world
    await (await emulator.slash(w.general, w.moderator, "trivia settings", idle_limit=2)).wait_done()
    fast(doinel, 0.25)
    await start(emulator, w.general, w.moderator, questions=4, film="the-400-blows")
    for number in (1, 2):
        await question(emulator, w.general, number, 4, timeout=15)
        await skip(emulator, w)
        await revealed(emulator, w.general, number, 4)
    next_one = await emulator.wait_for_message(
        w.general, lambda m: title(m) == "Question 3/4" or title(m).startswith("💤"), timeout=15)
    assert title(next_one) == "Question 3/4", title(next_one)


async def test_an_approximate_answer_to_a_roughly_question_counts(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """The question asks "roughly how old is Antoine?" and Bob types "about 12", the most natural reply
    there is; "around 4.1 million" to "Roughly how many cinema admissions…" fares the same. Today both are
    refused ("Nobody got it"), while "maybe 12" or "I guess 12" are taken: words of approximation
    (about, around, roughly, approximately, environ) are not read as filler. They should be."""
    w = discord_world
    await upload_list(emulator, w, red_list({
        "According to Philip Dale, roughly how old is Antoine?": ["Twelve or thirteen", "12 or 13", "twelve",
                                                                 "thirteen", "12", "13"],
        "Roughly how many cinema admissions did The 400 Blows record in France?": ["4.1 million", "4,100,000"],
    }), "cine-quiz.yaml")
    await start(emulator, w.general, w.moderator, mode="typed", list="cine-quiz", questions=2, seconds=60)
    for number in (1, 2):
        q = await question(emulator, w.general, number, 2, timeout=15)
        guess = "about 12" if "old" in prompt_of(q) else "around 4.1 million"
        await emulator.say(w.general, w.bob, guess)
        await asyncio.sleep(0.3)
        if "took it" not in description(emulator.message(q.id)):
            await skip(emulator, w)
        shown = description(await revealed(emulator, w.general, number, 2))
        assert f"<@{w.bob.id}> took it" in shown, (guess, shown)


TWELVE = {f"Ciné-Quiz question {i}: who directed film number {i}?": [f"Director {i}"] for i in range(1, 13)}


async def test_a_second_round_leaves_the_side_rounds_questions_for_last(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """Léa's night list has 12 questions. The first round in #general asks 6 of them. Then she opens a side
    round in a thread (6 questions: the other 6) and at once the second round in #general (6 questions).
    The list has gone round once, so repeats are due, and the README promises that "a new round leaves the
    questions the others are still going to ask for last": the second round should ask again the 6 of the
    first round. Today it picks at random among all 12, so the thread and #general ask the same questions
    side by side, minutes apart, to the same players."""
    w = discord_world
    await upload_list(emulator, w, red_list(TWELVE), "night.yaml")
    await (await emulator.slash(w.general, w.moderator, "trivia settings", idle_limit=10)).wait_done()
    await start(emulator, w.general, w.moderator, mode="typed", list="night", questions=6, seconds=5)
    first = await prompts_asked(emulator, w.general, 6)
    thread = await emulator.create_thread(w.general, "side round")
    await start(emulator, thread, w.moderator, mode="typed", list="night", questions=6, seconds=5)
    await start(emulator, w.general, w.moderator, mode="typed", list="night", questions=6, seconds=5)
    side, second = await asyncio.gather(prompts_asked(emulator, thread, 6), prompts_asked(emulator, w.general, 6))
    assert set(side).isdisjoint(first)
    assert set(second) & set(side) == set(), sorted(set(second) & set(side))


async def test_a_round_about_the_film_asks_the_servers_correction(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """Before the night, Léa corrects Doinel's questions about The 400 Blows the way a moderator can: she
    imports her server's own telling of them (same words, other answers), and the import says they were
    added. "Its rounds ask it in place of Doinel's": a round with no film chosen does. But the night's theme
    round, `/trivia start film: The 400 Blows` (and the film card's Trivia button), still asks Doinel's
    telling: Bob types the answer Léa's telling accepts and "Nobody got it". Her telling has no film of its
    own (a Red list cannot name one), so the film's pool leaves it out while it keeps Doinel's. A server's
    telling should stand in for Doinel's wherever Doinel's would be asked. (Her telling, of every pack
    question, accepts "Zanzibar" only, to make it visible.)"""
    w = discord_world
    done = await upload_list(emulator, w, red_list({prompt: ["Zanzibar"] for prompt in ANSWERS}), "fixes.yaml")
    assert f"{len(ANSWERS)} added" in done, done
    await start(emulator, w.general, w.moderator, mode="typed", film="the-400-blows", questions=1, seconds=60)
    await question(emulator, w.general, 1, 1)
    await emulator.say(w.general, w.bob, "Zanzibar")
    await asyncio.sleep(0.3)
    await skip(emulator, w)
    shown = description(await revealed(emulator, w.general, 1, 1))
    assert f"<@{w.bob.id}> took it" in shown, shown


async def test_a_running_round_asks_the_servers_correction_of_a_doinel_question(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """During a typed round, Léa is told that some of Doinel's answers are refused when
    they shouldn't be. She is a moderator, not a bot owner, so she corrects them the way the README says: she
    imports her server's own telling of those questions (same words, other answers); "its rounds ask it in
    place of Doinel's", and "a round already running asks its remaining questions as corrected". The import
    succeeds ("added"), but the running round's next question is still Doinel's: Bob types the answer Léa's
    telling accepts and nobody gets it. The remaining questions should be asked as the server now tells
    them. (Here her telling, of every pack question, accepts "Zanzibar" only, to make it visible.)"""
    w = discord_world
    fast(typed_bot, 0.2)                          # 60 s questions last 12 s: time to import
    await start(emulator, w.general, w.moderator, mode="typed", questions=3, seconds=60)
    await question(emulator, w.general, 1, 3)
    done = await upload_list(emulator, w, red_list({prompt: ["Zanzibar"] for prompt in ANSWERS}), "fixes.yaml")
    assert f"{len(ANSWERS)} added" in done, done
    await skip(emulator, w)
    await question(emulator, w.general, 2, 3, timeout=20)
    await emulator.say(w.general, w.bob, "Zanzibar")
    await asyncio.sleep(0.3)
    await skip(emulator, w)
    shown = description(await revealed(emulator, w.general, 2, 3))
    await (await emulator.slash(w.general, w.moderator, "trivia stop")).wait_done()
    assert f"<@{w.bob.id}> took it" in shown and "Zanzibar" in shown, shown
