"""/films add, edit, details, credits: the bot's owners add and correct films (they are shared by every server).

Each opens a form (a routed modal, ``bot.ui.forms``): it still saves when submitted after a restart,
and what was typed comes back with "Edit and try again" when a line is wrong. Hidden from members
without Manage Server; the owner check itself is made in the core, on every submission.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.db.connection import Database
from bot.lookup import corrections, editing, service
from bot.permissions import Actor
from bot.ui.actor import actor_from
from bot.ui.choices import offer
from bot.ui.deadline import reply
from bot.ui.forms import RoutedForm, form_id, form_router
from cogs.lookup.views import film_buttons, to_embed

if TYPE_CHECKING:
    from bot.client import Doinel

TextInput = discord.ui.TextInput
Save = Callable[[Database, Actor, tuple[str, ...], Mapping[str, str]], Awaitable[int]]


def _input(key: str, label: str, values: Mapping[str, str], *, paragraph: bool = False, required: bool = False,
           placeholder: str | None = None) -> TextInput[Any]:
    return TextInput(custom_id=key, label=label, default=values.get(key) or None, required=required,
                     style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
                     max_length=corrections.FORM_FIELDS[key][1], placeholder=placeholder)


def text_form(kind: str, args: tuple[str, ...], values: Mapping[str, str]) -> RoutedForm:
    form = RoutedForm(title="Add a film" if kind == "filmadd" else "Correct the film",
                      custom_id=form_id(kind, *args))
    form.add_inputs([
        _input("title", "Title", values, required=True, placeholder="The 400 Blows"),
        _input("original_title", "Original title (if different)", values, placeholder="Les Quatre Cents Coups"),
        _input("year", "Year", values, placeholder="1959"),
        _input("aliases", "Other titles, one per line", values, paragraph=True, placeholder="Les 400 coups"),
        _input("synopsis", "Synopsis", values, paragraph=True),
    ])
    return form


def info_form(args: tuple[str, ...], values: Mapping[str, str]) -> RoutedForm:
    form = RoutedForm(title="Correct the film's details", custom_id=form_id("filminfo", *args))
    form.add_inputs([
        _input("runtime", "Runtime in minutes", values, placeholder="99"),
        _input("countries", "Countries, comma-separated", values, placeholder="France"),
        _input("languages", "Languages, comma-separated", values, placeholder="French"),
        _input("format", "Format", values, placeholder="Black and white, DyaliScope"),
        _input("awards", "Awards, one per line", values, paragraph=True),
    ])
    return form


def credits_form(args: tuple[str, ...], values: Mapping[str, str]) -> RoutedForm:
    form = RoutedForm(title="Correct the film's credits", custom_id=form_id("filmcredits", *args))
    form.add_inputs([
        _input("crew", "Crew: one per line, role: name", values, paragraph=True,
               placeholder="director: François Truffaut\nwriter: Marcel Moussy"),
        _input("cast", "Cast in billing order: name as character", values, paragraph=True,
               placeholder="Jean-Pierre Léaud as Antoine Doinel\ncameo: Jacques Demy as Policeman"),
    ])
    return form


async def _add(db: Database, actor: Actor, args: tuple[str, ...], values: Mapping[str, str]) -> int:
    return await corrections.add_film(db, actor, values)


async def _edit(db: Database, actor: Actor, args: tuple[str, ...], values: Mapping[str, str]) -> int:
    await corrections.edit_film(db, actor, int(args[0]), values)
    return int(args[0])


async def _info(db: Database, actor: Actor, args: tuple[str, ...], values: Mapping[str, str]) -> int:
    await corrections.edit_info(db, actor, int(args[0]), values)
    return int(args[0])


async def _credits(db: Database, actor: Actor, args: tuple[str, ...], values: Mapping[str, str]) -> int:
    await corrections.edit_credits(db, actor, int(args[0]), values)
    return int(args[0])


FORMS: dict[str, tuple[Save, Callable[[tuple[str, ...], Mapping[str, str]], RoutedForm], str]] = {
    "filmadd": (_add, lambda args, values: text_form("filmadd", args, values), "Added"),
    "filmedit": (_edit, lambda args, values: text_form("filmedit", args, values), "Saved"),
    "filminfo": (_info, info_form, "Saved"),
    "filmcredits": (_credits, credits_form, "Saved"),
}


def _handler(save: Save, done: str) -> Callable[[discord.Interaction, tuple[str, ...], dict[str, str]],
                                                   Awaitable[None]]:
    async def handle(interaction: discord.Interaction, args: tuple[str, ...], values: dict[str, str]) -> None:
        db: Database = interaction.client.db  # type: ignore[attr-defined]
        film_id = await save(db, actor_from(interaction), args, values)
        shown = await service.film_card(db, film_id, interaction.guild_id)
        await reply(interaction, content=f"{done}: film #{film_id}. Every server sees the change.",
                    embed=to_embed(shown.embed), view=film_buttons(shown, in_server=interaction.guild_id is not None),
                    ephemeral=True)
    return handle


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class FilmAdmin(commands.GroupCog, group_name="films",
                group_description="Add or correct films and their credits (bot owners)"):
    def __init__(self, bot: Doinel) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        router = form_router(self.bot)
        for kind, (save, build, done) in FORMS.items():
            router.add(kind, _handler(save, done), build=build)

    async def cog_unload(self) -> None:
        form_router(self.bot).remove(*FORMS)

    async def film_autocomplete(self, interaction: discord.Interaction,
                                current: str) -> list[app_commands.Choice[str]]:
        return await offer("film", current, service.film_choices(self.bot.db, current, None))

    async def _details(self, interaction: discord.Interaction, film: str) -> Any:
        editing.require_film_editor(actor_from(interaction))  # refuse before anything is typed
        return await corrections.film_for_edit(self.bot.db, film)

    @app_commands.command(name="add", description="Add a film (a form opens): title, original title, year...")
    async def add(self, interaction: discord.Interaction) -> None:
        editing.require_film_editor(actor_from(interaction))
        await interaction.response.send_modal(text_form("filmadd", (), {}))

    @app_commands.command(name="edit", description="Correct a film's title, other titles, year or synopsis")
    @app_commands.describe(film="The film to correct")
    @app_commands.autocomplete(film=film_autocomplete)
    async def edit(self, interaction: discord.Interaction, film: str) -> None:
        details = await self._details(interaction, film)
        await interaction.response.send_modal(
            text_form("filmedit", (str(details.film.id),), corrections.text_values(details)))

    @app_commands.command(name="details", description="Correct a film's runtime, countries, languages, format, awards")
    @app_commands.describe(film="The film to correct")
    @app_commands.autocomplete(film=film_autocomplete)
    async def details(self, interaction: discord.Interaction, film: str) -> None:
        details = await self._details(interaction, film)
        await interaction.response.send_modal(info_form((str(details.film.id),), corrections.info_values(details)))

    @app_commands.command(name="credits", description="Correct a film's directors, writers, cast and cameos")
    @app_commands.describe(film="The film to correct")
    @app_commands.autocomplete(film=film_autocomplete)
    async def credits(self, interaction: discord.Interaction, film: str) -> None:
        details = await self._details(interaction, film)
        values = await corrections.credit_values(self.bot.db, details)
        await interaction.response.send_modal(credits_form((str(details.film.id),), values))
