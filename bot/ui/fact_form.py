"""The fact form (a modal): text, film, source, tags — for adding, editing, suggesting, reviewing.

When what was typed breaks a rule, the member is told what to fix and gets an "Edit and try
again" button that reopens the form with their text, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.content.pack import MAX_FACT_TEXT, MAX_SOURCE
from bot.errors import InvalidInput
from bot.moderation.validation import MAX_FILM_QUERY, FactDraft
from bot.ui.base import BaseModal
from bot.ui.pending import PENDING_TTL, Choice, choice_view

DraftHandler = Callable[[discord.Interaction, FactDraft], Awaitable[None]]


class FactForm(BaseModal):
    def __init__(self, *, title: str, draft: FactDraft, on_draft: DraftHandler) -> None:
        super().__init__(title=title[:45], timeout=PENDING_TTL)
        self.form_title = title
        self.on_draft = on_draft
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
            label="Tags (optional, comma-separated)", default=draft.tags or None, required=False, max_length=450,
            placeholder="cast, production, locations",
        )
        for item in (self.text, self.film, self.source, self.tags):
            self.add_item(item)

    def draft(self) -> FactDraft:
        return FactDraft(self.text.value, self.film.value, self.source.value, self.tags.value)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        draft = self.draft()
        try:
            await self.on_draft(interaction, draft)
        except InvalidInput as exc:
            await offer_retry(interaction, exc.message, title=self.form_title, draft=draft, on_draft=self.on_draft)


async def offer_retry(interaction: discord.Interaction, message: str, *, title: str, draft: FactDraft,
                      on_draft: DraftHandler) -> None:
    """Say what is wrong, with a button that reopens the form as it was typed."""

    async def reopen(click: discord.Interaction) -> None:
        await click.response.send_modal(FactForm(title=title, draft=draft, on_draft=on_draft))

    view = choice_view(interaction.client, interaction.user.id,
                       [Choice("retry", "Edit and try again", reopen, discord.ButtonStyle.primary, repeatable=True)])
    send = interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
    await send(message, view=view, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


def draft_of(text: str, film: str | None, source: str, tags: tuple[str, ...]) -> FactDraft:
    """A form pre-filled with a stored fact or suggestion."""
    return FactDraft(text, film or "", source, ", ".join(tags))
