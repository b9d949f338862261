from __future__ import annotations

import random

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.content.pack import Pack
from bot.db import Database, films, people
from bot.db.packs import import_pack
from bot.db.search import search_all
from bot.facts.search import HIT_END, HIT_START

# What members type into /search, /film and /person: FTS5 syntax, SQL, scripts, junk.
HOSTILE = [
    '"', '""', '"unbalanced', "it's", "l'enfant", "*", "**", "blows*", "*blows", "^start", "-minus", "+plus",
    "NEAR", "NEAR(a b)", "NEAR(a b, 3)", "a NEAR b", "AND", "OR", "NOT", "a AND", "OR b", "NOT NOT", "a OR OR b",
    "(", ")", "((a)", "a)", "(a OR b", "text:truffaut", "film : x", "{text film}: a", "a : b", ":",
    "\x00", "a\x00b", "\\", "%", "_", "?", "'; DROP TABLE facts; --", "SELECT * FROM facts",
    "🎬🎥", "مرحبا", "ภาษาไทย", "漢字かな", "Z̸̢̛a̵l̷g̶o̴", "ﬁlm", "²³", "e\u0301", "\u200b", "\ufeff", "Œuvre ß",
    "a" * 500, " ".join(["word"] * 200), "".join(chr(c) for c in range(32, 127)) * 5,
    "".join(random.Random(1).choice("\"*()^:-+ NEARORNOTAND{}[]'`~!@#$%&;,.<>?/|\\") for _ in range(500)),
]


@pytest.fixture
async def catalogue(db: Database, lookup_pack: Pack) -> Database:
    await sync_bundled_packs(db)
    await import_pack(db, lookup_pack)
    return db


async def test_one_search_across_films_people_and_facts(catalogue: Database) -> None:
    results = await search_all(catalogue, "truffaut", None)
    assert [p.name for p in results.people] == ["François Truffaut"]
    assert results.facts and all(HIT_START in f.snippet and HIT_END in f.snippet for f in results.facts[:3])
    assert results.facts[0].film_label == "The 400 Blows (1959)"
    film_results = await search_all(catalogue, "quatre cents coups", None)
    assert [f.title for f in film_results.films] == ["The 400 Blows"]


async def test_accent_insensitive(catalogue: Database) -> None:
    results = await search_all(catalogue, "leaud", None)
    assert [p.name for p in results.people] == ["Jean-Pierre Léaud"]
    assert results.facts


async def test_facts_respect_the_server(catalogue: Database) -> None:
    async with catalogue.transaction() as conn:
        await conn.execute("INSERT INTO facts (guild_id, text, created_at, updated_at) "
                           "VALUES (7, 'Zanzibar is where server seven filmed', 0, 0)")
    assert len((await search_all(catalogue, "zanzibar", 7)).facts) == 1
    assert (await search_all(catalogue, "zanzibar", 8)).facts == ()
    assert (await search_all(catalogue, "zanzibar", None)).facts == ()


async def test_falls_back_to_any_word(catalogue: Database) -> None:
    results = await search_all(catalogue, "typewriter xyzzyq", None)
    assert results.loose and results.facts


async def test_nothing_searchable_is_nothing_found(catalogue: Database) -> None:
    for text in ("", "   ", "***", "()", "\u200b"):
        assert (await search_all(catalogue, text, None)).total == 0


@pytest.mark.parametrize("raw", HOSTILE)
async def test_hostile_input_gives_results_or_nothing(catalogue: Database, raw: str) -> None:
    results = await search_all(catalogue, raw, 7)
    assert results.total >= 0
    await films.autocomplete(catalogue, raw)
    await films.find(catalogue, raw, year=1959)
    await people.find(catalogue, raw)


async def test_more_facts_than_listed_are_said(catalogue: Database) -> None:
    """QA24 6: /search lists 30 facts at most and says when there are more."""
    many = await search_all(catalogue, "truffaut", None, facts=3)
    assert len(many.facts) == 3 and many.more_facts
    few = await search_all(catalogue, "leaud", None, facts=1000)
    assert few.facts and not few.more_facts


async def test_a_year_after_a_title_names_that_years_film(catalogue: Database) -> None:
    """QA24 1: "the 400 blows 1959" lists the film, and its facts need not say 1959."""
    results = await search_all(catalogue, "the 400 blows 1959", None)
    assert [f.label for f in results.films] == ["The 400 Blows (1959)"] and not results.loose
    assert results.facts
