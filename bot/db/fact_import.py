"""Bulk fact changes for /facts import and /facts export: planned and written in one transaction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import aiosqlite

from bot.db import audit
from bot.db.connection import Database
from bot.db.fact_writes import FactFields, insert_facts, update_fact
from bot.db.facts import Fact, row_to_fact
from bot.db.film_refs import FilmRef, unique_reference
from bot.db.util import scope
from bot.text import fold

_ROW_ID_KEY = re.compile(r"^fact-(\d+)$")


OPTIONAL = ("film_id", "source", "tags", "verified")    # an entry without one keeps the fact's own


@dataclass(frozen=True)
class FactUpsert:
    """One fact of an import file, film already resolved to an id."""

    where: str
    key: str | None
    fields: FactFields
    given: frozenset[str] = frozenset(OPTIONAL)   # the optional fields the entry has; an update keeps the rest
    version: str | None = None   # FactFields.version() of the fact when it was exported, if it was


@dataclass(frozen=True)
class PlannedRow:
    where: str
    action: Literal["add", "update", "restore", "unchanged", "changed-since", "removed-since"]
    fact_id: int | None                     # the fact updated (or, once applied, added)
    changed: tuple[str, ...] = ()           # which fields an update changes
    by: int | None = None                   # changed-since / removed-since: who did it, and when
    at: int | None = None


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    applied: bool = False

    def count(self, *actions: str) -> int:
        return sum(1 for r in self.rows if r.action in actions)


@dataclass(frozen=True)
class ExportFact:
    key: str
    text: str
    film: str | None
    source: str
    tags: tuple[str, ...]
    verified: bool
    version: str             # "v" + FactFields.version() (a letter first: spreadsheets leave it text)


async def _scope_facts(conn: aiosqlite.Connection, guild: int) -> list[Fact]:
    async with conn.execute("SELECT * FROM facts WHERE guild_id = ? AND status = 'approved'", (guild,)) as cur:
        return [row_to_fact(r) for r in await cur.fetchall()]


def _match(item: FactUpsert, by_key: dict[str, Fact], by_id: dict[int, Fact], by_text: dict[str, Fact]) -> Fact | None:
    """The existing fact an entry updates: same key; or 'fact-N' naming a fact without a key (a
    re-imported export); or, for an entry without a key, a live fact with the same text."""
    if item.key is not None:
        if item.key in by_key:
            return by_key[item.key]
        m = _ROW_ID_KEY.match(item.key)
        if m and int(m.group(1)) in by_id and by_id[int(m.group(1))].pack_key is None:
            return by_id[int(m.group(1))]
        return None
    return by_text.get(fold(item.fields.text))


def _kept(before: Fact, item: FactUpsert) -> FactFields:
    """The entry's fields, with the fact's own for those the entry does not have."""
    kept = {name: getattr(before, name) for name in OPTIONAL if name not in item.given}
    return replace(item.fields, **kept) if kept else item.fields


def _changes(before: Fact, after: FactFields) -> tuple[str, ...]:
    old = FactFields.of(before)
    return tuple(name for name in ("text", "film_id", "source", "tags", "verified")
                 if getattr(old, name) != getattr(after, name))


async def import_facts(db: Database, items: Sequence[FactUpsert], *, guild_id: int | None, actor_id: int | None,
                       label: str, dry_run: bool) -> ImportPlan:
    """Add or update ``items`` in ``guild_id``'s facts (None: global), all in one transaction.

    A dry run plans exactly what the real run would do and writes nothing. Every write is audited,
    plus one entry for the import as a whole.
    """
    plan = ImportPlan()
    async with db.transaction() as conn:
        existing = await _scope_facts(conn, scope(guild_id))
        by_key = {f.pack_key: f for f in existing if f.pack_key}
        by_id = {f.id: f for f in existing}
        by_text = {fold(f.text): f for f in existing if not f.deleted}
        added: list[int] = []               # the plan's rows that add a fact, written together below
        for item in items:
            before = _match(item, by_key, by_id, by_text)
            if before is None:
                added.append(len(plan.rows))
                plan.rows.append(PlannedRow(item.where, "add", None))
                continue
            fields = _kept(before, item)
            changed = _changes(before, fields)
            if not changed and not before.deleted:
                plan.rows.append(PlannedRow(item.where, "unchanged", before.id))
                continue
            if item.version is not None:
                # Exported before someone else changed or removed it: their change stands.
                if before.deleted:
                    plan.rows.append(PlannedRow(item.where, "removed-since", before.id, by=before.deleted_by,
                                                at=before.deleted_at))
                    continue
                if FactFields.of(before).version() != item.version:
                    plan.rows.append(PlannedRow(item.where, "changed-since", before.id, changed,
                                                by=before.updated_by, at=before.updated_at))
                    continue
            if not dry_run:
                await update_fact(conn, before, fields, actor_id=actor_id, action="import",
                                  restore=before.deleted)
            plan.rows.append(PlannedRow(item.where, "restore" if before.deleted else "update", before.id, changed))
        if not dry_run:
            ids = await insert_facts(conn, guild_id=guild_id, actor_id=actor_id, action="import",
                                     facts=[(items[i].fields, items[i].key) for i in added])
            for i, fact_id in zip(added, ids, strict=True):
                plan.rows[i] = replace(plan.rows[i], fact_id=fact_id)
            await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="import", entity="import",
                               entity_id=None, after={"file": label, "added": plan.count("add"),
                                                      "updated": plan.count("update"),
                                                      "restored": plan.count("restore"),
                                                      "left": plan.count("changed-since", "removed-since")})
            plan.applied = True
    return plan


async def export_facts(db: Database, guild_id: int | None) -> list[ExportFact]:
    """The live facts of ``guild_id`` (None: global), oldest first, films named as an import expects."""
    rows = await db.fetchall(
        "SELECT f.*, films.id AS film, films.pack_key AS film_key, films.title AS film_title, "
        "films.year AS film_year FROM facts f "
        "LEFT JOIN films ON films.id = f.film_id "
        "WHERE f.guild_id = ? AND f.deleted_at IS NULL AND f.status = 'approved' ORDER BY f.id",
        (scope(guild_id),),
    )
    films = {r["film"]: FilmRef(r["film"], r["film_title"], r["film_year"], r["film_key"])
             for r in rows if r["film"] is not None}
    named = {film_id: await unique_reference(db, film) for film_id, film in films.items()}
    exported = []
    for r in rows:
        fact = row_to_fact(r)
        exported.append(ExportFact(key=fact.pack_key or f"fact-{fact.id}", text=fact.text, film=named.get(r["film"]),
                                   source=fact.source, tags=fact.tags, verified=fact.verified,
                                   version=f"v{FactFields.of(fact).version()}"))
    return exported
