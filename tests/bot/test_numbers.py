from __future__ import annotations

import pytest

from bot.numbers import as_digits, has_number, spellings, word_spellings


@pytest.mark.parametrize(("words", "expected"), [
    ("seven samurai", "7 samurai"),
    ("douze hommes en colere", "12 hommes en colere"),
    ("dix sept fois", "17 fois"),              # French writes 17-19 as two words
    ("dix fois", "10 fois"),
    ("un homme et une femme", "un homme et une femme"),   # articles first, never 1
    ("les 400 coups", "les 400 coups"),
    ("twenty one", "20 1"),                    # only up to twenty: no arithmetic
])
def test_as_digits(words: str, expected: str) -> None:
    assert " ".join(as_digits(words.split())) == expected


@pytest.mark.parametrize(("words", "expected"), [
    ("the seventh seal", "the 7 seal"),
    ("third", "3"),
    ("la septieme compagnie", "la 7 compagnie"),
    ("dix septieme", "17"),                    # French 17th-19th are two words, as 17-19
    ("dix sept", "17"),
    ("twentieth century", "20 century"),
    ("fiftieth", "fiftieth"),                  # up to twenty, as the cardinals
    ("the godfather part ii", "the godfather part 2"),
    ("rocky iv", "rocky 4"),
    ("louis xiv", "louis 14"),
    ("part i", "part 1"),
    ("volume i", "volume 1"),
    ("i think", "i think"),                    # a lone I is the pronoun
    ("i robot", "i robot"),
    ("m", "m"), ("mix", "mix"), ("dix", "10"), ("xxi", "xxi"),   # beyond twenty, words first
])
def test_as_digits_for_matching_reads_ordinals_and_roman_numerals(words: str, expected: str) -> None:
    assert " ".join(as_digits(words.split(), ordinals=True, roman=True)) == expected


def test_as_digits_reads_ordinals_and_roman_numerals_only_when_asked() -> None:
    """Name search and ranking read cardinals only: their spellings and indexes do not move."""
    words = ["the", "seventh", "seal", "part", "ii"]
    assert as_digits(words) == words
    assert as_digits(["third", "ii"], ordinals=True) == ["3", "ii"]
    assert as_digits(["third", "ii"], roman=True) == ["third", "2"]
    assert spellings("the seventh seal") == [] and word_spellings("ii") == []


def test_spellings_are_the_other_ways_only() -> None:
    assert spellings("7 samurai") == ["seven samurai", "sept samurai"]
    assert spellings("twelve angry men") == ["12 angry men", "douze angry men"]
    assert spellings("dix sept fois") == ["17 fois", "seventeen fois"]
    assert spellings("six") == ["6"]                  # the same word in both languages
    assert spellings("les 400 coups") == [] and spellings("") == []


def test_word_spellings() -> None:
    assert word_spellings("7") == ["seven", "sept"]
    assert word_spellings("douze") == ["12", "twelve"]
    assert word_spellings("1") == ["one"] and word_spellings("one") == ["1"]   # "un" is an article
    assert word_spellings("17") == ["seventeen", "dix sept"]
    assert word_spellings("400") == [] and word_spellings("samurai") == [] and word_spellings("un") == []


def test_has_number() -> None:
    assert has_number("7 samurai") and has_number("twelve angry men") and has_number("20")
    assert not has_number("les 400 coups") and not has_number("un homme") and not has_number("")
