from __future__ import annotations

import sqlite3

import pytest

from bot.facts.search import HIT_END, HIT_START, MAX_TERMS, any_spelling, match_query, render_snippet, terms

HOSTILE = [
    '"', '""', '"unbalanced', "it's", "*", "**", "a*", "*leaud", "NEAR", "NEAR(", "NEAR(a b, 2)", "a NEAR b",
    "AND", "OR", "NOT", "a AND", "OR b", "NOT NOT", "a OR b NOT c", "(", ")", "((a)", "a) OR (b", "^", "^a",
    "text:", "text:leaud", "{text tags}: a", "-a", "+a", "a - b", ":", "::", "'", "`", "\\", "\\\"", "\x00",
    "%", "_", "a.b.c", "l'enfant", "<@&123>", "@everyone", "DROP TABLE facts;--", "'; DELETE FROM facts; --",
    "🎬🍿", "😀 leaud", "\u0301", "e\u0301", "\u200b", " ", "\n\t", "日本語", "Ærø", "Straße", "œuvre",
    "x" * 500, "(" * 250 + ")" * 250, "\"*\"" * 100, "NEAR " * 100, ("a OR " * 100).strip(), "é" * 500,
    "".join(chr(c) for c in range(32, 127)) * 5,
]

EXPECTED = [
    ("Léaud", '"léaud"*'),
    ("leaud", '"leaud"*'),
    ("Quatre Cents Coups", '"quatre" "cents" "coups"*'),
    ('"Antoine" AND NEAR(Doinel*)', '"antoine" "and" "near" "doinel"*'),
    ("l'enfant", '"l" "enfant"*'),
    ("a", '"a"'),
    ("400 blows", '"400" "blows"*'),
    ("Truffaut truffaut TRUFFAUT", '"truffaut"*'),
]


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tags, film, tokenize = 'unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO t VALUES (?, '', ?)", [
        ("Jean-Pierre Léaud was fourteen.", "The 400 Blows Les Quatre Cents Coups"),
        ("An œuvre about a Straße near the sea.", ""),
        ("Antoine Doinel runs to the sea.", "The 400 Blows"),
    ])
    return conn


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_never_an_fts_error(fts: sqlite3.Connection, text: str) -> None:
    query = match_query(text)
    if query is None:
        assert not terms(text)
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank", (query,)).fetchall()  # must not raise
    assert query.count('"') % 2 == 0 and len(query) < 500


@pytest.mark.parametrize(("text", "expected"), EXPECTED)
def test_words_are_quoted_and_the_last_is_a_prefix(text: str, expected: str) -> None:
    assert match_query(text) == expected


def test_nothing_left_is_none() -> None:
    for text in ["", "   ", "!!!", '"*"', "()", "🎬", "\u0301\u0301"]:
        assert match_query(text) is None


def test_long_input_is_cut() -> None:
    many = " ".join(f"word{i}" for i in range(100))
    assert len(terms(many)) == 100
    assert match_query(many).count('"') == 2 * MAX_TERMS
    assert max(len(t) for t in terms("x" * 500)) <= 40


@pytest.mark.parametrize(("text", "rows"), [
    ("Leaud", [1]), ("LÉAUD", [1]), ("coups", [1]), ("quatre cents", [1]), ("400 blows", [1, 3]),
    ("Œuvre", [2]), ("straße", [2]), ("Doin", [3]),
    ("NEAR sea", [2]),  # NEAR is a word like any other, not an operator
    ("sea", [2, 3]),
])
def test_accent_and_case_insensitive_matching(fts: sqlite3.Connection, text: str, rows: list[int]) -> None:
    found = fts.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", (match_query(text),)).fetchall()
    assert [r[0] for r in found] == rows


def test_render_snippet_bolds_hits_and_escapes_markdown() -> None:
    snippet = f"…the *star* {HIT_START}Léaud{HIT_END} and __{HIT_START}Doinel{HIT_END}__…"
    assert render_snippet(snippet) == r"…the \*star\* **Léaud** and \_\_**Doinel**\_\_…"
    assert render_snippet(f"{HIT_START}open") == "**open**"
    assert render_snippet(f"a{HIT_END}b") == "ab"


def test_any_word_queries() -> None:
    assert match_query("Léaud Doinel", any_word=True) == '"léaud" OR "doinel"*'
    assert match_query("one", any_word=True) == '"one"*'


def test_any_spelling_matches_one_word_in_any_of_its_spellings() -> None:
    assert any_spelling(["leaud"]) == '"leaud"'
    assert any_spelling(["soren", "søren"], prefix=True) == '("soren"* OR "søren"*)'
