"""QA16: content packs read for correctness — the owners' export and import, on the same database."""

from __future__ import annotations

from bot.content.pack import FilmEntry, Pack, PackInfo
from bot.db import Database, films
from bot.db.fact_writes import FactFields, add_fact
from bot.db.packs import EXPORT_ID, export_pack, import_pack


async def test_reimporting_an_export_into_the_same_database_duplicates_nothing(db: Database, mini_pack: Pack) -> None:
    """`python -m bot export all.json`, fix a typo in it, `python -m bot import all.json` ("re-importing updates,
    never duplicates"): a film an owner added with /films add and a global fact added with /facts add come back
    as second copies (the fact's copy about the film's copy) instead of being updated."""
    await import_pack(db, mini_pack)
    film_id = await films.create(db, title="La Jetée", original_title=None, year=1962, actor_id=1)
    fact = await add_fact(db, guild_id=None, actor_id=1,
                          fields=FactFields("La Jetée is told almost entirely in still photographs.", film_id))
    before = {table: await db.scalar(f"SELECT count(*) FROM {table}") for table in ("films", "people", "facts")}

    exported = await export_pack(db, PackInfo(EXPORT_ID, "Doinel export"))
    assert {f.id for f in exported.facts} >= {f"fact-{fact.id}"}      # what the file calls them
    report = await import_pack(db, exported)

    after = {table: await db.scalar(f"SELECT count(*) FROM {table}") for table in ("films", "people", "facts")}
    assert after == before, report.summary()


async def test_another_pack_calling_its_film_film_1_is_not_row_1(db: Database, mini_pack: Pack) -> None:
    """Only the owners' export (pack id 'export') names rows by number: any other pack's 'film-1' is its own."""
    film_id = await films.create(db, title="La Jetée", original_title=None, year=1962, actor_id=1)
    own = Pack(PackInfo("club-pack", "Club"), films=(FilmEntry(f"film-{film_id}", "Playtime", year=1967),))
    report = await import_pack(db, own)
    assert report.kinds["films"].added == 1
    assert await db.scalar("SELECT title FROM films WHERE id = ?", (film_id,)) == "La Jetée"
