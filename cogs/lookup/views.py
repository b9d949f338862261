"""The buttons and menus of /film and /person.

Every one is stateless: its custom_id says what it is for (``doinel:film:facts:12``), so a card
posted last month, or before a restart, still answers. Errors go through the bot's one error policy.

The "Trivia" button does not start rounds itself (cogs never import each other): it dispatches
``doinel_trivia_request(interaction, film_id)``, which the trivia cog answers like ``/trivia start
film:<id>``. When no cog listens, or none answers in time, the member is told so.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.errors import InvalidInput
from bot.lookup import cards, service
from bot.lookup.embeds import EmbedData
from bot.text import is_number
from bot.tree import report_error, send_private
from bot.ui import paginator
from bot.ui.format import BRAND_COLOUR

log = logging.getLogger(__name__)

TRIVIA_EVENT = "doinel_trivia_request"
TRIVIA_WAIT = 2.5             # seconds the trivia cog has to answer before the member is told (Discord: 3)
NO_TRIVIA = "Trivia rounds aren't available on this bot right now."
NOT_YOURS = "Only the member who asked can choose here. Run {command} yourself to look one up."


def to_embed(data: EmbedData) -> discord.Embed:
    embed = discord.Embed(title=data.title, description=data.description or None, colour=BRAND_COLOUR)
    for f in data.fields:
        embed.add_field(name=f.name, value=f.value, inline=f.inline)
    if data.footer:
        embed.set_footer(text=data.footer)
    return embed


class _Item:
    """Mixin for dynamic items: run ``act`` under the bot's error policy (dynamic items have no tree)."""

    custom_id: str

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.act(interaction)
        except Exception as error:
            await report_error(interaction, error, f"{type(self).__name__} ({self.custom_id})")

    # Each item defines what a click does.
    act: Callable[[discord.Interaction], Awaitable[None]]


class FactsButton(_Item, discord.ui.DynamicItem[discord.ui.Button[Any]],
                  template=r"doinel:film:facts:(?P<film_id>[0-9]{1,19})"):
    """This film's facts, paginated, privately: browsing them does not flood the channel."""

    def __init__(self, film_id: int) -> None:
        super().__init__(discord.ui.Button(label="Facts", emoji="📜", style=discord.ButtonStyle.primary,
                                           custom_id=f"doinel:film:facts:{film_id}"))
        self.film_id = film_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> FactsButton:
        return cls(int(match["film_id"]))

    async def act(self, interaction: discord.Interaction) -> None:
        title, entries, footer = await service.film_facts(interaction.client.db, self.film_id,  # type: ignore[attr-defined]
                                                          interaction.guild_id)
        pages = paginator.pages_from_entries(entries, title=title, per_page=cards.FACTS_PER_PAGE, footer=footer)
        await paginator.Paginator(pages).start(interaction, ephemeral=True)


class TriviaButton(_Item, discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"doinel:film:trivia:(?P<film_id>[0-9]{1,19})"):
    """A trivia round about this film in this channel (if none is running), via the trivia cog."""

    def __init__(self, film_id: int) -> None:
        super().__init__(discord.ui.Button(label="Trivia", emoji="🎲", style=discord.ButtonStyle.success,
                                           custom_id=f"doinel:film:trivia:{film_id}"))
        self.film_id = film_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> TriviaButton:
        return cls(int(match["film_id"]))

    async def act(self, interaction: discord.Interaction) -> None:
        await request_trivia(interaction, self.film_id)


async def request_trivia(interaction: discord.Interaction, film_id: int) -> None:
    """Ask the trivia cog for a round about ``film_id``; tell the member if nobody answers."""
    if interaction.guild_id is None:
        raise InvalidInput("Trivia works in servers only.")
    client: Any = interaction.client
    if not getattr(client, "extra_events", {}).get(f"on_{TRIVIA_EVENT}"):
        await send_private(interaction, NO_TRIVIA)
        return
    client.dispatch(TRIVIA_EVENT, interaction, film_id)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TRIVIA_WAIT
    while loop.time() < deadline:
        await asyncio.sleep(0.05)
        if interaction.response.is_done():
            return
    log.warning("nobody answered %s for film %s in %.1f s (guild=%s channel=%s)", TRIVIA_EVENT, film_id,
                TRIVIA_WAIT, interaction.guild_id, interaction.channel_id)
    await send_private(interaction, "The trivia round did not start in time. Try `/trivia start` in a moment.")


def film_buttons(shown: service.FilmShown, *, in_server: bool) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FactsButton(shown.film_id))
    if shown.questions and in_server:
        view.add_item(TriviaButton(shown.film_id))
    return view


class _Pick(_Item):
    """A "which one?" menu: only the member who asked may choose; the choice replaces the menu.

    Each kind (``doinel:<kind>:pick:<user_id>``) says what it offers and how the chosen one is shown.
    """

    kind = ""
    placeholder = ""

    def __init__(self, user_id: int, pick: service.Pick | None = None) -> None:
        custom_id = f"doinel:{self.kind}:pick:{user_id}"
        select = _menu(custom_id, self.placeholder, pick) if pick else discord.ui.Select(custom_id=custom_id)
        discord.ui.DynamicItem.__init__(self, select)  # type: ignore[arg-type]
        self.user_id = user_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> Any:
        return cls(int(match["user_id"]))

    async def act(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            await interaction.response.send_message(NOT_YOURS.format(command=f"/{self.kind}"), ephemeral=True)
            return
        values: Sequence[str] = self.item.values  # type: ignore[attr-defined]
        if not values or not is_number(values[0]):
            raise InvalidInput("Choose one from the menu.")
        await self.show(interaction, int(values[0]))

    show: Callable[[discord.Interaction, int], Awaitable[None]]


def _menu(custom_id: str, placeholder: str, pick: service.Pick) -> discord.ui.Select[Any]:
    return discord.ui.Select(custom_id=custom_id, placeholder=placeholder, options=[
        discord.SelectOption(label=c.label, value=str(c.value), description=c.description) for c in pick.choices
    ])


class FilmPick(_Pick, discord.ui.DynamicItem[discord.ui.Select[Any]],
               template=r"doinel:film:pick:(?P<user_id>[0-9]{1,19})"):
    kind = "film"
    placeholder = "Choose the film"

    async def show(self, interaction: discord.Interaction, chosen: int) -> None:
        shown = await service.film_card(interaction.client.db, chosen, interaction.guild_id)  # type: ignore[attr-defined]
        await interaction.response.edit_message(
            content=None, embed=to_embed(shown.embed),
            view=film_buttons(shown, in_server=interaction.guild_id is not None))


class PersonPick(_Pick, discord.ui.DynamicItem[discord.ui.Select[Any]],
                 template=r"doinel:person:pick:(?P<user_id>[0-9]{1,19})"):
    kind = "person"
    placeholder = "Choose the person"

    async def show(self, interaction: discord.Interaction, chosen: int) -> None:
        embed = await service.person_card(interaction.client.db, chosen)  # type: ignore[attr-defined]
        await interaction.response.edit_message(content=None, embed=to_embed(embed), view=None)


def menu_view(item: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(item)
    return view


DYNAMIC_ITEMS = (FactsButton, TriviaButton, FilmPick, PersonPick)
