"""Discord JSON for the records in :mod:`.state`, shaped as discord.py 2.7 parses it."""

from __future__ import annotations

from typing import Any

from .permissions import channel_permissions
from .state import Attachment, Channel, Guild, Member, Message, Role, User, World

Json = dict[str, Any]


def user(u: User) -> Json:
    data: Json = {
        "id": str(u.id),
        "username": u.username,
        "discriminator": "0",
        "global_name": u.global_name,
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
    }
    if u.bot:
        data["bot"] = True
    return data


def role(r: Role) -> Json:
    data: Json = {
        "id": str(r.id),
        "name": r.name,
        "permissions": str(r.permissions),
        "position": r.position,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": r.hoist,
        "managed": r.managed,
        "mentionable": r.mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if r.bot_id is not None:
        data["tags"] = {"bot_id": str(r.bot_id)}
    return data


def member(m: Member, *, with_user: bool = True, permissions: int | None = None) -> Json:
    data: Json = {
        "roles": [str(r) for r in m.roles],
        "nick": m.nick,
        "avatar": None,
        "joined_at": m.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user(m.user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def channel(c: Channel, *, permissions: int | None = None) -> Json:
    data: Json = {
        "id": str(c.id),
        "guild_id": str(c.guild_id),
        "type": int(c.type),
        "name": c.name,
        "position": c.position,
        "parent_id": str(c.parent_id) if c.parent_id else None,
        "rate_limit_per_user": c.rate_limit_per_user,
        "last_message_id": str(c.last_message_id) if c.last_message_id else None,
        "flags": 0,
    }
    if c.is_thread:
        data.update(
            owner_id=str(c.owner_id),
            message_count=c.message_count,
            member_count=len(c.thread_members),
            total_message_sent=c.message_count,
            thread_metadata={
                "archived": c.archived,
                "auto_archive_duration": c.auto_archive_duration,
                "archive_timestamp": c.created_at,
                "locked": c.locked,
                "invitable": True,
                "create_timestamp": c.created_at,
            },
        )
    else:
        data.update(
            topic=c.topic,
            nsfw=c.nsfw,
            default_auto_archive_duration=1440,
            permission_overwrites=[
                {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)}
                for o in c.overwrites.values()
            ],
        )
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def dm_channel(c: Channel, recipient: User) -> Json:
    return {
        "id": str(c.id),
        "type": int(c.type),
        "last_message_id": str(c.last_message_id) if c.last_message_id else None,
        "flags": 0,
        "recipients": [user(recipient)],
    }


def guild(g: Guild) -> Json:
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(g.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "roles": [role(r) for r in g.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": g.locale,
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }


def guild_create(g: Guild, bot_id: int, *, all_members: bool) -> Json:
    """GUILD_CREATE: the guild with its channels, active threads and (some) members.

    Without the presences intent Discord only sends the bot's own member here and the
    client chunks the rest (op 8), so ``all_members`` mirrors that intent.
    """
    data = guild(g)
    members = g.members.values() if all_members else [m for m in g.members.values() if m.id == bot_id]
    data.update(
        joined_at=g.joined_at,
        large=len(g.members) >= 250,
        unavailable=False,
        member_count=len(g.members),
        voice_states=[],
        members=[member(m) for m in members],
        channels=[_without_guild_id(channel(c)) for c in g.channels.values() if not c.is_thread],
        threads=[channel(c) for c in g.channels.values() if c.is_thread and not c.archived],
        presences=[],
        stage_instances=[],
        guild_scheduled_events=[],
        soundboard_sounds=[],
    )
    return data


def _without_guild_id(data: Json) -> Json:
    data.pop("guild_id", None)
    return data


def attachment(a: Attachment) -> Json:
    return {
        "id": str(a.id),
        "filename": a.filename,
        "description": a.description,
        "content_type": a.content_type,
        "size": a.size,
        "url": a.url,
        "proxy_url": a.url,
    }


def message(m: Message, world: World) -> Json:
    data: Json = {
        "id": str(m.id),
        "channel_id": str(m.channel_id),
        "author": user(m.author),
        "content": m.content,
        "timestamp": m.timestamp,
        "edited_timestamp": m.edited_timestamp,
        "tts": m.tts,
        "mention_everyone": m.mention_everyone,
        "mentions": [user(world.users[u]) for u in m.mentions if u in world.users],
        "mention_roles": [str(r) for r in m.mention_roles],
        "attachments": [attachment(a) for a in m.attachments],
        "embeds": m.embeds,
        "components": m.components,
        "reactions": [],
        "pinned": False,
        "type": m.type,
        "flags": m.flags,
    }
    if m.guild_id:  # a direct message has none
        data["guild_id"] = str(m.guild_id)
    if m.webhook_id is not None:
        data["webhook_id"] = str(m.webhook_id)
    if m.application_id is not None:
        data["application_id"] = str(m.application_id)
    if m.interaction_metadata is not None:
        data["interaction_metadata"] = m.interaction_metadata
    if m.message_reference is not None:
        data["message_reference"] = m.message_reference
        referenced = world.messages.get(int(m.message_reference.get("message_id", 0)))
        data["referenced_message"] = message(referenced, world) if referenced else None
    if m.thread_id is not None and m.thread_id in world.channels:
        data["thread"] = channel(world.channels[m.thread_id])
    return data


def message_event(m: Message, world: World) -> Json:
    """MESSAGE_CREATE/UPDATE data: the message plus the author's partial member."""
    data = message(m, world)
    guild_ = world.guilds.get(m.guild_id)
    author = guild_.members.get(m.author.id) if guild_ else None
    if author is not None:
        data["member"] = member(author, with_user=False)
    return data


def resolved_channel(world: World, c: Channel, who: Member) -> Json:
    """A channel as it appears in ``resolved`` data: with the invoker's permissions."""
    perms = channel_permissions(world.guild_of(c), who, c)
    return channel(c, permissions=perms)
