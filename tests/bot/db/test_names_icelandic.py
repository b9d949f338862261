"""Migration 0009: names stored before 'ð' and 'þ' folded are folded again ('friðrik þor' -> 'fridrik thor')."""

from __future__ import annotations

from pathlib import Path

from bot.db import films, people
from bot.facts import finder
from bot.text import fold
from tests.bot.db.older import database_at
from tests.bot.db.test_facts_fts import index_matches_view
from tests.bot.db.test_facts_read import add_fact


async def test_icelandic_names_are_folded_again_and_every_index_follows(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v8.sqlite3", 8)
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO films (id, title, year, created_at, updated_at) "
                               "VALUES (1, 'Eyðimörk', 1991, 0, 0)")
            await conn.execute("INSERT INTO film_names (film_id, name, norm, kind) "
                               "VALUES (1, 'Eyðimörk', 'eyðimork', 'title')")
            await conn.execute("INSERT INTO people (id, name, created_at, updated_at) "
                               "VALUES (1, 'Friðrik Þór Friðriksson', 0, 0)")
            await conn.execute("INSERT INTO person_names (person_id, name, norm) "
                               "VALUES (1, 'Friðrik Þór Friðriksson', 'friðrik þor friðriksson')")
        fact = await add_fact(db, "Shot in the highlands in winter.", film=1)
        assert await films.search(db, "eydimork") == [] and await people.search(db, "fridrik thor") == []

        assert [n for n in await db.migrate() if "0009" in n]
        assert await db.scalar("SELECT norm FROM film_names") == fold("Eyðimörk") == "eydimork"
        assert await db.scalar("SELECT norm FROM person_names") == "fridrik thor fridriksson"
        assert [h.id for h in await films.search(db, "eydimork")] == [1]
        assert [h.id for h in await films.search(db, "Eyðimörk")] == [1]
        assert [h.id for h in await people.search(db, "fridrik thor")] == [1]
        assert [h.id for h in await people.search(db, "Friðrik Þór")] == [1]
        await index_matches_view(db)        # names in norm order: the facts' index was rewritten with them
        # The facts' index keeps names as written ('eyðimork'): /fact search finds them typed so.
        assert [h.fact.id for h in (await finder.find(db, 0, "Eyðimörk")).hits] == [fact]
        assert await db.migrate() == []
    finally:
        await db.close()
