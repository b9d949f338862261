from __future__ import annotations

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.content.pack import Pack
from bot.db import Database
from bot.db.packs import import_pack
from bot.db.search import MARK_END, MARK_START, search_all
from bot.search.query import parse_query
from tests.bot.search.test_query import HOSTILE


@pytest.fixture
async def catalogue(db: Database, lookup_pack: Pack) -> Database:
    await sync_bundled_packs(db)
    await import_pack(db, lookup_pack)
    return db


async def test_one_search_across_films_people_and_facts(catalogue: Database) -> None:
    results = await search_all(catalogue, parse_query("truffaut"), None)  # type: ignore[arg-type]
    assert [p.name for p in results.people] == ["François Truffaut"]
    assert results.facts and all(MARK_START in f.snippet and MARK_END in f.snippet for f in results.facts[:3])
    film_results = await search_all(catalogue, parse_query("quatre cents coups"), None)  # type: ignore[arg-type]
    assert [f.title for f in film_results.films] == ["The 400 Blows"]


async def test_accent_insensitive(catalogue: Database) -> None:
    results = await search_all(catalogue, parse_query("leaud"), None)  # type: ignore[arg-type]
    assert [p.name for p in results.people] == ["Jean-Pierre Léaud"]
    assert results.facts


async def test_facts_respect_the_server(catalogue: Database) -> None:
    async with catalogue.transaction() as conn:
        await conn.execute("INSERT INTO facts (guild_id, text, created_at, updated_at) "
                           "VALUES (7, 'Zanzibar is where server seven filmed', 0, 0)")
    query = parse_query("zanzibar")
    assert query is not None
    assert len((await search_all(catalogue, query, 7)).facts) == 1
    assert (await search_all(catalogue, query, 8)).facts == ()
    assert (await search_all(catalogue, query, None)).facts == ()


async def test_falls_back_to_any_word(catalogue: Database) -> None:
    results = await search_all(catalogue, parse_query("typewriter xyzzyq"), None)  # type: ignore[arg-type]
    assert results.loose and results.facts


@pytest.mark.parametrize("raw", HOSTILE)
async def test_hostile_input_gives_results_or_nothing(catalogue: Database, raw: str) -> None:
    query = parse_query(raw)
    if query is not None:
        results = await search_all(catalogue, query, 7)
        assert results.total >= 0
