from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.db import Database
from bot.db.connection import NewerSchema, _migrations, _split_sql


async def test_new_database_is_migrated_to_latest(db: Database) -> None:
    latest = _migrations()[-1][0]
    assert await db.schema_version() == latest
    tables = {r[0] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for expected in ("films", "people", "credits", "facts", "questions", "guild_settings", "daily_schedules",
                     "daily_posts", "trivia_rounds", "trivia_scores", "suggestions", "audit_log", "facts_fts"):
        assert expected in tables


async def writer_pragma(db: Database, name: str) -> object:
    async with db.conn.execute(f"PRAGMA {name}") as cur:
        return (await cur.fetchone())[0]


async def test_pragmas(db: Database) -> None:
    for read in (db.scalar, lambda sql: writer_pragma(db, sql.removeprefix("PRAGMA "))):   # the reader, the writer
        assert (await read("PRAGMA journal_mode")).lower() == "wal"
        assert await read("PRAGMA foreign_keys") == 1
        assert await read("PRAGMA busy_timeout") >= 1000
    assert await db.scalar("PRAGMA query_only") == 1


async def test_reads_see_committed_rows_only_and_never_wait_behind_a_write(db: Database) -> None:
    """A member's /fact search during a moderator's long import: the reader answers at once, from what is
    committed; the import's own reads see its rows."""
    holding, release = threading.Event(), threading.Event()

    def hold_writer() -> int:          # runs on the writer's thread and keeps it busy until released
        holding.set()
        return int(release.wait(30))

    await db.conn.create_function("hold_writer", 0, hold_writer)

    async def import_in_progress() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO packs (id, name, version, imported_at) VALUES ('p', 'P', 1, 0)")
            assert await db.scalar("SELECT count(*) FROM packs") == 1        # the transaction sees its own row
            await conn.execute("SELECT hold_writer()")

    writing = asyncio.create_task(import_in_progress())
    try:
        assert await asyncio.to_thread(holding.wait, 30)
        assert await asyncio.wait_for(db.scalar("SELECT count(*) FROM packs"), 10) == 0
        assert not writing.done()
    finally:
        release.set()
        await writing
    assert await db.scalar("SELECT count(*) FROM packs") == 1


async def test_a_memory_database_reads_from_its_one_connection() -> None:
    db = await Database.open(":memory:")
    try:
        assert db.reads is db.conn
        await db.conn.execute("INSERT INTO packs (id, name, version, imported_at) VALUES ('p', 'P', 1, 0)")
        assert await db.scalar("SELECT count(*) FROM packs") == 1
    finally:
        await db.close()


async def test_reopening_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = await Database.open(path)
    async with first.transaction() as conn:
        await conn.execute("INSERT INTO packs (id, name, version, imported_at) VALUES ('p', 'P', 1, 0)")
    await first.close()
    again = await Database.open(path)
    try:
        assert await again.migrate() == []
        assert await again.scalar("SELECT count(*) FROM packs") == 1
    finally:
        await again.close()


async def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO packs (id, name, version, imported_at) VALUES ('p', 'P', 1, 0)")
            raise RuntimeError("boom")
    assert await db.scalar("SELECT count(*) FROM packs") == 0


async def test_backup_is_a_working_copy(db: Database, tmp_path: Path) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO packs (id, name, version, imported_at) VALUES ('p', 'P', 1, 0)")
    target = tmp_path / "backup" / "copy.sqlite3"
    await db.backup(target)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM packs").fetchall() == [("P",)]


def test_split_keeps_trigger_bodies_whole() -> None:
    sql = "CREATE TABLE t (a);\n-- note\nCREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    parts = _split_sql(sql)
    assert len(parts) == 2 and parts[1].startswith("CREATE TRIGGER") and parts[1].endswith("END;")


async def test_a_lower_numbered_migration_landing_later_is_still_applied(tmp_path: Path, monkeypatch) -> None:
    import bot.db.connection as connection

    every = connection._migrations()
    monkeypatch.setattr(connection, "_migrations", lambda: [m for m in every if m[0] != 3])
    path = tmp_path / "branches.sqlite3"
    first = await Database.open(path)  # a database migrated before migration 3 was merged
    assert await first.schema_version() == every[-1][0]
    assert await first.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'trivia_disabled_sources'") == 0
    await first.close()
    monkeypatch.setattr(connection, "_migrations", lambda: every)
    again = await Database.open(path)
    try:
        assert await again.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'trivia_disabled_sources'") == 1
        assert await again.migrate() == []
    finally:
        await again.close()


async def test_a_database_from_before_the_ledger_is_not_migrated_twice(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as conn:
        await conn.execute("DROP TABLE schema_migrations")
    await db.close()
    reopened = await Database.open(path)  # would fail re-running 0001 if it did not seed the ledger
    try:
        assert await reopened.scalar("SELECT count(*) FROM schema_migrations") == len(_migrations())
    finally:
        await reopened.close()


async def test_a_database_from_a_newer_doinel_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    await (await Database.open(path)).close()
    newest = max(v for v, _, _ in _migrations())
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)", (newest + 1,))
    refused = f"newer Doinel \\(schema version {newest + 1}; this one knows up to {newest}\\)"
    with pytest.raises(NewerSchema, match=refused):
        await Database.open(path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == newest + 1


async def test_a_bulk_write_commits_and_leaves_the_log_copy_to_a_worker(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bulk.sqlite3")
    try:
        wal = tmp_path / "bulk.sqlite3-wal"
        async with db.transaction(bulk=True) as conn:
            await conn.execute("INSERT INTO films (title, created_at, updated_at) "
                               "SELECT 'Film ' || value, 0, 0 FROM json_each(?)",
                               (str(list(range(30_000))),))
        assert await writer_pragma(db, "wal_autocheckpoint") == 1000        # as SQLite's default again
        assert await db.scalar("SELECT count(*) FROM films") == 30_000        # committed and visible
        with sqlite3.connect(tmp_path / "bulk.sqlite3") as other:
            assert other.execute("SELECT count(*) FROM films").fetchone()[0] == 30_000
        await db.checkpointed()
        # Every frame of the log is in the database file now: a checkpoint has nothing left to copy.
        busy, frames, copied = tuple(await db.fetchone("PRAGMA wal_checkpoint(PASSIVE)"))
        assert wal.exists() and busy == 0 and frames == copied
        with pytest.raises(RuntimeError):
            async with db.transaction(bulk=True) as conn:
                await conn.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('x', 0, 0)")
                raise RuntimeError("abandon")
        assert await db.scalar("SELECT count(*) FROM films") == 30_000
        assert await writer_pragma(db, "wal_autocheckpoint") == 1000
    finally:
        await db.close()


async def test_a_bulk_write_to_a_memory_database_needs_no_checkpoint() -> None:
    db = await Database.open(":memory:")
    try:
        async with db.transaction(bulk=True) as conn:
            await conn.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('x', 0, 0)")
        assert db._checkpoint is None and await db.scalar("SELECT count(*) FROM films") == 1
    finally:
        await db.close()
