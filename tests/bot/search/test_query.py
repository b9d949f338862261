from __future__ import annotations

import random
import sqlite3

import pytest

from bot.search.query import MAX_QUERY_CHARS, MAX_TERMS, SearchQuery, parse_query, quote

HOSTILE = [
    '"', '""', '"unbalanced', "it's", "l'enfant", "*", "**", "blows*", "*blows", "^start", "-minus", "+plus",
    "NEAR", "NEAR(a b)", "NEAR(a b, 3)", "a NEAR b", "AND", "OR", "NOT", "a AND", "OR b", "NOT NOT", "a OR OR b",
    "(", ")", "((a)", "a)", "(a OR b", "text:truffaut", "film : x", "{text film}: a", "a : b", ":",
    "\x00", "a\x00b", "\\", "%", "_", "?", "'; DROP TABLE facts; --", "SELECT * FROM facts",
    "🎬🎥", "مرحبا", "ภาษาไทย", "漢字かな", "Z̸̢̛a̵l̷g̶o̴", "ﬁlm", "²³", "e\u0301", "\u200b", "\ufeff",
    "a" * 500, " ".join(["word"] * 200), "".join(chr(c) for c in range(32, 127)) * 5,
    "".join(random.Random(1).choice("\"*()^:-+ NEARORNOTAND{}[]'`~!@#$%&;,.<>?/|\\") for _ in range(500)),
]


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tags, tokenize = 'unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO t (text, tags) VALUES (?, ?)", [
        ("Jean-Pierre Léaud plays Antoine near the sea", "cast"),
        ("Les Quatre Cents Coups was shot in Paris", "production"),
        ("Not or and near are plain words here", "words"),
    ])
    return conn


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_input_never_breaks_fts(fts: sqlite3.Connection, raw: str) -> None:
    query = parse_query(raw)
    if query is None:
        return
    assert 1 <= len(query.terms) <= MAX_TERMS and len(query.text) <= MAX_QUERY_CHARS
    for expression in (query.all_terms(), query.all_terms(prefix_last=False), query.prefixes(), query.any_term(),
                       query.any_term(prefix_min=2), query.phrase()):
        fts.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank", (expression,)).fetchall()


@pytest.mark.parametrize("raw", ["", None, "   ", "***", "()", '"" ""', ":-)", "\x00", "\u200b"])
def test_nothing_searchable(raw: str | None) -> None:
    assert parse_query(raw) is None


def test_operators_become_plain_words(fts: sqlite3.Connection) -> None:
    query = parse_query("NOT OR AND NEAR")
    assert query is not None and query.terms == ("not", "or", "and", "near")
    rows = fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.all_terms(),)).fetchall()
    assert rows == [(3,)]


def test_accents_and_case_fold(fts: sqlite3.Connection) -> None:
    for raw in ("LEAUD", "léaud", "Léaud!"):
        query = parse_query(raw)
        assert query is not None
        assert fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.all_terms(),)).fetchall() == [(1,)]


def test_last_term_is_a_prefix_when_long_enough(fts: sqlite3.Connection) -> None:
    query = parse_query("quatre cou")
    assert query is not None and query.all_terms() == '"quatre" "cou"*'
    assert fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.all_terms(),)).fetchall() == [(2,)]
    short = parse_query("quatre c")
    assert short is not None and short.all_terms() == '"quatre" "c"'


def test_any_term_and_phrase(fts: sqlite3.Connection) -> None:
    query = parse_query("paris sea")
    assert query is not None
    assert fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.all_terms(),)).fetchall() == []
    assert sorted(fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.any_term(),)).fetchall()) == [(1,), (2,)]
    phrase = parse_query("cents coups")
    assert phrase is not None and phrase.phrase() == '"cents coups"'


def test_bounded_and_deduplicated() -> None:
    query = parse_query("a b a c d e f g h i j k")
    assert query is not None and query.terms == ("a", "b", "c", "d", "e", "f", "g", "h")
    long_word = parse_query("x" * 500)
    assert long_word is not None and long_word.terms == ("x" * 40,)


def test_quote_doubles_quotes() -> None:
    assert quote('a"b') == '"a""b"'
    assert SearchQuery(("a",)).text == "a"
