"""Every moderation permission decision, in one place, built on ``bot.permissions``.

``decide`` answers "may this actor do this to content of that scope?" with None (yes) or the
reason (no). Scopes: ``GLOBAL`` (owner-managed pack content) or a server id. The cogs still set
Discord's default permissions, but server admins can override those; this is what holds.
"""

from __future__ import annotations

from enum import Enum

from bot.errors import PermissionDenied
from bot.permissions import MOD_REQUIRED, Actor, can_manage_content, is_moderator

GLOBAL: None = None

NOT_IN_SERVER = "This only works in a server."
OTHER_SERVER = "That belongs to another server."
SETTINGS_REQUIRED = "Only members with Manage Server can change the bot's settings here."


class Action(Enum):
    SUGGEST = "suggest"
    ADD = "add"
    EDIT = "edit"
    REMOVE = "remove"
    RESTORE = "restore"
    IMPORT = "import"
    HIDE = "hide"
    UNHIDE = "unhide"
    HISTORY = "history"
    REVIEW = "review"          # the suggestion queue
    EXPORT = "export"
    VIEW_SETTINGS = "view-settings"
    CONFIGURE = "configure"


# Changes to content itself: the content's owners only (a server's moderators, or bot owners for global).
_CONTENT_WRITES = frozenset({Action.ADD, Action.EDIT, Action.REMOVE, Action.RESTORE, Action.IMPORT})
# Per-server views of content and moderation tools: that server's moderators.
_SERVER_MOD = frozenset({Action.REVIEW, Action.EXPORT, Action.VIEW_SETTINGS})


def decide(actor: Actor, action: Action, scope: int | None, mod_role_id: int | None) -> str | None:
    """None when ``actor`` may do ``action`` to content of ``scope``; otherwise the reason, for the member."""
    if actor.guild_id is None:
        return NOT_IN_SERVER
    if action is Action.SUGGEST:
        return None if scope == actor.guild_id else OTHER_SERVER
    if action in _CONTENT_WRITES:
        if can_manage_content(actor, scope, mod_role_id):
            return None
        if scope is GLOBAL:
            return ("Global facts come from the bot's bundled packs: only the bot's owners can change them. "
                    "Moderators can hide one in this server with /facts hide.")
        return OTHER_SERVER if scope != actor.guild_id else MOD_REQUIRED
    if action in (Action.HIDE, Action.UNHIDE):
        if scope is not GLOBAL:
            return ("Only global facts can be hidden. A fact of this server can be removed with /facts remove."
                    if scope == actor.guild_id else OTHER_SERVER)
        return None if is_moderator(actor, mod_role_id) else MOD_REQUIRED
    if action is Action.HISTORY:
        if scope is not GLOBAL and scope != actor.guild_id:
            return OTHER_SERVER
        return None if is_moderator(actor, mod_role_id) else MOD_REQUIRED
    if action in _SERVER_MOD:
        if scope != actor.guild_id:
            return OTHER_SERVER
        return None if is_moderator(actor, mod_role_id) else MOD_REQUIRED
    if action is Action.CONFIGURE:
        if scope != actor.guild_id:
            return OTHER_SERVER
        # Not the moderator role itself: a role moderator must not be able to hand the role elsewhere.
        return None if actor.manage_guild or actor.is_owner else SETTINGS_REQUIRED
    raise ValueError(f"unknown action {action!r}")


def allowed(actor: Actor, action: Action, scope: int | None, mod_role_id: int | None) -> bool:
    return decide(actor, action, scope, mod_role_id) is None


def require(actor: Actor, action: Action, scope: int | None, mod_role_id: int | None) -> None:
    reason = decide(actor, action, scope, mod_role_id)
    if reason is not None:
        raise PermissionDenied(reason)
