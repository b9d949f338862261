"""End-to-end fixtures: the real Doinel bot, in-process, against a fresh emulator per test.

    async def test_about(emulator, discord_world, doinel):
        record = await emulator.slash(discord_world.general, discord_world.alice, "about")
        await record.wait_done()

``doinel`` is a started :class:`DoinelHarness`; request ``doinel_harness`` instead to start
the bot yourself (e.g. with extra ``extensions=``). ``restart_bot()`` closes the bot and
starts a new one on the same database.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import discord
import pytest

from bot.client import Doinel, apply_endpoints
from bot.config import Settings
from tests.emulator import Channel, Emulator, Guild, Member, Role
from tests.emulator.pytest_plugin import emulator, emulator_config, run_client  # noqa: F401

READY_TIMEOUT = 10.0


@dataclass
class DiscordWorld:
    """One guild with #general, its owner, a moderator (Manage Server) and two plain members."""

    guild: Guild
    general: Channel
    owner: Member
    moderator: Member
    alice: Member
    bob: Member
    moderators: Role


@pytest.fixture
async def discord_world(emulator: Emulator) -> DiscordWorld:  # noqa: F811
    guild = await emulator.create_guild("Film Club")
    general = await emulator.create_text_channel(guild, "general")
    moderators = await emulator.create_role(guild, "Moderators", permissions=discord.Permissions(manage_guild=True))
    moderator = await emulator.add_member(guild, "mod", roles=[moderators])
    alice = await emulator.add_member(guild, "alice")
    bob = await emulator.add_member(guild, "bob")
    return DiscordWorld(guild, general, emulator.owner(guild), moderator, alice, bob, moderators)


@dataclass
class DoinelHarness:
    """Starts, restarts and stops the real bot against the emulator, always on the same database."""

    emulator: Emulator
    world: DiscordWorld
    database_path: Path
    # Extra settings for the next start, e.g. {"MESSAGE_CONTENT_INTENT": "true"} (grant it on the emulator too).
    env: dict[str, str] = field(default_factory=dict)
    extensions: Sequence[str] | None = None  # None = Doinel's own EXTENSIONS
    bot: Doinel | None = None
    _running: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)

    def settings(self) -> Settings:
        """Settings read the way production reads them: from environment variables."""
        environ = {
            "DISCORD_TOKEN": self.emulator.config.token,
            "DATABASE_PATH": str(self.database_path),
            "DEV_GUILD_ID": str(self.world.guild.id),
            "OWNER_IDS": str(self.world.owner.id),
            "DISCORD_API_BASE": self.emulator.api_base,
            "DISCORD_GATEWAY_URL": self.emulator.gateway_url,
            **self.env,
        }
        return Settings.from_env(environ, dotenv=False)

    async def start(self, *, extensions: Sequence[str] | None = None) -> Doinel:
        """Start Doinel and wait until it is ready (its dev-guild commands are synced by then).

        ``extensions`` replaces Doinel's list for this start and the following restarts.
        """
        if self.bot is not None:
            raise RuntimeError("Doinel is already running; use restart()")
        if extensions is not None:
            self.extensions = extensions
        settings = self.settings()
        apply_endpoints(settings)
        bot = Doinel(settings, extensions=self.extensions, guild_ready_timeout=0.1)
        await self._running.enter_async_context(run_client(bot, self.emulator.config.token, timeout=READY_TIMEOUT))
        self.bot = bot
        if not self.emulator.commands(self.world.guild):
            raise RuntimeError("Doinel is ready but synced no command to the dev guild")
        return bot

    async def stop(self) -> None:
        await self._running.aclose()
        self._running = contextlib.AsyncExitStack()
        self.bot = None

    async def restart(self) -> Doinel:
        """Close the bot and start a new one on the same database, settings and extensions."""
        await self.stop()
        return await self.start()


@pytest.fixture
async def doinel_harness(
    emulator: Emulator,  # noqa: F811
    discord_world: DiscordWorld,
    tmp_path: Path,
) -> AsyncIterator[DoinelHarness]:
    harness = DoinelHarness(emulator, discord_world, tmp_path / "doinel.sqlite3")
    try:
        yield harness
    finally:
        await harness.stop()


@pytest.fixture
async def doinel(doinel_harness: DoinelHarness) -> Doinel:
    """The real bot, started with its default extensions."""
    return await doinel_harness.start()


@pytest.fixture
async def typed_bot(emulator: Emulator, doinel_harness: DoinelHarness) -> Doinel:  # noqa: F811
    """Doinel with the Message Content intent (typed rounds), rounds sped up 20 times."""
    from tests.e2e.test_trivia import start_typed  # the trivia helpers import this module

    return await start_typed(emulator, doinel_harness, 0.05)


@pytest.fixture
def restart_bot(doinel_harness: DoinelHarness) -> Callable[[], Awaitable[Doinel]]:
    """Close the running bot and start a new one on the same database."""
    return doinel_harness.restart
