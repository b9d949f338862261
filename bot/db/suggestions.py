"""Facts suggested by members, waiting for a moderator's review."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.db import audit
from bot.db.connection import Database
from bot.db.fact_writes import FactFields, insert_fact, same_text
from bot.db.util import dump_list, load_list, now
from bot.errors import Conflict, NotFound
from bot.text import fold


@dataclass(frozen=True)
class Suggestion:
    id: int
    guild_id: int
    user_id: int
    text: str
    film_id: int | None
    source: str
    tags: tuple[str, ...]
    status: str                   # pending | approved | rejected
    created_at: int
    reviewed_by: int | None
    reviewed_at: int | None
    review_note: str | None
    fact_id: int | None
    notified_at: int | None
    notify_error: str | None

    @property
    def fields(self) -> FactFields:
        return FactFields(self.text, self.film_id, self.source, self.tags)


@dataclass(frozen=True)
class Submitted:
    """The result of ``create``: the new suggestion, or when the member may suggest again, or the same
    suggestion of theirs still waiting."""

    suggestion: Suggestion | None
    retry_at: int | None = None
    waiting: Suggestion | None = None      # the member's own pending suggestion with the same text


def _suggestion(row: aiosqlite.Row) -> Suggestion:
    return Suggestion(
        id=row["id"], guild_id=row["guild_id"], user_id=row["user_id"], text=row["text"], film_id=row["film_id"],
        source=row["source"], tags=load_list(row["tags"]), status=row["status"], created_at=row["created_at"],
        reviewed_by=row["reviewed_by"], reviewed_at=row["reviewed_at"], review_note=row["review_note"],
        fact_id=row["fact_id"], notified_at=row["notified_at"], notify_error=row["notify_error"],
    )


async def _load(conn: aiosqlite.Connection, suggestion_id: int) -> Suggestion:
    async with conn.execute("SELECT * FROM suggestions WHERE id = ?", (suggestion_id,)) as cur:
        row = await cur.fetchone()
    if row is None:
        raise NotFound(f"There is no suggestion #{suggestion_id}.")
    return _suggestion(row)


def _snapshot(s: Suggestion) -> dict[str, object]:
    return {"status": s.status, "user_id": s.user_id, **s.fields.snapshot()}


async def _retry_at(conn: aiosqlite.Connection, guild_id: int, user_id: int, limit: int,
                    window_seconds: int) -> int | None:
    """When the member may suggest again, or None if they may now."""
    async with conn.execute(
        "SELECT created_at FROM suggestions WHERE guild_id = ? AND user_id = ? AND created_at > ? "
        "ORDER BY created_at", (guild_id, user_id, now() - window_seconds),
    ) as cur:
        recent = [r[0] for r in await cur.fetchall()]
    return recent[len(recent) - limit] + window_seconds if len(recent) >= limit else None


async def next_allowed(db: Database, *, guild_id: int, user_id: int, limit: int, window_seconds: int) -> int | None:
    return await _retry_at(db.reads, guild_id, user_id, limit, window_seconds)


async def create(db: Database, *, guild_id: int, user_id: int, fields: FactFields, limit: int,
                 window_seconds: int) -> Submitted:
    """Queue a suggestion unless the member already made ``limit`` in the last ``window_seconds``, or the
    same one (up to case, accents and punctuation) of theirs still waits.

    The count and the insert share one transaction, so two quick submissions cannot both slip
    under the limit; the count comes from the suggestions themselves, so a restart resets nothing.
    """
    async with db.transaction() as conn:
        async with conn.execute("SELECT * FROM suggestions WHERE guild_id = ? AND user_id = ? AND status = 'pending' "
                                "ORDER BY id", (guild_id, user_id)) as cur:
            wanted = fold(fields.text)
            same = [r async for r in cur if fold(r["text"]) == wanted]
        if same:
            return Submitted(None, waiting=_suggestion(same[0]))
        retry_at = await _retry_at(conn, guild_id, user_id, limit, window_seconds)
        if retry_at is not None:
            return Submitted(None, retry_at=retry_at)
        cur = await conn.execute(
            "INSERT INTO suggestions (guild_id, user_id, text, film_id, source, tags, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
            (guild_id, user_id, fields.text, fields.film_id, fields.source, dump_list(fields.tags), now()),
        )
        suggestion = await _load(conn, int(cur.lastrowid or 0))
        await audit.record(conn, guild_id=guild_id, actor_id=user_id, action="suggest", entity="suggestion",
                           entity_id=suggestion.id, after=_snapshot(suggestion))
        return Submitted(suggestion)


async def get(db: Database, suggestion_id: int) -> Suggestion | None:
    row = await db.fetchone("SELECT * FROM suggestions WHERE id = ?", (suggestion_id,))
    return None if row is None else _suggestion(row)


# Queue order, and "after" suggestion ?2 in it (any suggestion, reviewed since or not; 0: from the start).
_PENDING = "guild_id = ?1 AND status = 'pending'"
_AFTER = "(?2 = 0 OR (created_at, id) > (SELECT created_at, id FROM suggestions WHERE id = ?2))"


async def pending(db: Database, guild_id: int, *, limit: int = 5, after: int = 0) -> list[Suggestion]:
    """The oldest pending suggestions first (the queue is first come, first served), from after ``after``."""
    rows = await db.fetchall(
        f"SELECT * FROM suggestions WHERE {_PENDING} AND {_AFTER} ORDER BY created_at, id LIMIT ?3",
        (guild_id, after, limit),
    )
    return [_suggestion(r) for r in rows]


async def count_pending(db: Database, guild_id: int, *, before: int | None = None) -> int:
    """Pending suggestions in all, or (``before``) those ahead of suggestion ``before`` in the queue."""
    if before is None:
        return int(await db.scalar(f"SELECT count(*) FROM suggestions WHERE {_PENDING}", (guild_id,)) or 0)
    return int(await db.scalar(
        f"SELECT count(*) FROM suggestions WHERE {_PENDING} AND "
        "(created_at, id) < (SELECT created_at, id FROM suggestions WHERE id = ?2)", (guild_id, before)) or 0)


def already_reviewed(s: Suggestion) -> Conflict:
    who = f" by <@{s.reviewed_by}>" if s.reviewed_by else ""
    when = f" <t:{s.reviewed_at}:R>" if s.reviewed_at else ""
    outcome = f"approved as fact #{s.fact_id}" if s.status == "approved" and s.fact_id else s.status
    return Conflict(f"Suggestion #{s.id} was already reviewed: {outcome}{who}{when}.")


async def approve(db: Database, suggestion_id: int, *, actor_id: int,
                  fields: FactFields | None = None) -> tuple[Suggestion, int]:
    """Turn a pending suggestion (as suggested, or as edited by the moderator) into a server fact."""
    async with db.transaction() as conn:
        before = await _load(conn, suggestion_id)
        if before.status != "pending":
            raise already_reviewed(before)
        final = fields or before.fields
        twin = await same_text(db, before.guild_id, final.text)   # read in this transaction: two clicks can't both pass
        if twin is not None:
            raise Conflict(f"Suggestion #{suggestion_id} is already fact #{twin}: it was added after this was "
                           "suggested. Reject the suggestion, or edit it into a different fact.")
        origin = {"suggestion": suggestion_id, "suggested_by": before.user_id,
                  **({"suggested_text": before.text} if final.text != before.text else {})}
        fact_id = await insert_fact(conn, guild_id=before.guild_id, actor_id=actor_id, fields=final,
                                    action="approve-suggestion", origin=origin)
        await conn.execute(
            "UPDATE suggestions SET status = 'approved', reviewed_by = ?, reviewed_at = ?, fact_id = ?, text = ?, "
            "film_id = ?, source = ?, tags = ? WHERE id = ? AND status = 'pending'",
            (actor_id, now(), fact_id, final.text, final.film_id, final.source, dump_list(final.tags), suggestion_id),
        )
        after = await _load(conn, suggestion_id)
        await audit.record(conn, guild_id=before.guild_id, actor_id=actor_id, action="approve", entity="suggestion",
                           entity_id=suggestion_id, before=_snapshot(before),
                           after={**_snapshot(after), "fact_id": fact_id})
        return after, fact_id


async def reject(db: Database, suggestion_id: int, *, actor_id: int, note: str | None = None) -> Suggestion:
    async with db.transaction() as conn:
        before = await _load(conn, suggestion_id)
        if before.status != "pending":
            raise already_reviewed(before)
        await conn.execute(
            "UPDATE suggestions SET status = 'rejected', reviewed_by = ?, reviewed_at = ?, review_note = ? "
            "WHERE id = ? AND status = 'pending'",
            (actor_id, now(), note or None, suggestion_id),
        )
        after = await _load(conn, suggestion_id)
        await audit.record(conn, guild_id=before.guild_id, actor_id=actor_id, action="reject", entity="suggestion",
                           entity_id=suggestion_id, before={"status": "pending"},
                           after={"status": "rejected", "note": note or None})
        return after


async def record_notification(db: Database, suggestion_id: int, *, error: str | None) -> None:
    """Remember whether the member was told the outcome (``error`` says why not)."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE suggestions SET notified_at = ?, notify_error = ? WHERE id = ?",
            (None if error else now(), error, suggestion_id),
        )
