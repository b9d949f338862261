"""QA28: a film-studies class types its answers from phones in the teacher's typed rounds.

The teacher wrote the list below herself, with the alternatives she accepts. Each round here asks one
chosen question (``ask_next``); a student, Bob, types the answer the way students type on a phone.
"""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa21.test_qa21_typed import typed_guess
from tests.e2e.qa28.support import upload_list
from tests.emulator import Emulator

STERNBERG = "Who directed The Blue Angel (1930)?"
STROHEIM = "Who plays the butler Max in Sunset Boulevard?"
PLACE = "Where did The 400 Blows finish in Sight and Sound's 1962 critics' poll of the greatest films?"
SEAL = "Which Bergman film has a knight play chess with Death?"
RUNTIME = "How many minutes does The 400 Blows run?"
FRITZ_LANG = "Which Fritz Lang film stars Peter Lorre as a hunted child murderer?"
KUBRICK = "Which Kubrick film opens with 'The Dawn of Man'?"
COPPOLA = "Which 1974 sequel won the Oscar for Best Picture?"
OLIVEIRA = "Who directed Aniki-Bobó (1942)?"
ATALANTE = "Which Jean Vigo film is set on a barge?"
LEAUD = "Which actor plays Antoine Doinel?"
YEAR = "In what year was The 400 Blows released?"

COURSE_LIST = f"""AUTHOR: Ms Lemaire, Film 201
{STERNBERG}:
- Josef von Sternberg
- Sternberg
{STROHEIM}:
- Erich von Stroheim
- Stroheim
{PLACE}:
- 3rd
{SEAL}:
- The Seventh Seal
- Det sjunde inseglet
{RUNTIME}:
- '99'
{FRITZ_LANG}:
- M
{KUBRICK}:
- "2001: A Space Odyssey"
- '2001'
{COPPOLA}:
- The Godfather Part II
{OLIVEIRA}:
- Manoel de Oliveira
- Oliveira
{ATALANTE}:
- L'Atalante
{LEAUD}:
- Jean-Pierre Léaud
- Léaud
{YEAR}:
- '1959'
""".encode()


@pytest.fixture
async def course(emulator: Emulator, discord_world: DiscordWorld, typed_bot: Doinel) -> Doinel:
    _, done = await upload_list(emulator, discord_world, COURSE_LIST, "film-201.yaml")
    assert done.startswith("✅ Imported **12** questions"), done
    return typed_bot


@pytest.mark.parametrize(("prompt", "guess"), [(STERNBERG, "Von Sternberg"), (STROHEIM, "von Stroheim")])
async def test_a_surname_typed_with_its_von_particle_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, prompt: str, guess: str) -> None:
    """The teacher accepts "Josef von Sternberg" and "Sternberg". A student types "Von Sternberg", the
    way critics and the course reader call him: refused, and the reveal says nobody got it. Yet for
    "Manoel de Oliveira" / "Oliveira", "de Oliveira" takes the question ("de" is filler). A name's
    particle ("von", "van", "di", "da", "del", "du", "le") in front of an accepted surname is the same
    person, as "de" already is."""
    assert await typed_guess(emulator, discord_world, course, prompt, guess)


@pytest.mark.parametrize(("prompt", "guess"), [(PLACE, "third"), (SEAL, "The 7th Seal")])
async def test_an_ordinal_in_words_or_in_digits_is_the_same_answer(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, prompt: str, guess: str) -> None:
    """The answer to "Where did The 400 Blows finish …?" is "3rd"; a student types "third". The title
    *The Seventh Seal* typed "The 7th Seal". Both refused. The README (Typed answers): "an ordinal is its
    number however it is written (50th = 50e = 50ème)", and numbers up to twenty may be typed in words:
    "third" is 3rd, "7th" is "seventh"."""
    assert await typed_guess(emulator, discord_world, course, prompt, guess)


@pytest.mark.parametrize("guess", ["99 minutes", "99 min"])
async def test_a_runtime_typed_with_its_unit_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, guess: str) -> None:
    """"How many minutes does The 400 Blows run?" The accepted answer is 99. A student types
    "99 minutes" (or "99 min"): refused, though "in 1959" takes a year question. The unit the question
    itself asks for, after the right number, is what any teacher marks right."""
    assert await typed_guess(emulator, discord_world, course, RUNTIME, guess)


async def test_a_title_typed_without_the_article_after_its_colon_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel) -> None:
    """The teacher accepts "2001: A Space Odyssey" and "2001". A student types "2001 Space Odyssey", as
    most people say it: refused (a leading article is optional, the one opening a subtitle is not, and
    "2001" has no typo budget). The article after the colon is as optional as a leading one."""
    assert await typed_guess(emulator, discord_world, course, KUBRICK, "2001 Space Odyssey")


@pytest.mark.parametrize("guess", ["The Godfather Part 2", "godfather part two"])
async def test_a_sequel_number_typed_in_digits_takes_the_roman_numeral_answer(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, guess: str) -> None:
    """"Which 1974 sequel won the Oscar for Best Picture?" The answer is "The Godfather Part II". A
    student types "The Godfather Part 2" (phones have no roman numerals): refused. Roman numerals of
    sequels and parts are numbers like the others: "Part 2", "Part two" and "Part II" are one title."""
    assert await typed_guess(emulator, discord_world, course, COPPOLA, guess)


@pytest.mark.parametrize("chat", ["I'm pretty sure", "I'm sure"])
async def test_chatting_without_naming_the_film_does_not_take_the_question_about_m(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, chat: str) -> None:
    """"Which Fritz Lang film stars Peter Lorre as a hunted child murderer?" The answer is *M*. A
    student who is thinking aloud types "I'm pretty sure" and takes the question, with the points and
    the "took it" line, without naming any film: the "m" of "I'm" is read as the answer, the rest as
    filler. A guess must name the answer; the letter of a contraction is not a word typed."""
    assert not await typed_guess(emulator, discord_world, course, FRITZ_LANG, chat)


@pytest.mark.parametrize(("prompt", "guess"), [
    (OLIVEIRA, "de Oliveira"),
    (ATALANTE, "L’Atalante."),                   # a phone's curly apostrophe and a full stop
    (LEAUD, "Jean–Pierre Leaud "),              # an en dash, no accent, a trailing space
    (LEAUD, "Leaud!"),
    (YEAR, "In 1959!"),
    (SEAL, "The seventh seal"),
    (SEAL, "seventh seal"),
    (FRITZ_LANG, "M."),
])
async def test_answers_typed_on_a_phone_take_their_questions(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, prompt: str, guess: str) -> None:
    """What works: autocorrect's capitals, curly apostrophes and dashes, missing accents, trailing
    punctuation and spaces, "in" before a year, the "de" particle, the article dropped."""
    assert await typed_guess(emulator, discord_world, course, prompt, guess)


@pytest.mark.parametrize(("prompt", "guess"), [
    (YEAR, "1958"), (RUNTIME, "90"), (LEAUD, "Pierre Léaud ou Truffaut"), (STERNBERG, "Fritz Lang"),
])
async def test_wrong_answers_typed_on_a_phone_are_refused(
        emulator: Emulator, discord_world: DiscordWorld, course: Doinel, prompt: str, guess: str) -> None:
    """What works: a near year, a wrong runtime, a hedge naming two people and another director are refused."""
    assert not await typed_guess(emulator, discord_world, course, prompt, guess)
