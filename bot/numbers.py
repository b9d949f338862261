"""Numbers up to twenty in words, English or French: read as digits, and written out (pure).

Works on folded words (``bot.text.fold``): "dix-sept" arrives as "dix" "sept". "un" and "une" are never
read as 1: they are articles first.

Answer matching also reads ordinals in words ("seventh", "septième", "dix-septième") and roman numerals
("II" to "XX") as digits (``as_digits(..., ordinals=True, roman=True)``). A lone "I" is the pronoun, not
1, unless it numbers a part ("Part I", "Volume I"). Name search and ranking do not: they read cardinals
only, so their indexes and spellings stay as they are.
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
# Ordinals in words, English then French; 17-19 are two words in French, as the cardinals.
_ORDINAL_SPELLINGS: tuple[tuple[str, ...], ...] = (
    (), ("first", "premier", "premiere"), ("second", "deuxieme", "seconde"), ("third", "troisieme"),
    ("fourth", "quatrieme"), ("fifth", "cinquieme"), ("sixth", "sixieme"), ("seventh", "septieme"),
    ("eighth", "huitieme"), ("ninth", "neuvieme"), ("tenth", "dixieme"), ("eleventh", "onzieme"),
    ("twelfth", "douzieme"), ("thirteenth", "treizieme"), ("fourteenth", "quatorzieme"),
    ("fifteenth", "quinzieme"), ("sixteenth", "seizieme"), ("seventeenth", "dix septieme"),
    ("eighteenth", "dix huitieme"), ("nineteenth", "dix neuvieme"), ("twentieth", "vingtieme"),
)
_ORDINAL_DIGITS = {word: str(n) for n, words in enumerate(_ORDINAL_SPELLINGS) for word in words if " " not in word}
_ORDINAL_TEENS = {
    tuple(word.split()): str(n) for n, words in enumerate(_ORDINAL_SPELLINGS) for word in words if " " in word
}
# Roman numerals 2 to 20 (folded, so lower case). Not "i": it is the pronoun. Not beyond twenty: "m", "mix",
# "dix" and "civil" are words first.
_ROMAN = {
    numeral: str(n) for n, numeral in enumerate((
        "", "", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
        "xvii", "xviii", "xix", "xx"))
    if numeral
}
# Words after which "I" numbers a part: "Part I", "Volume I".
_PART_WORDS = frozenset({"part", "partie", "episode", "chapter", "chapitre", "volume", "vol", "book", "livre",
                         "tome", "act", "acte"})
_TEEN_FIRST = frozenset(first for first, _ in (*_TEENS, *_ORDINAL_TEENS))   # "dix"
# Every word read as digits, by (ordinals, roman).
_READINGS = {
    (ordinals, roman): {**_DIGITS, **(_ORDINAL_DIGITS if ordinals else {}), **(_ROMAN if roman else {})}
    for ordinals in (False, True) for roman in (False, True)
}
_ENGLISH = {str(n): words[0] for n, words in enumerate(_SPELLINGS)}
_FRENCH = {str(n): words[-1] for n, words in enumerate(_SPELLINGS) if n != 1}   # 1 is "un", an article


def as_digits(words: Sequence[str], *, ordinals: bool = False, roman: bool = False) -> list[str]:
    """The words with every number written in words as its digits: "dix sept fois" -> "17" "fois".

    ``ordinals``: ordinals in words too ("seventh seal" -> "7" "seal"); ``roman``: roman numerals too
    ("part ii" -> "part" "2"; "part i" -> "part" "1", but "i" alone stays the pronoun)."""
    digits = _READINGS[ordinals, roman]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TEEN_FIRST and i + 1 < len(words):
            pair = (word, words[i + 1])
            if teen := _TEENS.get(pair) or (_ORDINAL_TEENS.get(pair) if ordinals else None):
                out.append(teen)
                i += 2
                continue
        out.append("1" if roman and word == "i" and i and words[i - 1] in _PART_WORDS else digits.get(word, word))
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
