"""Doinel end to end: start-up, /about, the error policy, and limits the emulator enforces."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import discord
import pytest

from bot.client import EXTENSIONS, Doinel, apply_endpoints
from bot.errors import ConfigError
from bot.tree import APOLOGY
from tests.emulator import Emulator, Perm
from tests.emulator.pytest_plugin import run_client
from tests.factsupport import eventually

from .conftest import READY_TIMEOUT, DiscordWorld, DoinelHarness
from .fault_cog import SECRET

WITH_FAULTS = [*EXTENSIONS, "tests.e2e.fault_cog"]


async def test_start_up_syncs_commands_to_the_dev_guild_only(
    emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel
) -> None:
    guild = doinel.get_guild(discord_world.guild.id)
    assert guild is not None and guild.get_channel(discord_world.general.id) is not None
    assert "about" in emulator.commands(discord_world.guild)
    assert emulator.commands() == {}  # never synced globally on start
    assert emulator.sync_log == [(discord_world.guild.id, len(emulator.commands(discord_world.guild)))]


async def test_about_answers_within_limits(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    record = await emulator.slash(discord_world.general, discord_world.alice, "about")
    await record.wait_done()
    [embed] = record.embeds
    assert embed["title"] == "Doinel"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Version"] == doinel.version
    assert "facts" in fields["Content"]
    assert not record.ephemeral
    assert emulator.violations == []


async def test_unexpected_error_gets_an_apology_without_details(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness
) -> None:
    await doinel_harness.start(extensions=WITH_FAULTS)
    record = await emulator.slash(discord_world.general, discord_world.alice, "boom")
    await record.wait_done()
    assert record.ephemeral and record.content == APOLOGY
    assert SECRET not in (record.content or "") and "Traceback" not in (record.content or "")


async def test_a_command_cut_short_by_shutdown_is_logged_calmly(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A command still running when the bot stops finds the database closed: one line saying so, no traceback."""
    await doinel_harness.start(extensions=WITH_FAULTS)
    release = sys.modules["tests.e2e.fault_cog"].RELEASE  # load_extension runs the module afresh
    record = emulator.slash(discord_world.general, discord_world.alice, "wait-then-read")
    await (await record).wait_response()
    with caplog.at_level(logging.INFO, logger="bot"):
        await doinel_harness.stop()
        release.set()
        await eventually(lambda: any("interrupted by shutdown" in r.getMessage() for r in caplog.records))
    line = next(r for r in caplog.records if "interrupted by shutdown" in r.getMessage())
    assert line.levelno == logging.INFO and line.exc_info is None and "/wait-then-read" in line.getMessage()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("bot")] == []


async def test_missing_send_permission_is_explained_and_the_bot_keeps_working(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness
) -> None:
    await doinel_harness.start(extensions=WITH_FAULTS)
    locked = await emulator.create_text_channel(discord_world.guild, "announcements")
    await emulator.set_overwrite(locked, discord_world.guild.everyone, deny=Perm.SEND_MESSAGES)
    record = await emulator.slash(discord_world.general, discord_world.alice, "post-in", channel=locked)
    await record.wait_done()
    assert record.ephemeral
    assert record.content is not None and "permission" in record.content and "Send Messages" in record.content
    assert emulator.messages(locked) == []
    about = await emulator.slash(discord_world.general, discord_world.alice, "about")
    assert (await about.wait_done()).embeds[0]["title"] == "Doinel"


async def test_a_reply_over_2000_characters_is_caught(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness
) -> None:
    await doinel_harness.start(extensions=WITH_FAULTS)
    record = await emulator.slash(discord_world.general, discord_world.alice, "too-long")
    await record.wait_done()
    violation = await emulator.wait_for_violation()
    assert violation.code == 50035
    assert violation.problems == ["data.content: Must be 2000 or fewer in length. (got 2001)"]
    assert [e.code for e in record.errors] == [50035]
    assert record.ephemeral and record.content == APOLOGY  # the member is not left hanging


async def test_restart_keeps_the_database_and_answers_again(
    emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, doinel_harness: DoinelHarness
) -> None:
    first = await emulator.slash(discord_world.general, discord_world.alice, "about")
    before = (await first.wait_done()).embeds[0]["fields"]
    restarted = await doinel_harness.restart()
    assert restarted is not doinel and restarted.is_ready()
    second = await emulator.slash(discord_world.general, discord_world.alice, "about")
    after = (await second.wait_done()).embeds[0]["fields"]
    content = [f["value"] for f in before if f["name"] == "Content"]
    assert content == [f["value"] for f in after if f["name"] == "Content"]
    assert len(emulator.sync_log) == 2 and len(emulator.gateway.live_sessions) == 1


async def test_message_content_setting_reaches_the_gateway(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness
) -> None:
    """MESSAGE_CONTENT_INTENT=true asks for the privileged intent: refused until the portal grants it."""
    doinel_harness.env["MESSAGE_CONTENT_INTENT"] = "true"
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await doinel_harness.start()
    emulator.grant_intents(message_content=True)
    bot = await doinel_harness.start()
    assert bot.intents.message_content
    said = await emulator.say(discord_world.general, discord_world.alice, "the 400 blows")
    seen = await bot.wait_for("message", check=lambda m: m.id == said.id, timeout=2)
    assert seen.content == "the 400 blows"


async def test_restart_keeps_the_extensions_it_was_started_with(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness
) -> None:
    await doinel_harness.start(extensions=WITH_FAULTS)
    await doinel_harness.restart()
    record = await emulator.slash(discord_world.general, discord_world.alice, "boom")
    assert (await record.wait_done()).content == APOLOGY


async def test_a_dev_guild_doinel_is_not_in_is_a_warning_not_a_crash(
    emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness, caplog: pytest.LogCaptureFixture
) -> None:
    elsewhere = discord_world.guild.id + 1
    doinel_harness.env["DEV_GUILD_ID"] = str(elsewhere)
    settings = doinel_harness.settings()
    apply_endpoints(settings)
    bot = Doinel(settings, guild_ready_timeout=0.1)
    with caplog.at_level(logging.WARNING, logger="bot.client"):
        async with run_client(bot, emulator.config.token, timeout=READY_TIMEOUT):
            assert bot.is_ready() and bot.get_guild(discord_world.guild.id) is not None
    assert emulator.sync_log == []
    [warning] = [r.getMessage() for r in caplog.records if r.name == "bot.client"]
    assert f"could not sync commands to DEV_GUILD_ID {elsewhere} (HTTP 404" in warning


async def test_a_database_that_cannot_be_opened_stops_the_start_with_its_path(
    discord_world: DiscordWorld, doinel_harness: DoinelHarness, tmp_path: Path
) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("DATABASE_PATH names this file by mistake\n" * 200)
    doinel_harness.database_path = not_a_database
    with pytest.raises(ConfigError, match=f"DATABASE_PATH: cannot open the database at {not_a_database} "
                                          r"\(file is not a database\)"):
        await doinel_harness.start()
