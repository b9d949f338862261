"""What members do to the bot: slash commands, autocomplete, button clicks, selects, modal submits.

Each action builds the INTERACTION_CREATE Discord would send, dispatches it and returns
the :class:`~.interactions.Interaction` record without waiting; tests then await
``record.wait_response()`` or ``record.wait_done()``.
"""

from __future__ import annotations

import secrets
from typing import Any

from . import payloads
from .appcommands import NotAllowed, build_options, find_command
from .interactions import Interaction
from .permissions import ALL_PERMISSIONS, Perm, channel_permissions
from .server import EmulatorServer
from .state import Channel, Guild, InteractionType, Member, Message, Role, User

_SELECTS = {3, 5, 6, 7, 8}


class InteractionActions(EmulatorServer):
    """The interaction half of the test driver."""

    async def slash(self, where: Channel | Guild, member: Member, command: str, /, **options: Any) -> Interaction:
        """Run ``/command`` (``"group sub"`` for subcommands) with typed ``options``."""
        channel, data = self._command_data(where, member, command, options)
        return self._interact(InteractionType.APPLICATION_COMMAND, member, channel, data)

    async def autocomplete(
        self,
        where: Channel | Guild,
        member: Member,
        command: str,
        /,
        *,
        focused: str,
        timeout: float = 2.0,  # noqa: ASYNC109 - a test wait API takes its timeout
        **options: Any,
    ) -> list[dict[str, Any]]:
        """Type into option ``focused`` of ``/command``; return the choices the bot offered."""
        options.setdefault(focused, "")
        channel, data = self._command_data(where, member, command, options, focused=focused)
        record = self._interact(InteractionType.AUTOCOMPLETE, member, channel, data)
        await record.wait_response(timeout)
        return record.choices or []

    async def click(self, message: Message | int, custom_id: str, member: Member) -> Interaction:
        """Press the button ``custom_id`` on ``message``."""
        message, component = self._component(message, custom_id, member)
        if component.get("type") != 2:
            raise NotAllowed(f"{custom_id!r} is not a button")
        data = {"custom_id": custom_id, "component_type": 2}
        return self._interact(
            InteractionType.MESSAGE_COMPONENT, member, self.world.channels[message.channel_id], data, message
        )

    async def select(self, message: Message | int, custom_id: str, values: list[Any], member: Member) -> Interaction:
        """Pick ``values`` in the select menu ``custom_id`` (option values, or records for entity selects)."""
        message, component = self._component(message, custom_id, member)
        kind = component.get("type")
        if kind not in _SELECTS:
            raise NotAllowed(f"{custom_id!r} is not a select menu")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise NotAllowed(f"{custom_id!r} takes {low}..{high} values, not {len(values)}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind}
        if kind == 3:
            allowed = {o["value"] for o in component.get("options") or []}
            if not set(map(str, values)) <= allowed:
                raise NotAllowed(f"{values} are not all options of {custom_id!r}: {sorted(allowed)}")
            data["values"] = [str(v) for v in values]
        else:
            data["values"] = [str(v.id) for v in values]
            data["resolved"] = self._resolve_entities(values, member)
        return self._interact(
            InteractionType.MESSAGE_COMPONENT, member, self.world.channels[message.channel_id], data, message
        )

    async def submit_modal(
        self, interaction: Interaction, custom_id: str | None, values: dict[str, str], member: Member | None = None
    ) -> Interaction:
        """Fill and submit the modal the bot opened in answer to ``interaction``."""
        modal = interaction.modal
        if modal is None:
            raise LookupError(f"the bot opened no modal for {interaction!r}")
        if custom_id is not None and custom_id != modal.get("custom_id"):
            raise LookupError(f"the open modal is {modal.get('custom_id')!r}, not {custom_id!r}")
        components = _fill_modal(modal, values)
        data = {"custom_id": modal["custom_id"], "components": components}
        message = self.world.messages.get(interaction.message_id or 0)
        channel = self.world.channels[interaction.channel_id]
        return self._interact(InteractionType.MODAL_SUBMIT, member or interaction.member, channel, data, message)

    # -- helpers ---------------------------------------------------------------------

    def _command_data(
        self,
        where: Channel | Guild,
        member: Member,
        command: str,
        options: dict[str, Any],
        *,
        focused: str | None = None,
    ) -> tuple[Channel, dict[str, Any]]:
        """The channel and the ``data`` of an application-command (or autocomplete) interaction."""
        channel = self._channel_for(where)
        cmd, chain, leaf = find_command(self, channel.guild_id, command)
        self._check_command_access(cmd.data, member, channel)
        built, resolved = build_options(self, member, channel, chain, leaf, options, focused=focused)
        data: dict[str, Any] = {"id": str(cmd.id), "name": cmd.name, "type": 1, "options": built}
        if resolved.to_dict():
            data["resolved"] = resolved.to_dict()
        if cmd.guild_id is not None:
            data["guild_id"] = str(cmd.guild_id)
        return channel, data

    def _channel_for(self, where: Channel | Guild) -> Channel:
        if isinstance(where, Channel):
            return where
        channel = next((c for c in where.channels.values() if not c.is_thread), None)
        if channel is None:
            raise LookupError(f"guild {where.name!r} has no text channel")
        return channel

    def _check_command_access(self, command: dict[str, Any], member: Member, channel: Channel) -> None:
        guild = self.world.guild_of(channel)
        perms = channel_permissions(guild, member, channel)
        if not perms & Perm.VIEW_CHANNEL or not perms & Perm.USE_APPLICATION_COMMANDS:
            raise NotAllowed(f"{member.name} cannot use commands in #{channel.name}")
        needed = command.get("default_member_permissions")
        if needed is not None and perms != ALL_PERMISSIONS and int(needed) & ~perms:
            raise NotAllowed(f"/{command['name']} is hidden from {member.name} (needs permissions {needed})")

    def _component(self, message: Message | int, custom_id: str, member: Member) -> tuple[Message, dict[str, Any]]:
        current = self.world.messages.get(message if isinstance(message, int) else message.id)
        if current is None:
            raise LookupError("the message no longer exists")
        component = current.component(custom_id)
        if component is None:
            raise LookupError(f"no component {custom_id!r} on message {current.id}")
        if component.get("disabled"):
            raise NotAllowed(f"{custom_id!r} is disabled")
        owner = (current.interaction_metadata or {}).get("user", {}).get("id")
        if current.ephemeral and owner != str(member.id):
            raise NotAllowed("only the member who received an ephemeral message can use it")
        channel = self.world.channels[current.channel_id]
        if not channel_permissions(self.world.guild_of(channel), member, channel) & Perm.VIEW_CHANNEL:
            raise NotAllowed(f"{member.name} cannot see #{channel.name}")
        return current, component

    def _resolve_entities(self, values: list[Any], member: Member) -> dict[str, Any]:
        resolved: dict[str, dict[str, Any]] = {}
        for value in values:
            if isinstance(value, (Member, User)):
                user = value.user if isinstance(value, Member) else value
                resolved.setdefault("users", {})[str(user.id)] = payloads.user(user)
                if isinstance(value, Member):
                    resolved.setdefault("members", {})[str(user.id)] = payloads.member(value, with_user=False)
            elif isinstance(value, Role):
                resolved.setdefault("roles", {})[str(value.id)] = payloads.role(value)
            elif isinstance(value, Channel):
                resolved.setdefault("channels", {})[str(value.id)] = payloads.resolved_channel(
                    self.world, value, member
                )
            else:
                raise TypeError(f"cannot select {value!r}")
        return resolved

    def _interact(
        self,
        kind: InteractionType,
        member: Member,
        channel: Channel,
        data: dict[str, Any],
        message: Message | None = None,
    ) -> Interaction:
        if not self.gateway.sessions:
            raise RuntimeError("no bot session: the bot has not identified with the emulator")
        world = self.world
        guild = world.guild_of(channel)
        bot = world.bot_member(guild)
        perms = channel_permissions(guild, member, channel)
        interaction_id = world.ids.next()
        token = f"emu.{interaction_id}.{secrets.token_urlsafe(24)}"
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(world.application_id),
            "type": int(kind),
            "data": data,
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
            "channel_id": str(channel.id),
            "channel": payloads.channel(channel, permissions=perms),
            "member": payloads.member(member, permissions=perms),
            "token": token,
            "version": 1,
            "app_permissions": str(channel_permissions(guild, bot, channel) if bot else 0),
            "locale": "en-US",
            "guild_locale": guild.locale,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": self.config.attachment_size_limit,
        }
        if message is not None:
            payload["message"] = payloads.message(message, world)
        record = Interaction(
            id=interaction_id,
            token=token,
            type=int(kind),
            member=member,
            channel_id=channel.id,
            payload=payload,
            world=world,
            message_id=message.id if message else None,
        )
        self.interactions.add(record)
        self.gateway.dispatch("INTERACTION_CREATE", payload)
        return record


def _fill_modal(modal: dict[str, Any], values: dict[str, str]) -> list[dict[str, Any]]:
    """The submitted components, shaped like the modal (rows or labels), checked like the client does."""
    inputs: dict[str, dict[str, Any]] = {}
    submitted: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top.get("type") == 18:
            inner = top.get("component") or {}
            inputs[inner.get("custom_id", "")] = inner
            submitted.append({"type": 18, "component": _submitted(inner, values)})
        elif top.get("type") == 1:
            row = [c for c in top.get("components") or [] if c.get("type") == 4]
            for item in row:
                inputs[item.get("custom_id", "")] = item
            submitted.append({"type": 1, "components": [_submitted(item, values) for item in row]})
    unknown = set(values) - set(inputs)
    if unknown:
        raise LookupError(f"the modal has no field(s) {sorted(unknown)}; it has {sorted(inputs)}")
    for custom_id, item in inputs.items():
        if item.get("type") != 4:
            continue
        text = values.get(custom_id, item.get("value") or "")
        if item.get("required", True) and not text:
            raise NotAllowed(f"field {custom_id!r} is required")
        low, high = item.get("min_length") or 0, item.get("max_length") or 4000
        if text and not low <= len(text) <= high:
            raise NotAllowed(f"field {custom_id!r} must be {low}..{high} characters")
    return submitted


def _submitted(item: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    custom_id = item.get("custom_id", "")
    if item.get("type") == 4:
        return {"type": 4, "custom_id": custom_id, "value": values.get(custom_id, item.get("value") or "")}
    chosen = values.get(custom_id, [])
    return {"type": item.get("type"), "custom_id": custom_id, "values": [str(v) for v in chosen]}
