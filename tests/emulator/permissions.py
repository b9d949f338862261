"""Permission arithmetic done the way Discord does it.

Base permissions are @everyone's plus every role of the member; the owner and
ADMINISTRATOR short-circuit to everything. Channel overwrites then apply in the order
@everyone, roles (all denies, then all allows), member. A member who cannot view a
channel has no permission in it, and one who cannot send loses the permissions that
only make sense when sending. Threads use their parent's overwrites.
"""

from __future__ import annotations

from enum import IntFlag
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .state import Channel, Guild, Member


class Perm(IntFlag):
    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    MANAGE_NICKNAMES = 1 << 27
    MANAGE_ROLES = 1 << 28
    MANAGE_WEBHOOKS = 1 << 29
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_EVENTS = 1 << 33
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    MODERATE_MEMBERS = 1 << 40


ALL_PERMISSIONS = (1 << 51) - 1

# What @everyone gets in a new guild (close to Discord's default).
DEFAULT_EVERYONE = (
    Perm.CREATE_INSTANT_INVITE
    | Perm.ADD_REACTIONS
    | Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.CONNECT
    | Perm.SPEAK
    | Perm.CHANGE_NICKNAME
    | Perm.USE_APPLICATION_COMMANDS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.CREATE_PRIVATE_THREADS
    | Perm.SEND_MESSAGES_IN_THREADS
)

# What the bot's managed role gets when a test does not say otherwise.
DEFAULT_BOT = (
    Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.SEND_MESSAGES_IN_THREADS
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.ADD_REACTIONS
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.MANAGE_THREADS
    | Perm.USE_APPLICATION_COMMANDS
)

# Lost in a text channel together with SEND_MESSAGES (Discord's implicit denial).
_NEEDS_SEND = Perm.SEND_TTS_MESSAGES | Perm.MENTION_EVERYONE | Perm.EMBED_LINKS | Perm.ATTACH_FILES


def as_bits(value: object) -> int:
    """Accept an int, a :class:`Perm`, or anything with an int ``.value`` (discord.Permissions)."""
    if isinstance(value, int):
        return int(value)
    bits = getattr(value, "value", None)
    if isinstance(bits, int):
        return bits
    raise TypeError(f"not a permission value: {value!r}")


def base_permissions(guild: Guild, member: Member) -> int:
    """Guild-wide permissions of ``member``: @everyone plus roles, with owner/admin short-circuits."""
    if member.id == guild.owner_id:
        return ALL_PERMISSIONS
    perms = guild.roles[guild.id].permissions
    for role_id in member.roles:
        role = guild.roles.get(role_id)
        if role is not None:
            perms |= role.permissions
    if perms & Perm.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return perms


def channel_permissions(guild: Guild, member: Member, channel: Channel) -> int:
    """Permissions of ``member`` in ``channel`` after overwrites, like Discord computes them."""
    perms = base_permissions(guild, member)
    if perms == ALL_PERMISSIONS:
        return perms
    source = guild.channels.get(channel.parent_id, channel) if channel.is_thread else channel
    overwrites = source.overwrites

    everyone = overwrites.get(guild.id)
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow

    allow = deny = 0
    for role_id in member.roles:
        overwrite = overwrites.get(role_id)
        if overwrite is not None and overwrite.type == 0:
            allow |= overwrite.allow
            deny |= overwrite.deny
    perms = (perms & ~deny) | allow

    personal = overwrites.get(member.id)
    if personal is not None and personal.type == 1:
        perms = (perms & ~personal.deny) | personal.allow

    if not perms & Perm.VIEW_CHANNEL:
        return 0
    if channel.is_thread:
        if channel.private and member.id not in channel.thread_members and not perms & Perm.MANAGE_THREADS:
            return 0
    elif not perms & Perm.SEND_MESSAGES:
        perms &= ~_NEEDS_SEND
    return perms


def send_permission(channel: Channel) -> Perm:
    """The permission that allows posting in ``channel``."""
    return Perm.SEND_MESSAGES_IN_THREADS if channel.is_thread else Perm.SEND_MESSAGES
