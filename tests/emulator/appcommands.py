"""Building slash-command interaction data from the command schema the bot synced.

``"fact search"`` walks groups and subcommands; keyword values are typed by the schema
(ints, strings, booleans, numbers, users, channels, roles, mentionables, attachments) and
checked the way the Discord client checks them before it lets a member send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import payloads
from .messages import Upload, new_attachment
from .permissions import channel_permissions
from .state import AppCommand, Channel, Member, Role, User

if TYPE_CHECKING:
    from .server import EmulatorServer

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11


class NotAllowed(Exception):
    """The Discord client would not let this member do that (hidden command, disabled button ...)."""


@dataclass(slots=True)
class Resolved:
    users: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, Any] = field(default_factory=dict)
    channels: dict[str, Any] = field(default_factory=dict)
    attachments: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("users", self.users),
                ("members", self.members),
                ("roles", self.roles),
                ("channels", self.channels),
                ("attachments", self.attachments),
            )
            if v
        }


def find_command(
    server: EmulatorServer, guild_id: int, path: str
) -> tuple[AppCommand, list[dict[str, Any]], dict[str, Any]]:
    """The synced command for ``path`` (guild commands first), the subcommand chain and the leaf."""
    parts = path.strip().lstrip("/").split()
    if not parts:
        raise LookupError("empty command path")
    world = server.world
    key = (parts[0], 1)
    command = world.guild_commands.get(guild_id, {}).get(key) or world.global_commands.get(key)
    if command is None:
        raise LookupError(f"/{parts[0]} is not synced, neither in guild {guild_id} nor globally")
    node: dict[str, Any] = command.data
    chain: list[dict[str, Any]] = []
    for part in parts[1:]:
        node = next(
            (
                o
                for o in node.get("options") or []
                if o.get("name") == part and o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)
            ),
            {},
        )
        if not node:
            raise LookupError(f"/{path} is not a synced subcommand")
        chain.append(node)
    if any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in node.get("options") or []):
        raise LookupError(f"/{path} is a group: name one of its subcommands")
    return command, chain, node


def build_options(
    server: EmulatorServer,
    member: Member,
    channel: Channel,
    chain: list[dict[str, Any]],
    leaf: dict[str, Any],
    values: dict[str, Any],
    *,
    focused: str | None = None,
) -> tuple[list[dict[str, Any]], Resolved]:
    """Interaction ``options`` (nested under the subcommand chain) and ``resolved`` data."""
    schema = {o["name"]: o for o in leaf.get("options") or []}
    unknown = set(values) - set(schema)
    if unknown:
        raise TypeError(f"unknown option(s) {sorted(unknown)}; the command has {sorted(schema)}")
    if focused is None:
        missing = [n for n, o in schema.items() if o.get("required") and n not in values]
        if missing:
            raise TypeError(f"required option(s) missing: {missing}")
    resolved = Resolved()
    options: list[dict[str, Any]] = []
    for name, value in values.items():
        option = schema[name]
        if name == focused:
            if not option.get("autocomplete"):
                raise NotAllowed(f"option {name!r} has no autocomplete")
            options.append({"type": option["type"], "name": name, "value": str(value), "focused": True})
        else:
            typed = _convert(server, member, channel, option, value, resolved)
            options.append({"type": option["type"], "name": name, "value": typed})
    for sub in reversed(chain):
        options = [{"type": sub["type"], "name": sub["name"], "options": options}]
    return options, resolved


def _convert(
    server: EmulatorServer, member: Member, where: Channel, option: dict[str, Any], value: Any, resolved: Resolved
) -> Any:
    kind, name = option["type"], option["name"]
    if kind == STRING:
        text = str(value)
        low, high = option.get("min_length") or 0, option.get("max_length") or 6000
        if not low <= len(text) <= high:
            raise ValueError(f"option {name!r} must be {low}..{high} characters")
        return _check_choice(option, text)
    if kind in (INTEGER, NUMBER):
        if isinstance(value, bool):
            raise TypeError(f"option {name!r} needs a number, not a bool")
        number: int | float = int(value) if kind == INTEGER else float(value)
        if option.get("min_value") is not None and number < option["min_value"]:
            raise ValueError(f"option {name!r} must be >= {option['min_value']}")
        if option.get("max_value") is not None and number > option["max_value"]:
            raise ValueError(f"option {name!r} must be <= {option['max_value']}")
        return _check_choice(option, number)
    if kind == BOOLEAN:
        return bool(value)
    if kind in (USER, MENTIONABLE) and isinstance(value, (Member, User)):
        return _resolve_user(server, where, value, resolved)
    if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
        resolved.roles[str(value.id)] = payloads.role(value)
        return str(value.id)
    if kind == CHANNEL and isinstance(value, Channel):
        types = option.get("channel_types")
        if types and int(value.type) not in types:
            raise ValueError(f"option {name!r} accepts channel types {types}, not {int(value.type)}")
        resolved.channels[str(value.id)] = payloads.resolved_channel(server.world, value, member)
        return str(value.id)
    if kind == ATTACHMENT:
        filename, data = value if isinstance(value, tuple) else (value.filename, value.data)
        upload = Upload(0, filename, bytes(data), "application/octet-stream")
        attachment = new_attachment(server, 0, upload)
        resolved.attachments[str(attachment.id)] = payloads.attachment(attachment)
        return str(attachment.id)
    raise TypeError(f"option {name!r} (type {kind}) cannot take {value!r}")


def _check_choice(option: dict[str, Any], value: Any) -> Any:
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"option {option['name']!r} must be one of {[c['value'] for c in choices]}")
    return value


def _resolve_user(server: EmulatorServer, where: Channel, target: Member | User, resolved: Resolved) -> str:
    """A user option: the user, and the member with their permissions in the interaction's channel."""
    user = target.user if isinstance(target, Member) else target
    resolved.users[str(user.id)] = payloads.user(user)
    guild = server.world.guild_of(where)
    as_member = guild.members.get(user.id)
    if as_member is not None:
        perms = channel_permissions(guild, as_member, where)
        resolved.members[str(user.id)] = payloads.member(as_member, with_user=False, permissions=perms)
    return str(user.id)
