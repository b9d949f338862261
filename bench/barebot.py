"""The floor for ``bench.answer_burst``: a bare discord.py bot that only acknowledges each click.

``python -m bench.barebot`` with DISCORD_TOKEN, DISCORD_API_BASE, DISCORD_GATEWAY_URL and DEV_GUILD_ID
set (the benchmark starts it against the emulator). ``/buttons`` posts a message shaped like a trivia
question (an embed with a prompt and four choices, four labelled buttons: Discord sends the whole
message with every click, so both bots parse the same payload) with a persistent view; a click on any
button is answered with a short ephemeral message, as Doinel answers a trivia click, and nothing else
happens. It uses Doinel's HTTP connection limit, so the two bots differ only in what they do per click.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.client import HTTP_CONNECTION_LIMIT

CHOICES = "abcd"


LABELS = ("Jean-Pierre Léaud", "Albert Rémy", "Claire Maurier", "Patrick Auffay")
QUESTION = discord.Embed(
    title="Question 1/6 · The 400 Blows (1959)",
    description="**Who plays Antoine Doinel?**\n\n" + "\n".join(f"**{c.upper()}** · {label}" for c, label in
                                                                zip(CHOICES, LABELS, strict=True))
    + "\n\n⏱️ Closes <t:1714554000:R> · answer once, change once")


class AnswerView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)
        for choice, label in zip(CHOICES, LABELS, strict=True):
            button: discord.ui.Button[AnswerView] = discord.ui.Button(label=f"{choice.upper()} · {label}",
                                                                      custom_id=f"bare:{choice}")
            button.callback = self.acknowledge  # type: ignore[method-assign]
            self.add_item(button)

    async def acknowledge(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Locked in **A** · Jean-Pierre Léaud. You can change your answer "
                                                "once before the reveal.", ephemeral=True)


class BareBot(commands.Bot):
    def __init__(self, guild_id: int) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # as Doinel without typed trivia
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, help_command=None)
        self.guild_id = guild_id

    async def login(self, token: str) -> None:
        self.http.connector = aiohttp.TCPConnector(limit=HTTP_CONNECTION_LIMIT)
        await super().login(token)

    async def setup_hook(self) -> None:
        @app_commands.command(name="buttons", description="Post four answer buttons")
        async def buttons(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(embed=QUESTION, view=AnswerView())

        guild = discord.Object(self.guild_id)
        self.tree.add_command(buttons, guild=guild)
        self.add_view(AnswerView())
        await self.tree.sync(guild=guild)
        logging.getLogger(__name__).info("synced")

    async def on_ready(self) -> None:
        logging.getLogger(__name__).info("ready as %s", self.user)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"].rstrip("/") + "/")
    bot = BareBot(int(os.environ["DEV_GUILD_ID"]))
    asyncio.run(bot.start(os.environ["DISCORD_TOKEN"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
