"""Film picker: names starting with what is typed (also after an article), exact first, a look inside last."""

from __future__ import annotations

from bot.db import Database, film_refs
from bot.db.util import now
from tests import factsupport

content_db = factsupport.content_db


async def titles(db: Database, text: str, limit: int = 25) -> list[str]:
    return [f.title for f in await film_refs.autocomplete(db, text, limit)]


async def add_film(db: Database, title: str, year: int) -> None:
    async with db.transaction() as conn:
        cur = await conn.execute("INSERT INTO films (title, year, created_at, updated_at) VALUES (?, ?, ?, ?)",
                                 (title, year, now(), now()))
        await conn.execute("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, 'title')",
                           (cur.lastrowid, title, title.lower()))


async def test_names_starting_with_the_text_and_after_an_article(content_db: Database) -> None:
    assert await titles(content_db, "les mis") == ["Les Mistons"]
    assert await titles(content_db, "mistons") == ["Les Mistons"]          # "les" left out
    assert await titles(content_db, "quatre cents") == ["The 400 Blows"]  # the original title, without "les"
    assert await titles(content_db, "400 BLOWS") == ["The 400 Blows"]
    assert await titles(content_db, "mischief") == ["Les Mistons"]        # an alias, without "the"


async def test_exact_names_first_then_alphabetical(content_db: Database) -> None:
    await add_film(content_db, "Night Moves", 1975)
    await add_film(content_db, "Night", 2001)
    await add_film(content_db, "The Night", 1990)
    assert await titles(content_db, "night") == ["Night", "The Night", "Night Moves"]
    assert await titles(content_db, "night", limit=2) == ["Night", "The Night"]


async def test_a_word_inside_a_title_is_found(content_db: Database) -> None:
    assert await titles(content_db, "americaine") == ["Day for Night"]
    assert await titles(content_db, "americ") == ["Day for Night"]  # a word of the title starting so
    assert await titles(content_db, "citizen kane") == []


async def test_nothing_typed_lists_titles_alphabetically(content_db: Database) -> None:
    assert await titles(content_db, "") == ["Day for Night", "Les Mistons", "The 400 Blows"]
    assert await titles(content_db, "  ", limit=1) == ["Day for Night"]


async def test_a_film_is_resolved_by_its_number_with_or_without_the_cards_hash(content_db: Database) -> None:
    await add_film(content_db, "Night", 2001)
    [night] = await film_refs.resolve(content_db, "night")
    assert await film_refs.resolve(content_db, str(night.id)) == [night]
    assert await film_refs.resolve(content_db, f" #{night.id} ") == [night]
    assert await film_refs.resolve(content_db, "#") == []
    assert await film_refs.resolve(content_db, "##1") == []


async def test_every_film_has_a_reference_naming_it_alone_here_and_in_an_import(content_db: Database) -> None:
    """QA16 4: an owner's 'Hamlet' with no year beside two 'Hamlet' (1948, 1996) is '#N'; the others keep
    their label, and a film that came from a pack its key."""
    for year in (1948, 1996):
        await add_film(content_db, "Hamlet", year)
    async with content_db.transaction() as conn:
        cur = await conn.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('Hamlet', 0, 0)")
        bare = cur.lastrowid
        await conn.execute("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, 'Hamlet', 'hamlet', "
                           "'title')", (bare,))
    hamlets = await film_refs.resolve(content_db, "Hamlet")
    index = await film_refs.film_index(content_db)
    blows = (await film_refs.resolve(content_db, "the-400-blows"))[0]
    expected = {f.id: f"#{bare}" if f.id == bare else f"Hamlet ({f.year})" for f in hamlets}
    assert {f.id: await film_refs.unique_reference(content_db, f) for f in hamlets} == expected
    assert {f.id: index.unique_reference(f) for f in hamlets} == expected
    assert await film_refs.unique_reference(content_db, blows) == index.unique_reference(blows) == "the-400-blows"
    for film in (*hamlets, blows):
        for text in (expected.get(film.id, "the-400-blows"), f"{film_refs.PICKED}{film.id}", f"#{film.id}"):
            assert await film_refs.resolve(content_db, text) == [film], text
            assert index.resolve(text) == (film,), text
    assert await film_refs.resolve(content_db, f"{film_refs.PICKED}999999") == []
    assert index.resolve(f"{film_refs.PICKED}999999") == ()
