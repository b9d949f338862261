"""Numbers up to twenty in words, English or French: read as digits, and written out (pure).

Works on folded words (``bot.text.fold``): "dix-sept" arrives as "dix" "sept". "un" and "une" are never
read as 1: they are articles first.
"""

from __future__ import annotations

from collections.abc import Sequence

# Each number's words: English, then French where it differs.
_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("zero",), ("one",), ("two", "deux"), ("three", "trois"), ("four", "quatre"), ("five", "cinq"), ("six",),
    ("seven", "sept"), ("eight", "huit"), ("nine", "neuf"), ("ten", "dix"), ("eleven", "onze"),
    ("twelve", "douze"), ("thirteen", "treize"), ("fourteen", "quatorze"), ("fifteen", "quinze"),
    ("sixteen", "seize"), ("seventeen", "dix sept"), ("eighteen", "dix huit"), ("nineteen", "dix neuf"),
    ("twenty", "vingt"),
)
_DIGITS: dict[str, str] = {word: str(n) for n, words in enumerate(_SPELLINGS) for word in words if " " not in word}
_TEENS: dict[tuple[str, str], str] = {
    tuple(word.split()): str(n) for n, words in enumerate(_SPELLINGS) for word in words if " " in word
}
_ENGLISH = {str(n): words[0] for n, words in enumerate(_SPELLINGS)}
_FRENCH = {str(n): words[-1] for n, words in enumerate(_SPELLINGS) if n != 1}   # 1 is "un", an article


def as_digits(words: Sequence[str]) -> list[str]:
    """The words with every number written in words as its digits: "dix sept fois" -> "17" "fois"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (teen := _TEENS.get((words[i], words[i + 1]))) is not None:
            out.append(teen)
            i += 2
            continue
        out.append(_DIGITS.get(words[i], words[i]))
        i += 1
    return out


def spellings(text: str) -> list[str]:
    """``text`` (folded) with its numbers written the other ways: in digits, in English words, in French
    words; only those that differ from ``text``. "7 samurai" -> "seven samurai", "sept samurai"."""
    digits = as_digits(text.split())
    found = dict.fromkeys(" ".join(words) for words in (
        digits,
        [_ENGLISH.get(w, w) for w in digits],
        [_FRENCH.get(w, w) for w in digits],
    ))
    found.pop(text, None)
    return list(found)


def word_spellings(word: str) -> list[str]:
    """One folded word's other spellings as a number: "7" -> "seven", "sept"; "douze" -> "12", "twelve";
    none for a word that is not a number up to twenty."""
    digits = _DIGITS.get(word, word)
    if digits not in _ENGLISH:
        return []
    return [w for w in dict.fromkeys((digits, _ENGLISH[digits], _FRENCH.get(digits, digits))) if w != word]


def has_number(text: str) -> bool:
    """Whether ``text`` (folded) holds a number up to twenty, in digits or in words."""
    return any(w in _DIGITS or w in _ENGLISH for w in text.split())
