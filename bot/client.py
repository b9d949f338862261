"""The bot: lifecycle (database, extensions, dev-guild sync) and endpoint overrides."""

from __future__ import annotations

import gc
import logging
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot import __version__
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.content.bundled import sync_bundled_packs
from bot.db import Database
from bot.errors import ConfigError
from bot.instance import InstanceLock
from bot.tree import DoinelTree

log = logging.getLogger(__name__)

# Every feature, in load order. Explicit on purpose: nothing is loaded by scanning folders.
EXTENSIONS: tuple[str, ...] = (
    "cogs.meta",
    "cogs.facts",
    "cogs.daily",
    "cogs.moderation",
    "cogs.config",
    "cogs.trivia",
    "cogs.lookup",
)

# discord.py's default connector has no limit, so a burst of 1,000 button clicks opens 1,000 new (TLS)
# connections at once for the interaction callbacks. A bounded pool reuses keep-alive connections:
# measured against the local emulator, a 1,000-click burst is answered about 3x faster (p99 0.7 s, not 2 s).
HTTP_CONNECTION_LIMIT = 50

_DISCORD_API_BASE = discord.http.Route.BASE
_DISCORD_GATEWAY = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def apply_endpoints(settings: Settings) -> None:
    """Point discord.py at a REST/gateway proxy or the local emulator (or back at Discord)."""
    discord.http.Route.BASE = settings.api_base or _DISCORD_API_BASE
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
        yarl.URL(settings.gateway_url if settings.gateway_url.endswith("/") else settings.gateway_url + "/")
        if settings.gateway_url
        else _DISCORD_GATEWAY
    )


def make_intents(settings: Settings) -> discord.Intents:
    """Only what the features need: guilds; messages (and their content) only for typed trivia."""
    intents = discord.Intents.none()
    intents.guilds = True
    if settings.message_content:
        intents.guild_messages = True
        intents.message_content = True
    return intents


class Doinel(commands.Bot):
    """The Doinel bot. ``db`` is open from ``setup_hook`` until ``close``; ``clock`` tells schedulers the time."""

    db: Database

    def __init__(self, settings: Settings, *, extensions: Sequence[str] | None = None,
                 sync_dev_guild: bool = True, serving: bool = True, clock: Clock | None = None,
                 **options: Any) -> None:
        """``serving=False``: only the command tree, for ``python -m bot sync`` beside a running bot (the
        cogs load, but no round is closed and no daily post scheduled: that is the serving bot's work)."""
        # Doinel never joins voice: no warnings at every start about voice libraries it does not need.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=make_intents(settings),
            tree_cls=DoinelTree,
            allowed_mentions=discord.AllowedMentions.none(),
            owner_ids=set(settings.owner_ids) or None,
            **options,
        )
        self.settings = settings
        self.extension_names: tuple[str, ...] = tuple(EXTENSIONS if extensions is None else extensions)
        self.sync_dev_guild = sync_dev_guild
        self.serving = serving
        self._instance: InstanceLock | None = None
        self.version = __version__
        self.started_at = time.monotonic()
        self.clock: Clock = clock or SystemClock()

    async def on_message(self, message: discord.Message) -> None:
        """Doinel has slash commands only: a message is never read as a text command ("@Doinel hi" would
        log a CommandNotFound traceback). The cogs' own message listeners (typed answers) still hear it."""

    async def login(self, token: str) -> None:
        if self.http.connector is discord.utils.MISSING:  # created here: it needs the running loop
            self.http.connector = aiohttp.TCPConnector(limit=HTTP_CONNECTION_LIMIT)
        await super().login(token)

    async def setup_hook(self) -> None:
        if self.serving and str(self.settings.database_path) != ":memory:":
            self._instance = InstanceLock(self.settings.database_path)
            self._instance.acquire()      # before the database is opened (and migrated) under another bot
        try:
            self.db = await Database.open(self.settings.database_path)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"DATABASE_PATH: cannot open the database at {self.settings.database_path} "
                              f"({exc})") from exc
        await sync_bundled_packs(self.db)
        for name in self.extension_names:
            await self.load_extension(name)
        if self.settings.dev_guild_id and self.sync_dev_guild:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.HTTPException as exc:  # the bot still serves wherever its commands are synced
                log.warning("could not sync commands to DEV_GUILD_ID %s (HTTP %s: %s): is Doinel in that "
                            "server, invited with the applications.commands scope?", self.settings.dev_guild_id,
                            exc.status, exc.text or "no details")
            else:
                log.info("synced %d commands to dev guild %s", len(synced), self.settings.dev_guild_id)

    async def on_ready(self) -> None:
        log.info("ready as %s (%s) in %d servers", self.user, getattr(self.user, "id", "?"), len(self.guilds))
        # What exists now (modules, commands, the guild cache) mostly lives as long as the process: keep it
        # out of the collector's full passes, which otherwise rescan it all and stall the loop for tens of ms
        # in the middle of a burst of button clicks (a frozen object that later dies in a reference cycle is
        # not reclaimed: rare, and small next to the pauses saved).
        gc.collect()
        gc.freeze()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            db = getattr(self, "db", None)
            if db is not None:
                await db.close()
                log.info("database closed")
            if self._instance is not None:
                self._instance.release()

    def is_owner_id(self, user_id: int) -> bool:
        return user_id in self.settings.owner_ids

    @property
    def uptime_seconds(self) -> float:
        return time.monotonic() - self.started_at
