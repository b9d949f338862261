"""Trivia questions: the shared read side, and importing/exporting question lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.content.pack import QuestionEntry
from bot.db import audit
from bot.db.connection import Database
from bot.db.util import dump_list, load_list, now, scope, unscope
from bot.errors import InvalidInput
from bot.text import fold


@dataclass(frozen=True)
class Question:
    id: int
    guild_id: int | None
    pack_key: str | None
    list_name: str | None
    film_id: int | None
    prompt: str
    answers: tuple[str, ...]
    wrong_choices: tuple[str, ...]
    difficulty: str | None
    source: str
    status: str
    deleted_at: int | None


def row_to_question(row: aiosqlite.Row) -> Question:
    return Question(
        id=row["id"], guild_id=unscope(row["guild_id"]), pack_key=row["pack_key"], list_name=row["list_name"],
        film_id=row["film_id"], prompt=row["prompt"], answers=load_list(row["answers"]),
        wrong_choices=load_list(row["wrong_choices"]), difficulty=row["difficulty"], source=row["source"],
        status=row["status"], deleted_at=row["deleted_at"],
    )


async def get(db: Database, question_id: int) -> Question | None:
    row = await db.fetchone("SELECT * FROM questions WHERE id = ?", (question_id,))
    return None if row is None else row_to_question(row)


@dataclass
class QuestionImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


# ``merge(new, old)``: what re-importing ``new`` over the question ``old`` writes (see ParsedList.merged).
Merge = Callable[[QuestionEntry, QuestionEntry], QuestionEntry]


async def _film_ids(conn: aiosqlite.Connection, entries: Sequence[QuestionEntry]) -> dict[str, int]:
    ids: dict[str, int] = {}
    missing = []
    for key in sorted({e.film for e in entries if e.film}):
        async with conn.execute("SELECT id FROM films WHERE pack_key = ?", (key,)) as cur:
            row = await cur.fetchone()
        if row is None:
            missing.append(key)
        else:
            ids[key] = row[0]
    if missing:
        names = [f"{e.id!r}" for e in entries if e.film in missing][:5]
        raise InvalidInput(f"Unknown film {', '.join(repr(m) for m in missing)} (questions {', '.join(names)}): "
                           "import the film's pack first.")
    return ids


async def _playable_by_prompt(conn: aiosqlite.Connection, guild: int) -> dict[str, aiosqlite.Row]:
    """The scope's live questions and Doinel's own, by folded prompt (the scope's own win a tie)."""
    async with conn.execute("SELECT * FROM questions WHERE guild_id IN (?, 0) AND status = 'approved' "
                            "AND deleted_at IS NULL ORDER BY guild_id = ?, id", (guild, guild)) as cur:
        return {fold(row["prompt"]): row async for row in cur}


async def _by_key(conn: aiosqlite.Connection, guild: int, key: str) -> aiosqlite.Row | None:
    async with conn.execute("SELECT * FROM questions WHERE guild_id = ? AND pack_key = ?", (guild, key)) as cur:
        return await cur.fetchone()


def _as_entry(row: aiosqlite.Row) -> QuestionEntry:
    return QuestionEntry(row["pack_key"] or "", row["prompt"], load_list(row["answers"]),
                         load_list(row["wrong_choices"]), None, row["difficulty"], row["source"], row["list_name"])


async def import_questions(db: Database, entries: Sequence[QuestionEntry], *, guild_id: int | None,
                           actor_id: int | None = None, film_id: int | None = None, dry_run: bool = False,
                           list_name: str | None = None, merge: Merge | None = None) -> QuestionImportReport:
    """Write questions to a server (or globally, ``guild_id`` None) in one transaction: all or nothing.

    A question is the one of the scope with the same id (re-importing a list updates it in place), else
    the live one the scope already plays with the same prompt, whatever its list, unless the file ties it
    to another film: an exported file brought back adds nothing twice. A server's import never changes
    Doinel's own (global) questions: its own telling of one is added, and stands in for it
    (``bot.db.trivia.question_pool``). ``merge`` says what an update writes (default: the file's
    entry); a question keeps its film unless one is named.
    ``film_id`` ties every question to one film. A ``dry_run`` reports what it would do and writes nothing.
    """
    report = QuestionImportReport(dry_run=dry_run)
    guild = scope(guild_id)
    write = _plan_only if dry_run else _write
    async with db.transaction() as conn:
        films = await _film_ids(conn, entries)
        by_prompt = await _playable_by_prompt(conn, guild)
        by_key = [await _by_key(conn, guild, e.id) for e in entries]
        claimed = {row["id"] for row in by_key if row is not None}
        stamp = now()
        for e, row in zip(entries, by_key, strict=True):
            named_film = film_id if film_id is not None else films.get(e.film) if e.film else None
            if row is None and (row := by_prompt.get(fold(e.prompt))) is not None:
                # Not when the file re-words that question and asks its old words anew, nor when it ties
                # the question to another film ("In what year was the film released?" for each film).
                if row["id"] in claimed or (named_film is not None and row["film_id"] != named_film):
                    row = None
                else:
                    claimed.add(row["id"])
            if row is not None:
                values = _values(merge(e, _as_entry(row)) if merge else e,
                                 row["film_id"] if named_film is None else named_film,
                                 e.list_name if row["pack_key"] == e.id else row["list_name"])
                if all(row[k] == v for k, v in values.items()) and row["deleted_at"] is None:
                    report.unchanged += 1
                    continue
                if row["guild_id"] == guild:
                    await write(
                        conn,
                        f"UPDATE questions SET {', '.join(f'{k} = ?' for k in values)}, updated_by = ?, "
                        "updated_at = ?, deleted_at = NULL, deleted_by = NULL WHERE id = ?",
                        (*values.values(), actor_id, stamp, row["id"]))
                    report.updated += 1
                    continue
            # New here, or the server's own telling of one of Doinel's questions (it stands in for it).
            values = _values(e, named_film, e.list_name)
            await write(
                conn,
                f"INSERT INTO questions (guild_id, pack_key, {', '.join(values)}, status, created_by, "
                f"created_at, updated_by, updated_at) VALUES (?, ?, {', '.join('?' * len(values))}, "
                "'approved', ?, ?, ?, ?)",
                (guild, e.id, *values.values(), actor_id, stamp, actor_id, stamp))
            report.added += 1
        if guild_id is not None and not dry_run:
            await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="import", entity="questions",
                               entity_id=None, after={"list": list_name, "added": report.added,
                                                      "updated": report.updated})
    return report


async def _write(conn: aiosqlite.Connection, sql: str, params: Sequence[object]) -> None:
    await conn.execute(sql, params)


async def _plan_only(conn: aiosqlite.Connection, sql: str, params: Sequence[object]) -> None:
    """A dry run counts what it would write and writes nothing: a round planned meanwhile on the shared
    connection must never see (and play) questions that are about to be rolled back."""


def _values(e: QuestionEntry, film_id: int | None, list_name: str | None) -> dict[str, object]:
    """The columns an import writes for ``e``."""
    return {"film_id": film_id, "prompt": e.prompt, "answers": dump_list(e.answers),
            "wrong_choices": dump_list(e.wrong), "difficulty": e.difficulty, "source": e.source,
            "list_name": list_name}


async def for_export(db: Database, guild_id: int | None, *, include_global: bool = False,
                     film_id: int | None = None, list_name: str | None = None) -> list[QuestionEntry]:
    """Approved, live questions of a scope (optionally with the global ones), as pack entries."""
    scopes = (scope(guild_id), 0) if include_global else (scope(guild_id), scope(guild_id))
    rows = await db.fetchall(
        "SELECT q.*, f.pack_key AS film_key FROM questions q LEFT JOIN films f ON f.id = q.film_id "
        "WHERE q.guild_id IN (?, ?) AND q.status = 'approved' AND q.deleted_at IS NULL "
        "AND (? IS NULL OR q.film_id = ?) AND (? IS NULL OR q.list_name = ?) ORDER BY q.guild_id, q.id",
        (*scopes, film_id, film_id, list_name, list_name),
    )
    return [QuestionEntry(r["pack_key"] or f"question-{r['id']}", r["prompt"], load_list(r["answers"]),
                          load_list(r["wrong_choices"]), r["film_key"], r["difficulty"], r["source"], r["list_name"])
            for r in rows]
