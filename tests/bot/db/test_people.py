from __future__ import annotations

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.content.pack import Pack
from bot.db import Database, people
from bot.db.packs import import_pack


@pytest.fixture
async def catalogue(db: Database, lookup_pack: Pack) -> Database:
    await sync_bundled_packs(db)
    await import_pack(db, lookup_pack)
    return db


async def person_id(db: Database, key: str) -> int:
    return int(await db.scalar("SELECT id FROM people WHERE pack_key = ?", (key,)))


@pytest.mark.parametrize(("typed", "name"), [
    ("Truffaut", "François Truffaut"), ("francois truffaut", "François Truffaut"),
    ("leaud", "Jean-Pierre Léaud"), ("Jean-Pierre Léaud", "Jean-Pierre Léaud"), ("jean pierre", "Jean-Pierre Léaud"),
    ("truffault", "François Truffaut"), ("olivier", "Laurence Olivier"),
])
async def test_find_by_any_name(catalogue: Database, typed: str, name: str) -> None:
    found = await people.find(catalogue, typed)
    assert found.single is not None and found.single.name == name


async def test_namesakes_are_ambiguous(catalogue: Database) -> None:
    found = await people.find(catalogue, "john smith")
    assert found.ambiguous and len(found.hits) == 2
    by_norm = await people.ids_by_norm(catalogue, ["John Smith", "Truffaut", "Nobody"])
    assert len(by_norm["john smith"]) == 2 and len(by_norm["truffaut"]) == 1 and "nobody" not in by_norm


async def test_credits_grouped_by_film_in_release_order(catalogue: Database) -> None:
    details = await people.get_details(catalogue, await person_id(catalogue, "francois-truffaut"))
    assert details is not None
    assert [(f.title, f.year) for f in details.films] == [("The 400 Blows", 1959), ("Breathless", 1960)]
    assert [(c.role, c.character) for c in details.films[0].credits] == [
        ("director", ""), ("writer", ""), ("cameo", "Man in the funfair scene")]
    assert details.person.born == "1932-02-06" and details.person.died == "1984-10-21"
    assert "Truffaut" in details.aliases and "Francois Truffaut" not in details.aliases  # same name once folded


async def test_actor_credits_carry_the_character(catalogue: Database) -> None:
    details = await people.get_details(catalogue, await person_id(catalogue, "laurence-olivier"))
    assert details is not None
    assert [(c.role, c.character) for c in details.films[0].credits] == [("director", ""), ("actor", "Hamlet")]
    assert await people.get_details(catalogue, 10**9) is None
    assert await people.existing_ids(catalogue, [details.person.id, 10**9]) == {details.person.id}
