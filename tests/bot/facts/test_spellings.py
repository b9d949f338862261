"""The walk that finds how the index spells a word typed without ø, æ, œ, ß, đ, ł or ı."""

from __future__ import annotations

from bot.facts.spellings import MAX_LETTERS, MAX_LOOKUPS, SpellingWalk, branches


def walk(index: set[str], words: list[str], prefix: list[bool]) -> tuple[list[list[str]], int]:
    """Run the walk against ``index`` (its terms); return the spellings and how many lookups it made."""
    w = SpellingWalk(words, prefix)
    asked = 0
    while True:
        prefixes, terms = w.lookups()
        if not prefixes and not terms:
            return w.spellings, asked
        asked += len(prefixes) + len(terms)
        w.found_in_index({p for p in prefixes if any(t.startswith(p) for t in index)}, set(terms) & index)


def test_branches_put_one_letter_in_each_place_it_folds_from() -> None:
    assert branches("lodz", "", 0) == [("ł", 1), ("lø", 2), ("lođ", 3)]
    assert branches("strasse", "", 0) == [("straß", 6)]           # 'ss' is one letter, 'ß'
    assert branches("aeb", "", 0) == [("æ", 2)]
    assert branches("lodz", "ł", 1) == [("łø", 2), ("łođ", 3)]    # goes on after the letters already placed


INDEX = {"søren", "soren", "łodz", "straße", "cœurs", "æbeltoft", "łøđ", "doinel", "cinema"}


def test_whole_words_and_partly_typed_ones() -> None:
    found, _ = walk(INDEX, ["soren", "lodz", "strasse", "coeurs", "aebeltoft"], [False] * 5)
    assert found == [["søren"], ["łodz"], ["straße"], ["cœurs"], ["æbeltoft"]]
    assert walk(INDEX, ["sor", "aebel"], [False, True])[0] == [[], ["æbel"]]  # only the last word may be partly typed
    assert walk(INDEX, ["lod"], [False])[0] == [["łøđ"]]
    assert walk(INDEX, ["sore"], [False])[0] == [[]]


def test_several_letters_in_one_word() -> None:
    assert walk(INDEX, ["lod"], [True])[0] == [["łod", "łøđ"]]


def test_plain_words_cost_one_round_of_misses() -> None:
    found, asked = walk(INDEX, ["doinel", "cinema"], [False, True])
    assert found == [[], []]
    # Each place a letter could stand: does a term start so, and is the whole word a term (or a prefix)?
    assert asked == 2 * (len(branches("doinel", "", 0)) + len(branches("cinema", "", 0)))


def test_the_walk_is_bounded() -> None:
    every = {"".join("ł" if n & (1 << i) else "l" for i in range(10)) for n in range(1 << 10)}  # 1,024 spellings
    found, asked = walk(every, ["l" * 10], [False])
    assert asked <= 2 * MAX_LETTERS * MAX_LOOKUPS
    assert found[0] and all(s in every and 1 <= s.count("ł") <= MAX_LETTERS for s in found[0])
