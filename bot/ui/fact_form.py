"""The fact form (a modal): text, film, source, tags — for adding, editing, suggesting, reviewing.

Each use of the form is a ``FactFormKind``: a routed form (``bot.ui.forms``) whose custom_id says what
it is for ('doinel:form:edit:12:3fa9c2d15e'), so a form submitted after a restart still saves. When
what was typed breaks a rule, the member gets their text back with an "Edit and try again" button
that reopens the form as they typed it, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import discord
from discord.ext import commands

from bot.content.pack import MAX_FACT_TEXT, MAX_SOURCE
from bot.moderation.validation import MAX_FILM_QUERY, FactDraft
from bot.ui.forms import RoutedForm, form_id, form_router

DraftHandler = Callable[[discord.Interaction, tuple[str, ...], FactDraft], Awaitable[None]]
TitleOf = Callable[[tuple[str, ...]], str]
MAX_TAGS_TYPED = 450


class FactForm(RoutedForm):
    def __init__(self, *, title: str, custom_id: str, draft: FactDraft) -> None:
        super().__init__(title=title, custom_id=custom_id)
        self.form_title = title
        self.text: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="text",
            label="Fact", style=discord.TextStyle.paragraph, default=draft.text or None, max_length=MAX_FACT_TEXT,
            placeholder="One sentence or two, checkable, about a film or its people.",
        )
        self.film: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="film",
            label="Film (optional)", default=draft.film or None, required=False, max_length=MAX_FILM_QUERY,
            placeholder="Title or id, e.g. The 400 Blows",
        )
        self.source: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="source",
            label="Source (optional)", default=draft.source or None, required=False, max_length=MAX_SOURCE,
            placeholder="Where this can be checked: a book, an interview, a URL",
        )
        self.tags: discord.ui.TextInput[FactForm] = discord.ui.TextInput(
            custom_id="tags",
            label="Tags (optional, comma-separated)", default=draft.tags or None, required=False,
            max_length=MAX_TAGS_TYPED, placeholder="cast, production, locations",
        )
        self.add_inputs([self.text, self.film, self.source, self.tags])


def draft_from(values: Mapping[str, str]) -> FactDraft:
    """The draft a submitted fact form carries (its inputs' custom_ids are the draft's fields)."""
    return FactDraft(values.get("text", ""), values.get("film", ""), values.get("source", ""), values.get("tags", ""))


@dataclass(frozen=True)
class FactFormKind:
    """One use of the fact form: its route ``kind``, its title (from the route's args) and its handler.

    ``on_draft(interaction, args, draft)`` raises ``InvalidInput`` to hand the text back with a retry.
    """

    kind: str
    title: TitleOf
    on_draft: DraftHandler

    def form(self, *args: object, draft: FactDraft) -> FactForm:
        custom_id = form_id(self.kind, *args)
        return FactForm(title=self.title(tuple(str(a) for a in args)), custom_id=custom_id, draft=draft)

    def register(self, bot: commands.Bot) -> None:
        async def handle(interaction: discord.Interaction, args: tuple[str, ...], values: dict[str, str]) -> None:
            await self.on_draft(interaction, args, draft_from(values))

        def build(args: tuple[str, ...], values: Mapping[str, str]) -> FactForm:
            return self.form(*args, draft=draft_from(values))

        form_router(bot).add(self.kind, handle, build=build)

    def unregister(self, bot: commands.Bot) -> None:
        form_router(bot).remove(self.kind)


def draft_of(text: str, film: str | None, source: str, tags: tuple[str, ...]) -> FactDraft:
    """A form pre-filled with a stored fact or suggestion."""
    return FactDraft(text, film or "", source, ", ".join(tags))
