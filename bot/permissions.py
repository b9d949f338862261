"""Who may do what: decided here, in the core, whatever Discord's command permissions say.

Server admins can override a command's default permissions in Discord's settings, so every
moderator action is checked again here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import PermissionDenied

# Discord's names for the permissions Doinel asks for (discord.py's attribute names as keys).
PERMISSION_NAMES = {
    "manage_guild": "Manage Server", "manage_messages": "Manage Messages", "view_channel": "View Channel",
    "send_messages": "Send Messages", "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links", "attach_files": "Attach Files", "read_message_history": "Read Message History",
    "mention_everyone": "Mention @everyone, @here and All Roles",
}


def permission_names(perms: Sequence[str]) -> str:
    """'send_messages', 'embed_links' -> 'Send Messages, Embed Links', as Discord's settings name them."""
    return ", ".join(PERMISSION_NAMES.get(p, p.replace("_", " ").title()) for p in perms)


MOD_REQUIRED = "Only moderators can do that: members with Manage Server or the server's moderator role."


@dataclass(frozen=True)
class Actor:
    """The member acting, reduced to what permission decisions need."""

    user_id: int
    guild_id: int | None
    manage_guild: bool = False
    role_ids: frozenset[int] = frozenset()
    is_owner: bool = False


def is_moderator(actor: Actor, mod_role_id: int | None) -> bool:
    """Manage Server, the configured moderator role, or a bot owner — inside a server only."""
    if actor.guild_id is None:
        return False
    return actor.is_owner or actor.manage_guild or (mod_role_id is not None and mod_role_id in actor.role_ids)


def require_moderator(actor: Actor, mod_role_id: int | None) -> None:
    if not is_moderator(actor, mod_role_id):
        raise PermissionDenied(MOD_REQUIRED)


def can_manage_content(actor: Actor, content_guild_id: int | None, mod_role_id: int | None) -> bool:
    """Global content (``content_guild_id`` None): bot owners only. Server content: that server's moderators."""
    if content_guild_id is None:
        return actor.is_owner
    return actor.guild_id == content_guild_id and is_moderator(actor, mod_role_id)


def require_content_manager(actor: Actor, content_guild_id: int | None, mod_role_id: int | None) -> None:
    if can_manage_content(actor, content_guild_id, mod_role_id):
        return
    if content_guild_id is None:
        raise PermissionDenied("That is a global fact from a bundled pack: only the bot's owners can change it. "
                               "Moderators can hide it in this server instead.")
    if actor.guild_id != content_guild_id:
        raise PermissionDenied("That belongs to another server.")
    raise PermissionDenied(MOD_REQUIRED)
