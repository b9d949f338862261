"""The SQLite connection: pragmas, migrations, transactions and online backups."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.text import fold

log = logging.getLogger(__name__)

CACHE_KIB = 32 * 1024  # page cache per connection
BUSY_TIMEOUT_MS = 5_000
WAL_AUTOCHECKPOINT = 1_000  # pages: SQLite's default, restored after a bulk write

# The database whose transaction the running task is in (reads there must see its own writes).
_writing: ContextVar[Database | None] = ContextVar("doinel_db_writing", default=None)


def _migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file in bot/db/migrations, in order."""
    found = []
    for entry in resources.files("bot.db").joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found



class NewerSchema(sqlite3.DatabaseError):
    """The database holds migrations this code does not have: an older Doinel must not write to it."""

class Database:
    """The bot's database: writes go through ``transaction()`` on one connection, reads through ``reads``.

    On disk, reads have a connection of their own (``reads``): SQLite's write-ahead log gives it the
    last committed state, so a read never sees rows a transaction still in progress may roll back, and
    never queues behind a long write (a 10,000-fact import) on the writer's thread. Inside a
    transaction, ``reads`` is the writer, so the transaction sees its own writes.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._checkpoint: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Database:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await _connect(path)
        db = cls(conn, path)
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                await db.migrate()
            if db._on_disk():
                db._reader = await _connect(path)
                await db._reader.execute("PRAGMA query_only = ON")
        except BaseException:
            await db._close_connections()
            raise
        return db

    @property
    def reads(self) -> aiosqlite.Connection:
        """The connection to read from: the writer's inside this task's transaction, else the reader's."""
        if self._reader is None or _writing.get() is self:
            return self.conn
        return self._reader

    async def close(self) -> None:
        await self.checkpointed()
        await self._close_connections()

    async def _close_connections(self) -> None:
        if self._reader is not None:
            await self._reader.close()
        await self.conn.close()

    async def schema_version(self) -> int:
        return int(await self.scalar("PRAGMA user_version"))

    async def migrate(self) -> list[str]:
        """Apply every migration not yet recorded in ``schema_migrations``, each in its own transaction.

        Migrations written on parallel branches can land out of number order; recording each one
        (rather than trusting ``PRAGMA user_version`` alone) means a lower number that lands later is
        still applied. ``user_version`` stays the highest version applied, for tools that read it.
        """
        async with self.transaction() as conn:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
            )
            done = {row[0] for row in await (await conn.execute("SELECT version FROM schema_migrations")).fetchall()}
            known = {version for version, _, _ in _migrations()}
            if done - known:
                raise NewerSchema(f"it was migrated by a newer Doinel (schema version {max(done - known)}; this "
                                  f"one knows up to {max(known)}): run that version, or restore the backup taken "
                                  "before the upgrade")
            current = int((await (await conn.execute("PRAGMA user_version")).fetchone())[0])
            if not done and current:
                # A database from before the ledger: everything up to user_version was applied.
                seeded = [(v, n) for v, n, _ in _migrations() if v <= current]
                await conn.executemany(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)", seeded
                )
                done = {v for v, _ in seeded}
        applied = []
        for version, name, sql in _migrations():
            if version in done:
                continue
            async with self.transaction() as conn:
                # executescript would COMMIT first; run statements one by one inside our transaction.
                for statement in _split_sql(sql):
                    await conn.execute(statement)
                await _reread_schema(conn)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%s', 'now'))",
                    (version, name),
                )
                current = max(current, version)
                await conn.execute(f"PRAGMA user_version = {current}")
            log.info("applied migration %s", name)
            applied.append(name)
        return applied

    @asynccontextmanager
    async def transaction(self, *, bulk: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error. Writers queue on one lock.

        A ``bulk`` write (hundreds of MB: a catalogue import) commits without copying the write-ahead
        log back into the database there and then, which SQLite would do in the COMMIT (1-2 s for
        1,000,000 facts, measured) while every other query of the bot waits on this connection. The
        copy runs on a connection of its own in a worker thread instead (``checkpointed``). The data
        is committed, as durable and visible either way: readers find it in the log until then.
        """
        async with self._write_lock:
            deferred = bulk and self._on_disk()
            if deferred:
                await self.conn.execute("PRAGMA wal_autocheckpoint = 0")
            writing = _writing.set(self)
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    await self.conn.execute("ROLLBACK")
                    raise
                else:
                    await self.conn.execute("COMMIT")
            finally:
                _writing.reset(writing)
                if deferred:
                    await self.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
                    self._checkpoint_soon()

    def _on_disk(self) -> bool:
        return str(self.path) not in (":memory:", "")

    def _checkpoint_soon(self) -> None:
        if self._checkpoint is None or self._checkpoint.done():
            self._checkpoint = asyncio.create_task(asyncio.to_thread(_checkpoint, self.path), name="wal-checkpoint")

    async def checkpointed(self) -> None:
        """Wait for a checkpoint a bulk write left to a worker (close() does; so do benchmarks)."""
        if self._checkpoint is not None:
            try:
                await self._checkpoint
            except Exception:  # a checkpoint that could not run now runs at the next commit
                log.exception("could not checkpoint %s", self.path)
            self._checkpoint = None

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        async with self.reads.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        async with self.reads.execute(sql, tuple(params)) as cur:
            return await cur.fetchone()

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def backup(self, target: str | Path) -> None:
        """Copy the live database with SQLite's online backup API (consistent while writers run)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(target)
        try:
            await self.conn.backup(dest)
        finally:
            dest.close()


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = aiosqlite.connect(path, isolation_level=None)
    try:
        await conn
    except BaseException:
        await _worker_stopped(conn)
        raise
    conn.row_factory = aiosqlite.Row
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys = ON")
        # SQLite's default page cache is 2 MB; a catalogue's name and fact indexes are tens of MB,
        # so keystroke lookups kept re-reading the same pages from the OS. Filled on demand only.
        await conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        # Names are stored with their folded form; a migration can re-fold them when fold changes.
        await conn.create_function("doinel_fold", 1, fold, deterministic=True)
    except BaseException:
        await conn.close()
        raise
    return conn


async def _worker_stopped(conn: aiosqlite.Connection) -> None:
    """Wait for the worker thread of a connection that failed to open to end.

    aiosqlite stops it without waiting: when the thread ran after the event loop had closed (a CLI
    command that reported the failure and returned), it printed an "Event loop is closed" traceback.
    """
    thread = getattr(conn, "_thread", None)
    if thread is not None and thread.is_alive():
        await asyncio.to_thread(thread.join, 5.0)


def _checkpoint(path: Path) -> None:
    """Copy the write-ahead log into the database file, on a connection of its own (blocking)."""
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        con.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        con.close()


async def _reread_schema(conn: aiosqlite.Connection) -> None:
    """Make every connection, this one included, read the schema again.

    A migration may change a table's SQL text in place (``PRAGMA writable_schema``, for changes that
    leave the stored rows as they are); a connection keeps using the schema it read until the schema
    version moves, so it is moved by one, as https://sqlite.org/lang_altertable.html#otheralter does.
    """
    async with conn.execute("PRAGMA schema_version") as cur:
        (version,) = await cur.fetchone()  # type: ignore[misc]
    await conn.execute(f"PRAGMA schema_version = {int(version) + 1}")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping CREATE TRIGGER ... END; bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise RuntimeError(f"incomplete SQL statement in migration: {buffer.strip()[:80]!r}")
    return statements
