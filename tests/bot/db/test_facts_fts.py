"""The facts' full-text index reads its text from a view: every write to facts or film_names keeps it right.

FTS5's integrity check (rank 1) compares the index with what the view shows now: it fails if a
trigger indexed or removed the wrong values. Each test also searches, as members do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db import Database, films
from tests.bot.db.older import database_at


async def index_matches_view(db: Database) -> None:
    await db.conn.execute("INSERT INTO facts_fts(facts_fts, rank) VALUES ('integrity-check', 1)")


async def hits(db: Database, query: str) -> list[int]:
    return [r[0] for r in await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? ORDER BY rowid",
                                            (query,))]


@pytest.fixture
async def catalogue(db: Database) -> Database:
    """Film 1 'The 400 Blows' (aka 'Les Quatre Cents Coups'), film 2 'Breathless'; facts 1-2 on film 1, 3 on none."""
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO films (id, title, created_at, updated_at) VALUES "
                           "(1, 'The 400 Blows', 0, 0), (2, 'Breathless', 0, 0)")
        await conn.executemany("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, ?)", [
            (1, "The 400 Blows", "the 400 blows", "title"),
            (1, "Les Quatre Cents Coups", "les quatre cents coups", "original"),
            (2, "Breathless", "breathless", "title")])
        await conn.executemany("INSERT INTO facts (id, film_id, text, tags, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?, 0, 0)", [
                                   (1, 1, "Shot on the streets of Paris", '["paris", "new wave"]'),
                                   (2, 1, "Antoine runs to the sea", '[]'),
                                   (3, None, "Cahiers critics became directors", '["critics"]')])
    return db


async def test_the_index_keeps_no_copy_of_the_facts(catalogue: Database) -> None:
    assert await catalogue.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'facts_fts_content'") == 0
    row = await catalogue.fetchone("SELECT text, tags, film FROM facts_fts WHERE rowid = 1")
    assert tuple(row) == ("Shot on the streets of Paris", "paris new wave", "Les Quatre Cents Coups The 400 Blows")
    assert await hits(catalogue, "quatre") == [1, 2]
    assert await hits(catalogue, "tags:wave") == [1]
    await index_matches_view(catalogue)


async def test_editing_a_fact_reindexes_it(catalogue: Database) -> None:
    await catalogue.conn.execute("UPDATE facts SET text = 'Filmed by the sea in Normandy', tags = '[\"coast\"]' "
                                 "WHERE id = 2")
    assert await hits(catalogue, "normandy") == [2] and await hits(catalogue, "antoine") == []
    assert await hits(catalogue, "coast") == [2]
    await catalogue.conn.execute("UPDATE facts SET film_id = 2 WHERE id = 2")
    assert await hits(catalogue, "breathless") == [2] and await hits(catalogue, "quatre") == [1]
    await catalogue.conn.execute("UPDATE facts SET verified = 0, updated_at = 5 WHERE id = 1")  # not indexed
    await index_matches_view(catalogue)


async def test_deleting_a_fact_removes_its_entry(catalogue: Database) -> None:
    await catalogue.conn.execute("DELETE FROM facts WHERE id = 1")
    assert await hits(catalogue, "paris") == [] and await hits(catalogue, "quatre") == [2]
    await index_matches_view(catalogue)


async def test_renaming_a_film_reindexes_its_facts(catalogue: Database) -> None:
    async with catalogue.transaction() as conn:
        await films.replace_names(conn, 1, "The Four Hundred Blows", "Les Quatre Cents Coups", ["Sans toit"])
    assert await hits(catalogue, "hundred") == [1, 2] and await hits(catalogue, "toit") == [1, 2]
    assert await hits(catalogue, "400") == []
    assert await hits(catalogue, "critics") == [3]                 # other facts untouched
    await index_matches_view(catalogue)


async def test_changing_one_name_row_reindexes_both_films(catalogue: Database) -> None:
    await catalogue.conn.execute("UPDATE film_names SET name = 'A bout de souffle', norm = 'a bout de souffle' "
                                 "WHERE norm = 'breathless'")
    await catalogue.conn.execute("UPDATE film_names SET film_id = 2 WHERE norm = 'les quatre cents coups'")
    await catalogue.conn.execute("UPDATE facts SET film_id = 2 WHERE id = 2")
    assert await hits(catalogue, "souffle") == [2] and await hits(catalogue, "quatre") == [2]
    assert await hits(catalogue, "blows") == [1]
    await index_matches_view(catalogue)


async def test_deleting_a_film_leaves_its_facts_without_film_names(catalogue: Database) -> None:
    await catalogue.conn.execute("DELETE FROM films WHERE id = 1")   # names cascade, facts keep film_id NULL
    assert await catalogue.scalar("SELECT count(*) FROM facts WHERE film_id IS NULL") == 3
    assert await hits(catalogue, "quatre") == [] and await hits(catalogue, "paris") == [1]
    await index_matches_view(catalogue)


async def test_tags_with_quotes_and_backslashes_index_and_unindex_cleanly(catalogue: Database) -> None:
    tags = r'["the \"nouvelle\" vague", "a\\b", "été"]'
    await catalogue.conn.execute("UPDATE facts SET tags = ? WHERE id = 3", (tags,))
    assert await hits(catalogue, "tags:nouvelle AND tags:ete AND tags:b") == [3]
    await catalogue.conn.execute("UPDATE facts SET tags = '[]' WHERE id = 3")
    assert await hits(catalogue, "tags:nouvelle") == []
    await index_matches_view(catalogue)


async def add_jules_et_jim(db: Database) -> None:
    """Film 1 'Jules et Jim' with its name, and fact 1 on it (tagged 'novel'), written as an older Doinel would."""
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO films (id, title, created_at, updated_at) VALUES (1, 'Jules et Jim', 0, 0)")
        await conn.execute("INSERT INTO film_names (film_id, name, norm, kind) "
                           "VALUES (1, 'Jules et Jim', 'jules et jim', 'title')")
        await conn.execute("INSERT INTO facts (film_id, text, tags, created_at, updated_at) "
                           "VALUES (1, 'Based on a novel by Roché', '[\"novel\"]', 0, 0)")


async def test_facts_indexed_before_version_6_are_indexed_after_it(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v5.sqlite3", 5)
    try:
        await add_jules_et_jim(db)
        assert await db.scalar("SELECT count(*) FROM facts_fts_content") == 1       # the old copy
        await db.migrate()
        assert await db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'facts_fts_content'") == 0
        assert await hits(db, "roche AND jules AND tags:novel") == [1]
        await index_matches_view(db)
    finally:
        await db.close()


async def test_facts_indexed_before_version_10_are_indexed_after_it_without_column_sizes(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v9.sqlite3", 9)
    try:
        await add_jules_et_jim(db)
        assert await db.scalar("SELECT count(*) FROM facts_fts_docsize") == 1
        await db.migrate()
        assert await db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'facts_fts_docsize'") == 0
        assert await hits(db, "roche AND jules AND tags:novel") == [1]
        await index_matches_view(db)
        await db.conn.execute("UPDATE facts SET text = 'Filmed in 1961' WHERE id = 1")  # the triggers still work
        assert await hits(db, "1961") == [1] and await hits(db, "roche") == []
        await index_matches_view(db)
    finally:
        await db.close()
