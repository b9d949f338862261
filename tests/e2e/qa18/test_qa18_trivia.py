"""QA18: typed trivia answers a member would expect to count."""

from __future__ import annotations

import pytest

from bot.trivia.matching import is_match
from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.e2e.qa2.test_qa2_trivia import confirmations, got_it, typed_bot
from tests.e2e.test_trivia import ANSWERS, prompt_of, question, start, summary
from tests.emulator import Emulator


@pytest.mark.parametrize(("typed", "answer"), [("dix-sept", "17"), ("dix-huit", "18"), ("dix-neuf", "19"),
                                               ("dix sept", "17")])
def test_french_seventeen_to_nineteen_in_words_are_their_digits(typed: str, answer: str) -> None:
    """A typed round asks "How many …?" (answer 17). A French-speaking member types "dix-sept" and is not given
    the point, though "seventeen", "seize" (16) and "vingt" (20) all are. The README (Trivia, Typed answers)
    promises numbers "up to twenty may be typed in words, English or French ("three" = 3)"; dix-sept, dix-huit
    and dix-neuf are how French writes 17, 18 and 19, so they should count as 17, 18 and 19."""
    assert is_match("seventeen" if answer == "17" else "eighteen" if answer == "18" else "nineteen", [answer])
    assert is_match("seize", ["16"]) and is_match("vingt", ["20"])    # their neighbours are read
    assert is_match(typed, [answer])


@pytest.mark.parametrize("decorated", ["{answer} <:popcorn:112233445566778899>",
                                       "{answer} <a:clap:112233445566778899>",
                                       "<@1574005575199490051> {answer}", "{answer} <#1574005575199490051>"])
def test_a_custom_emoji_after_a_typed_answer_is_filler_like_a_unicode_emoji(decorated: str) -> None:
    """Members decorate answers with their server's emoji: "Truffaut <:popcorn:…>" (Discord sends a custom emoji
    as that text). "Truffaut 🎬" counts, "Truffaut <:popcorn:…>" does not: the emoji's id reads as a number that
    is not filler. The README (Typed answers): "A guess is judged as a whole: "I think it's Truffaut" counts, a
    pasted list of names or an answer hidden inside another word does not" — an emoji is neither."""
    assert is_match("Truffaut 🎬", ["Truffaut"])
    assert is_match(decorated.format(answer="Truffaut"), ["Truffaut"])


async def test_a_typed_answer_with_a_server_emoji_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    """In a typed round Alice types the right answer followed by one of the server's own emoji, as Discord
    members do ("François Truffaut :popcorn:", sent as "François Truffaut <:popcorn:1122…>"). Nothing happens:
    no "✅ got it", no point, and the question times out unanswered (or Bob, typing the bare answer two seconds
    later, takes it). The same answer with a Unicode emoji ("… 🎬") is taken. Alice should get the point."""
    w = discord_world
    await typed_bot(emulator, doinel_harness)
    await start(emulator, w.general, w.alice, questions=1, mode="typed", seconds=30)
    q = await question(emulator, w.general, 1, 1)
    said = await emulator.say(w.general, w.alice, f"{ANSWERS[prompt_of(q)]} <:popcorn:112233445566778899>")
    try:
        await got_it(emulator, w, said)
    finally:
        await summary(emulator, w.general)
    assert [u for u, _ in confirmations(emulator, w)] == [w.alice.id]
