"""/about: version, content counts, uptime and latency."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.db.stats import ContentCounts, content_counts
from bot.text import plural
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


def content_text(counts: ContentCounts) -> str:
    """'1 film · 11 people · 71 facts · 75 trivia questions'."""
    return " · ".join((plural(counts.films, "film"), plural(counts.people, "person", "people"),
                       plural(counts.facts, "fact"), plural(counts.questions, "trivia question")))


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
        embed.add_field(name="Content", value=content_text(counts), inline=False)
        await interaction.response.send_message(embed=embed)


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Meta(bot))
