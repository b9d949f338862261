"""QA21: the regulars type their answers (typed rounds), the way a bilingual film club does.

Each round here is one question chosen by the test: every other question of the server's pool is
filed as asked in a later cycle than it, so the rotation (least asked first) must ask it next.
"""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa21.test_qa21_choices import import_list
from tests.e2e.test_trivia import description, prompt_of, question, start, title
from tests.emulator import Emulator


async def ask_next(bot: Doinel, guild_id: int, prompt: str) -> None:
    """Make ``prompt`` the question the server's next round asks first."""
    async with bot.db.transaction() as conn:
        async with conn.execute("SELECT coalesce(max(cycle), 0) FROM trivia_asked WHERE guild_id = ?",
                                (guild_id,)) as cur:
            later = (await cur.fetchone())[0] + 1
        await conn.execute("INSERT OR IGNORE INTO trivia_asked (guild_id, cycle, question_id, asked_at) "
                           "SELECT ?, ?, id, 0 FROM questions WHERE prompt != ?", (guild_id, later, prompt))


async def typed_guess(emulator: Emulator, w: DiscordWorld, bot: Doinel, prompt: str, guess: str) -> bool:
    """Alice starts a one-question typed round on ``prompt``; Bob types ``guess``. Did it take the question?"""
    await ask_next(bot, w.guild.id, prompt)
    started = await start(emulator, w.general, w.alice, questions=1, seconds=20, mode="typed")
    floor = started.original_message_id     # this round's messages only
    q = await question(emulator, w.general, 1, 1, after=floor)
    assert prompt_of(q) == prompt
    await emulator.say(w.general, w.bob, guess)
    shown = await emulator.wait_for_message(w.general, lambda m: title(m) == "Question 1/1 · answer", after=floor)
    await emulator.wait_for_message(w.general, lambda m: title(m).startswith("🏁"), after=floor)
    return f"<@{w.bob.id}> took it" in description(shown)


FIRST_DOINEL = "Which Truffaut film is the first in the Antoine Doinel series?"
HOME_HIT = "Which Truffaut film was his most successful at home, by cinema admissions?"


@pytest.mark.parametrize("prompt", [FIRST_DOINEL, HOME_HIT])
async def test_the_films_french_title_written_with_digits_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel, prompt: str) -> None:
    """"Which Truffaut film is the first in the Antoine Doinel series?" Bob types "Les 400 coups", the
    film's French title as its poster prints it (and one of the film's own names in Doinel: /film finds it
    by it). Nothing happens and the reveal says nobody got it, while "Les Quatre Cents Coups" would have
    counted. The film's French title, with digits or in words, is a right answer."""
    assert await typed_guess(emulator, discord_world, typed_bot, prompt, "Les 400 coups")


async def test_typed_answers_as_a_bilingual_club_types_them_take_the_question(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> None:
    """What works: no accents, shouting, a wrong article, the French "L'", extra punctuation, Markdown,
    a spoiler, digits for a number word and a typo in a long word all take their questions."""
    w = discord_world
    for prompt, guess in [
        ("The 400 Blows borrows one scene almost wholesale from which earlier French film?", "ZERO DE CONDUITE!!!"),
        ("What is the original title of The 400 Blows?", "les quatre-cents coups"),
        ("What is the name of the spinning ride Antoine enjoys in a famous scene?", "Le Rotor ?"),
        ("How many films make up the Antoine Doinel series that began with The 400 Blows?", "cinq"),
        ("Which actor plays Antoine Doinel in The 400 Blows?", "||jean pierre leaud||"),
        ("Which author does Antoine's teacher accuse him of plagiarising?", "c'est **Balzac**"),
        ("Which award, known by a four-letter acronym, did The 400 Blows win?", "the O.C.I.C. award"),
        ("Which fellow director can be heard, but not seen, in The 400 Blows?", "Jean-Luc Goddard"),
    ]:
        assert await typed_guess(emulator, w, typed_bot, prompt, guess), (prompt, guess)


YES_NO_LIST = b"""Is Jules et Jim set during the Second World War?:
- no
Were the Cahiers critics behind the New Wave?:
- yes
"""


@pytest.mark.parametrize(("prompt", "guess"), [("Is Jules et Jim set during the Second World War?", "non"),
                                               ("Were the Cahiers critics behind the New Wave?", "oui !")])
async def test_a_french_no_or_yes_answers_a_yes_no_question(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel, prompt: str, guess: str) -> None:
    """The club imported a Red list of yes/no questions. "Is Jules et Jim set during the Second World War?"
    Bob types "non": nothing, and the reveal shows "no". Doinel reads "oui non" as a hedge (so it knows
    they are yes and no), and French number words count ("trois" = 3), but a plain "non" or "oui" is
    refused. In a French-speaking club they are the answers no and yes."""
    w = discord_world
    await import_list(emulator, w, YES_NO_LIST, "oui-non.yaml")
    assert await typed_guess(emulator, w, typed_bot, prompt, guess)


@pytest.mark.parametrize(("prompt", "guess"), [
    ("In the once-a-decade critics' poll of the greatest films, published in 2022, which place did The 400 Blows "
     "take?", "50e"),
    ("In the directors' edition of the once-a-decade greatest-films poll of 2022, which place did The 400 Blows "
     "take?", "33ème"),
])
async def test_a_place_written_the_french_way_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel, prompt: str, guess: str) -> None:
    """"Which place did The 400 Blows take?" The answer is "50th" (or "50", or "fiftieth"). Bob, French,
    types "50e" as French writes it: refused, since a word with a digit must be typed exactly. An ordinal
    suffix (st/nd/rd/th, e/ème/eme/er/re) is how each language writes the same number."""
    assert await typed_guess(emulator, discord_world, typed_bot, prompt, guess)
