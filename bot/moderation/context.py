"""Who is acting and under which server settings: the input to every moderation decision."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import guilds
from bot.db.connection import Database
from bot.moderation import policy
from bot.permissions import Actor


@dataclass(frozen=True)
class ModContext:
    actor: Actor
    mod_role_id: int | None

    @property
    def guild_id(self) -> int | None:
        return self.actor.guild_id

    def require(self, action: policy.Action, scope: int | None) -> None:
        policy.require(self.actor, action, scope, self.mod_role_id)

    def allowed(self, action: policy.Action, scope: int | None) -> bool:
        return policy.allowed(self.actor, action, scope, self.mod_role_id)


async def load_context(db: Database, actor: Actor) -> ModContext:
    """The actor with their server's current moderator role (read fresh: it may just have changed)."""
    if actor.guild_id is None:
        return ModContext(actor, None)
    return ModContext(actor, (await guilds.get(db, actor.guild_id)).mod_role_id)
