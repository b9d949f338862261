"""Nearby numbers written the way a question's answer writes its number: wrong choices for buttons (pure).

An answer is a number of a recognisable kind when it holds one run of digits and, around it, nothing but
an article before it ("the 1950s", kept as written) and after it one of:

- punctuation or a symbol: a plain number ("1959", "$100", "45%"), its symbols kept ("$97", "43%");
- an ordinal's suffix, English or French (``matching.ORDINAL_SUFFIXES``), each number taking its own:
  "3rd" -> "2nd", "4th"; "12th" -> "11th", "13th"; "21st" -> "22nd", "23rd"; "3e" -> "2e", "1er";
- an "s" after a decade: "1950s" -> "1940s", "1960s" (also "1950's", "'50s", "60s"), ten years apart;
- a unit word (``matching.UNITS``): "99 minutes" -> "97 minutes", "35mm" -> "30mm"; a full word is
  singular for 1 ("1 minute", "2 minutes"); an abbreviation keeps its spelling ("99 min" -> "97 min")
  but for a plural "s" at 1 ("2 mins" -> "1 min").

Nearby numbers are never below 1 for an ordinal or a count of units (no "0th", no "0 minutes"), never
negative, keep a decade's four digits or two ("'00s" to "'90s"), go no higher than 100 for a percentage,
and are never an accepted answer of the question, however it is written: "2nd" is not offered when
"second" is accepted too (as ``matching.is_match`` reads them), nor "97 minutes" when "97 min" is.
Other answers, such as "1,000", "4.1" or "Apollo 13", are no number of a known kind: a round borrows
other questions' answers for them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.text import fold
from bot.trivia.matching import ARTICLES, ORDINAL_SUFFIXES, UNITS, is_match

Kind = Literal["plain", "ordinal", "decade", "unit"]

_MAX_DIGITS = 9
_STEPS = (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)
_DECADE_STEPS = (-3, -2, -1, 1, 2, 3)         # thirty years either side: the 1920s to the 1980s for the 1950s
_DIGITS = re.compile(r"\d+")
_AFTER = re.compile(r"(\s*)([^\W\d_]*)(.*)", re.DOTALL)   # " minutes." -> " ", "minutes", "."
_DECADE = re.compile(r"['\u2019]?s", re.IGNORECASE)
_PERCENT = frozenset({"percent", "pourcent", "pct"})
# A unit's singular and plural (folded). An abbreviation keeps its spelling but for a plural "s" at 1.
_PAIRS = {unit: unit + "s" for unit in UNITS if unit + "s" in UNITS} | {
    "second": "seconds", "seconde": "secondes", "an": "ans", "inch": "inches", "foot": "feet", "buck": "bucks"}
_ABBREVIATED = frozenset({"min", "hr", "yr", "sec", "lb"})
_SINGULAR = {plural: single for single, plural in _PAIRS.items()}
_PLURAL = {single: plural for single, plural in _PAIRS.items() if single not in _ABBREVIATED}


@dataclass(frozen=True, slots=True)
class NumberForm:
    """An answer's number and how it is written: ``before`` + digits + ``gap`` + ``word`` + ``trail``."""

    value: int
    kind: Kind = "plain"
    before: str = ""      # "", "the ", "$", "'"
    gap: str = ""         # space between the number and its unit
    word: str = ""        # the ordinal's suffix or the unit, as written
    trail: str = ""       # punctuation and symbols: ".", "%", "s" of a decade
    width: int = 0        # digits of a zero-padded number ("007", "'05s")

    def write(self, n: int) -> str:
        word = (_ordinal_suffix(n, self.word) if self.kind == "ordinal"
                else _unit_word(n, self.word) if self.kind == "unit" else self.word)
        return f"{self.before}{str(n).zfill(self.width)}{self.gap}{word}{self.trail}"

    def candidates(self) -> list[int]:
        """The numbers near this one that make sense for its kind, nearest steps first."""
        if self.kind == "decade":
            low, high = (1000, 9990) if self.width == 0 else (0, 90)
            return [n for n in (self.value + 10 * s for s in _DECADE_STEPS) if low <= n <= high]
        low = 0 if self.kind == "plain" else 1
        percent = "%" in self.trail or fold(self.word) in _PERCENT
        high = 100 if percent else 10 ** _MAX_DIGITS - 1
        return [n for n in (self.value + s for s in _STEPS) if low <= n <= high]


def number_form(answer: str) -> NumberForm | None:
    """How ``answer`` writes a number of a known kind (see the module's docstring), or None."""
    text = answer.strip()
    found = _DIGITS.search(text)
    if found is None or len(found.group()) > _MAX_DIGITS or _DIGITS.search(text, found.end()):
        return None
    before, digits, after = text[:found.start()], found.group(), text[found.end():]
    if (lead := fold(before)) and lead not in ARTICLES:
        return None
    value = int(digits)
    width = len(digits) if digits.startswith("0") else 0
    if _DECADE.fullmatch(after) and value % 10 == 0 and len(digits) in (2, 4):
        return NumberForm(value, "decade", before, trail=after, width=2 if len(digits) == 2 else 0)
    parts = _AFTER.fullmatch(after)
    if parts is None or fold(parts[3]):
        return None
    gap, word, trail = parts.groups()
    key = fold(word)
    if not word:
        kind: Kind = "plain"
    elif not gap and key in ORDINAL_SUFFIXES:
        kind = "ordinal"
    elif key in UNITS or key in _PAIRS:
        kind = "unit"
    else:
        return None
    return NumberForm(value, kind, before, gap, word, trail, width)


def nearby(form: NumberForm, count: int, rng: random.Random, answers: Sequence[str] = ()) -> list[str]:
    """Up to ``count`` distinct numbers near ``form``'s, written as it is, that are no accepted answer.

    An accepted answer's number is left out however it is written: "97 min" takes no "97 minutes"."""
    taken = {other.value for answer in answers if (other := number_form(answer)) is not None}
    written = dict.fromkeys(form.write(n) for n in form.candidates() if n not in taken)
    options = [o for o in written if not is_match(o, answers)]
    rng.shuffle(options)
    return options[:count]


def _ordinal_suffix(n: int, own: str) -> str:
    """``n``'s ordinal suffix in the language and capitals of ``own``: 1st 2nd 3rd 11th 22nd; 1er 2e (2ème)."""
    folded = fold(own)
    if folded in ("st", "nd", "rd", "th"):
        suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    elif n == 1:
        suffix = "er"
    else:
        suffix = own if folded in ("e", "eme") else "e"
    return suffix.upper() if own.isupper() else suffix


def _unit_word(n: int, own: str) -> str:
    """The unit ``own`` for ``n``: singular for 1, else plural ("1 minute", "2 minutes"), as ``own`` is written."""
    key = fold(own)
    if n == 1 and key in _SINGULAR:
        return _respelled(own, key, _SINGULAR[key])
    if n != 1 and key in _PLURAL:
        return _respelled(own, key, _PLURAL[key])
    return own


def _respelled(word: str, key: str, target: str) -> str:
    """``word`` (folded: ``key``) changed into ``target``, keeping its accents and capitals where it can."""
    if target.startswith(key):
        ending = target[len(key):]
        return word + (ending.upper() if word.isupper() else ending)
    if key.startswith(target):
        return word[:len(target) - len(key)]
    return target.upper() if word.isupper() else target.capitalize() if word[:1].isupper() else target
