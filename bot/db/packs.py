"""Importing and exporting content packs: all or nothing, idempotent (re-import updates in place)."""

from __future__ import annotations

import functools
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.content.pack import (
    Credit,
    FactEntry,
    FilmEntry,
    Pack,
    PackInfo,
    PersonEntry,
    QuestionEntry,
    StreamedPack,
)
from bot.db import catalogue
from bot.db.connection import Database
from bot.db.util import dump_list, load_list, now, scope

log = logging.getLogger(__name__)


@dataclass
class KindReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass
class ImportReport:
    pack_id: str
    dry_run: bool = False
    kinds: dict[str, KindReport] = field(
        default_factory=lambda: {k: KindReport() for k in ("films", "people", "facts", "questions")}
    )

    def summary(self) -> str:
        parts = [f"{name}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged"
                 for name, r in self.kinds.items() if r.total]
        return "; ".join(parts) or "nothing to import"


class _DryRun(Exception):
    """Raised inside the import transaction to roll a dry run back."""


EXPORT_ID = "export"   # the pack id of ``python -m bot export`` files


async def import_pack(db: Database, pack: Pack | StreamedPack, *, guild_id: int | None = None,
                      actor_id: int | None = None, dry_run: bool = False) -> ImportReport:
    """Write ``pack`` in one transaction. Facts and questions go to ``guild_id`` (None = global).

    Films and people are always global. With ``dry_run`` the same work is done and rolled back,
    so the report says exactly what a real import would do. Rows are written in bulk (see
    ``bot.db.catalogue``), so a catalogue of 100,000 films imports in seconds. A ``StreamedPack``'s
    facts are read as they are written: one with a problem raises ``PackError`` and nothing is kept.
    """
    report = ImportReport(pack.info.id, dry_run)
    started = time.perf_counter()
    try:
        async with db.transaction(bulk=True) as conn:
            by_row = pack.info.id == EXPORT_ID   # the owners' export, brought back: 'film-7' is row 7
            films = await catalogue.import_films(conn, pack.films, by_row=by_row)
            people = await catalogue.import_people(conn, pack.people, by_row=by_row)
            await catalogue.import_credits(conn, pack.films, films, people.ids)
            _count(report.kinds["films"], films)
            _count(report.kinds["people"], people)
            film_ids = {**films.ids, **await _film_ids_for(conn, pack.named_films(), films.ids)}
            guild = scope(guild_id)
            extra = {"created_by": actor_id, "updated_by": actor_id, "status": "approved"}
            facts = await _import_facts(conn, pack, film_ids, {"guild_id": guild}, extra, by_row=by_row)
            _count(report.kinds["facts"], facts)
            questions = await catalogue.bulk_upsert(
                conn, "questions",
                ("film_id", "prompt", "answers", "wrong_choices", "difficulty", "source", "list_name"),
                [(q.id, film_ids.get(q.film) if q.film else None, q.prompt, dump_list(q.answers), dump_list(q.wrong),
                  q.difficulty, q.source, q.list_name) for q in pack.questions],
                scope={"guild_id": guild}, extra_insert=extra, by_row=by_row)
            _count(report.kinds["questions"], questions)
            if guild_id is None:
                await conn.execute(
                    "INSERT INTO packs (id, name, version, imported_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, version = excluded.version, "
                    "imported_at = excluded.imported_at",
                    (pack.info.id, pack.info.name, pack.info.version, now()),
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    log.info("pack %s %s in %.2f s: %s", pack.info.id, "dry run" if dry_run else "imported",
             time.perf_counter() - started, report.summary())
    return report


async def _import_facts(conn: aiosqlite.Connection, pack: Pack | StreamedPack, film_ids: dict[str, int],
                        where: dict[str, Any], extra: dict[str, Any], *, by_row: bool) -> catalogue.Upserted:
    """The pack's facts, a batch at a time when they are all new (a pack file's are read as they are written)."""
    tags_json = functools.cache(dump_list)    # most facts of a pack share a few tag lists
    batches = ([(key, film_ids.get(film), text, source, tags_json(tags), int(verified))
                for key, text, source, film, tags, verified in batch] for batch in pack.fact_batches())
    if not by_row and await catalogue.is_first_load(conn, "facts", where, adding=pack.fact_count):
        stamp = now()
        return await catalogue.load_facts(conn, batches, count=pack.fact_count,
                                          constants={**where, **extra, "created_at": stamp, "updated_at": stamp})
    return await catalogue.bulk_upsert(conn, "facts", catalogue.FACT_COLUMNS, [row for rows in batches for row in rows],
                                       scope=where, extra_insert=extra, insert=catalogue.insert_facts, by_row=by_row)


def _count(kind: KindReport, done: catalogue.Upserted) -> None:
    kind.added += len(done.added)
    kind.updated += len(done.updated)
    kind.unchanged += done.unchanged_count()


async def pack_version(db: Database, pack_id: str) -> int | None:
    return await db.scalar("SELECT version FROM packs WHERE id = ?", (pack_id,))


async def _film_ids_for(conn: aiosqlite.Connection, named: set[str | None], known: dict[str, int]) -> dict[str, int]:
    """Ids of films ``named`` by facts/questions but defined in an earlier pack."""
    wanted = sorted(named - known.keys() - {None, ""})
    if not wanted:
        return {}
    async with conn.execute("SELECT pack_key, id FROM films WHERE pack_key IN (SELECT value FROM json_each(?))",
                            (json.dumps(wanted),)) as cur:
        found = {r[0]: r[1] for r in await cur.fetchall()}
    for key in wanted:
        if key not in found:
            raise ValueError(f"unknown film {key!r}")
    return found


async def export_pack(db: Database, info: PackInfo, *, guild_id: int | None = None) -> Pack:
    """Everything in scope as a pack: all films and people, and the live facts and questions of the scope."""
    guild = scope(guild_id)
    film_rows = await db.fetchall("SELECT * FROM films ORDER BY id")
    film_key = {r["id"]: r["pack_key"] or catalogue.row_key("films", r["id"]) for r in film_rows}
    person_rows = await db.fetchall("SELECT * FROM people ORDER BY id")
    person_key = {r["id"]: r["pack_key"] or catalogue.row_key("people", r["id"]) for r in person_rows}
    names = await db.fetchall("SELECT film_id, name FROM film_names WHERE kind = 'alias' ORDER BY rowid")
    pnames = await db.fetchall("SELECT person_id, name, norm FROM person_names ORDER BY rowid")
    credit_rows = await db.fetchall("SELECT * FROM credits ORDER BY film_id, position")
    aliases: dict[int, list[str]] = {}
    for r in names:
        aliases.setdefault(r["film_id"], []).append(r["name"])
    person_aliases: dict[int, list[str]] = {}
    person_names = {r["id"]: r["name"] for r in person_rows}
    for r in pnames:
        if r["name"] != person_names.get(r["person_id"]):
            person_aliases.setdefault(r["person_id"], []).append(r["name"])
    credits: dict[int, list[Credit]] = {}
    for r in credit_rows:
        credits.setdefault(r["film_id"], []).append(Credit(person_key[r["person_id"]], r["role"], r["character"]))
    films = tuple(
        FilmEntry(
            id=film_key[r["id"]], title=r["title"], original_title=r["original_title"], year=r["year"],
            aliases=tuple(aliases.get(r["id"], ())), runtime_minutes=r["runtime_minutes"],
            countries=load_list(r["countries"]), languages=load_list(r["languages"]), format=r["format"],
            locations=load_list(r["locations"]), awards=load_list(r["awards"]), synopsis=r["synopsis"],
            credits=tuple(credits.get(r["id"], ())), sources=load_list(r["sources"]),
        )
        for r in film_rows
    )
    people = tuple(
        PersonEntry(person_key[r["id"]], r["name"], tuple(person_aliases.get(r["id"], ())), r["born"], r["died"],
                    r["known_for"])
        for r in person_rows
    )
    fact_rows = await db.fetchall(
        "SELECT * FROM facts WHERE guild_id = ? AND deleted_at IS NULL AND status = 'approved' ORDER BY id", (guild,)
    )
    facts = tuple(
        FactEntry(r["pack_key"] or catalogue.row_key("facts", r["id"]), r["text"], r["source"] or "unknown",
                  film_key.get(r["film_id"]) if r["film_id"] else None, load_list(r["tags"]), bool(r["verified"]))
        for r in fact_rows
    )
    question_rows = await db.fetchall(
        "SELECT * FROM questions WHERE guild_id = ? AND deleted_at IS NULL AND status = 'approved' ORDER BY id",
        (guild,),
    )
    questions = tuple(
        QuestionEntry(r["pack_key"] or catalogue.row_key("questions", r["id"]), r["prompt"], load_list(r["answers"]),
                      load_list(r["wrong_choices"]), film_key.get(r["film_id"]) if r["film_id"] else None,
                      r["difficulty"], r["source"], r["list_name"])
        for r in question_rows
    )
    return Pack(info, films, people, facts, questions)
