"""Ranking search candidates (pure): tiers a reader expects, then BM25 within a tier.

Tiers: facts with the exact phrase typed, then facts with every word, then (when no fact has them
all) facts with some of the words. Within a tier, BM25 as FTS5 computes it with the weights the
search always used (text 10, tags 4, film names 2), from the hits FTS5 marked in each column: a
rare word counts for more than a common one, several hits for more than one, a short fact for more
than a long one. Computed here on a bounded set of candidates, it never has to read every match.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.facts.search import HIT_END, HIT_START
from bot.text import SPOILER, spoilers_closed, strip_accents

K1, B = 1.2, 0.75
WEIGHTS = (10.0, 4.0, 2.0)          # text, tags, film names
SNIPPET_TOKENS = 40                 # as FTS5's snippet(..., 40): the whole fact when it is shorter
TIER_PHRASE, TIER_ALL, TIER_SOME = 0, 1, 2

_TOKEN = re.compile(r"[^\W_]+")
_HIT = re.compile(f"{HIT_START}([^{HIT_END}]*){HIT_END}")


@lru_cache(maxsize=8192)
def fold_token(text: str) -> str:
    """A word as the index stores it (unicode61, remove_diacritics 2): lower case, no accents."""
    return strip_accents(text).lower()


@dataclass(frozen=True)
class WordGroup:
    """One word of the query: the forms that count as a hit, and how many facts have one."""

    word: str                       # folded
    forms: frozenset[str]           # folded words that count (the word, or the completions searched)
    prefix: bool                    # any word starting with ``word`` counts
    facts: int                      # document frequency (possibly capped)

    def hit(self, token: str) -> bool:
        return token in self.forms or (self.prefix and token.startswith(self.word))


def idf(facts_with_word: int, total: int) -> float:
    """BM25's inverse document frequency (the +1 keeps it positive for words in most facts)."""
    total = max(total, facts_with_word, 1)
    return math.log((total - facts_with_word + 0.5) / (facts_with_word + 0.5) + 1.0)


def tokens(marked: str) -> int:
    """About how many words: the spaces between them (BM25 only compares lengths)."""
    return marked.count(" ") + 1 if marked else 0


class Scorer:
    """BM25 of the facts matching one query, from their marked columns (text, tags, film names)."""

    def __init__(self, groups: list[WordGroup], total: int, average_length: float) -> None:
        self.groups = groups
        self.idfs = [idf(g.facts, total) for g in groups]
        self.average_length = max(average_length, 1.0)
        self._groups_of: dict[str, tuple[int, ...]] = {}  # a hit word -> the query words it counts for

    def _groups(self, word: str) -> tuple[int, ...]:
        found = self._groups_of.get(word)
        if found is None:
            folded = fold_token(word)
            found = self._groups_of[word] = tuple(i for i, g in enumerate(self.groups) if g.hit(folded))
        return found

    def score(self, columns: tuple[str, str, str], length: int) -> float:
        """Higher is better; ``length`` is the fact's length in words (all columns)."""
        hits = [0.0] * len(self.groups)
        for weight, marked in zip(WEIGHTS, columns, strict=True):
            if HIT_START not in marked:
                continue
            for span in _HIT.findall(marked):
                for word in ((span,) if span.isalnum() else _TOKEN.findall(span)):
                    for i in self._groups(word):
                        hits[i] += weight
        norm = K1 * (1 - B + B * length / self.average_length)
        return sum(idf * w * (K1 + 1) / (w + norm) for idf, w in zip(self.idfs, hits, strict=True) if w)


def snippet(marked: str, size: int = SNIPPET_TOKENS) -> str:
    """The fact's marked text, cut to ``size`` words around the first hit when it is longer."""
    if marked.count(" ") < size:  # fewer words than that
        return marked
    spans = [m.span() for m in _TOKEN.finditer(marked)]
    if len(spans) <= size:
        return marked
    first = marked.find(HIT_START)
    at = next((i for i, (start, _) in enumerate(spans) if start > first), 0) if first >= 0 else 0
    begin = max(0, min(at - size // 4, len(spans) - size))
    end = begin + size - 1
    start_char = 0 if begin == 0 else spans[begin][0]
    end_char = len(marked) if end == len(spans) - 1 else spans[end][1]
    if end_char < len(marked) and marked[end_char:end_char + 1] == HIT_END:
        end_char += 1
    if start_char and marked[start_char - 1:start_char] == HIT_START:
        start_char -= 1
    text = ("…" if begin else "") + marked[start_char:end_char] + ("…" if end < len(spans) - 1 else "")
    if marked.count(SPOILER, 0, start_char) % 2:    # it starts inside a spoiler (||…||): hidden, as in the fact
        text = SPOILER + text
    return spoilers_closed(text)
