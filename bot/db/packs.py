"""Importing and exporting content packs: all or nothing, idempotent (re-import updates in place)."""

from __future__ import annotations

import logging
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
)
from bot.db.connection import Database
from bot.db.util import dump_list, load_list, now, scope
from bot.text import fold

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


async def import_pack(db: Database, pack: Pack, *, guild_id: int | None = None,
                      actor_id: int | None = None, dry_run: bool = False) -> ImportReport:
    """Write ``pack`` in one transaction. Facts and questions go to ``guild_id`` (None = global).

    Films and people are always global. With ``dry_run`` the same work is done and rolled back,
    so the report says exactly what a real import would do.
    """
    report = ImportReport(pack.info.id, dry_run)
    try:
        async with db.transaction() as conn:
            film_ids = await _import_films(conn, pack.films, report.kinds["films"])
            person_ids = await _import_people(conn, pack.people, report.kinds["people"])
            await _import_credits(conn, pack.films, film_ids, person_ids)
            film_ids.update(await _film_ids_for(conn, pack, film_ids))
            await _import_facts(conn, pack.facts, film_ids, scope(guild_id), actor_id, report.kinds["facts"])
            await _import_questions(conn, pack.questions, film_ids, scope(guild_id), actor_id,
                                    report.kinds["questions"])
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
    log.info("pack %s %s: %s", pack.info.id, "dry run" if dry_run else "imported", report.summary())
    return report


async def pack_version(db: Database, pack_id: str) -> int | None:
    return await db.scalar("SELECT version FROM packs WHERE id = ?", (pack_id,))


async def _film_ids_for(conn: aiosqlite.Connection, pack: Pack, known: dict[str, int]) -> dict[str, int]:
    """Ids of films referenced by facts/questions but defined in an earlier pack."""
    wanted = {e.film for e in (*pack.facts, *pack.questions) if e.film and e.film not in known}
    found: dict[str, int] = {}
    for key in wanted:
        async with conn.execute("SELECT id FROM films WHERE pack_key = ?", (key,)) as cur:
            row = await cur.fetchone()
        if row is None:
            raise ValueError(f"unknown film {key!r}")
        found[key] = row[0]
    return found


def _changed(row: aiosqlite.Row, values: dict[str, Any]) -> bool:
    return any(row[k] != v for k, v in values.items())


async def _upsert(conn: aiosqlite.Connection, table: str, where: dict[str, Any], values: dict[str, Any],
                  extra_insert: dict[str, Any], report: Any) -> int:
    """Insert or update one row matched by ``where``; count it in ``report``; return its id."""
    cond = " AND ".join(f"{k} = ?" for k in where)
    async with conn.execute(f"SELECT id, {', '.join(values)} FROM {table} WHERE {cond}", tuple(where.values())) as cur:
        row = await cur.fetchone()
    stamp = now()
    if row is None:
        cols = {**where, **values, **extra_insert, "created_at": stamp, "updated_at": stamp}
        cur = await conn.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuple(cols.values())
        )
        report.added += 1
        return int(cur.lastrowid or 0)
    if _changed(row, values):
        sets = ", ".join(f"{k} = ?" for k in values)
        await conn.execute(f"UPDATE {table} SET {sets}, updated_at = ? WHERE id = ?",
                           (*values.values(), stamp, row["id"]))
        report.updated += 1
    else:
        report.unchanged += 1
    return int(row["id"])


async def _replace_names(conn: aiosqlite.Connection, table: str, owner: str, owner_id: int,
                         names: list[tuple[str, str]]) -> None:
    await conn.execute(f"DELETE FROM {table} WHERE {owner} = ?", (owner_id,))
    seen: set[str] = set()
    rows = []
    for name, kind in names:
        norm = fold(name)
        if norm and norm not in seen:
            seen.add(norm)
            rows.append((owner_id, name, norm, kind) if table == "film_names" else (owner_id, name, norm))
    marks = "?, ?, ?, ?" if table == "film_names" else "?, ?, ?"
    cols = f"{owner}, name, norm" + (", kind" if table == "film_names" else "")
    await conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


async def _import_films(conn: aiosqlite.Connection, films: tuple[FilmEntry, ...], report: KindReport) -> dict[str, int]:
    ids: dict[str, int] = {}
    for f in films:
        values = {
            "title": f.title, "original_title": f.original_title, "year": f.year,
            "runtime_minutes": f.runtime_minutes, "countries": dump_list(f.countries),
            "languages": dump_list(f.languages), "format": f.format, "locations": dump_list(f.locations),
            "awards": dump_list(f.awards), "synopsis": f.synopsis, "sources": dump_list(f.sources),
        }
        film_id = await _upsert(conn, "films", {"pack_key": f.id}, values, {}, report)
        names = [(f.title, "title")]
        if f.original_title:
            names.append((f.original_title, "original"))
        names += [(a, "alias") for a in f.aliases]
        await _replace_names(conn, "film_names", "film_id", film_id, names)
        # Refresh the film column of this film's facts in the full-text index.
        await conn.execute("UPDATE facts SET film_id = film_id WHERE film_id = ?", (film_id,))
        ids[f.id] = film_id
    return ids


async def _import_people(conn: aiosqlite.Connection, people: tuple[PersonEntry, ...],
                         report: KindReport) -> dict[str, int]:
    ids: dict[str, int] = {}
    for p in people:
        values = {"name": p.name, "born": p.born, "died": p.died, "known_for": p.known_for}
        person_id = await _upsert(conn, "people", {"pack_key": p.id}, values, {}, report)
        await _replace_names(conn, "person_names", "person_id", person_id,
                             [(p.name, "name"), *((a, "alias") for a in p.aliases)])
        ids[p.id] = person_id
    return ids


async def _import_credits(conn: aiosqlite.Connection, films: tuple[FilmEntry, ...], film_ids: dict[str, int],
                          person_ids: dict[str, int]) -> None:
    for f in films:
        film_id = film_ids[f.id]
        await conn.execute("DELETE FROM credits WHERE film_id = ?", (film_id,))
        rows = []
        for position, c in enumerate(f.credits):
            person_id = person_ids.get(c.person)
            if person_id is None:
                async with conn.execute("SELECT id FROM people WHERE pack_key = ?", (c.person,)) as cur:
                    row = await cur.fetchone()
                if row is None:
                    raise ValueError(f"film {f.id!r}: unknown person {c.person!r}")
                person_id = row[0]
            rows.append((film_id, person_id, c.role, c.character, position))
        await conn.executemany(
            "INSERT OR IGNORE INTO credits (film_id, person_id, role, character, position) VALUES (?, ?, ?, ?, ?)",
            rows,
        )


async def _import_facts(conn: aiosqlite.Connection, facts: tuple[FactEntry, ...], film_ids: dict[str, int],
                        guild: int, actor_id: int | None, report: KindReport) -> None:
    for f in facts:
        values = {"film_id": film_ids.get(f.film) if f.film else None, "text": f.text, "source": f.source,
                  "tags": dump_list(f.tags), "verified": int(f.verified)}
        extra = {"created_by": actor_id, "updated_by": actor_id, "status": "approved"}
        await _upsert(conn, "facts", {"guild_id": guild, "pack_key": f.id}, values, extra, report)


async def _import_questions(conn: aiosqlite.Connection, questions: tuple[QuestionEntry, ...],
                            film_ids: dict[str, int], guild: int, actor_id: int | None, report: KindReport) -> None:
    for q in questions:
        values = {"film_id": film_ids.get(q.film) if q.film else None, "prompt": q.prompt,
                  "answers": dump_list(q.answers), "wrong_choices": dump_list(q.wrong),
                  "difficulty": q.difficulty, "source": q.source, "list_name": q.list_name}
        extra = {"created_by": actor_id, "updated_by": actor_id, "status": "approved"}
        await _upsert(conn, "questions", {"guild_id": guild, "pack_key": q.id}, values, extra, report)


async def export_pack(db: Database, info: PackInfo, *, guild_id: int | None = None) -> Pack:
    """Everything in scope as a pack: all films and people, and the live facts and questions of the scope."""
    guild = scope(guild_id)
    film_rows = await db.fetchall("SELECT * FROM films ORDER BY id")
    film_key = {r["id"]: r["pack_key"] or f"film-{r['id']}" for r in film_rows}
    person_rows = await db.fetchall("SELECT * FROM people ORDER BY id")
    person_key = {r["id"]: r["pack_key"] or f"person-{r['id']}" for r in person_rows}
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
        FactEntry(r["pack_key"] or f"fact-{r['id']}", r["text"], r["source"] or "unknown",
                  film_key.get(r["film_id"]) if r["film_id"] else None, load_list(r["tags"]), bool(r["verified"]))
        for r in fact_rows
    )
    question_rows = await db.fetchall(
        "SELECT * FROM questions WHERE guild_id = ? AND deleted_at IS NULL AND status = 'approved' ORDER BY id",
        (guild,),
    )
    questions = tuple(
        QuestionEntry(r["pack_key"] or f"question-{r['id']}", r["prompt"], load_list(r["answers"]),
                      load_list(r["wrong_choices"]), film_key.get(r["film_id"]) if r["film_id"] else None,
                      r["difficulty"], r["source"], r["list_name"])
        for r in question_rows
    )
    return Pack(info, films, people, facts, questions)
