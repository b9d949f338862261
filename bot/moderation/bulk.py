"""/facts import and /facts export: a dry run first, then all or nothing.

``preview`` reads the file, resolves every film and plans the import against the database without
writing; ``apply`` does the same work for real in one transaction, after checking the actor's
permission again (it may have changed while the preview was on screen). If anything is rejected
at that point, nothing is written.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.db import fact_import, fact_writes, film_refs
from bot.db.connection import Database
from bot.db.fact_import import FactUpsert, ImportPlan
from bot.db.fact_writes import FactFields
from bot.errors import InvalidInput
from bot.moderation import exporters, importers
from bot.moderation.context import ModContext
from bot.moderation.duplicates import Similar, SimilarityIndex
from bot.moderation.fact_ops import target_scope
from bot.moderation.importers import ImportRow, ParsedImport, Rejection, parse_import
from bot.moderation.policy import Action
from bot.text import quoted

# Fuzzy duplicate warnings compare every new row with every existing fact (about 3 µs a pair);
# past this many pairs an import only matches identical texts, to keep the preview within seconds.
MAX_SIMILARITY_PAIRS = 1_000_000


@dataclass(frozen=True)
class ImportReport:
    parsed: ParsedImport
    rejected: tuple[Rejection, ...]
    plan: ImportPlan | None                 # None when rows were rejected: nothing can be imported
    similar: tuple[tuple[str, Similar], ...]
    notes: tuple[str, ...]
    global_scope: bool

    @property
    def changes(self) -> int:
        return 0 if self.plan is None else self.plan.count("add", "update", "restore")

    @property
    def can_confirm(self) -> bool:
        return self.plan is not None and not self.rejected and not self.plan.applied and self.changes > 0


def _resolve_films(rows: tuple[ImportRow, ...], index: film_refs.FilmIndex
                   ) -> tuple[list[FactUpsert], list[Rejection]]:
    items, rejected = [], []
    for row in rows:
        film_id = None
        if row.film:
            found = index.resolve(row.film)
            if not found:
                rejected.append(Rejection(row.where, "film", f"no film is called {quoted(row.film, 60)}"))
                continue
            if len(found) > 1:
                keys = ", ".join(quoted(index.unique_reference(f), 60) for f in found[:3])
                rejected.append(Rejection(row.where, "film",
                                          f"{len(found)} films are called {quoted(row.film, 60)}: use {keys}"))
                continue
            film_id = found[0].id
        given = frozenset("film_id" if name == "film" else name for name in row.given)
        items.append(FactUpsert(row.where, row.key, FactFields(row.text, film_id, row.source, row.tags, row.verified),
                                given=given, version=row.version))
    return items, rejected


async def _run(db: Database, ctx: ModContext, parsed: ParsedImport, *, global_scope: bool,
               dry_run: bool) -> ImportReport:
    scope = target_scope(ctx, global_scope)
    ctx.require(Action.IMPORT, scope)
    items, film_problems = _resolve_films(parsed.rows, await film_refs.film_index(db))
    rejected = (*parsed.rejected, *film_problems)
    notes = list(parsed.notes)
    if rejected:
        return ImportReport(parsed, tuple(rejected), None, (), tuple(notes), global_scope)
    plan = await fact_import.import_facts(db, items, guild_id=scope, actor_id=ctx.actor.user_id,
                                          label=parsed.origin, dry_run=dry_run)
    similar: list[tuple[str, Similar]] = []
    if dry_run:
        added = {r.where for r in plan.rows if r.action == "add"}
        index = SimilarityIndex(await fact_writes.visible_texts(db, ctx.guild_id))
        if len(added) * max(len(index), 1) <= MAX_SIMILARITY_PAIRS:
            for item in items:
                if item.where in added:
                    similar += [(item.where, s) for s in index.find(item.fields.text, limit=1)]
        else:
            notes.append("too large for the likely-duplicate check: only identical texts were matched")
    return ImportReport(parsed, (), plan, tuple(similar), tuple(notes), global_scope)


async def preview(db: Database, ctx: ModContext, filename: str, data: bytes, *,
                  global_scope: bool = False) -> ImportReport:
    """What importing this file would add, update and reject, and why; nothing is written."""
    ctx.require(Action.IMPORT, target_scope(ctx, global_scope))
    return await _run(db, ctx, parse_import(filename, data), global_scope=global_scope, dry_run=True)


async def apply(db: Database, ctx: ModContext, parsed: ParsedImport, *, global_scope: bool = False) -> ImportReport:
    """Import for real (after a preview): everything, or nothing if any entry is now rejected."""
    return await _run(db, ctx, parsed, global_scope=global_scope, dry_run=False)


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes
    count: int


async def export(db: Database, ctx: ModContext, fmt: str, *, guild_name: str) -> list[ExportFile]:
    """This server's live facts as files /facts import reads back: one, or as many as its limits
    (``MAX_ROWS`` facts, ``MAX_BYTES``) need, each imported on its own."""
    ctx.require(Action.EXPORT, ctx.guild_id)
    if fmt not in exporters.EXPORT_FORMATS:
        raise InvalidInput(f"Unknown format {fmt!r}: choose {' or '.join(exporters.EXPORT_FORMATS)}.")
    facts = await fact_import.export_facts(db, ctx.guild_id)
    if fmt == "csv":
        render = exporters.to_csv
    else:
        render = functools.partial(exporters.to_json, pack_id=f"server-{ctx.guild_id}", name=f"Facts of {guild_name}")
    parts = exporters.in_parts(facts, render, max_rows=importers.MAX_ROWS,
                                 max_bytes=importers.MAX_BYTES)
    return [ExportFile(exporters.export_filename(guild_name, fmt, i, len(parts)), data, count)
            for i, (count, data) in enumerate(parts, start=1)]
