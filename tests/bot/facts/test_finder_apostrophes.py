from __future__ import annotations

from bot.facts.finder import apostrophe_splits


def test_words_an_apostrophe_joined() -> None:
    """QA24 5: what a word typed without its apostrophe may be."""
    assert apostrophe_splits("dor") == ["d or"]
    assert apostrophe_splits("lenfant") == ["l enfant"]
    assert apostrophe_splits("antoines") == ["antoine s"]
    assert apostrophe_splits("paris") == ["pari s"]   # only when no fact has every word, and the index has both
    assert apostrophe_splits("do") == [] and apostrophe_splits("its") == []
