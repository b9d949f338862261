"""Discord's rules as the emulator encodes them: limits (50035) and permission arithmetic."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator import errors, limits
from tests.emulator.permissions import ALL_PERMISSIONS, Perm, base_permissions, channel_permissions
from tests.emulator.state import Channel, ChannelType, Guild, Member, Overwrite, Role, User


def problems(payload: dict[str, Any], files: int = 0) -> list[str]:
    fe = limits.FormErrors()
    limits.check_message(payload, fe, files=files)
    return fe.problems


def button(custom_id: str, label: str = "ok") -> dict[str, Any]:
    return {"type": 2, "style": 1, "custom_id": custom_id, "label": label}


def row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(items)}


def test_a_message_within_limits_passes() -> None:
    embed = {"title": "t" * 256, "description": "d" * 4096, "fields": [{"name": "n", "value": "v"}] * 25}
    assert problems({"content": "c" * 2000, "embeds": [embed], "components": [row(button("a"))]}) == []


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"content": "x" * 2001}, "content: Must be 2000 or fewer in length. (got 2001)"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds.0.description: Must be 4096 or fewer"),
        ({"embeds": [{"title": "t" * 257}]}, "embeds.0.title: Must be 256 or fewer"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "embeds.0.fields: Must be 25 or fewer"),
        ({"embeds": [{"fields": [{"name": "n" * 257, "value": "v"}]}]}, "embeds.0.fields.0.name: Must be 256"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "embeds.0.fields.0.value: Must be 1024"),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, "embeds.0.footer.text: Must be 2048"),
        ({"embeds": [{"author": {"name": "a" * 257}}]}, "embeds.0.author.name: Must be 256"),
        ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, "embeds: Embed size exceeds"),
        ({"embeds": [{"title": "t"}] * 11}, "embeds: Must be 10 or fewer"),
        (
            {"components": [row(*(button(str(i)) for i in range(6)))]},
            "components.0.components: Must be between 1 and 5",
        ),
        ({"components": [row(button(str(i))) for i in range(6)]}, "components: Must be 5 or fewer"),
        ({"components": [row(button("c" * 101))]}, "components.0.components.0.custom_id: Must be between 1 and 100"),
        ({"components": [row(button("a", "l" * 81))]}, "components.0.components.0.label: Must be 80 or fewer"),
        ({"components": [row(button("a"), button("a"))]}, "custom id cannot be duplicated"),
        (
            {
                "components": [
                    row({"type": 3, "custom_id": "s", "options": [{"label": "o", "value": str(i)} for i in range(26)]})
                ]
            },
            "components.0.components.0.options: Must be between 1 and 25",
        ),
    ],
)
def test_each_limit_is_enforced(payload: dict[str, Any], expected: str) -> None:
    found = problems(payload)
    assert any(expected in p for p in found), found


def test_too_many_files() -> None:
    assert problems({"content": "x"}, files=11) == ["files: Must be 10 or fewer in length."]


def test_autocomplete_choices_limits() -> None:
    fe = limits.FormErrors()
    limits.check_choices([{"name": "n" * 101, "value": "v"}] + [{"name": "n", "value": "v"}] * 25, fe, ("choices",))
    assert fe.problems[0] == "choices: Must be 25 or fewer in length. (got 26)"
    assert "choices.0.name: Must be between 1 and 100 in length. (got 101)" in fe.problems


def test_form_errors_render_discords_nested_shape() -> None:
    fe = limits.FormErrors()
    limits.check_message({"embeds": [{"title": "t" * 300}]}, fe, prefix=("data",))
    with pytest.raises(errors.APIError) as raised:
        fe.raise_if_any()
    body = raised.value.body()
    assert body["code"] == 50035 and raised.value.violation
    assert body["errors"]["data"]["embeds"]["0"]["title"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"


def test_command_sync_limits() -> None:
    fe = limits.FormErrors()
    bad = [
        {"name": "Caps", "description": "d"},
        {"name": "ok", "description": "d" * 101},
        {
            "name": "opts",
            "description": "d",
            "options": [
                {"name": "a", "description": "a", "type": 3},
                {"name": "b", "description": "b", "type": 3, "required": True},
            ],
        },
    ]
    limits.check_commands(bad, fe)
    assert [p.split(":")[0] for p in fe.problems] == ["0.name", "1.description", "2.options.1.required"]


# -- permissions ---------------------------------------------------------------------------


@pytest.fixture
def guild() -> Guild:
    guild = Guild(id=1, name="g", owner_id=2)
    guild.roles[1] = Role(id=1, guild_id=1, name="@everyone", permissions=Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES)
    guild.roles[10] = Role(id=10, guild_id=1, name="Mods", permissions=Perm.MANAGE_MESSAGES, position=1)
    guild.roles[11] = Role(id=11, guild_id=1, name="Admins", permissions=Perm.ADMINISTRATOR, position=2)
    guild.channels[100] = Channel(id=100, guild_id=1, name="general")
    return guild


def member(guild: Guild, user_id: int, *roles: int) -> Member:
    found = Member(user=User(id=user_id, username=f"u{user_id}"), guild_id=guild.id, roles=list(roles))
    guild.members[user_id] = found
    return found


def test_base_permissions_owner_admin_and_roles(guild: Guild) -> None:
    assert base_permissions(guild, member(guild, 2)) == ALL_PERMISSIONS  # the owner
    assert base_permissions(guild, member(guild, 3, 11)) == ALL_PERMISSIONS
    assert (
        base_permissions(guild, member(guild, 4, 10)) == Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES | Perm.MANAGE_MESSAGES
    )


def test_overwrites_apply_everyone_then_roles_then_member(guild: Guild) -> None:
    general = guild.channels[100]
    mod = member(guild, 4, 10)
    general.overwrites[1] = Overwrite(id=1, type=0, deny=Perm.SEND_MESSAGES)
    assert not channel_permissions(guild, mod, general) & Perm.SEND_MESSAGES
    general.overwrites[10] = Overwrite(id=10, type=0, allow=Perm.SEND_MESSAGES)
    assert channel_permissions(guild, mod, general) & Perm.SEND_MESSAGES
    general.overwrites[4] = Overwrite(id=4, type=1, deny=Perm.SEND_MESSAGES)
    assert not channel_permissions(guild, mod, general) & Perm.SEND_MESSAGES
    admin = member(guild, 3, 11)
    general.overwrites[1] = Overwrite(id=1, type=0, deny=Perm.VIEW_CHANNEL)
    assert channel_permissions(guild, admin, general) == ALL_PERMISSIONS  # admins ignore overwrites


def test_no_view_means_nothing_and_no_send_drops_embeds(guild: Guild) -> None:
    general = guild.channels[100]
    plain = member(guild, 5)
    guild.roles[1].permissions |= Perm.EMBED_LINKS | Perm.ATTACH_FILES
    general.overwrites[1] = Overwrite(id=1, type=0, deny=Perm.SEND_MESSAGES)
    perms = channel_permissions(guild, plain, general)
    assert perms & Perm.VIEW_CHANNEL and not perms & (Perm.EMBED_LINKS | Perm.ATTACH_FILES)
    general.overwrites[1] = Overwrite(id=1, type=0, deny=Perm.VIEW_CHANNEL)
    assert channel_permissions(guild, plain, general) == 0


def test_threads_inherit_parent_overwrites_and_private_needs_membership(guild: Guild) -> None:
    general = guild.channels[100]
    plain = member(guild, 5)
    thread = Channel(id=200, guild_id=1, name="t", type=ChannelType.PRIVATE_THREAD, parent_id=100, thread_members={9})
    guild.channels[200] = thread
    assert channel_permissions(guild, plain, thread) == 0
    thread.thread_members.add(5)
    assert channel_permissions(guild, plain, thread) & Perm.VIEW_CHANNEL
    general.overwrites[1] = Overwrite(id=1, type=0, deny=Perm.VIEW_CHANNEL)
    assert channel_permissions(guild, plain, thread) == 0
