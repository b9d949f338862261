"""/film, /person and /search: look films, people and facts up."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.lookup import service
from bot.ui import paginator
from bot.ui.choices import offer
from cogs.lookup.views import DYNAMIC_ITEMS, FilmPick, PersonPick, film_buttons, menu_view, to_embed

if TYPE_CHECKING:
    from bot.client import Doinel


class Lookup(commands.Cog):
    def __init__(self, bot: Doinel) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        paginator.install(self.bot)
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # --- autocomplete (never raises: a failed lookup offers nothing rather than an error) ---------------

    async def film_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        year = getattr(interaction.namespace, "year", None)
        return await offer("film", current,
                           service.film_choices(self.bot.db, current, year if isinstance(year, int) else None))

    async def person_autocomplete(self, interaction: discord.Interaction,
                                  current: str) -> list[app_commands.Choice[str]]:
        return await offer("person", current, service.person_choices(self.bot.db, current))

    # --- commands ----------------------------------------------------------------------------------------

    @app_commands.guild_only()
    @app_commands.command(name="film", description="A film's card: credits, synopsis, facts and a trivia round")
    @app_commands.describe(title="Its title, original title or another name (pick from the list)",
                           year="Its year, to tell same-titled films apart")
    @app_commands.autocomplete(title=film_autocomplete)
    async def film(self, interaction: discord.Interaction, title: str,
                   year: app_commands.Range[int, 1870, 2100] | None = None) -> None:
        found = await service.find_film(self.bot.db, title, year)
        if isinstance(found, service.Pick):
            await interaction.response.send_message(found.question,
                                                    view=menu_view(FilmPick(interaction.user.id, found)))
            return
        shown = await service.film_card(self.bot.db, found, interaction.guild_id)
        await interaction.response.send_message(
            embed=to_embed(shown.embed), view=film_buttons(shown, in_server=interaction.guild_id is not None))

    @app_commands.guild_only()
    @app_commands.command(name="person", description="Who someone is and what they made, film by film")
    @app_commands.describe(name="Their name or part of it (pick from the list)")
    @app_commands.autocomplete(name=person_autocomplete)
    async def person(self, interaction: discord.Interaction, name: str) -> None:
        found = await service.find_person(self.bot.db, name)
        if isinstance(found, service.Pick):
            await interaction.response.send_message(found.question,
                                                    view=menu_view(PersonPick(interaction.user.id, found)))
            return
        await interaction.response.send_message(embed=to_embed(await service.person_card(self.bot.db, found)))

    @app_commands.guild_only()
    @app_commands.command(name="search", description="Search films, people and facts at once")
    @app_commands.describe(query="Words to look for, e.g. Truffaut, Quatre Cents Coups or Honfleur")
    async def search(self, interaction: discord.Interaction, query: str) -> None:
        pages = await service.search_pages(self.bot.db, query, interaction.guild_id)
        await paginator.Paginator([to_embed(p) for p in pages]).start(interaction)
