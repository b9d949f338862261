"""/config in the core: who may set the moderator role, and which roles can be it."""

from __future__ import annotations

import pytest

from bot.db import Database
from bot.errors import InvalidInput, PermissionDenied
from bot.moderation import settings
from tests.bot.moderation.support import MEMBER, MOD, G, snapshot


async def test_a_role_members_can_be_given_becomes_the_moderator_role(db: Database) -> None:
    assert (await settings.set_mod_role(db, MOD, 777)).mod_role_id == 777
    assert (await settings.set_mod_role(db, MOD, None)).mod_role_id is None


@pytest.mark.parametrize(("role_id", "managed", "match"), [
    (G, False, "@everyone"),                        # @everyone's id is the server's
    (888, True, "belongs to a bot or an integration"),  # e.g. Doinel's own role
])
async def test_everyone_and_managed_roles_are_refused(db: Database, role_id: int, managed: bool, match: str) -> None:
    before = await snapshot(db)
    with pytest.raises(InvalidInput, match=match):
        await settings.set_mod_role(db, MOD, role_id, managed=managed)
    assert await snapshot(db) == before


async def test_members_cannot_set_it(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        await settings.set_mod_role(db, MEMBER, 777)
