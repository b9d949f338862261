"""The test-facing emulator: build a world, act as members, watch what the bot does, break things.

async with Emulator() as emu:
    guild = await emu.create_guild("Test")
    general = await emu.create_text_channel(guild, "general")
    alice = await emu.add_member(guild, "alice")
    ...  # start the bot against emu.api_base / emu.gateway_url
    record = await emu.slash(general, alice, "about")
    await record.wait_done()
    assert "Doinel" in record.content
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import events, limits, messages
from .actions import InteractionActions
from .appcommands import NotAllowed
from .config import GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT
from .faults import Fault
from .permissions import DEFAULT_BOT, DEFAULT_EVERYONE, Perm, as_bits, channel_permissions, send_permission
from .rest import RequestRecord, Violation
from .state import Channel, ChannelType, Guild, Member, Message, Overwrite, Role, User

_KEEP: Any = object()


class Emulator(InteractionActions):
    """A local Discord for one test: REST + gateway on 127.0.0.1 and the driver API."""

    # -- guilds, channels, roles, members ----------------------------------------------

    async def create_guild(
        self,
        name: str = "Test Guild",
        *,
        owner_name: str = "owner",
        bot_permissions: object = DEFAULT_BOT,
        everyone_permissions: object = DEFAULT_EVERYONE,
        with_bot: bool = True,
    ) -> Guild:
        """A guild with @everyone, an owner and (unless ``with_bot=False``) the bot with its managed role."""
        world = self.world
        owner = self._new_user(owner_name)
        guild = Guild(id=world.ids.next(), name=name, owner_id=owner.id)
        guild.roles[guild.id] = Role(
            id=guild.id, guild_id=guild.id, name="@everyone", permissions=as_bits(everyone_permissions)
        )
        guild.members[owner.id] = Member(user=owner, guild_id=guild.id)
        world.guilds[guild.id] = guild
        if with_bot:
            await self.add_bot(guild, permissions=bot_permissions)
        return guild

    async def add_bot(self, guild: Guild, *, permissions: object = DEFAULT_BOT) -> Member:
        """Invite the bot: its managed role and member, then GUILD_CREATE."""
        world = self.world
        role = Role(
            id=world.ids.next(),
            guild_id=guild.id,
            name=world.bot_user.username,
            permissions=as_bits(permissions),
            position=1,
            bot_id=world.bot_user.id,
        )
        self._insert_role(guild, role)
        bot = Member(user=world.bot_user, guild_id=guild.id, roles=[role.id])
        guild.members[bot.id] = bot
        events.guild_joined(self, guild)
        return bot

    @property
    def bot_user(self) -> User:
        return self.world.bot_user

    def owner(self, guild: Guild) -> Member:
        return guild.members[guild.owner_id]

    def bot_member(self, guild: Guild) -> Member:
        member = self.world.bot_member(guild)
        if member is None:
            raise LookupError(f"the bot is not in {guild.name!r}")
        return member

    async def create_text_channel(self, guild: Guild, name: str, *, topic: str | None = None) -> Channel:
        position = sum(1 for c in guild.channels.values() if not c.is_thread)
        channel = Channel(id=self.world.ids.next(), guild_id=guild.id, name=name, topic=topic, position=position)
        self.world.add_channel(channel)
        events.channel_created(self, channel)
        return channel

    async def create_thread(
        self, channel: Channel, name: str, *, owner: Member | None = None, private: bool = False
    ) -> Channel:
        """A thread a member opened in ``channel``."""
        creator = owner or self.owner(self.world.guild_of(channel))
        thread = Channel(
            id=self.world.ids.next(),
            guild_id=channel.guild_id,
            name=name,
            parent_id=channel.id,
            type=ChannelType.PRIVATE_THREAD if private else ChannelType.PUBLIC_THREAD,
            owner_id=creator.id,
            thread_members={creator.id},
        )
        self.world.add_channel(thread)
        events.channel_created(self, thread)
        return thread

    async def delete_channel(self, channel: Channel) -> None:
        for gone in self.world.remove_channel(channel):
            events.channel_deleted(self, gone)

    async def delete_guild(self, guild: Guild) -> None:
        self.world.remove_guild(guild)
        events.guild_left(self, guild)

    async def create_role(self, guild: Guild, name: str, *, permissions: object = 0, mentionable: bool = False) -> Role:
        """A role at the bottom of the hierarchy (just above @everyone), as Discord creates them."""
        role = Role(
            id=self.world.ids.next(),
            guild_id=guild.id,
            name=name,
            permissions=as_bits(permissions),
            position=1,
            mentionable=mentionable,
        )
        self._insert_role(guild, role)
        events.role_created(self, role)
        return role

    async def update_role(self, role: Role, *, name: str | None = None, permissions: object = _KEEP) -> Role:
        if name is not None:
            role.name = name
        if permissions is not _KEEP:
            role.permissions = as_bits(permissions)
        events.role_updated(self, role)
        return role

    async def delete_role(self, role: Role) -> None:
        guild = self.world.guilds[role.guild_id]
        guild.roles.pop(role.id, None)
        for member in guild.members.values():
            if role.id in member.roles:
                member.roles.remove(role.id)
        events.role_deleted(self, role)

    async def add_member(
        self,
        guild: Guild,
        name: str,
        *,
        roles: Iterable[Role] = (),
        permissions: object = None,
        user: User | None = None,
    ) -> Member:
        """A member joins; ``permissions=`` gives them a personal role with exactly those bits."""
        member = Member(user=user or self._new_user(name), guild_id=guild.id, roles=[r.id for r in roles])
        if permissions is not None:
            personal = await self.create_role(guild, f"{name} permissions", permissions=permissions)
            member.roles.append(personal.id)
        guild.members[member.id] = member
        events.member_added(self, member)
        return member

    async def update_member(
        self, member: Member, *, roles: Iterable[Role] | None = None, nick: str | None = _KEEP
    ) -> Member:
        if roles is not None:
            member.roles = [r.id for r in roles]
        if nick is not _KEEP:
            member.nick = nick
        events.member_updated(self, member)
        return member

    async def remove_member(self, member: Member) -> None:
        self.world.guilds[member.guild_id].members.pop(member.id, None)
        events.member_removed(self, member)

    async def set_overwrite(
        self, channel: Channel, target: Role | Member, *, allow: object = 0, deny: object = 0
    ) -> None:
        """Replace the overwrite of ``target`` on ``channel`` (CHANNEL_UPDATE)."""
        kind = 0 if isinstance(target, Role) else 1
        channel.overwrites[target.id] = Overwrite(id=target.id, type=kind, allow=as_bits(allow), deny=as_bits(deny))
        events.channel_updated(self, channel)

    async def clear_overwrite(self, channel: Channel, target: Role | Member) -> None:
        channel.overwrites.pop(target.id, None)
        events.channel_updated(self, channel)

    def permissions(self, member: Member, channel: Channel) -> int:
        return channel_permissions(self.world.guild_of(channel), member, channel)

    # -- messages members type ---------------------------------------------------------

    async def say(
        self,
        channel: Channel,
        member: Member,
        content: str = "",
        *,
        files: Iterable[tuple[str, bytes]] = (),
        reply_to: Message | None = None,
    ) -> Message:
        """``member`` types a message in ``channel`` (MESSAGE_CREATE, content gated by intent)."""
        perms = self.permissions(member, channel)
        uploads = [messages.Upload(i, name, data, "application/octet-stream") for i, (name, data) in enumerate(files)]
        if not perms & Perm.VIEW_CHANNEL or not perms & send_permission(channel):
            raise NotAllowed(f"{member.name} cannot send messages in #{channel.name}")
        if uploads and not perms & Perm.ATTACH_FILES:
            raise NotAllowed(f"{member.name} cannot attach files in #{channel.name}")
        if len(content) > limits.CONTENT_MAX:
            raise NotAllowed("the client refuses messages over 2,000 characters")
        message = Message(
            id=self.world.ids.next(), channel_id=channel.id, guild_id=channel.guild_id, author=member.user
        )
        if reply_to is not None:
            message.type = 19
            message.message_reference = {
                "message_id": str(reply_to.id),
                "channel_id": str(channel.id),
                "guild_id": str(channel.guild_id),
            }
        messages.ensure_not_empty(message, {"content": content}, uploads)
        messages.apply_body(self, message, {"content": content}, uploads)
        events.message_created(self, message)
        return message

    def messages(self, channel: Channel, *, include_ephemeral: bool = False) -> list[Message]:
        """The channel's messages, oldest first."""
        return [m for m in channel.messages.values() if include_ephemeral or not m.ephemeral]

    def message(self, message_id: int) -> Message | None:
        return self.world.messages.get(message_id)

    def direct_messages(self, who: Member | User) -> list[Message]:
        """What the bot sent ``who`` privately, oldest first."""
        channel = self.world.dm_channels.get(who.id)
        return self.messages(channel) if channel is not None else []

    def dm_channel(self, who: Member | User) -> Channel:
        """The bot's DM channel with ``who`` (for ``wait_for_message``); opened as the bot would open it."""
        user = who.user if isinstance(who, Member) else who
        return self.world.open_dm(user)

    def close_dms(self, who: Member | User, closed: bool = True) -> None:
        """``who`` stops (or starts again) accepting direct messages from the bot: sends get 50007."""
        (self.world.dms_closed.add if closed else self.world.dms_closed.discard)(who.id)

    async def wait_for_message(
        self,
        channel: Channel,
        predicate: Callable[[Message], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test wait API takes its timeout
        after: Message | int | None = None,
        include_ephemeral: bool = False,
    ) -> Message:
        """The first message in ``channel`` (already there, new or edited) that ``predicate`` accepts."""
        floor = after.id if isinstance(after, Message) else (after or 0)

        def accept(message: Message) -> bool:
            if message.id <= floor or (message.ephemeral and not include_ephemeral) or message.channel_id != channel.id:
                return False
            return predicate is None or predicate(message)

        for message in channel.messages.values():
            if accept(message):
                return message
        return await self.message_waiters(channel.id).wait(accept, timeout, f"a message in #{channel.name}")

    # -- observing the bot -------------------------------------------------------------

    def commands(self, guild: Guild | None = None) -> dict[str, dict[str, Any]]:
        """The commands the bot synced (globally, or to ``guild``), by name."""
        synced = self.world.commands_for(guild.id if guild is not None else None)
        return {cmd.name: cmd.data for cmd in synced.values()}

    async def wait_for_violation(
        self,
        predicate: Callable[[Violation], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test wait API takes its timeout
    ) -> Violation:
        for violation in self.violations:
            if predicate is None or predicate(violation):
                return violation
        return await self._violation_waiters.wait(predicate or (lambda v: True), timeout, "a limit violation")

    def requests_to(self, route: str) -> list[RequestRecord]:
        """Requests whose route is ``"METHOD /template"``, e.g. ``"POST /channels/{channel_id}/messages"``."""
        return [r for r in self.requests if r.route == route]

    # -- faults on demand --------------------------------------------------------------

    def fail_next(
        self, method: str, path: str, *, status: int = 500, count: int = 1, retry_after: float = 0.05
    ) -> Fault:
        """The next ``count`` requests to ``method path`` (a route template or a glob) answer ``status``."""
        if status not in (429, 500, 502, 503, 504):
            raise ValueError("inject 429 or a 5xx")
        return self.faults.add(Fault(method.upper(), path, status, count, retry_after))

    async def gateway_disconnect(self, code: int = 4000) -> None:
        """Drop the bot's socket with a resumable close code; events meanwhile are kept for RESUME."""
        await self.gateway.disconnect(code)

    def gateway_reconnect(self) -> None:
        self.gateway.reconnect()

    def gateway_invalidate(self, *, resumable: bool = False) -> None:
        self.gateway.invalidate(resumable=resumable)

    def reset_token(self, token: str) -> None:
        """The bot's token is regenerated: the old one now fails REST (401) and IDENTIFY (4004)."""
        self.config.token = token

    def grant_intents(self, *, members: bool = False, presences: bool = False, message_content: bool = False) -> None:
        """Switch privileged intents on as in the developer portal."""
        self.config.privileged_intents = (
            (GUILD_MEMBERS if members else 0)
            | (GUILD_PRESENCES if presences else 0)
            | (MESSAGE_CONTENT if message_content else 0)
        )

    # -- internals -----------------------------------------------------------------------

    def _new_user(self, name: str) -> User:
        user = User(id=self.world.ids.next(), username=name)
        self.world.users[user.id] = user
        return user

    @staticmethod
    def _insert_role(guild: Guild, role: Role) -> None:
        for other in guild.roles.values():
            if other.id != guild.id and other.position >= role.position:
                other.position += 1
        guild.roles[role.id] = role
