"""Likely duplicates: fuzzy similarity between a new fact and the facts a server already has.

Texts are compared folded (case, accents and punctuation ignored) with two rapidfuzz scorers:
``token_sort_ratio`` catches the same sentence reworded or reordered; ``token_set_ratio`` catches
one fact restated with a few extra words, but only between texts of comparable length, so a
short fact is not flagged as a copy of every long fact that mentions the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.text import fold

THRESHOLD = 84.0
MIN_LENGTH_RATIO = 0.6


@dataclass(frozen=True)
class Similar:
    fact_id: int
    text: str
    score: float          # 0-100


def similarity(a: str, b: str) -> float:
    """How alike two fact texts are, 0-100."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    score = fuzz.token_sort_ratio(fa, fb)
    if min(len(fa), len(fb)) / max(len(fa), len(fb)) >= MIN_LENGTH_RATIO:
        score = max(score, fuzz.token_set_ratio(fa, fb))
    return float(score)


class SimilarityIndex:
    """Existing facts folded once, then searched many times (an import checks every new row)."""

    def __init__(self, facts: Iterable[tuple[int, str]]) -> None:
        self._texts: dict[int, str] = {}
        self._folded: dict[int, str] = {}
        for fact_id, text in facts:
            folded = fold(text)
            if folded:
                self._texts[fact_id] = text
                self._folded[fact_id] = folded

    def __len__(self) -> int:
        return len(self._folded)

    def find(self, text: str, *, threshold: float = THRESHOLD, limit: int = 3) -> list[Similar]:
        """The most similar existing facts scoring at least ``threshold``, best first."""
        query = fold(text)
        if not query or not self._folded:
            return []
        # fact id -> (best score, token_sort score): ties go to the closer wording.
        scores: dict[int, tuple[float, float]] = {}
        for _, score, fact_id in process.extract(query, self._folded, scorer=fuzz.token_sort_ratio,
                                                 score_cutoff=threshold, limit=limit):
            scores[fact_id] = (score, score)
        for _, score, fact_id in process.extract(query, self._folded, scorer=fuzz.token_set_ratio,
                                                 score_cutoff=threshold, limit=limit * 4):
            other = self._folded[fact_id]
            if min(len(query), len(other)) / max(len(query), len(other)) >= MIN_LENGTH_RATIO:
                sort_score = scores[fact_id][1] if fact_id in scores else fuzz.token_sort_ratio(query, other)
                scores[fact_id] = (max(score, sort_score), sort_score)
        best = sorted(scores.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))[:limit]
        return [Similar(fact_id, self._texts[fact_id], round(score, 1)) for fact_id, (score, _) in best]


def find_similar(text: str, facts: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD,
                 limit: int = 3) -> list[Similar]:
    """Facts among ``facts`` (id, text) that ``text`` likely duplicates, best first."""
    return SimilarityIndex(facts).find(text, threshold=threshold, limit=limit)
