"""Bulk writes for content packs: films, people, their names and credits, facts and questions.

Built for catalogues of 100,000+ films and 1,000,000 facts. Instead of a read and a write per row,
each kind is handled in a few statements inside the import's transaction:

1. read every existing row of the pack in one query (keys passed as one JSON array);
2. compare in Python; write the inserts, then the updates, each as ONE statement reading its rows
   from a JSON array (``json_each``);
3. names and credits are compared per film and rewritten only where they changed.

One statement per kind matters beyond the round trips: the full-text indexes are kept by
per-row triggers, and FTS5 flushes its pending index data at every statement, so the same
200,000 names cost 5.3 s through ``executemany`` and 1.2 s as one ``INSERT ... SELECT`` (measured).
The triggers stay in place: every writer keeps the indexes right. Secondary indexes are rebuilt
once when a load at least doubles a table.

Semantics are those of the per-row importer this replaced: matched by pack key (and scope),
updated in place, counted as added / updated / unchanged; a re-import of the same pack writes
nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Container, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

import aiosqlite

from bot.content.pack import FilmEntry, PersonEntry
from bot.db.util import dump_list, now
from bot.text import fold


@dataclass
class Upserted:
    """What a bulk upsert did: which ids were added, updated or unchanged, and pack key -> id (``ids``).

    Added rows are numbered on, in order: ``added`` is a range and ``ids`` is only built when asked
    for (films' are, to resolve facts' films; 1,000,000 facts' never are: 0.3 s, measured).
    """

    matched: dict[str, int] = field(default_factory=dict)   # the rows that were there: pack key -> id
    new_keys: Sequence[str] = ()
    added: range = range(0)
    updated: set[int] = field(default_factory=set)

    @cached_property
    def ids(self) -> dict[str, int]:
        return {**self.matched, **dict(zip(self.new_keys, self.added, strict=True))}

    def unchanged_count(self) -> int:
        return len(self.matched) - len(self.updated)


BULK_MIN_ROWS = 10_000   # below this, dropping and re-building an index is not worth it
CHUNK_ROWS = 50_000      # rows per statement: few statements, bounded memory for the JSON of each


def _json(values: Iterable[Any]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


async def _fetchall(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
    async with conn.execute(sql, tuple(params)) as cur:
        return list(await cur.fetchall())


def _literal(value: int | str | None) -> str:
    """A constant of an import (an id, a time, a status) as SQL: never text a member typed."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"not a constant for SQL: {value!r}")


def _columns_from_json(count: int, source: str = "value") -> str:
    return ", ".join(f"json_extract({source}, '$[{i}]')" for i in range(count))


async def insert_rows(conn: aiosqlite.Connection, table: str, columns: Sequence[str],
                      rows: Sequence[Sequence[Any]], constants: dict[str, Any] | None = None, *,
                      first_id: int | None = None) -> None:
    """``INSERT INTO table (columns)`` every row, as one statement (see the module's note on triggers).

    ``constants`` are columns with the same value in every row (who and when), bound once. With
    ``first_id``, the rows are given ids from it on, in order.
    """
    constants = constants or {}
    values = _columns_from_json(len(columns)) + "".join(f", ?{i + 2}" for i in range(len(constants)))
    names = [*columns, *constants]
    if first_id is not None:      # json_each's key: the row's place in its chunk
        names, values = ["id", *names], f"?{len(constants) + 2} + key, {values}"
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {values} FROM json_each(?1)"
    for start in range(0, len(rows), CHUNK_ROWS):
        numbered = () if first_id is None else (first_id + start,)
        await conn.execute(sql, (_json(rows[start:start + CHUNK_ROWS]), *constants.values(), *numbered))


async def update_rows(conn: aiosqlite.Connection, table: str, columns: Sequence[str],
                      rows: Sequence[Sequence[Any]]) -> None:
    """Set ``columns`` of the rows whose id is each row's last value, as one statement."""
    sets = ", ".join(f"{c} = json_extract(j.value, '$[{i}]')" for i, c in enumerate(columns))
    sql = (f"UPDATE {table} SET {sets} FROM json_each(?) AS j "
           f"WHERE {table}.id = json_extract(j.value, '$[{len(columns)}]')")
    for start in range(0, len(rows), CHUNK_ROWS):
        await conn.execute(sql, (_json(rows[start:start + CHUNK_ROWS]),))


# The facts' full-text rows, as the facts_fts_insert trigger writes them, for every fact from id ? on.
# The trigger reads facts_fts_source row by row (a film-names lookup per fact); here each film's
# names are joined once for the whole load (FILM_NAMES_JOINED), in the view's order (norm:
# film_names' unique index gives it without a sort): joined again for each batch of 100,000 facts,
# 100,000 films' names cost 0.1 s a batch (measured).
# Tags are indexed from their stored JSON: the view's replace() only takes out brackets, quotes and
# commas, which the tokenizer reads as separators anyway, so the words and their positions are the
# same (test_catalogue compares both with the trigger's), and 1,000,000 facts index ~1 s sooner.
FILM_NAMES_JOINED = (
    "CREATE TEMP TABLE fact_film_names (film_id INTEGER PRIMARY KEY, names TEXT NOT NULL)",
    """INSERT INTO temp.fact_film_names (film_id, names)
       SELECT film_id, group_concat(name, ' ')
         FROM (SELECT film_id, name FROM film_names ORDER BY film_id, norm)
        GROUP BY film_id""",
)
FACTS_FTS_FILL = """
INSERT INTO facts_fts(rowid, text, tags, film)
SELECT f.id, f.text, f.tags, coalesce(n.names, '')
  FROM facts AS f
  LEFT JOIN temp.fact_film_names AS n ON n.film_id = f.film_id
 WHERE f.id >= ?
"""


@asynccontextmanager
async def film_names_joined(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """Each film's names joined into one text, in temp.fact_film_names, for the block (``FACTS_FTS_FILL``).

    Inside the caller's transaction: if the block fails, the rollback takes the table away too.
    """
    for sql in FILM_NAMES_JOINED:
        await conn.execute(sql)
    yield
    await conn.execute("DROP TABLE temp.fact_film_names")


@asynccontextmanager
async def set_aside(conn: aiosqlite.Connection, kind: str, objects: Sequence[Sequence[str]]) -> AsyncIterator[None]:
    """Drop ``objects`` (name, the SQL that made it) of ``kind`` for the block, then re-create them.

    Inside the caller's transaction: if the block fails, the rollback brings them back too.
    """
    for name, _ in objects:
        await conn.execute(f'DROP {kind} "{name}"')
    yield
    for _, sql in objects:
        await conn.execute(sql)


async def insert_facts(conn: aiosqlite.Connection, table: str, columns: Sequence[str],
                       rows: Sequence[Sequence[Any]], constants: dict[str, Any] | None = None, *,
                       first_id: int) -> None:
    """``insert_rows`` for facts; a bulk load indexes its text in one statement instead of row by row.

    Row by row, the facts_fts_insert trigger reads each fact's entry from the facts_fts_source view
    (a film-names lookup per fact) and FTS5 takes each row separately; set-wise, the film names are
    grouped once and the facts are plain inserts (``executemany``: no trigger left to flush the index per statement).
    ``constants`` are written into the statement rather than bound at every row: 7 values a row
    instead of 13 saved about 1 s of inserting 1,000,000 facts (measured). The ids are SQLite's own,
    one more than the largest each time: ``first_id`` on (checked), with no copy of every row to number it.
    """
    if len(rows) < BULK_MIN_ROWS:
        await insert_rows(conn, table, columns, rows, constants, first_id=first_id)
        return
    assert table == "facts"
    async with merges_deferred(conn, "facts_fts", when=len(rows) >= first_id - 1):
        await _write_facts(conn, iter((rows,)), columns, constants or {}, first_id)


async def _write_facts(conn: aiosqlite.Connection, batches: Iterator[Sequence[Sequence[Any]]], columns: Sequence[str],
                       constants: dict[str, Any], first_id: int) -> list[str]:
    """Insert each batch of fact rows and index its text set-wise (see ``insert_facts``); return their keys.

    Reading a batch (a pack file's facts are checked as they are read) is Python; indexing a batch's
    text is SQLite alone, which lets go of Python's lock while it works. So the next batch is read in
    a worker thread while SQLite indexes the last: a pack file of 1,000,000 facts and 100,000 films
    went from file to committed in 10.0 s instead of 11.1 s (measured: bench/import_pack.py).
    """
    trigger = await _fetchall(conn, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                              ("facts_fts_insert",))
    values = ", ".join(["?"] * len(columns) + [_literal(v) for v in constants.values()])
    insert = f"INSERT INTO facts ({', '.join([*columns, *constants])}) VALUES ({values})"
    keys: list[str] = []
    async with set_aside(conn, "TRIGGER", trigger), film_names_joined(conn):
        rows = await asyncio.to_thread(next, batches, None)
        while rows is not None:
            indexed_from = first_id + len(keys)
            await conn.executemany(insert, rows)
            last = (await _fetchall(conn, "SELECT max(id) FROM facts"))[0][0]
            if last != indexed_from + len(rows) - 1:   # only at the end of the 64-bit ids: SQLite picks at random
                raise RuntimeError(f"facts were not numbered from {first_id} on (the last is {last})")
            keys.extend(map(itemgetter(0), rows))
            indexed, rows = await asyncio.gather(conn.execute(FACTS_FTS_FILL, (indexed_from,)),
                                                 asyncio.to_thread(next, batches, None), return_exceptions=True)
            for outcome in (indexed, rows):
                if isinstance(outcome, BaseException):
                    raise outcome
    return keys


async def is_first_load(conn: aiosqlite.Connection, table: str, scope: dict[str, Any], *, adding: int) -> bool:
    """Whether adding ``adding`` rows of a pack to ``scope`` of ``table`` is a bulk load (``is_bulk_load``)
    where every row is new: the scope has no rows from a pack yet."""
    return await is_bulk_load(conn, table, adding=adding) and not await _has_pack_rows(conn, table, scope)


async def _has_pack_rows(conn: aiosqlite.Connection, table: str, scope: dict[str, Any]) -> bool:
    where = "".join(f"{k} = ? AND " for k in scope)
    return bool(await _fetchall(conn, f"SELECT 1 FROM {table} WHERE {where}pack_key IS NOT NULL LIMIT 1",
                                (*scope.values(),)))


FACT_COLUMNS = ("film_id", "text", "source", "tags", "verified")   # a fact row: pack key, then these


async def load_facts(conn: aiosqlite.Connection, batches: Iterator[Sequence[tuple[Any, ...]]], *, count: int,
                     constants: dict[str, Any]) -> Upserted:
    """Insert ``count`` facts that are all new (``is_first_load``), as their batches of rows come.

    A batch is read while the one before is indexed (``_write_facts``): a pack file's facts need
    not all be read before the first is written.
    """
    first_id = int((await _fetchall(conn, "SELECT coalesce(max(id), 0) + 1 FROM facts"))[0][0])
    async with indexes_suspended(conn, "facts", when=True), \
            merges_deferred(conn, "facts_fts", when=count >= first_id - 1):
        keys = await _write_facts(conn, batches, ["pack_key", *FACT_COLUMNS], constants, first_id)
    return Upserted(new_keys=keys, added=range(first_id, first_id + len(keys)))


# FTS5's own defaults (https://sqlite.org/fts5.html#the_automerge_configuration_option)
FTS_MERGE_DEFAULTS = {"automerge": 4, "crisismerge": 16}
BULK_CRISIS_MERGE = 1000   # segments on one level before FTS5 must merge anyway (it allows up to 2,000)


@asynccontextmanager
async def merges_deferred(conn: aiosqlite.Connection, fts: str, *, when: bool) -> AsyncIterator[None]:
    """Fill the FTS5 table ``fts`` without merging its segments as it goes, then merge them once.

    FTS5 writes its pending index data as a small segment every megabyte or so and, by default,
    merges segments level by level while rows keep coming: a bulk load re-writes its index several
    times. Deferred, each segment is written once and merged once at the end ('optimize'): 1,000,000
    facts index in 7.3 s instead of 8.2 s (measured), and the result is one segment, the fastest to
    query: FTS5 looks a word up in every segment, and the 21 segments of 100,000 films' names made
    autocomplete's word pass 1.2-2.4x slower than one (measured). 'optimize' merges the whole index,
    so this is only ``when`` the load is most of it.
    Inside the caller's transaction: the settings are restored on the way out, and a rollback
    restores them too.
    """
    if not when:
        yield
        return
    async with conn.execute(f'SELECT k, v FROM "{fts}_config" WHERE k IN (?, ?)', tuple(FTS_MERGE_DEFAULTS)) as cur:
        before = {**FTS_MERGE_DEFAULTS, **{k: v for k, v in await cur.fetchall()}}
    configure = f'INSERT INTO "{fts}"("{fts}", rank) VALUES (?, ?)'
    await conn.executemany(configure, [("automerge", 0), ("crisismerge", BULK_CRISIS_MERGE)])
    yield
    await conn.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'optimize\')')
    await conn.executemany(configure, list(before.items()))


# How an export names a row that has no pack key: 'film-7' (bot.db.packs.export_pack). Importing that file
# again (``by_row``) updates row 7, when it still has no pack key in the same scope, instead of adding a copy.
ROW_KEYS = {"films": "film", "people": "person", "facts": "fact", "questions": "question"}


def row_key(table: str, row_id: int) -> str:
    return f"{ROW_KEYS[table]}-{row_id}"


async def _unkeyed_rows(conn: aiosqlite.Connection, table: str, columns: Sequence[str], where: str,
                        scope: dict[str, Any], keys: Iterable[str]) -> dict[str, aiosqlite.Row]:
    """The rows without a pack key that ``keys`` name as an export does ('film-7'), by key."""
    prefix = ROW_KEYS[table] + "-"
    wanted = {int(k[len(prefix):]): k for k in keys
              if k.startswith(prefix) and k[len(prefix):].isdigit() and len(k) - len(prefix) <= 18}
    if not wanted:
        return {}
    rows = await _fetchall(conn, f"SELECT id, pack_key, {', '.join(columns)} FROM {table} "
                                 f"WHERE {where}pack_key IS NULL AND id IN (SELECT value FROM json_each(?))",
                           (*scope.values(), _json(wanted)))
    return {wanted[r[0]]: r for r in rows}


async def bulk_upsert(conn: aiosqlite.Connection, table: str, columns: Sequence[str],
                      rows: Sequence[tuple[Any, ...]], *, scope: dict[str, Any] | None = None,
                      extra_insert: dict[str, Any] | None = None,
                      insert: Callable[..., Awaitable[None]] = insert_rows, by_row: bool = False) -> Upserted:
    """Insert or update ``rows`` (pack key, then the values of ``columns``) of ``table`` matched on ``scope`` + pack_key
    (and, ``by_row``, a key such as 'film-7' to row 7 when it has no pack key: a re-imported export).

    ``extra_insert`` columns are written on insert only (e.g. who created a fact); an existing row
    keeps its status, deletion and authorship.
    """
    result = Upserted()
    if not rows:
        return result
    scope = scope or {}
    extra_insert = extra_insert or {}
    where = "".join(f"{k} = ? AND " for k in scope)
    existing: dict[str, aiosqlite.Row] = {}
    if await _has_pack_rows(conn, table, scope):
        existing = {
            r[1]: r for r in await _fetchall(
                conn,
                f"SELECT id, pack_key, {', '.join(columns)} FROM {table} "
                f"WHERE {where}pack_key IN (SELECT value FROM json_each(?))",
                (*scope.values(), _json(map(itemgetter(0), rows))),
            )
        }
    if by_row:
        existing.update(await _unkeyed_rows(conn, table, columns, where, scope,
                                            (r[0] for r in rows if r[0] not in existing)))
    next_id = int((await _fetchall(conn, f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))[0][0])
    stamp = now()
    updates: list[tuple[Any, ...]] = []
    for key, *values in rows if existing else ():
        row = existing.get(key)
        if row is not None:
            result.matched[key] = row[0]
            if list(row[2:]) != values:
                result.updated.add(row[0])
                updates.append((*values, stamp, row[0]))
    # The new rows are numbered on from next_id, in order: set-wise, as a catalogue may add 1,000,000.
    new = [r for r in rows if r[0] not in existing] if existing else rows
    result.new_keys = list(map(itemgetter(0), new))
    result.added = range(next_id, next_id + len(new))
    async with indexes_suspended(conn, table, when=await is_bulk_load(conn, table, adding=len(new))):
        await insert(conn, table, ["pack_key", *columns], new,
                     {**scope, **extra_insert, "created_at": stamp, "updated_at": stamp}, first_id=next_id)
    await update_rows(conn, table, [*columns, "updated_at"], updates)
    return result


def film_names(entry: FilmEntry) -> list[tuple[str, str, str]]:
    """(name, norm, kind): title, original title, aliases; one per folded form, in that order."""
    return _distinct([(entry.title, "title"), (entry.original_title or "", "original"),
                      *((a, "alias") for a in entry.aliases)])


def person_names(entry: PersonEntry) -> list[tuple[str, str, str]]:
    return _distinct([(entry.name, "title"), *((a, "alias") for a in entry.aliases)])


def _distinct(names: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for name, kind in names:
        if not name:        # no original title: most films
            continue
        norm = fold(name)
        if norm and norm not in seen:
            seen.add(norm)
            out.append((name, norm, kind))
    return out


async def is_bulk_load(conn: aiosqlite.Connection, table: str, *, adding: int) -> bool:
    """Whether adding ``adding`` rows to ``table`` is a bulk load: at least ``BULK_MIN_ROWS``, and at least
    as many as the table has (so it at least doubles)."""
    if adding < BULK_MIN_ROWS:
        return False
    return adding >= int((await _fetchall(conn, f"SELECT coalesce(max(rowid), 0) FROM {table}"))[0][0])


@asynccontextmanager
async def indexes_suspended(conn: aiosqlite.Connection, table: str, *, when: bool) -> AsyncIterator[None]:
    """Drop ``table``'s secondary indexes for the block, ``when`` it is a bulk load (``is_bulk_load``).

    Building an index once after a bulk load is cheaper than updating it row by row; for a small
    import into a big table it is not, and the indexes stay. A unique index made by CREATE UNIQUE
    INDEX is set aside too: re-creating it checks every row, so a duplicate still fails the import
    (and its transaction) as an insert would have. 1,000,000 facts insert in 4.8 s without
    facts_pack_key against 7.1 s with it (keys in pack order land all over the index), and it is
    re-built in 0.5 s (measured). Indexes of UNIQUE column constraints have no SQL and always stay.
    """
    indexes = []
    if when:
        indexes = await _fetchall(
            conn, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,))
    async with set_aside(conn, "INDEX", indexes):
        yield


# What sync_names writes names inside of, given the owners whose names changed (see facts_reindexed).
Rewriting = Callable[[aiosqlite.Connection, set[int]], AbstractAsyncContextManager[None]]


async def sync_names(conn: aiosqlite.Connection, *, table: str, owner: str, wanted: dict[int, list[tuple[str, ...]]],
                     fresh: Container[int], with_kind: bool, rewriting: Rewriting | None = None) -> set[int]:
    """Make each owner's names exactly ``wanted`` (rows of name, norm[, kind]); return owners that changed.

    ``fresh`` owners were just inserted and have no names yet: they are written without a read.
    The name index (FTS5) follows by trigger, merged once at the end of a bulk load. The names are
    written inside ``rewriting(conn, the owners that changed)`` when given.
    """
    width = 3 if with_kind else 2
    check = [owner_id for owner_id in wanted if owner_id not in fresh]
    current: dict[int, list[tuple[str, ...]]] = {}
    if check:
        cols = "name, norm, kind" if with_kind else "name, norm"
        for r in await _fetchall(
            conn,
            f"SELECT {owner}, {cols} FROM {table} WHERE {owner} IN (SELECT value FROM json_each(?)) "
            f"ORDER BY {owner}, id",
            (_json(check),),
        ):
            current.setdefault(r[0], []).append(tuple(r[1:]))
    changed = {owner_id for owner_id in check if current.get(owner_id, []) != [n[:width] for n in wanted[owner_id]]}
    rows = [(owner_id, *n[:width]) for owner_id, names in wanted.items()
            if owner_id in fresh or owner_id in changed for n in names]
    async with rewriting(conn, changed) if rewriting else nullcontext():
        if changed:
            await conn.execute(f"DELETE FROM {table} WHERE {owner} IN (SELECT value FROM json_each(?))",
                               (_json(sorted(changed)),))
        bulk = await is_bulk_load(conn, table, adding=len(rows))
        async with indexes_suspended(conn, table, when=bulk), merges_deferred(conn, f"{table}_fts", when=bulk):
            await insert_rows(conn, table, [owner, "name", "norm", *(["kind"] if with_kind else [])], rows)
    return changed


@asynccontextmanager
async def facts_reindexed(conn: aiosqlite.Connection, film_ids: set[int]) -> AsyncIterator[None]:
    """Rewrite names of ``film_ids`` (and of new films) in the block; their facts are re-indexed once.

    The film_names_facts_* triggers re-index a film's facts at every name row written, twice (before
    and after): right for an edit, but renaming 10,000 films of 10 facts each took 15.5 s that way
    against 2.7 s re-indexing each fact once (measured). New films have no facts yet.
    """
    ids = _json(sorted(film_ids))
    if film_ids:
        await conn.execute("DELETE FROM facts_fts WHERE rowid IN "
                           "(SELECT id FROM facts WHERE film_id IN (SELECT value FROM json_each(?)))", (ids,))
    triggers = await _fetchall(conn, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                     "AND name GLOB 'film_names_facts_*'")
    async with set_aside(conn, "TRIGGER", triggers):
        yield
    if film_ids:
        await conn.execute("INSERT INTO facts_fts(rowid, text, tags, film) SELECT id, text, tags, film "
                           "FROM facts_fts_source WHERE film_id IN (SELECT value FROM json_each(?))", (ids,))


FILM_COLUMNS = ("title", "original_title", "year", "runtime_minutes", "countries", "languages", "format",
                "locations", "awards", "synopsis", "sources")


def film_values(f: FilmEntry) -> tuple[Any, ...]:
    """The films row of ``f``, in ``FILM_COLUMNS`` order."""
    return (f.title, f.original_title, f.year, f.runtime_minutes, dump_list(f.countries), dump_list(f.languages),
            f.format, dump_list(f.locations), dump_list(f.awards), f.synopsis, dump_list(f.sources))


async def import_films(conn: aiosqlite.Connection, films: Sequence[FilmEntry], *, by_row: bool = False) -> Upserted:
    """Upsert films and their names (their facts' search entries follow by trigger)."""
    result = await bulk_upsert(conn, "films", FILM_COLUMNS, [(f.id, *film_values(f)) for f in films], by_row=by_row)
    renamed = await sync_names(conn, table="film_names", owner="film_id",
                               wanted={result.ids[f.id]: film_names(f) for f in films},
                               fresh=result.added, with_kind=True, rewriting=facts_reindexed)
    result.updated |= renamed
    return result


async def import_people(conn: aiosqlite.Connection, people: Sequence[PersonEntry], *,
                        by_row: bool = False) -> Upserted:
    result = await bulk_upsert(conn, "people", ("name", "born", "died", "known_for"),
                               [(p.id, p.name, p.born, p.died, p.known_for) for p in people], by_row=by_row)
    renamed = await sync_names(conn, table="person_names", owner="person_id",
                               wanted={result.ids[p.id]: person_names(p) for p in people},
                               fresh=result.added, with_kind=False)
    result.updated |= renamed
    return result


async def import_credits(conn: aiosqlite.Connection, films: Sequence[FilmEntry], films_done: Upserted,
                         person_ids: dict[str, int]) -> None:
    """Make each film's credits exactly the pack's, in billing order; counts a film whose credits changed."""
    missing = sorted({c.person for f in films for c in f.credits} - set(person_ids))
    if missing:
        known = {r[0]: r[1] for r in await _fetchall(
            conn, "SELECT pack_key, id FROM people WHERE pack_key IN (SELECT value FROM json_each(?))",
            (_json(missing),))}
        for key in missing:
            if key not in known:
                film = next(f for f in films if any(c.person == key for c in f.credits))
                raise ValueError(f"film {film.id!r}: unknown person {key!r}")
        person_ids = {**person_ids, **known}
    wanted: dict[int, list[tuple[int, str, str, int]]] = {}
    for f in films:
        seen: set[tuple[int, str, str]] = set()
        rows = wanted.setdefault(films_done.ids[f.id], [])
        for position, c in enumerate(f.credits):
            unique = (person_ids[c.person], c.role, c.character)
            if unique not in seen:  # the same person twice in the same role: the first billing counts
                seen.add(unique)
                rows.append((*unique, position))
    check = [film_id for film_id in wanted if film_id not in films_done.added]
    current: dict[int, list[tuple[int, str, str, int]]] = {}
    if check:
        for r in await _fetchall(
            conn,
            "SELECT film_id, person_id, role, character, position FROM credits "
            "WHERE film_id IN (SELECT value FROM json_each(?)) ORDER BY film_id, position, person_id, role",
            (_json(check),),
        ):
            current.setdefault(r[0], []).append(tuple(r[1:]))  # type: ignore[arg-type]
    changed = {i for i in check if sorted(current.get(i, [])) != sorted(wanted[i])}
    if changed:
        await conn.execute("DELETE FROM credits WHERE film_id IN (SELECT value FROM json_each(?))",
                           (_json(sorted(changed)),))
    rows = [(film_id, *c) for film_id, credits in wanted.items()
            if film_id in films_done.added or film_id in changed for c in credits]
    async with indexes_suspended(conn, "credits", when=await is_bulk_load(conn, "credits", adding=len(rows))):
        await insert_rows(conn, "credits", ["film_id", "person_id", "role", "character", "position"], rows)
    films_done.updated |= changed
