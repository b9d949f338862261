"""/about: version, content counts, uptime and latency."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.db.stats import content_counts
from bot.ui.format import BRAND_COLOUR

if TYPE_CHECKING:
    from bot.client import Doinel


def format_duration(seconds: float) -> str:
    """'3d 4h', '5h 12m', '42s'."""
    seconds = int(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


class Meta(commands.Cog):
    def __init__(self, bot: Doinel) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="What Doinel is, how much it knows, and how it is doing")
    async def about(self, interaction: discord.Interaction) -> None:
        counts = await content_counts(self.bot.db, interaction.guild_id)
        latency = self.bot.latency
        embed = discord.Embed(
            title="Doinel",
            description="Film facts of the day, trivia rounds and lookups for film servers.",
            colour=BRAND_COLOUR,
        )
        embed.add_field(name="Version", value=self.bot.version)
        embed.add_field(name="Uptime", value=format_duration(self.bot.uptime_seconds))
        embed.add_field(name="Latency", value="—" if math.isinf(latency) or math.isnan(latency)
                        else f"{latency * 1000:.0f} ms")
        embed.add_field(
            name="Content",
            value=f"{counts.films} films · {counts.people} people · {counts.facts} facts · "
                  f"{counts.questions} trivia questions",
            inline=False,
        )
        await interaction.response.send_message(embed=embed)


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Meta(bot))
