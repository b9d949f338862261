"""Shared by moderation tests: two servers, the people in them, and a database snapshot."""

from __future__ import annotations

from bot.db import Database
from bot.moderation.context import ModContext
from bot.permissions import Actor

G, OTHER = 1001, 2002
MOD_ROLE = 555

TABLES = ("facts", "fact_hidden", "suggestions", "audit_log", "guild_settings")


async def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table moderation writes, to prove that a refused action changed nothing."""
    return {t: [tuple(r) for r in await db.fetchall(f"SELECT * FROM {t} ORDER BY rowid")] for t in TABLES}


def ctx(user_id: int, guild_id: int | None = G, *, manage: bool = False, owner: bool = False,
        roles: frozenset[int] = frozenset(), mod_role: int | None = MOD_ROLE) -> ModContext:
    return ModContext(Actor(user_id, guild_id, manage_guild=manage, role_ids=roles, is_owner=owner), mod_role)


MEMBER = ctx(11)
MOD = ctx(12, manage=True)
ROLE_MOD = ctx(13, roles=frozenset({MOD_ROLE}))
OWNER = ctx(14, owner=True)
OTHER_MOD = ctx(21, OTHER, manage=True)
