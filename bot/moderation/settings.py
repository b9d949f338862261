"""/config: the moderator role and the moderation log channel of one server."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import audit, guilds, modlog
from bot.db import suggestions as suggestions_db
from bot.db.connection import Database
from bot.db.guilds import GuildSettings
from bot.db.modlog import LogStatus
from bot.errors import InvalidInput
from bot.moderation.context import ModContext
from bot.moderation.policy import Action

SETTINGS_HISTORY = 200     # settings changes read to find the last of each (trivia settings share the log)


@dataclass(frozen=True)
class Changed:
    """Who last set a setting, and when."""

    by: int | None
    at: int


@dataclass(frozen=True)
class SettingsView:
    settings: GuildSettings
    log_status: LogStatus
    pending_suggestions: int
    role_changed: Changed | None = None      # the moderator role
    log_changed: Changed | None = None       # the log channel


async def show(db: Database, ctx: ModContext) -> SettingsView:
    ctx.require(Action.VIEW_SETTINGS, ctx.guild_id)
    assert ctx.guild_id is not None
    changes = await audit.history(db, "settings", ctx.guild_id, limit=SETTINGS_HISTORY)

    def last(setting: str) -> Changed | None:
        return next((Changed(e.actor_id, e.created_at) for e in changes if setting in (e.after or {})), None)

    return SettingsView(await guilds.get(db, ctx.guild_id), await modlog.get_status(db, ctx.guild_id),
                        await suggestions_db.count_pending(db, ctx.guild_id), last("mod_role_id"),
                        last("log_channel_id"))


async def set_mod_role(db: Database, ctx: ModContext, role_id: int | None, *,
                       managed: bool = False) -> GuildSettings:
    """Set (or, with None, clear) the role whose members moderate this server besides Manage Server.

    Refused: @everyone (every member would moderate) and a ``managed`` role (a bot's or an
    integration's own role: nobody can be given it, so it would moderate nothing — or a bot would).
    """
    ctx.require(Action.CONFIGURE, ctx.guild_id)
    assert ctx.guild_id is not None
    if role_id == ctx.guild_id:  # @everyone's id is the server's
        raise InvalidInput("That is @everyone: every member would become a moderator. Pick a role.")
    if role_id is not None and managed:
        raise InvalidInput(f"<@&{role_id}> belongs to a bot or an integration: Discord gives it to that bot only, "
                           "never to members. Pick a role you can give to your moderators.")
    return await guilds.update(db, ctx.guild_id, ctx.actor.user_id, mod_role_id=role_id)


async def set_log_channel(db: Database, ctx: ModContext, channel_id: int | None) -> GuildSettings:
    """Set (or clear) the channel that gets one line per moderation change; forgets old posting errors."""
    ctx.require(Action.CONFIGURE, ctx.guild_id)
    assert ctx.guild_id is not None
    updated = await guilds.update(db, ctx.guild_id, ctx.actor.user_id, log_channel_id=channel_id)
    await modlog.set_status(db, ctx.guild_id, None)
    return updated


async def log_channel(db: Database, guild_id: int) -> int | None:
    return (await guilds.get(db, guild_id)).log_channel_id


async def record_log_result(db: Database, guild_id: int, error: str | None) -> None:
    """Remember whether the last post in the log channel worked (shown by /config show)."""
    current = await modlog.get_status(db, guild_id)
    if current.error != error:
        await modlog.set_status(db, guild_id, error)
