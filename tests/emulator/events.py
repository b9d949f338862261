"""Changes to the world that the bot must hear about: store them, then dispatch the gateway event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import payloads
from .state import Channel, Guild, Member, Message, Role

if TYPE_CHECKING:
    from .server import EmulatorServer


def message_created(server: EmulatorServer, message: Message) -> None:
    server.world.add_message(message)
    if not message.ephemeral:
        server.gateway.dispatch("MESSAGE_CREATE", payloads.message_event(message, server.world))
    server.notify_message(message)


def message_updated(server: EmulatorServer, message: Message) -> None:
    if not message.ephemeral:
        server.gateway.dispatch("MESSAGE_UPDATE", payloads.message_event(message, server.world))
    server.notify_message(message)


def message_deleted(server: EmulatorServer, message: Message) -> None:
    server.world.remove_message(message)
    if not message.ephemeral:
        data = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id:  # a direct message has none
            data["guild_id"] = str(message.guild_id)
        server.gateway.dispatch("MESSAGE_DELETE", data)


def guild_joined(server: EmulatorServer, guild: Guild) -> None:
    """The bot was added to ``guild`` (GUILD_CREATE)."""
    server.gateway.guild_create(guild)


def guild_left(server: EmulatorServer, guild: Guild) -> None:
    """The guild was deleted or the bot removed (GUILD_DELETE without ``unavailable``)."""
    server.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id)})


def channel_created(server: EmulatorServer, channel: Channel) -> None:
    data = payloads.channel(channel)
    if channel.is_thread:
        server.gateway.dispatch("THREAD_CREATE", data | {"newly_created": True})
    else:
        server.gateway.dispatch("CHANNEL_CREATE", data)


def channel_updated(server: EmulatorServer, channel: Channel) -> None:
    event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
    server.gateway.dispatch(event, payloads.channel(channel))


def channel_deleted(server: EmulatorServer, channel: Channel) -> None:
    if channel.is_thread:
        data = {
            "id": str(channel.id),
            "guild_id": str(channel.guild_id),
            "parent_id": str(channel.parent_id),
            "type": int(channel.type),
        }
        server.gateway.dispatch("THREAD_DELETE", data)
    else:
        server.gateway.dispatch("CHANNEL_DELETE", payloads.channel(channel))


def member_added(server: EmulatorServer, member: Member) -> None:
    server.gateway.dispatch("GUILD_MEMBER_ADD", payloads.member(member) | {"guild_id": str(member.guild_id)})


def member_updated(server: EmulatorServer, member: Member) -> None:
    server.gateway.dispatch("GUILD_MEMBER_UPDATE", payloads.member(member) | {"guild_id": str(member.guild_id)})


def member_removed(server: EmulatorServer, member: Member) -> None:
    data = {"guild_id": str(member.guild_id), "user": payloads.user(member.user)}
    server.gateway.dispatch("GUILD_MEMBER_REMOVE", data)


def role_created(server: EmulatorServer, role: Role) -> None:
    server.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(role.guild_id), "role": payloads.role(role)})


def role_updated(server: EmulatorServer, role: Role) -> None:
    server.gateway.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(role.guild_id), "role": payloads.role(role)})


def role_deleted(server: EmulatorServer, role: Role) -> None:
    server.gateway.dispatch("GUILD_ROLE_DELETE", {"guild_id": str(role.guild_id), "role_id": str(role.id)})
