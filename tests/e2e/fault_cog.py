"""A test-only extension whose commands fail on purpose, to exercise Doinel's error policy.

Loaded through ``Doinel(..., extensions=[*EXTENSIONS, "tests.e2e.fault_cog"])``; never shipped.
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

SECRET = "internal detail that must not leak"
# /wait-then-read holds here (after deferring) until a test sets it. load_extension runs this module
# afresh: a test reaches the loaded copy's event through sys.modules.
RELEASE = asyncio.Event()


class Faults(commands.Cog):
    @app_commands.command(name="boom", description="Raise an unexpected error")
    async def boom(self, interaction: discord.Interaction) -> None:
        raise RuntimeError(SECRET)

    @app_commands.command(name="post-in", description="Post into a channel")
    @app_commands.describe(channel="Where to post")
    async def post_in(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await channel.send("hello from a command")
        await interaction.response.send_message("posted", ephemeral=True)

    @app_commands.command(name="wait-then-read", description="Defer, wait for the test, then read the database")
    async def wait_then_read(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await RELEASE.wait()
        count = await interaction.client.db.scalar("SELECT count(*) FROM facts")  # type: ignore[attr-defined]
        await interaction.followup.send(f"{count} facts", ephemeral=True)

    @app_commands.command(name="too-long", description="Reply with 2,001 characters")
    async def too_long(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Faults())
