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
    """Existing facts folded once, then searched many times (an import checks every new row).

    ``token_sort_ratio(a, b)`` is ``ratio`` of the texts with their words sorted, so the words of
    every fact are sorted once here and each search runs the much cheaper ``ratio``.
    """

    def __init__(self, facts: Iterable[tuple[int, str]]) -> None:
        self._ids: list[int] = []
        self._texts: list[str] = []
        self._folded: list[str] = []
        self._sorted: list[str] = []
        for fact_id, text in facts:
            folded = fold(text)
            if folded:
                self._ids.append(fact_id)
                self._texts.append(text)
                self._folded.append(folded)
                self._sorted.append(" ".join(sorted(folded.split())))

    def __len__(self) -> int:
        return len(self._ids)

    def find(self, text: str, *, threshold: float = THRESHOLD, limit: int = 3) -> list[Similar]:
        """The most similar existing facts scoring at least ``threshold``, best first."""
        query = fold(text)
        if not query or not self._ids:
            return []
        # position -> (best score, token_sort score): ties go to the closer wording.
        scores: dict[int, tuple[float, float]] = {}
        query_sorted = " ".join(sorted(query.split()))
        for _, score, i in process.extract(query_sorted, self._sorted, scorer=fuzz.ratio, score_cutoff=threshold,
                                           limit=limit):
            scores[i] = (score, score)
        # token_set_ratio only between texts of comparable length (see the module's docstring).
        low, high = len(query) * MIN_LENGTH_RATIO, len(query) / MIN_LENGTH_RATIO
        comparable = {i: f for i, f in enumerate(self._folded) if low <= len(f) <= high}
        for _, score, i in process.extract(query, comparable, scorer=fuzz.token_set_ratio, score_cutoff=threshold,
                                           limit=limit * 4):
            sort_score = scores[i][1] if i in scores else fuzz.ratio(query_sorted, self._sorted[i])
            scores[i] = (max(score, sort_score), sort_score)
        best = sorted(scores.items(), key=lambda item: (-item[1][0], -item[1][1], self._ids[item[0]]))[:limit]
        return [Similar(self._ids[i], self._texts[i], round(score, 1)) for i, (score, _) in best]


def find_similar(text: str, facts: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD,
                 limit: int = 3) -> list[Similar]:
    """Facts among ``facts`` (id, text) that ``text`` likely duplicates, best first."""
    return SimilarityIndex(facts).find(text, threshold=threshold, limit=limit)
