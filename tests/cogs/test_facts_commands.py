"""The /fact and /daily commands are the product's interface: names, options and permissions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot.client import Doinel
from bot.clock import ManualClock
from bot.config import Settings


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Doinel]:
    instance = Doinel(Settings(database_path=tmp_path / "cmd.sqlite3"), sync_dev_guild=False,
                      clock=ManualClock(1_714_546_800))
    await instance.setup_hook()
    try:
        yield instance
    finally:
        await instance.close()


def options(command: app_commands.Command) -> list[tuple[str, bool]]:
    return [(p.display_name, p.required) for p in command.parameters]


async def test_fact_commands(bot: Doinel) -> None:
    group = bot.tree.get_command("fact")
    assert isinstance(group, app_commands.Group) and group.guild_only
    commands = {c.name: c for c in group.commands}
    assert set(commands) == {"today", "random", "show", "search", "history", "suggest"}
    assert options(commands["today"]) == [] and options(commands["history"]) == []
    assert options(commands["random"]) == [("film", False)]
    assert options(commands["show"]) == [("id", True)]
    assert options(commands["search"]) == [("query", True), ("film", False)]
    assert options(commands["suggest"]) == [("film", False)]
    assert commands["show"].get_parameter("fact_id").autocomplete is not None
    assert commands["search"].get_parameter("film").autocomplete is not None


async def test_daily_commands(bot: Doinel) -> None:
    group = bot.tree.get_command("daily")
    assert isinstance(group, app_commands.Group) and group.guild_only
    assert group.default_permissions == discord.Permissions(manage_guild=True)
    commands = {c.name: c for c in group.commands}
    assert set(commands) == {"set", "off", "status", "preview", "post-now"}
    assert options(commands["set"]) == [("channel", True), ("time", True), ("timezone", True), ("film", False),
                                        ("ping_role", False), ("thread", False)]
    assert commands["set"].get_parameter("timezone").autocomplete is not None


async def test_the_scheduler_runs_with_the_cog_and_stops_with_it(bot: Doinel) -> None:
    scheduler = bot.get_cog("Daily").scheduler
    assert scheduler.running and scheduler.clock is bot.clock
    await bot.remove_cog("Daily")
    assert not scheduler.running
