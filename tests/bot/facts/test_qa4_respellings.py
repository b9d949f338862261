"""QA4: the respelling walk, the phrase it feeds and the folding it follows, at the level they are decided."""

from __future__ import annotations

from bot.db import Database
from bot.facts import finder
from bot.text import SPECIAL_LETTERS, fold
from tests import factsupport
from tests.bot.db.test_facts_read import add_fact
from tests.bot.facts.test_spellings import INDEX, walk
from tests.factsupport import GUILD

content_db = factsupport.content_db


def test_uppercase_special_letters_fold_as_their_lowercase() -> None:
    for letter, plain in SPECIAL_LETTERS.items():
        assert fold(letter) == fold(letter.upper()) == plain, letter
    assert fold("ẞ") == "ss"


def test_a_special_letter_with_an_accent_on_top_folds_like_the_letter() -> None:
    assert fold("Sǿren") == fold("SǾREN") == fold("Søren") == "soren"
    assert fold("ǣ") == fold("ǽ") == "ae"


def test_a_partly_typed_word_ending_inside_a_folded_letter() -> None:
    assert walk(INDEX, ["stras"], [True])[0] == [["straß"]]


def test_partly_typed_words_ending_after_a_folded_letter() -> None:
    assert walk(INDEX, ["strass"], [True])[0] == [["straß"]]
    assert walk(INDEX, ["ae"], [True])[0] == [["æ"]]
    assert walk(INDEX, ["lodz", "sor"], [False, True])[0] == [["łodz"], ["sør"]]


async def test_the_phrase_with_a_partly_typed_word_of_two_spellings_comes_first(content_db: Database) -> None:
    phrase = await add_fact(content_db, "A long note on where the crew stayed, far from the set, and then Søren Kjær "
                                        "Łódź arrived late with many more words around him.")
    apart = {await add_fact(content_db, "Łøđ, Kjær, Søren."), await add_fact(content_db, "Kjær met Søren in Łøđ.")}
    hits = (await finder.find(content_db, GUILD, "soren kjaer lod")).hits
    assert hits[0].fact.id == phrase and {h.fact.id for h in hits[1:]} == apart


async def test_the_phrase_of_three_respelled_words_comes_first(content_db: Database) -> None:
    phrase = await add_fact(content_db, "A long note on where the crew stayed, far from the set, and then Søren Kjær "
                                        "Łódź arrived late with many more words around him.")
    apart = {await add_fact(content_db, "Łódź, Kjær, Søren."), await add_fact(content_db, "Kjær met Søren in Łódź.")}
    for typed in ("soren kjaer lodz", "Søren Kjær Łódź", "SOREN KJAER LOD"):
        hits = (await finder.find(content_db, GUILD, typed)).hits
        assert hits[0].fact.id == phrase and {h.fact.id for h in hits[1:]} == apart, typed
        assert "\x02Søren Kjær Łódź\x03" in hits[0].snippet, typed
