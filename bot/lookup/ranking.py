"""Rank name matches and decide when a typed name is ambiguous (pure, no I/O).

Films and people are known by several names (title, original title, aliases); every name is
stored folded with ``bot.text.fold``. The database finds candidate names; this module orders them
the way a member expects:

1. exact: the query is the whole name ("les 400 coups");
2. exact but for a leading article ("400 blows" = "The 400 Blows", "mistons" = "Les Mistons");
3. prefix: the name starts with the query ("400 blo");
4. words: every word of the query starts a word of the name, in order ("quat cen coups");
5. words in any order ("coups quatre");
6. fuzzy: a close spelling ("400 blowz"), only when nothing better exists.

A number up to twenty is the same written in digits or in words, English or French ("7 samurai" is
"Seven Samurai", "twelve angry men" is "12 Angry Men"); such a match ranks just after one as typed,
in the same tier.

Within a tier the main title beats an original title, which beats an alias; then the name closest
in length to the query; then alphabetical order and year, so results are stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz

from bot.numbers import as_digits, has_number
from bot.text import fold

# Leading articles ignored when comparing whole names (after folding, "L'Enfant" is "l enfant").
ARTICLES = frozenset({
    "the", "a", "an",                      # English
    "le", "la", "les", "l", "un", "une",   # French
    "der", "die", "das", "ein", "eine",    # German
    "el", "los", "las", "il", "lo", "gli",  # Spanish, Italian
})
KIND_ORDER = {"title": 0, "original": 1, "alias": 2}
FUZZY_MIN = 80.0        # rapidfuzz similarity (0-100) for a spelling to count as close
FUZZY_SURE = 92.0       # a lone fuzzy match this close is taken without asking
RESPELLED_SCORE = 99.0  # at most, for a name matched with a number written the other way

_YEAR_IN_PARENS = re.compile(r"^(?P<text>.*?)\s*\(\s*(?P<year>\d{4})\s*\)\s*$")
_TRAILING_YEAR = re.compile(r"^(?P<text>.*\S)\s+(?P<year>\d{4})$")
YEAR_MIN, YEAR_MAX = 1870, 2100


class Tier(IntEnum):
    EXACT = 0
    EXACT_NO_ARTICLE = 1
    PREFIX = 2
    WORDS = 3
    WORDS_ANY_ORDER = 4
    FUZZY = 5


@dataclass(frozen=True)
class Candidate:
    """One name of one film or person, as found by the database."""

    entity_id: int
    name: str
    norm: str
    kind: str = "title"          # title | original | alias (a person's main name is "title")
    year: int | None = None


@dataclass(frozen=True)
class Ranked:
    """The best-matching name of one film or person."""

    entity_id: int
    tier: Tier
    name: str
    kind: str
    year: int | None
    score: float = 100.0

    @property
    def exact(self) -> bool:
        return self.tier <= Tier.EXACT_NO_ARTICLE


def strip_article(norm: str) -> str:
    """'the 400 blows' -> '400 blows'; a lone article is kept ('the' stays 'the')."""
    head, _, rest = norm.partition(" ")
    return rest if rest and head in ARTICLES else norm


def article_variants(norm: str) -> list[str]:
    """Folded names that equal ``norm`` but for a leading article, for exact index probes."""
    base = strip_article(norm)
    return [base, *(f"{a} {base}" for a in sorted(ARTICLES))]


def _words_in_order(query: list[str], words: list[str]) -> bool:
    i = 0
    for q in query:
        while i < len(words) and not words[i].startswith(q):
            i += 1
        if i == len(words):
            return False
        i += 1
    return True


def _word_score(query: Sequence[str], words: Sequence[str], floor: float = 0.0) -> float:
    """Typo tolerance per word: each query word against its closest name word, averaged. 0 as soon as the
    average cannot reach ``floor`` (most names a miss reads: "7 love" against "The Lost Garden")."""
    if not query or not words:
        return 0.0
    total = 0.0
    for i, q in enumerate(query, start=1):
        total += _closest(q, words)
        if total + 100.0 * (len(query) - i) < floor * len(query):
            return 0.0
    return total / len(query)


def _closest(typed: str, words: Sequence[str]) -> float:
    """How close a typed word is to the closest of a name's words, or to its start: the word may be
    unfinished ("truffo" is one slip from "truffa", the start of "truffaut"). (One loop, not a
    function per word: this runs for every word of every name a misspelling reads.)"""
    best = 0.0
    n = len(typed)
    for word in words:
        score = fuzz.ratio(typed, word)
        if len(word) > n:
            score = max(score, fuzz.ratio(typed, word[:n]))
        best = max(best, score)
    return best


@dataclass(frozen=True)
class Typed:
    """A folded query with what every comparison needs, worked out once for all the names it meets."""

    norm: str
    base: str                   # without a leading article
    words: tuple[str, ...]
    base_words: tuple[str, ...]

    @classmethod
    def of(cls, norm: str) -> Typed:
        base = strip_article(norm)
        words = tuple(norm.split())
        return cls(norm, base, words, words if base is norm else tuple(base.split()))


def tier_of(query: str | Typed, name_norm: str) -> tuple[Tier, float] | None:
    """How ``name_norm`` matches the query (both folded), with a 0-100 score; None if it doesn't."""
    q = query if isinstance(query, Typed) else Typed.of(query)
    if not q.norm or not name_norm:
        return None
    n_base, n_words = strip_article(name_norm), name_norm.split()
    # Every tier above a spelling needs each typed word to start a word of the name: most names a
    # misspelling reads fail this first, cheapest test.
    if all(any(w.startswith(x) for w in n_words) for x in q.base_words):
        if name_norm == q.norm:
            return Tier.EXACT, 100.0
        if q.base == n_base:
            return Tier.EXACT_NO_ARTICLE, 100.0
        if name_norm.startswith(q.norm) or n_base.startswith(q.base):
            return Tier.PREFIX, 100.0
        if _words_in_order(q.words, n_words) or _words_in_order(q.base_words, n_words):
            return Tier.WORDS, 100.0
        return Tier.WORDS_ANY_ORDER, 100.0
    # The whole names count too: in "la roax" -> "la road" the article is half of what was typed.
    # The word score matters only if it beats both, and FUZZY_MIN (it stops early otherwise).
    score = fuzz.ratio(q.base, n_base)
    if q.base is not q.norm or n_base is not name_norm:
        score = max(score, fuzz.ratio(q.norm, name_norm))
    score = max(score, _word_score(q.base_words, n_words, max(score, FUZZY_MIN)))
    if score >= FUZZY_MIN:
        return Tier.FUZZY, float(score)
    return None


def _sort_key(r: Ranked, norm: str, query_len: int) -> tuple:
    return (r.tier, -r.score, KIND_ORDER.get(r.kind, 3), abs(len(norm) - query_len), norm,
            r.year if r.year is not None else 9999, r.entity_id)


class Ranker:
    """Ranks candidates as they arrive (each name is judged once), keeping the best name per entity."""

    def __init__(self, query: str, *, year: int | None = None) -> None:
        self.query = fold(query)
        self.year = year
        self._typed = Typed.of(self.query)
        # The query with its numbers in digits, compared with each name's: only when both hold one.
        self._digits = Typed.of(" ".join(as_digits(self.query.split()))) if has_number(self.query) else None
        self._best: dict[int, tuple[tuple, Ranked]] = {}
        self._judged: set[tuple[int, str, str]] = set()    # passes overlap; a name is scored once

    def add(self, candidates: Iterable[Candidate]) -> None:
        q = self.query
        for c in candidates:
            if self.year is not None and c.year != self.year:
                continue
            name = (c.entity_id, c.norm, c.kind)
            if name in self._judged:
                continue
            self._judged.add(name)
            found = tier_of(self._typed, c.norm)
            if self._digits is not None and has_number(c.norm):
                respelled = tier_of(self._digits, " ".join(as_digits(c.norm.split())))
                if respelled is not None and (found is None or respelled[0] < found[0]):
                    found = respelled[0], min(respelled[1], RESPELLED_SCORE)
            if found is None:
                continue
            r = Ranked(c.entity_id, found[0], c.name, c.kind, c.year, found[1])
            key = _sort_key(r, c.norm, len(q))
            current = self._best.get(c.entity_id)
            if current is None or key < current[0]:
                self._best[c.entity_id] = (key, r)

    def best(self, limit: int | None = None) -> list[Ranked]:
        ordered = [r for _, r in sorted(self._best.values(), key=lambda kr: kr[0])]
        return ordered[:limit] if limit is not None else ordered


def rank(query: str, candidates: Iterable[Candidate], *, year: int | None = None,
         limit: int | None = None) -> list[Ranked]:
    """The best name per film or person, best first. ``year`` keeps only that year's films."""
    ranker = Ranker(query, year=year)
    ranker.add(candidates)
    return ranker.best(limit)


@dataclass(frozen=True)
class Resolution:
    """What a typed name refers to: one entity, several to choose from, or nothing."""

    matches: tuple[Ranked, ...]
    ambiguous: bool

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def single(self) -> Ranked | None:
        return self.matches[0] if self.matches and not self.ambiguous else None


def resolve(ranked: Sequence[Ranked], *, max_choices: int = 25) -> Resolution:
    """Decide from ranked matches; several equally good matches are never settled silently.

    Exact matches (ignoring a leading article) win outright; if several films share that name the
    member chooses. Otherwise a lone partial match is taken, several partial matches are offered,
    and fuzzy matches are only suggestions, unless there is a single, very close one.
    """
    if not ranked:
        return Resolution((), False)
    exact = [r for r in ranked if r.exact]
    if exact:
        return Resolution(tuple(exact[:max_choices]), len(exact) > 1)
    partial = [r for r in ranked if r.tier < Tier.FUZZY]
    if partial:
        return Resolution(tuple(partial[:max_choices]), len(partial) > 1)
    fuzzy = list(ranked[:max_choices])
    sure = len(fuzzy) == 1 and fuzzy[0].score >= FUZZY_SURE
    return Resolution(tuple(fuzzy), not sure)


def split_year(text: str) -> tuple[str, int | None, bool]:
    """Separate a year typed with a title: (title, year, certain).

    "The 400 Blows (1959)" (a copied choice label) gives a certain year; "hamlet 1948" a likely one,
    to try first (a title may end in a number: "Blade Runner 2049"). A text that is only a year is
    left alone ("1917" is a film).
    """
    text = text.strip()
    m = _YEAR_IN_PARENS.match(text)
    if m and m.group("text") and YEAR_MIN <= int(m.group("year")) <= YEAR_MAX:
        return m.group("text"), int(m.group("year")), True
    m = _TRAILING_YEAR.match(text)
    if m and YEAR_MIN <= int(m.group("year")) <= YEAR_MAX:
        return m.group("text"), int(m.group("year")), False
    return text, None, False
