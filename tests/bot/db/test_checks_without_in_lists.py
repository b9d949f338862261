"""Migration 0011: the bulk-written tables check their fixed values with '=' and OR, meaning the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.db import Database
from tests.bot.db.older import database_at

BAD_ROWS = {
    "facts": "INSERT INTO facts (text, status, created_at, updated_at) VALUES ('x', ?, 0, 0)",
    "film_names": "INSERT INTO film_names (film_id, name, norm, kind) VALUES (1, 'x', 'x', ?)",
    "credits": "INSERT INTO credits (film_id, person_id, role) VALUES (1, 1, ?)",
}
GOOD = {"facts": ("approved", "pending", "rejected"), "film_names": ("title", "original", "alias"),
        "credits": ("director", "writer", "actor", "cinematographer", "composer", "producer", "editor", "cameo")}


async def table_sql(db: Database, table: str) -> str:
    return await db.scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,))


async def assert_checks_hold(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO films (id, title, created_at, updated_at) VALUES (1, 'Jules et Jim', 0, 0)")
        await conn.execute("INSERT INTO people (id, name, created_at, updated_at) VALUES (1, 'Jeanne Moreau', 0, 0)")
    for table, sql in BAD_ROWS.items():
        for bad in ("Approved", "actress", "", "title "):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                await db.conn.execute(sql, (bad,))
        for i, good in enumerate(GOOD[table]):  # credits: one row per role; names: one per norm
            await db.conn.execute(sql.replace("'x', 'x'", f"'x{i}', 'x{i}'"), (good,))
    assert await db.scalar("SELECT count(*) FROM credits") == 8


@pytest.mark.parametrize("table", list(BAD_ROWS))
async def test_a_new_database_has_no_in_list_checks_on_the_bulk_tables(db: Database, table: str) -> None:
    sql = await table_sql(db, table)
    assert "CHECK (" in sql and " IN (" not in sql


async def test_the_checks_still_refuse_what_they_refused(db: Database) -> None:
    await assert_checks_hold(db)


async def test_an_older_database_is_changed_in_place_and_its_connection_reads_the_new_checks(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v10.sqlite3", 10)
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO facts (text, created_at, updated_at) VALUES ('Shot in 1961', 0, 0)")
        assert " IN (" in await table_sql(db, "facts")
        assert [n for n in await db.migrate() if "0011" in n]
        assert [t for t in BAD_ROWS if " IN (" in await table_sql(db, t)] == []
        # This connection compiles inserts against the new text: the failure message quotes it.
        with pytest.raises(sqlite3.IntegrityError, match="status = 'approved' OR"):
            await db.conn.execute(BAD_ROWS["facts"], ("bogus",))
        await assert_checks_hold(db)
        assert await db.scalar("SELECT text FROM facts WHERE id = 1") == "Shot in 1961"
        assert await db.scalar("PRAGMA integrity_check") == "ok"
    finally:
        await db.close()
