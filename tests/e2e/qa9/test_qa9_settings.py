"""QA9: /config modrole cleared says so; /facts export answers after deferring."""

from __future__ import annotations

import asyncio

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act
from tests.e2e.qa8.test_qa8_audit_trail import add
from tests.emulator import Emulator


async def test_clearing_the_moderator_role_says_it_was_cleared_and_logs_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w.general, w.moderator, "config logchannel", channel=log)
    helpers = await emulator.create_role(w.guild, "Quizmasters")
    await act(emulator, w.general, w.moderator, "config modrole", role=helpers)
    cleared = await act(emulator, w.general, w.moderator, "config modrole")
    assert cleared.ephemeral
    assert cleared.content == "Moderator role cleared: only members with Manage Server are moderators now."
    await asyncio.sleep(0.3)                                   # the log line follows the reply
    last = [m.content for m in emulator.messages(log)][-1]
    assert last == f"<@{w.moderator.id}> set the moderator role to none (members with Manage Server only)"
    assert await doinel.db.scalar("SELECT mod_role_id FROM guild_settings WHERE guild_id = ?", (w.guild.id,)) is None


async def test_export_defers_then_sends_the_file_or_says_there_is_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    empty = await act(emulator, w.general, w.moderator, "facts export")
    assert empty.deferred and empty.ephemeral
    assert empty.followups[-1].content == "This server has no facts of its own yet: nothing to export."
    await add(emulator, w, "Léaud was fourteen.")
    done = await act(emulator, w.general, w.moderator, "facts export", format="json")
    assert done.deferred and done.followups[-1].content.startswith("1 fact of this server.")
    [exported] = done.followups[-1].files
    assert exported.filename.endswith(".json") and "Léaud was fourteen." in exported.data.decode()
