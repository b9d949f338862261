from __future__ import annotations

import pytest

from bot.lookup.ranking import (
    Candidate,
    Tier,
    article_variants,
    rank,
    resolve,
    split_year,
    strip_article,
    tier_of,
)
from bot.text import fold


def cand(entity_id: int, name: str, kind: str = "title", year: int | None = None) -> Candidate:
    return Candidate(entity_id, name, fold(name), kind, year)


BLOWS = [cand(1, "The 400 Blows", "title", 1959), cand(1, "Les Quatre Cents Coups", "original", 1959),
         cand(1, "Les 400 coups", "alias", 1959), cand(1, "400 Blows", "alias", 1959)]


@pytest.mark.parametrize(("query", "name", "tier"), [
    ("the 400 blows", "the 400 blows", Tier.EXACT),
    ("400 blows", "the 400 blows", Tier.EXACT_NO_ARTICLE),
    ("mistons", "les mistons", Tier.EXACT_NO_ARTICLE),
    ("l enfant sauvage", "enfant sauvage", Tier.EXACT_NO_ARTICLE),
    ("400 blo", "the 400 blows", Tier.PREFIX),
    ("the 4", "the 400 blows", Tier.PREFIX),
    ("quat cen", "les quatre cents coups", Tier.WORDS),
    ("quatre cents coups", "les quatre cents coups", Tier.EXACT_NO_ARTICLE),
    ("cents coups", "les quatre cents coups", Tier.WORDS),
    ("coups quatre", "les quatre cents coups", Tier.WORDS_ANY_ORDER),
    ("400 blowz", "the 400 blows", Tier.FUZZY),
    ("truffault", "francois truffaut", Tier.FUZZY),
    ("la roax", "la road", Tier.FUZZY),          # one slip in a short name: the article counts too
    ("truffo", "francois truffaut", Tier.FUZZY),  # one slip in a word still being typed
])
def test_tiers(query: str, name: str, tier: Tier) -> None:
    found = tier_of(query, name)
    assert found is not None and found[0] == tier


@pytest.mark.parametrize(("query", "name"),
                         [("hamlet", "the 400 blows"), ("", "x"), ("x", ""), ("zzz", "jules et jim")])
def test_unrelated_names_do_not_match(query: str, name: str) -> None:
    assert tier_of(query, name) is None


def test_a_number_written_the_other_way_matches_just_after_one_as_typed() -> None:
    seven = [cand(1, "Seven Samurai", year=1954), cand(2, "7 Women", year=1966), cand(3, "Le Samouraï", year=1967)]
    ranked = rank("7 samurai", seven)
    assert [(r.entity_id, r.tier) for r in ranked][:1] == [(1, Tier.EXACT)] and ranked[0].score < 100
    assert [r.entity_id for r in rank("seven", seven)][:2] == [1, 2]      # "Seven…" as typed, then "7…"
    assert rank("seven", seven)[0].score == 100 and rank("seven", seven)[1].score < 100
    assert rank("twelve angry", [cand(4, "12 Angry Men", year=1957)])[0].tier == Tier.PREFIX
    assert rank("sept samourais", [cand(1, "Seven Samurai"), cand(1, "Les Sept Samouraïs", "alias")])[0].tier \
        == Tier.EXACT_NO_ARTICLE
    for other in ("8 women", "eight women"):                             # another number: a spelling at best
        assert [(r.entity_id, r.tier) for r in rank(other, seven)] == [(2, Tier.FUZZY)]


def test_a_lone_article_is_a_word_not_an_article() -> None:
    assert strip_article("the") == "the"
    assert strip_article("the 400 blows") == "400 blows"
    assert "the 400 blows" in article_variants("400 blows") and "les mistons" in article_variants("the mistons")


@pytest.mark.parametrize("query", ["400 blows", "quatre cents coups", "Les 400 coups", "LES QUATRE CENTS COUPS",
                                   "Les Quatre-Cents Coups!", "the 400 blows"])
def test_aliases_and_original_titles_find_the_film(query: str) -> None:
    ranked = rank(query, BLOWS)
    assert [r.entity_id for r in ranked] == [1]
    assert ranked[0].exact


def test_exact_title_beats_partial_matches() -> None:
    films = [cand(1, "Hamlet Goes Business", year=1987), cand(2, "Hamlet", year=1948),
             cand(3, "Prince Hamlet", year=2001), cand(4, "Hamlet", year=1996)]
    ranked = rank("hamlet", films)
    assert [r.entity_id for r in ranked][:2] == [2, 4]          # both exact, older first
    assert [r.tier for r in ranked] == [Tier.EXACT, Tier.EXACT, Tier.PREFIX, Tier.WORDS]


def test_main_title_beats_alias_at_the_same_tier() -> None:
    films = [cand(1, "Breathless", "alias", 1960), cand(2, "Breathless", "title", 1983)]
    assert [r.entity_id for r in rank("breathless", films)] == [2, 1]


def test_best_name_per_entity_is_kept() -> None:
    ranked = rank("les 400 coups", BLOWS)
    assert len(ranked) == 1 and ranked[0].name == "Les 400 coups" and ranked[0].kind == "alias"


def test_year_filter_keeps_only_that_year() -> None:
    films = [cand(2, "Hamlet", year=1948), cand(4, "Hamlet", year=1996), cand(5, "Hamlet")]
    assert [r.entity_id for r in rank("hamlet", films, year=1996)] == [4]
    assert rank("hamlet", films, year=1990) == []


def test_limit() -> None:
    films = [cand(i, f"Night {i}") for i in range(40)]
    assert len(rank("night", films, limit=25)) == 25


def test_resolution_exact_single_wins_over_partials() -> None:
    films = [cand(1, "Hamlet", year=1948), cand(2, "Hamlet Goes Business", year=1987)]
    resolution = resolve(rank("hamlet", films))
    assert resolution.single is not None and resolution.single.entity_id == 1


def test_resolution_same_title_is_ambiguous() -> None:
    films = [cand(1, "Hamlet", year=1948), cand(2, "Hamlet", year=1996), cand(3, "Hamlet Goes Business")]
    resolution = resolve(rank("hamlet", films))
    assert resolution.ambiguous and resolution.single is None
    assert [m.entity_id for m in resolution.matches] == [1, 2]   # partial matches are not offered


def test_resolution_partial_matches() -> None:
    assert resolve(rank("goes bus", [cand(3, "Hamlet Goes Business")])).single is not None
    several = resolve(rank("ham", [cand(1, "Hamlet"), cand(2, "Hamburger Hill")]))
    assert several.ambiguous and len(several.matches) == 2


def test_resolution_fuzzy_is_a_suggestion_unless_very_close() -> None:
    assert resolve(rank("truffault", [cand(1, "François Truffaut")])).single is not None
    weak = resolve(rank("400 blowz", [cand(1, "The 400 Blows")]))
    assert weak.ambiguous and [m.entity_id for m in weak.matches] == [1]


def test_resolution_nothing() -> None:
    resolution = resolve([])
    assert not resolution.found and resolution.single is None and not resolution.ambiguous


@pytest.mark.parametrize(("text", "expected"), [
    ("The 400 Blows (1959)", ("The 400 Blows", 1959, True)),
    ("hamlet 1948", ("hamlet", 1948, False)),
    ("Blade Runner 2049", ("Blade Runner", 2049, False)),
    ("1917", ("1917", None, False)),
    ("2001: A Space Odyssey", ("2001: A Space Odyssey", None, False)),
    ("Hamlet (1234)", ("Hamlet (1234)", None, False)),
    ("  Hamlet ( 1996 ) ", ("Hamlet", 1996, True)),
])
def test_split_year(text: str, expected: tuple) -> None:
    assert split_year(text) == expected


def test_the_word_score_stops_early_only_below_its_floor() -> None:
    """The early stop changes no match: a score is exact whenever it could reach the floor."""
    from itertools import product

    from bot.lookup.ranking import FUZZY_MIN, _word_score
    words = ["7", "love", "lov", "the", "lost", "garden", "truffaut", "truffo", "400", "blows", "blowz", "quatre"]
    for q1, q2, n1, n2, n3 in product(words[:6], words[3:9], words[:4], words[4:8], words[8:]):
        query, name = [q1, q2], [n1, n2, n3]
        exact = _word_score(query, name)
        stopped = _word_score(query, name, FUZZY_MIN)
        assert stopped == exact or (stopped == 0.0 and exact < FUZZY_MIN), (query, name)
