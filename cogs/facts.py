"""/fact: today's fact, a random one, one by id, search, the server's history of daily facts, suggesting one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.facts import browse
from bot.moderation import fact_ops
from bot.text import escape_markdown, quoted
from bot.ui import paginator
from bot.ui.choices import offer
from bot.ui.deadline import in_time, reply
from bot.ui.facts import (
    DAILY_COLOUR,
    HISTORY_PER_PAGE,
    fact_embed,
    history_page,
    history_page_count,
    jump_url,
    long_date,
    search_entry,
    search_legend,
    without_gone,
)
from bot.ui.format import timestamp
from bot.ui.suggestions import SUGGEST_FORM, start_suggestion

if TYPE_CHECKING:
    from bot.client import Doinel

SEARCH_PER_PAGE = 5


class Facts(commands.Cog):
    fact = app_commands.Group(name="fact", description="Film facts: today's, a random one, search and more",
                              guild_only=True)

    def __init__(self, bot: Doinel) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        paginator.install(self.bot)
        SUGGEST_FORM.register(self.bot)  # answered by custom_id: a form submitted after a restart still works

    async def cog_unload(self) -> None:
        SUGGEST_FORM.unregister(self.bot)

    def _now(self) -> int:
        return int(self.bot.clock.now())

    # --- autocomplete -------------------------------------------------------------------------------------

    async def film_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await offer("film", current, browse.film_choices(self.bot.db, current))

    async def facts_film_autocomplete(self, interaction: discord.Interaction,
                                      current: str) -> list[app_commands.Choice[str]]:
        """The films with facts here first: /fact random and /fact search find nothing about the others."""
        return await offer("film", current, browse.film_choices(self.bot.db, current,
                                                                with_facts_in=interaction.guild_id or 0))

    async def fact_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await offer("fact", current, browse.fact_choices(self.bot.db, interaction.guild_id or 0, current))

    # --- commands -----------------------------------------------------------------------------------------

    @fact.command(name="today", description="This server's fact of the day: the same for everyone all day")
    async def today(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        result = await in_time(interaction, browse.today(self.bot.db, interaction.guild_id, self._now()))
        embed = fact_embed(result.card, title=f"Fact of the day · {long_date(result.day)}", colour=DAILY_COLOUR)
        if result.post is not None and result.post.channel_id and result.post.message_id:
            url = jump_url(interaction.guild_id, result.post.channel_id, result.post.message_id)
            embed.add_field(name="Posted", value=f"[In <#{result.post.channel_id}>]({url})", inline=False)
        elif result.next_post_at is not None:
            embed.add_field(name="Daily post", value=f"Goes out {timestamp(result.next_post_at, 'R')}", inline=False)
        await reply(interaction, embed=embed)

    @fact.command(name="random", description="A random fact (not one shown here lately)")
    @app_commands.describe(film="Only facts about this film")
    @app_commands.autocomplete(film=facts_film_autocomplete)
    async def random(self, interaction: discord.Interaction, film: str | None = None) -> None:
        assert interaction.guild_id is not None
        card = await in_time(interaction, browse.random_card(self.bot.db, interaction.guild_id, film))
        await reply(interaction, embed=fact_embed(card))

    @fact.command(name="show", description="One fact, with its id, film, source and tags")
    @app_commands.rename(fact_id="id")
    @app_commands.describe(fact_id="The fact's number; type words to find it")
    @app_commands.autocomplete(fact_id=fact_autocomplete)
    async def show(self, interaction: discord.Interaction, fact_id: app_commands.Range[int, 1]) -> None:
        assert interaction.guild_id is not None
        card = await browse.show(self.bot.db, interaction.guild_id, fact_id)
        await interaction.response.send_message(embed=fact_embed(card))

    @fact.command(name="search", description="Search the facts; accents and case don't matter")
    @app_commands.describe(query="Words to look for, e.g. Léaud or Quatre Cents Coups",
                           film="Only facts about this film")
    @app_commands.autocomplete(film=facts_film_autocomplete)
    async def search(self, interaction: discord.Interaction, query: str, film: str | None = None) -> None:
        assert interaction.guild_id is not None
        found = await browse.search(self.bot.db, interaction.guild_id, query, film)
        count = f"{len(found.results)}{'+' if found.more else ''} result{'s' if len(found.results) != 1 else ''}"
        header = f"{count}{f' about *{escape_markdown(found.film.label)}*' if found.film else ''}, best first."
        if found.partial:
            header = f"No fact has all of these words. {header.replace(' best first', ' with some of them')}"
        elif found.more:
            header += " Add words to narrow it down."
        title = f"Search: {quoted(found.query, 200)}"
        packed = paginator.pages_with_ranges([search_entry(r) for r in found.results], title=title,
                                             per_page=SEARCH_PER_PAGE, header=header,
                                             footer_for=lambda shown: search_legend([found.results[i] for i in shown]))

        guild_id = interaction.guild_id

        async def refresh(index: int, page: discord.Embed) -> discord.Embed:   # a fact hidden since is not shown
            shown = [found.results[i] for i in packed[index][1]]
            visible = await browse.still_visible(self.bot.db, guild_id, [r.card.fact.id for r in shown])
            return without_gone(page, shown, visible)

        await paginator.Paginator([page for page, _ in packed], refresh=refresh).start(interaction)

    @fact.command(name="history", description="This server's past facts of the day")
    async def history(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        guild_id = interaction.guild_id
        found = await browse.history(self.bot.db, guild_id, self._now())    # counted; pages read as they are turned
        if not found.days:
            await interaction.response.send_message(
                "No fact of the day yet in this server. See today's with /fact today.", ephemeral=True)
            return

        async def load(index: int) -> discord.Embed:
            items = await browse.history_items(self.bot.db, found, offset=index * HISTORY_PER_PAGE,
                                               limit=HISTORY_PER_PAGE)
            return history_page(items, guild_id, number=index + 1, days=found.days)

        await paginator.Paginator([await load(0)], count=history_page_count(found.days), load=load).start(interaction)

    @fact.command(name="suggest", description="Suggest a fact for this server's moderators to review")
    @app_commands.describe(film="The film it is about (pre-fills the form)")
    @app_commands.autocomplete(film=film_autocomplete)
    async def suggest(self, interaction: discord.Interaction, film: str | None = None) -> None:
        chosen = await browse.resolve_film(self.bot.db, film)
        await start_suggestion(interaction, await fact_ops.form_film(self.bot.db, chosen) or None)


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Facts(bot))
