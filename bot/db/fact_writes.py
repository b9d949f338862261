"""Moderator changes to facts: every write lands with its audit entry in one transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import aiosqlite

from bot.db import audit, fact_search
from bot.db.connection import Database
from bot.db.facts import Fact, row_to_fact
from bot.db.util import dump_list, now, scope
from bot.errors import Conflict, NotFound
from bot.facts.search import MAX_TERMS, any_spelling, terms
from bot.text import fold, is_number

FactPool = Literal["manage", "deleted", "hideable", "hidden", "history"]


@dataclass(frozen=True)
class FactFields:
    """What a moderator can set on a fact."""

    text: str
    film_id: int | None = None
    source: str = ""
    tags: tuple[str, ...] = ()
    verified: bool = True

    @classmethod
    def of(cls, fact: Fact) -> FactFields:
        return cls(fact.text, fact.film_id, fact.source, fact.tags, fact.verified)

    def snapshot(self) -> dict[str, Any]:
        return {"text": self.text, "film_id": self.film_id, "source": self.source, "tags": list(self.tags),
                "verified": self.verified}

    def version(self) -> str:
        """A short fingerprint of these fields: an edit form and an export carry it, so that saving or
        importing can tell that the fact changed since (12 hex digits)."""
        snapshot = json.dumps(self.snapshot(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(snapshot.encode()).hexdigest()[:12]


def snapshot(fact: Fact) -> dict[str, Any]:
    return {**FactFields.of(fact).snapshot(), "deleted": fact.deleted}


async def _load(conn: aiosqlite.Connection, fact_id: int) -> Fact:
    async with conn.execute("SELECT * FROM facts WHERE id = ?", (fact_id,)) as cur:
        row = await cur.fetchone()
    if row is None:
        raise NotFound(f"There is no fact #{fact_id}.")
    return row_to_fact(row)


async def insert_fact(conn: aiosqlite.Connection, *, guild_id: int | None, actor_id: int | None,
                      fields: FactFields, pack_key: str | None = None, action: str = "add",
                      origin: Mapping[str, Any] | None = None) -> int:
    """Insert an approved fact and its audit entry (``origin``: where it came from, kept in the entry);
    call inside a transaction."""
    [fact_id] = await insert_facts(conn, guild_id=guild_id, actor_id=actor_id, facts=[(fields, pack_key)],
                                   action=action, origin=origin)
    return fact_id


async def insert_facts(conn: aiosqlite.Connection, *, guild_id: int | None, actor_id: int | None,
                       facts: Sequence[tuple[FactFields, str | None]], action: str = "add",
                       origin: Mapping[str, Any] | None = None) -> list[int]:
    """Insert approved facts (fields, pack key) and their audit entries; call inside a transaction.

    Two statements however many facts: an import of 10,000 holds the writer for a second, not five
    (two thread hops a fact), and every other server's writes wait that much less. The ids are the
    ones SQLite would give one by one (the writer is ours for the transaction).
    """
    stamp = now()
    async with conn.execute("SELECT coalesce(max(id), 0) + 1 FROM facts") as cur:
        first = int((await cur.fetchone())[0])
    ids = list(range(first, first + len(facts)))
    await conn.executemany(
        "INSERT INTO facts (id, guild_id, pack_key, film_id, text, source, tags, verified, status, created_by, "
        "created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?, ?, ?, ?)",
        [(fact_id, scope(guild_id), key, fields.film_id, fields.text, fields.source, dump_list(fields.tags),
          int(fields.verified), actor_id, stamp, actor_id, stamp) for fact_id, (fields, key) in zip(ids, facts,
                                                                                                strict=True)],
    )
    await audit.record_each(conn, guild_id=guild_id, actor_id=actor_id, action=action, entity="fact",
                            changes=[(fact_id, None, {**fields.snapshot(), "deleted": False, **(origin or {})})
                                     for fact_id, (fields, _) in zip(ids, facts, strict=True)])
    return ids


async def update_fact(conn: aiosqlite.Connection, before: Fact, fields: FactFields, *, actor_id: int | None,
                      action: str = "edit", restore: bool = False) -> None:
    """Overwrite a fact's fields (and undelete it with ``restore``), audited; call inside a transaction."""
    await conn.execute(
        "UPDATE facts SET film_id = ?, text = ?, source = ?, tags = ?, verified = ?, updated_by = ?, updated_at = ?"
        + (", deleted_by = NULL, deleted_at = NULL" if restore else "") + " WHERE id = ?",
        (fields.film_id, fields.text, fields.source, dump_list(fields.tags), int(fields.verified), actor_id, now(),
         before.id),
    )
    await audit.record(conn, guild_id=before.guild_id, actor_id=actor_id, action=action, entity="fact",
                       entity_id=before.id, before=snapshot(before),
                       after={**fields.snapshot(), "deleted": before.deleted and not restore})


async def add_fact(db: Database, *, guild_id: int | None, actor_id: int | None, fields: FactFields) -> Fact:
    async with db.transaction() as conn:
        fact_id = await insert_fact(conn, guild_id=guild_id, actor_id=actor_id, fields=fields)
        return await _load(conn, fact_id)


async def edit_fact(db: Database, fact_id: int, *, actor_id: int | None, fields: FactFields,
                    expected: FactFields | None = None) -> Fact:
    """Change a live fact. With ``expected`` (what the editor saw), refuse if someone changed it meanwhile."""
    async with db.transaction() as conn:
        before = await _load(conn, fact_id)
        if before.deleted:
            raise Conflict(f"Fact #{fact_id} was removed; restore it first with /facts restore.")
        if expected is not None and FactFields.of(before) != expected:
            raise Conflict(f"Fact #{fact_id} was changed by someone else while you were editing it. "
                           "Run /facts edit again to see the current text.")
        if FactFields.of(before) == fields:
            return before
        await update_fact(conn, before, fields, actor_id=actor_id)
        return await _load(conn, fact_id)


async def remove_fact(db: Database, fact_id: int, *, actor_id: int | None) -> Fact:
    """Soft-delete: the fact disappears everywhere but stays restorable."""
    async with db.transaction() as conn:
        before = await _load(conn, fact_id)
        if before.deleted:
            raise Conflict(f"Fact #{fact_id} is already removed.")
        await conn.execute("UPDATE facts SET deleted_by = ?, deleted_at = ? WHERE id = ?", (actor_id, now(), fact_id))
        await audit.record(conn, guild_id=before.guild_id, actor_id=actor_id, action="remove", entity="fact",
                           entity_id=fact_id, before=snapshot(before), after={"deleted": True})
        return await _load(conn, fact_id)


async def restore_fact(db: Database, fact_id: int, *, actor_id: int | None) -> Fact:
    async with db.transaction() as conn:
        before = await _load(conn, fact_id)
        if not before.deleted:
            raise Conflict(f"Fact #{fact_id} is not removed.")
        await conn.execute(
            "UPDATE facts SET deleted_by = NULL, deleted_at = NULL, updated_by = ?, updated_at = ? WHERE id = ?",
            (actor_id, now(), fact_id),
        )
        await audit.record(conn, guild_id=before.guild_id, actor_id=actor_id, action="restore", entity="fact",
                           entity_id=fact_id, before={"deleted": True}, after=snapshot(before) | {"deleted": False})
        return await _load(conn, fact_id)


async def set_hidden(db: Database, fact_id: int, *, guild_id: int, actor_id: int | None, hidden: bool) -> Fact:
    """Hide (or show again) a global fact in one server only."""
    async with db.transaction() as conn:
        fact = await _load(conn, fact_id)
        if hidden:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO fact_hidden (guild_id, fact_id, hidden_by, hidden_at) VALUES (?, ?, ?, ?)",
                (guild_id, fact_id, actor_id, now()),
            )
        else:
            cur = await conn.execute("DELETE FROM fact_hidden WHERE guild_id = ? AND fact_id = ?", (guild_id, fact_id))
        if cur.rowcount == 0:
            raise Conflict(f"Fact #{fact_id} is {'already hidden' if hidden else 'not hidden'} in this server.")
        await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="hide" if hidden else "unhide",
                           entity="fact", entity_id=fact_id, before={"hidden": not hidden}, after={"hidden": hidden})
        return fact


async def is_hidden(db: Database, fact_id: int, guild_id: int) -> bool:
    row = await db.fetchone("SELECT 1 FROM fact_hidden WHERE guild_id = ? AND fact_id = ?", (guild_id, fact_id))
    return row is not None


async def history(db: Database, fact_id: int, *, guild_id: int | None, limit: int = 25) -> list[audit.AuditEntry]:
    """A fact's audit entries a moderator of ``guild_id`` may read (global ones and their own server's), newest
    first."""
    return await audit.history(db, "fact", fact_id, limit=limit, guild_ids=(None, guild_id))


# A live fact that members of server ?1 see.
_VISIBLE = """f.deleted_at IS NULL AND f.status = 'approved'
           AND (f.guild_id = ?1 OR (f.guild_id = 0 AND NOT EXISTS (
                SELECT 1 FROM fact_hidden h WHERE h.guild_id = ?1 AND h.fact_id = f.id)))"""


async def visible_texts(db: Database, guild_id: int | None, *, exclude_id: int | None = None) -> list[tuple[int, str]]:
    """(id, text) of every live fact a member of ``guild_id`` sees: for duplicate detection."""
    rows = await db.fetchall(f"SELECT f.id, f.text FROM facts f WHERE {_VISIBLE} AND f.id IS NOT ?2",
                             (scope(guild_id), exclude_id))
    return [(r["id"], r["text"]) for r in rows]


async def same_text(db: Database, guild_id: int | None, text: str) -> int | None:
    """The id of a fact members of ``guild_id`` see whose text is ``text`` up to case, accents and
    punctuation (``fold``), if any. The index finds the facts with all its words; only those are compared."""
    words = terms(text)[:MAX_TERMS]
    if not words:
        return None
    forms = await fact_search.spellings(db, words, [False] * len(words))
    rows = await db.fetchall(
        f"SELECT f.id, f.text FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid "
        f"WHERE facts_fts MATCH ?2 AND {_VISIBLE} ORDER BY f.id",
        (scope(guild_id), "text : (" + " AND ".join(any_spelling(word) for word in forms) + ")"))
    wanted = fold(text)
    return next((r["id"] for r in rows if fold(r["text"]) == wanted), None)


_POOLS: dict[str, str] = {
    "manage": "f.deleted_at IS NULL AND (f.guild_id = ?1 OR (?2 AND f.guild_id = 0))",
    "history": "(f.guild_id = ?1 OR f.guild_id = 0)",
    "deleted": "f.deleted_at IS NOT NULL AND (f.guild_id = ?1 OR (?2 AND f.guild_id = 0))",
    "hideable": "f.deleted_at IS NULL AND f.guild_id = 0 AND NOT EXISTS "
                "(SELECT 1 FROM fact_hidden h WHERE h.guild_id = ?1 AND h.fact_id = f.id)",
    "hidden": "f.guild_id = 0 AND EXISTS (SELECT 1 FROM fact_hidden h WHERE h.guild_id = ?1 AND h.fact_id = f.id)",
}


async def choices(db: Database, guild_id: int, query: str, *, pool: FactPool, include_global: bool = False,
                  limit: int = 25) -> list[Fact]:
    """Facts for id autocomplete: by number when ``query`` is digits, else by words as the index reads them.

    The words come from /fact search's own sanitiser, not ``fold`` (the index has no word for '&'),
    and are looked for as the index spells them, with or without 'ø', 'ß' or 'œ' (as /fact search does).
    """
    where = _POOLS[pool] + " AND f.status = 'approved'"
    query = query.strip().lstrip("#")
    params: list[Any] = [guild_id, int(include_global)]
    if is_number(query):
        sql = f"SELECT f.* FROM facts f WHERE {where} AND CAST(f.id AS TEXT) LIKE ?3 || '%' ORDER BY f.id LIMIT ?4"
        params += [query, limit]
    elif words := terms(query)[:MAX_TERMS]:
        forms = await fact_search.spellings(db, words, [True] * len(words))
        match = " AND ".join(any_spelling(word, prefix=True) for word in forms)
        sql = (f"SELECT f.* FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid WHERE facts_fts MATCH ?3 "
               f"AND {where} ORDER BY facts_fts.rank LIMIT ?4")
        params += [match, limit]
    else:
        sql = f"SELECT f.* FROM facts f WHERE {where} ORDER BY f.guild_id DESC, f.id DESC LIMIT ?3"
        params += [limit]
    return [row_to_fact(r) for r in await db.fetchall(sql, params)]
