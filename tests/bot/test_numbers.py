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
