"""/about: what the Content line reads."""

from __future__ import annotations

from bot.db.stats import ContentCounts
from cogs.meta import content_text


def test_content_counts_are_singular_for_one() -> None:
    assert content_text(ContentCounts(1, 1, 1, 1)) == "1 film · 1 person · 1 fact · 1 trivia question"
    assert content_text(ContentCounts(0, 11, 1_200, 75)) == "0 films · 11 people · 1,200 facts · 75 trivia questions"
