"""BM25 on marked columns, and snippets cut around the first hit."""

from __future__ import annotations

from bot.facts.ranking import Scorer, WordGroup, fold_token, idf, snippet, tokens
from bot.facts.search import HIT_END, HIT_START, render_snippet


def mark(text: str, *words: str) -> str:
    for word in words:
        text = text.replace(word, f"{HIT_START}{word}{HIT_END}")
    return text


def group(word: str, facts: int, *, prefix: bool = False, forms: tuple[str, ...] = ()) -> WordGroup:
    return WordGroup(word, frozenset(forms or (word,)), prefix, facts)


def score(scorer: Scorer, text: str, *words: str, tags: str = "", film: str = "") -> float:
    columns = (mark(text, *words), mark(tags, *words), mark(film, *words))
    return scorer.score(columns, sum(tokens(c) for c in columns))


def test_a_rare_word_counts_for_more_than_a_common_one() -> None:
    scorer = Scorer([group("leaud", 10), group("film", 50_000)], 100_000, 8)
    assert score(scorer, "Leaud was fourteen then.", "Leaud") > score(scorer, "The film was shot.", "film")
    assert idf(10, 100_000) > idf(50_000, 100_000) > 0


def test_more_hits_and_shorter_facts_rank_higher() -> None:
    scorer = Scorer([group("truffaut", 100)], 100_000, 10)
    once = score(scorer, "Truffaut wrote the script in Paris one winter.", "Truffaut")
    twice = score(scorer, "Truffaut wrote it; Truffaut shot it in Paris.", "Truffaut")
    short = score(scorer, "Truffaut smiled.", "Truffaut")
    assert twice > once and short > once


def test_text_hits_weigh_more_than_tags_and_film_names() -> None:
    scorer = Scorer([group("coups", 100)], 100_000, 6)
    in_text = score(scorer, "Les coups de poing.", "coups", film="The 400 Blows")
    in_film = score(scorer, "A scene at the beach.", "coups", film="Les Quatre Cents Coups".lower())
    assert in_text > in_film > 0


def test_accented_hits_count_for_the_folded_word_and_prefixes_count() -> None:
    scorer = Scorer([group("leaud", 10), group("doi", 5, prefix=True)], 1_000, 6)
    assert score(scorer, "Léaud plays Doinel.", "Léaud", "Doinel") > score(scorer, "Léaud plays.", "Léaud") > 0
    assert fold_token("LÉAUD") == "leaud"


def test_letters_without_a_separate_accent_count_for_the_word_folded() -> None:
    scorer = Scorer([group("strasse", 10), group("soren", 10)], 1_000, 6)
    assert score(scorer, "STRAẞE with Søren.", "STRAẞE", "Søren") == score(scorer, "Strasse with Soren.", "Strasse",
                                                                           "Soren") > 0
    assert [fold_token(w) for w in ("STRAẞE", "Straße", "SǾREN", "Łódź")] == ["strasse", "strasse", "soren", "lodz"]


def test_completions_count_as_their_word() -> None:
    scorer = Scorer([group("dire", 1000, forms=("director", "directed"))], 10_000, 6)
    assert score(scorer, "The director directed it.", "director", "directed") > 0
    assert score(scorer, "A dire warning.", "dire") == 0  # "dire" was not one of the words searched


def test_snippets_keep_short_facts_whole_and_cut_long_ones_around_the_hit() -> None:
    short = mark("Jean-Pierre Léaud was fourteen.", "Léaud")
    assert snippet(short) == short
    words = [f"w{i}" for i in range(100)]
    words[50] = "Bazin"
    cut = snippet(mark(" ".join(words), "Bazin"), size=40)
    assert cut.startswith("…") and cut.endswith("…") and f"{HIT_START}Bazin{HIT_END}" in cut
    assert len(cut.split()) <= 40
    first = snippet(mark(" ".join(["Bazin", *words[1:]]), "Bazin"), size=40)
    assert first.startswith(f"{HIT_START}Bazin") and first.endswith("…")


def test_a_snippet_keeps_what_the_fact_hides_hidden() -> None:
    """QA19: a snippet cut out of a spoiler (||…||), or escaped, showed the film's ending in clear."""
    hidden = " ".join(f"secret{i}" for i in range(60))
    marked = f"The ending: ||{hidden} {HIT_START}freeze{HIT_END} {hidden} frame||. After it."
    cut_out = snippet(marked, size=10)
    assert cut_out.startswith("||…") and cut_out.endswith("…||")        # opened before, closed after the window
    shown = render_snippet(cut_out)
    assert "\\|" not in shown and "**freeze**" in shown and shown.count("||") == 2
    assert render_snippet(f"Whole: ||{HIT_START}freeze{HIT_END} frame||") == "Whole: ||**freeze** frame||"
