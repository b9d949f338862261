"""The walk that finds how the index spells a word typed without ø, æ, œ, ß, đ, ł or ı (and with them)."""

from __future__ import annotations

from bot.facts.spellings import MAX_LETTERS, MAX_LOOKUPS, SpellingWalk, branches, typed_form


def run(index: set[str], words: list[str], prefix: list[bool]) -> tuple[SpellingWalk, int, int]:
    """Run the walk against ``index`` (its terms); return it, how many lookups and how many round trips it made."""
    w = SpellingWalk(words, prefix)
    asked = rounds = 0
    while True:
        prefixes, terms = w.lookups()
        if not prefixes and not terms:
            return w, asked, rounds
        asked += len(prefixes) + len(terms)
        rounds += 1
        w.found_in_index({p for p in prefixes if any(t.startswith(p) for t in index)}, set(terms) & index)


def walk(index: set[str], words: list[str], prefix: list[bool]) -> tuple[list[list[str]], int]:
    """The other spellings found for each word, and how many lookups it took."""
    w, asked, _ = run(index, words, prefix)
    return w.spellings, asked


def forms(index: set[str], words: list[str], prefix: list[bool]) -> list[list[str]]:
    w, _, _ = run(index, words, prefix)
    return [w.forms(i) for i in range(len(words))]


def test_branches_put_one_letter_in_each_place_it_folds_from() -> None:
    assert branches("lodz", "", 0) == [("ł", 1), ("lø", 2), ("lǿ", 2), ("lođ", 3)]   # ǿ: ø with an acute
    assert branches("strasse", "", 0) == [("straß", 6)]           # 'ss' is one letter, 'ß'
    assert branches("aeb", "", 0) == [("æ", 2), ("ǣ", 2), ("ǽ", 2)]
    assert branches("lodz", "ł", 1) == [("łø", 2), ("łǿ", 2), ("łođ", 3)]    # goes on after the letters placed
    assert branches("stras", "", 0) == []
    assert branches("stras", "", 0, partly=True) == [("straß", 5)]    # being typed: 's' may begin 'ß'


INDEX = {"søren", "soren", "łodz", "straße", "cœurs", "æbeltoft", "łøđ", "doinel", "cinema", "kjær"}


def test_whole_words_and_partly_typed_ones() -> None:
    found, _ = walk(INDEX, ["soren", "lodz", "strasse", "coeurs", "aebeltoft"], [False] * 5)
    assert found == [["søren"], ["łodz"], ["straße"], ["cœurs"], ["æbeltoft"]]
    assert walk(INDEX, ["sor", "aebel"], [False, True])[0] == [[], ["æbel"]]  # only the last word may be partly typed
    assert walk(INDEX, ["lod"], [False])[0] == [["łøđ"]]
    assert walk(INDEX, ["sore"], [False])[0] == [[]]
    assert walk(INDEX, ["stras"], [True])[0] == [["straß"]] and walk(INDEX, ["kja"], [True])[0] == [["kjæ"]]


def test_several_letters_in_one_word() -> None:
    assert walk(INDEX, ["lod"], [True])[0] == [["łod", "łøđ"]]


def test_the_forms_searched_are_those_the_index_holds() -> None:
    assert forms(INDEX, ["soren", "søren", "lodz", "doinel"], [False] * 4) == [
        ["søren", "soren"], ["søren", "soren"], ["łodz"], ["doinel"]]
    assert forms(INDEX, ["nowhere"], [False]) == [["nowhere"]]   # nothing found: the folded word (matches nothing)


def test_a_word_typed_with_letters_folding_changes_is_also_searched_as_typed() -> None:
    assert typed_form("alien³", "alien3") == "alien³" and typed_form("ﬁlm", "film") == "ﬁlm"
    assert typed_form("léaud", "leaud") is None      # the index folds separate accents itself
    assert typed_form("søren", "soren") is None      # the walk looks for ø, æ, ß... spellings
    assert typed_form("sǿren", "soren") is None
    assert forms({"alien³"}, ["alien³"], [False]) == [["alien³"]]
    assert forms({"alien3", "alien³"}, ["alien³"], [False]) == [["alien3", "alien³"]]


def test_plain_words_cost_one_round_trip() -> None:
    found, asked = walk(INDEX, ["doinel", "cinema"], [False, True])
    _, _, rounds = run(INDEX, ["doinel", "cinema"], [False, True])
    assert found == [[], []] and rounds == 1
    places = len(branches("doinel", "", 0)) + len(branches("cinema", "", 0, partly=True))
    assert places < asked <= 2 * places + 2      # each place (and the whole word), and the words themselves


def test_the_walk_is_bounded() -> None:
    every = {"".join("ł" if n & (1 << i) else "l" for i in range(10)) for n in range(1 << 10)}  # 1,024 spellings
    found, asked = walk(every, ["l" * 10], [False])
    assert asked <= MAX_LETTERS * (2 * MAX_LOOKUPS) + 1
    assert found[0] and all(s in every and 1 <= s.count("ł") <= MAX_LETTERS for s in found[0])


def test_a_long_word_does_not_crowd_out_the_others() -> None:
    long_word = "o" * 40
    assert len(branches(long_word, "", 0)) > MAX_LOOKUPS
    found, _ = walk({"søren"}, [long_word, long_word + "x", "soren"], [False, False, False])
    assert found[2] == ["søren"]
