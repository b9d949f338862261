"""The emulated Discord world: plain dataclasses in dicts keyed by snowflake.

Nothing here talks to the network; :mod:`.events` changes the world and tells the
gateway, :mod:`.payloads` turns these records into Discord JSON.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000


class Snowflakes:
    """Monotonic Discord-style ids: milliseconds since the Discord epoch, shifted by 22 bits."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        stamp = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(stamp, self._last + 1)
        return self._last


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class ChannelType(IntEnum):
    TEXT = 0
    DM = 1
    CATEGORY = 4
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12


class InteractionType(IntEnum):
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class MessageFlag:
    SUPPRESS_EMBEDS = 1 << 2
    EPHEMERAL = 1 << 6
    LOADING = 1 << 7
    SUPPRESS_NOTIFICATIONS = 1 << 12
    IS_COMPONENTS_V2 = 1 << 15
    # Flags a bot may set when sending or editing (EPHEMERAL only through interactions).
    SETTABLE = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2


@dataclass(slots=True, eq=False)
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None


@dataclass(slots=True, eq=False)
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    bot_id: int | None = None  # set on a bot's managed role

    @property
    def managed(self) -> bool:
        return self.bot_id is not None


@dataclass(slots=True, eq=False)
class Member:
    user: User
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.nick or self.user.global_name or self.user.username

    @property
    def mention(self) -> str:
        return f"<@{self.user.id}>"


@dataclass(slots=True)
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0


@dataclass(slots=True)
class Attachment:
    id: int
    filename: str
    data: bytes
    content_type: str
    url: str
    description: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(slots=True, eq=False)
class Message:
    id: int
    channel_id: int
    guild_id: int
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    timestamp: str = field(default_factory=now_iso)
    edited_timestamp: str | None = None
    tts: bool = False
    mentions: list[int] = field(default_factory=list)
    mention_roles: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    allowed_mentions: dict[str, Any] | None = None
    message_reference: dict[str, Any] | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    thread_id: int | None = None

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & MessageFlag.EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & MessageFlag.LOADING)

    def iter_components(self) -> list[dict[str, Any]]:
        """Every component of the message, rows and containers walked depth-first."""
        found: list[dict[str, Any]] = []
        stack = list(reversed(self.components))
        while stack:
            component = stack.pop()
            found.append(component)
            children = list(component.get("components") or [])
            for key in ("component", "accessory"):
                if isinstance(component.get(key), dict):
                    children.append(component[key])
            stack.extend(reversed(children))
        return found

    def component(self, custom_id: str) -> dict[str, Any] | None:
        for component in self.iter_components():
            if component.get("custom_id") == custom_id:
                return component
        return None


@dataclass(slots=True, eq=False)
class Channel:
    id: int
    guild_id: int
    name: str
    type: int = ChannelType.TEXT
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    nsfw: bool = False
    rate_limit_per_user: int = 0
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    last_message_id: int | None = None
    # Public history of the channel, oldest first (ephemeral messages included, flagged).
    messages: dict[int, Message] = field(default_factory=dict)
    # Thread-only fields.
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    thread_members: set[int] = field(default_factory=set)
    created_at: str = field(default_factory=now_iso)
    message_count: int = 0
    # Direct-message channels only: the other user (their guild_id is 0, they belong to no guild).
    recipient_id: int | None = None

    @property
    def is_dm(self) -> bool:
        return self.type == ChannelType.DM

    @property
    def is_thread(self) -> bool:
        return self.type in (ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD)

    @property
    def private(self) -> bool:
        return self.type == ChannelType.PRIVATE_THREAD

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass(slots=True, eq=False)
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)  # text channels and threads
    members: dict[int, Member] = field(default_factory=dict)
    joined_at: str = field(default_factory=now_iso)
    locale: str = "en-US"

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]


@dataclass(slots=True, eq=False)
class AppCommand:
    """A command as the bot synced it, already echoed with ids."""

    id: int
    name: str
    type: int
    guild_id: int | None
    data: dict[str, Any]


class World:
    """Every guild, channel, message and command, each reachable in O(1) by id."""

    def __init__(self, application_id: int | None, bot_name: str) -> None:
        self.ids = Snowflakes()
        self.application_id = application_id or self.ids.next()
        self.bot_user = User(id=self.application_id, username=bot_name, bot=True)
        self.users: dict[int, User] = {self.bot_user.id: self.bot_user}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.attachments: dict[int, Attachment] = {}
        # Commands keyed by (name, type); guild commands under their guild id.
        self.global_commands: dict[tuple[str, int], AppCommand] = {}
        self.guild_commands: dict[int, dict[tuple[str, int], AppCommand]] = {}
        # The bot's direct-message channels, by recipient; users who do not accept DMs from it.
        self.dm_channels: dict[int, Channel] = {}
        self.dms_closed: set[int] = set()

    def open_dm(self, user: User) -> Channel:
        """The bot's DM channel with ``user`` (Discord answers the same channel every time)."""
        channel = self.dm_channels.get(user.id)
        if channel is None:
            channel = Channel(id=self.ids.next(), guild_id=0, name="", type=ChannelType.DM, recipient_id=user.id)
            self.dm_channels[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def accepts_dm(self, user_id: int) -> bool:
        """Discord delivers a bot's DM only to a human who shares a guild with it and has not closed DMs."""
        user = self.users.get(user_id)
        if user is None or user.bot or user_id in self.dms_closed:
            return False
        return any(user_id in g.members and self.bot_user.id in g.members for g in self.guilds.values())

    def guild_of(self, channel: Channel) -> Guild:
        return self.guilds[channel.guild_id]

    def bot_member(self, guild: Guild) -> Member | None:
        return guild.members.get(self.bot_user.id)

    def add_message(self, message: Message) -> None:
        self.messages[message.id] = message
        channel = self.channels[message.channel_id]
        channel.messages[message.id] = message
        channel.last_message_id = message.id
        channel.message_count += 1

    def remove_message(self, message: Message) -> None:
        self.messages.pop(message.id, None)
        channel = self.channels.get(message.channel_id)
        if channel is not None:
            channel.messages.pop(message.id, None)

    def add_channel(self, channel: Channel) -> None:
        self.channels[channel.id] = channel
        self.guilds[channel.guild_id].channels[channel.id] = channel

    def remove_channel(self, channel: Channel) -> list[Channel]:
        """Drop ``channel`` and its threads with their messages; return what was removed."""
        guild = self.guilds[channel.guild_id]
        removed = [channel] + [c for c in guild.channels.values() if c.parent_id == channel.id and c.is_thread]
        for gone in removed:
            guild.channels.pop(gone.id, None)
            self.channels.pop(gone.id, None)
            for message_id in gone.messages:
                self.messages.pop(message_id, None)
        return removed

    def remove_guild(self, guild: Guild) -> None:
        for channel in list(guild.channels.values()):
            if channel.id in self.channels:
                self.remove_channel(channel)
        self.guilds.pop(guild.id, None)
        self.guild_commands.pop(guild.id, None)

    def commands_for(self, guild_id: int | None) -> dict[tuple[str, int], AppCommand]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, {})
