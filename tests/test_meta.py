"""Meta-tests: every extension loads, command names are unique, everything is described."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot.client import EXTENSIONS, Doinel
from bot.config import Settings


@pytest.fixture
async def offline_bot(tmp_path: Path) -> AsyncIterator[Doinel]:
    """A bot that runs setup_hook (DB, packs, extensions) but never connects to anything."""
    bot = Doinel(Settings(database_path=tmp_path / "meta.sqlite3"), sync_dev_guild=False)
    await bot.setup_hook()
    try:
        yield bot
    finally:
        await bot.db.close()


def _walk(commands: list) -> Iterator[app_commands.Command | app_commands.Group]:
    for command in commands:
        yield command
        if isinstance(command, app_commands.Group):
            yield from _walk(command.commands)


async def test_every_extension_loads(offline_bot: Doinel) -> None:
    assert set(offline_bot.extensions) == set(EXTENSIONS)


async def test_no_duplicate_command_names(offline_bot: Doinel) -> None:
    names = [c.qualified_name for c in _walk(offline_bot.tree.get_commands())]
    assert len(names) == len(set(names)), sorted(names)
    assert "about" in names


async def test_every_command_and_option_is_described(offline_bot: Doinel) -> None:
    missing = []
    for command in _walk(offline_bot.tree.get_commands()):
        if not command.description or command.description == "…":
            missing.append(command.qualified_name)
        if isinstance(command, app_commands.Command):
            missing += [f"{command.qualified_name} {p.name}" for p in command.parameters
                        if not p.description or p.description == "…"]
    assert not missing


async def test_command_payloads_fit_discord_limits(offline_bot: Doinel) -> None:
    for command in _walk(offline_bot.tree.get_commands()):
        assert 1 <= len(command.name) <= 32 and command.name == command.name.lower()
        assert len(command.description) <= 100, command.qualified_name


def test_bot_uses_minimal_intents(tmp_path: Path) -> None:
    bot = Doinel(Settings(database_path=tmp_path / "x.sqlite3"))
    assert bot.intents.guilds and not bot.intents.message_content and not bot.intents.members
    assert bot.allowed_mentions is not None and bot.allowed_mentions.everyone is False
    typed = Doinel(Settings(database_path=tmp_path / "x.sqlite3", message_content=True))
    assert typed.intents.message_content and typed.intents.guild_messages
    assert isinstance(bot.tree, discord.app_commands.CommandTree)
