"""The audit log: who changed what, when, before and after."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.db.connection import Database
from bot.db.util import now, scope, unscope


@dataclass(frozen=True)
class AuditEntry:
    id: int
    guild_id: int | None
    actor_id: int | None
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: int


_INSERT = ("INSERT INTO audit_log (guild_id, actor_id, action, entity, entity_id, before_json, after_json, "
           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


async def record(conn: aiosqlite.Connection, *, guild_id: int | None, actor_id: int | None, action: str,
                 entity: str, entity_id: int | None, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None) -> int:
    """Append one entry. Call it inside the transaction that makes the change, so both land or neither."""
    cur = await conn.execute(_INSERT, (scope(guild_id), actor_id, action, entity, entity_id, _json(before),
                                       _json(after), now()))
    return int(cur.lastrowid or 0)


async def record_each(conn: aiosqlite.Connection, *, guild_id: int | None, actor_id: int | None, action: str,
                      entity: str, changes: Iterable[tuple[int | None, dict[str, Any] | None, dict[str, Any] | None]]
                      ) -> None:
    """Append one entry per (entity id, before, after) of ``changes`` in one statement (a bulk change)."""
    stamp = now()
    await conn.executemany(_INSERT, [(scope(guild_id), actor_id, action, entity, entity_id, _json(before),
                                      _json(after), stamp) for entity_id, before, after in changes])


def _entry(row: aiosqlite.Row) -> AuditEntry:
    return AuditEntry(
        row["id"], unscope(row["guild_id"]), row["actor_id"], row["action"], row["entity"], row["entity_id"],
        json.loads(row["before_json"]) if row["before_json"] else None,
        json.loads(row["after_json"]) if row["after_json"] else None, row["created_at"],
    )


async def history(db: Database, entity: str, entity_id: int, *, limit: int = 50,
                  guild_ids: tuple[int | None, ...] | None = None) -> list[AuditEntry]:
    """An entity's entries, newest first; only those recorded in ``guild_ids`` (None: global) when given."""
    where = "entity = ? AND entity_id = ?"
    params: list[object] = [entity, entity_id]
    if guild_ids is not None:
        where += f" AND guild_id IN ({', '.join('?' * len(guild_ids))})"
        params += [scope(g) for g in guild_ids]
    rows = await db.fetchall(f"SELECT * FROM audit_log WHERE {where} ORDER BY id DESC LIMIT ?", (*params, limit))
    return [_entry(r) for r in rows]


async def recent(db: Database, guild_id: int | None, *, limit: int = 50) -> list[AuditEntry]:
    rows = await db.fetchall(
        "SELECT * FROM audit_log WHERE guild_id = ? ORDER BY id DESC LIMIT ?", (scope(guild_id), limit)
    )
    return [_entry(r) for r in rows]
