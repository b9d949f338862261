"""The permission matrix: every moderation action x every kind of actor x every content scope."""

from __future__ import annotations

import itertools

import pytest

from bot.errors import PermissionDenied
from bot.moderation.policy import GLOBAL, Action, allowed, decide, require
from bot.permissions import Actor

G, OTHER, MOD_ROLE = 100, 200, 555

ACTORS = {
    "member": Actor(1, G),
    "manager": Actor(2, G, manage_guild=True),
    "role_mod": Actor(3, G, role_ids=frozenset({MOD_ROLE})),
    "owner": Actor(4, G, is_owner=True),
    "foreign_manager": Actor(5, OTHER, manage_guild=True),
    "in_dm": Actor(6, None, manage_guild=True, is_owner=True),
}
SCOPES = {"global": GLOBAL, "this": G, "other": OTHER}
MODS = ("manager", "role_mod", "owner")

_writes = {(a, "this") for a in MODS} | {("owner", "global"), ("foreign_manager", "other")}
_server_mod = {(a, "this") for a in MODS} | {("foreign_manager", "other")}
EXPECTED: dict[Action, set[tuple[str, str]]] = {
    Action.SUGGEST: {(a, "this") for a in ("member", *MODS)} | {("foreign_manager", "other")},
    Action.ADD: _writes, Action.EDIT: _writes, Action.REMOVE: _writes, Action.RESTORE: _writes,
    Action.IMPORT: _writes,
    Action.HIDE: {(a, "global") for a in (*MODS, "foreign_manager")},
    Action.UNHIDE: {(a, "global") for a in (*MODS, "foreign_manager")},
    Action.HISTORY: {(a, s) for a in MODS for s in ("global", "this")} | {("foreign_manager", "global"),
                                                                         ("foreign_manager", "other")},
    Action.REVIEW: _server_mod, Action.EXPORT: _server_mod, Action.VIEW_SETTINGS: _server_mod,
    # The moderator role cannot reconfigure the server (it could hand itself to another role).
    Action.CONFIGURE: {("manager", "this"), ("owner", "this"), ("foreign_manager", "other")},
}


def test_every_action_has_an_expectation() -> None:
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize(("action", "actor", "scope"), list(itertools.product(Action, ACTORS, SCOPES)))
def test_matrix(action: Action, actor: str, scope: str) -> None:
    expected = (actor, scope) in EXPECTED[action]
    assert allowed(ACTORS[actor], action, SCOPES[scope], MOD_ROLE) is expected
    if not expected:
        with pytest.raises(PermissionDenied):
            require(ACTORS[actor], action, SCOPES[scope], MOD_ROLE)


def test_mod_role_counts_only_while_configured() -> None:
    assert not allowed(ACTORS["role_mod"], Action.ADD, G, None)
    assert not allowed(ACTORS["role_mod"], Action.HIDE, GLOBAL, 999)


def test_refusals_say_why() -> None:
    assert "another server" in (decide(ACTORS["manager"], Action.EDIT, OTHER, MOD_ROLE) or "")
    assert "hide" in (decide(ACTORS["manager"], Action.EDIT, GLOBAL, MOD_ROLE) or "")
    assert "/facts remove" in (decide(ACTORS["manager"], Action.HIDE, G, MOD_ROLE) or "")
    assert "Only moderators" in (decide(ACTORS["member"], Action.REVIEW, G, MOD_ROLE) or "")
    assert "Manage Server" in (decide(ACTORS["role_mod"], Action.CONFIGURE, G, MOD_ROLE) or "")
    assert "server" in (decide(ACTORS["in_dm"], Action.ADD, GLOBAL, MOD_ROLE) or "")
