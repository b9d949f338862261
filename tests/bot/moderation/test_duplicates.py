from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from bot.moderation.duplicates import THRESHOLD, SimilarityIndex, find_similar, similarity

PACK = Path(__file__).parents[3] / "data" / "packs" / "the-400-blows.json"
DYALI = "The 400 Blows was photographed in DyaliScope, an anamorphic widescreen process."
EXISTING = [
    (1, DYALI),
    (2, "Truffaut did not write the screenplay alone: his co-writer was Marcel Moussy."),
    (3, "Jean-Pierre Léaud was fourteen when he was cast as Antoine Doinel."),
]


@pytest.mark.parametrize("text", [
    DYALI,
    DYALI.upper().replace(".", "!"),                                              # case and punctuation
    "The 400 Blows was shot in DyaliScope, an anamorphic widescreen format.",      # reworded
    "DyaliScope, an anamorphic widescreen process, was used to photograph The 400 Blows.",  # reordered
    "Jean-Pierre Leaud was 14 when he was cast as Antoine Doinel.".replace("14", "fourteen"),  # accents
])
def test_likely_duplicates_are_found(text: str) -> None:
    found = find_similar(text, EXISTING)
    assert found and found[0].fact_id in (1, 3) and found[0].score >= THRESHOLD


@pytest.mark.parametrize("text", [
    "The 400 Blows was photographed in black and white.",
    "Truffaut",                                   # a word every fact shares is not a duplicate
    "Léaud later played Antoine Doinel in four more films.",
])
def test_different_facts_are_not_flagged(text: str) -> None:
    assert find_similar(text, EXISTING) == []


def test_best_match_first_and_limit() -> None:
    near = [(10, DYALI + " Indeed."), (11, DYALI), (12, DYALI.replace("process", "system"))]
    found = find_similar(DYALI, near, limit=2)
    assert [f.fact_id for f in found] == [11, 10]  # exact wording beats a superset


def test_no_two_facts_of_the_bundled_pack_look_alike() -> None:
    """The threshold sits above the closest pair of genuinely different, hand-written facts."""
    facts = [f["text"] for f in json.loads(PACK.read_text(encoding="utf-8"))["facts"]]
    assert max(similarity(a, b) for a, b in combinations(facts, 2)) < THRESHOLD


def test_index_ignores_empty_texts() -> None:
    index = SimilarityIndex([(1, "!!!"), (2, DYALI)])
    assert len(index) == 1 and index.find("???") == []
