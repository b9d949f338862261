"""0004_lookup rebuilds the name tables with stable ids and indexes them: existing data must survive."""

from __future__ import annotations

from pathlib import Path

from bot.db import films, people
from tests.bot.db.older import database_at


async def test_names_from_version_1_survive_and_are_searchable(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "old.sqlite3", 1)
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO films (id, title, original_title, year, created_at, updated_at) "
                               "VALUES (10, 'The 400 Blows', 'Les Quatre Cents Coups', 1959, 0, 0)")
            await conn.executemany("INSERT INTO film_names (film_id, name, norm, kind) VALUES (10, ?, ?, ?)", [
                ("The 400 Blows", "the 400 blows", "title"), ("Les Quatre Cents Coups", "les quatre cents coups",
                                                              "original")])
            await conn.execute("INSERT INTO people (id, name, created_at, updated_at) "
                               "VALUES (3, 'Jean-Pierre Léaud', 0, 0)")
            await conn.execute("INSERT INTO person_names (person_id, name, norm) "
                               "VALUES (3, 'Jean-Pierre Léaud', 'jean pierre leaud')")
            await conn.execute("INSERT INTO facts (film_id, text, created_at, updated_at) "
                               "VALUES (10, 'A fact', 0, 0)")
        await db.migrate()
        assert await db.schema_version() >= 4
        assert [tuple(r) for r in await db.fetchall("SELECT id, film_id, norm, kind FROM film_names ORDER BY id")] == [
            (1, 10, "the 400 blows", "title"), (2, 10, "les quatre cents coups", "original")]
        assert (await films.find(db, "quatre cents")).single.id == 10  # type: ignore[union-attr]
        assert (await people.find(db, "leaud")).single.id == 3  # type: ignore[union-attr]
        # The facts' full-text triggers still read film_names after the rebuild.
        async with db.transaction() as conn:
            await conn.execute("UPDATE facts SET text = 'Another fact' WHERE film_id = 10")
        hits = await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'quatre'")
        assert len(hits) == 1
        # Deleting a film removes its names from the index too.
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM films WHERE id = 10")
        assert await db.fetchall("SELECT rowid FROM film_names_fts WHERE film_names_fts MATCH 'blows'") == []
        assert await db.scalar("PRAGMA legacy_alter_table") == 0
    finally:
        await db.close()
