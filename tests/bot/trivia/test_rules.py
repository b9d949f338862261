"""Who may start and control rounds: decided in the core, whatever Discord's permissions say."""

from __future__ import annotations

import pytest

from bot.errors import Conflict, PermissionDenied
from bot.permissions import Actor
from bot.trivia.rules import can_control, may_run_several, require_controller, require_free_to_start

MOD_ROLE = 55
LINK = "https://discord.com/channels/1/2/3"
member = Actor(user_id=7, guild_id=1)
role_moderator = Actor(user_id=8, guild_id=1, role_ids=frozenset({MOD_ROLE}))
manager = Actor(user_id=9, guild_id=1, manage_guild=True)


def test_a_member_runs_one_round_at_a_time_and_is_told_where_it_runs() -> None:
    assert require_free_to_start(member, MOD_ROLE, None) is None          # no round of theirs yet
    with pytest.raises(Conflict) as refused:
        require_free_to_start(member, MOD_ROLE, LINK)
    assert LINK in str(refused.value) and "/trivia stop" in str(refused.value)


@pytest.mark.parametrize("moderator", [role_moderator, manager])
def test_moderators_may_run_rounds_in_several_channels(moderator: Actor) -> None:
    assert may_run_several(moderator, MOD_ROLE)
    assert require_free_to_start(moderator, MOD_ROLE, LINK) is None       # starts beside the one running


def test_a_role_that_is_not_the_moderator_role_runs_one_round() -> None:
    other_role = Actor(user_id=7, guild_id=1, role_ids=frozenset({56}))
    assert not may_run_several(other_role, MOD_ROLE) and not may_run_several(member, None)
    with pytest.raises(Conflict):
        require_free_to_start(other_role, MOD_ROLE, LINK)


def test_only_the_starter_or_a_moderator_controls_a_round() -> None:
    assert can_control(member, member.user_id, MOD_ROLE) and can_control(role_moderator, member.user_id, MOD_ROLE)
    require_controller(member, member.user_id, MOD_ROLE, "stop")
    require_controller(role_moderator, member.user_id, MOD_ROLE, "stop")
    with pytest.raises(PermissionDenied, match="<@7>"):
        require_controller(Actor(user_id=10, guild_id=1), member.user_id, MOD_ROLE, "stop")
