from __future__ import annotations

import pytest

from bot.errors import PermissionDenied
from bot.permissions import Actor, can_manage_content, is_moderator, require_content_manager

GUILD, OTHER, MOD_ROLE = 100, 200, 555

member = Actor(1, GUILD)
manager = Actor(2, GUILD, manage_guild=True)
role_mod = Actor(3, GUILD, role_ids=frozenset({MOD_ROLE}))
owner = Actor(4, GUILD, is_owner=True)
foreign_manager = Actor(5, OTHER, manage_guild=True)
in_dm = Actor(6, None, manage_guild=True)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [(member, False), (manager, True), (role_mod, True), (owner, True), (in_dm, False)],
)
def test_is_moderator(actor: Actor, expected: bool) -> None:
    assert is_moderator(actor, MOD_ROLE) is expected


def test_mod_role_only_counts_when_configured() -> None:
    assert not is_moderator(role_mod, None)


@pytest.mark.parametrize(
    ("actor", "content_guild", "expected"),
    [
        (manager, GUILD, True), (role_mod, GUILD, True), (member, GUILD, False),
        (foreign_manager, GUILD, False),           # another server's moderator
        (manager, None, False), (owner, None, True),  # global content: owners only
    ],
)
def test_can_manage_content(actor: Actor, content_guild: int | None, expected: bool) -> None:
    assert can_manage_content(actor, content_guild, MOD_ROLE) is expected


def test_refusals_explain_themselves() -> None:
    with pytest.raises(PermissionDenied, match="another server"):
        require_content_manager(foreign_manager, GUILD, MOD_ROLE)
    with pytest.raises(PermissionDenied, match="hide it in this server"):
        require_content_manager(manager, None, MOD_ROLE)
    with pytest.raises(PermissionDenied, match="Only moderators"):
        require_content_manager(member, GUILD, MOD_ROLE)
