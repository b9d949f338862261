"""Trivia UI: the A–D answer buttons, the revealed buttons, a board paginator and a confirm prompt.

Answer buttons are a ``DynamicItem`` registered when the cog loads, with custom ids
``doinel:trivia:<round>:<position>:<choice>``: a click on any question message ever sent, even from
before a restart, reaches ``Trivia.answer_click``, which says "This round has ended." when it has. The
question views are never stopped (stopping a view would unregister the template).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import discord

from bot.tree import report_error
from bot.trivia.choices import LETTERS
from bot.ui.base import BaseView
from bot.ui.format import BUTTON_LABEL_LIMIT, cut

log = logging.getLogger(__name__)

ENDED = "This round has ended."
CUSTOM_ID = "doinel:trivia:{round}:{position}:{choice}"
TEMPLATE = r"doinel:trivia:(?P<round>\d+):(?P<position>\d+):(?P<choice>[a-d])"


class ClickHandler(Protocol):
    def answer_click(self, user_id: int, round_id: int, position: int, choice: int) -> str: ...


def button_label(index: int, text: str, count: int | None = None) -> str:
    suffix = f" ({count})" if count is not None else ""
    return cut(f"{LETTERS[index]} · {text}", BUTTON_LABEL_LIMIT - len(suffix)) + suffix


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """One of A–D under a question. Answers in memory and replies at once (ephemeral)."""

    def __init__(self, round_id: int, position: int, choice: int, label: str = "") -> None:
        super().__init__(discord.ui.Button(
            label=label or LETTERS[choice], style=discord.ButtonStyle.primary,
            custom_id=CUSTOM_ID.format(round=round_id, position=position, choice="abcd"[choice]),
        ))
        self.round_id, self.position, self.choice = round_id, position, choice

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str], /) -> AnswerButton:
        return cls(int(match["round"]), int(match["position"]), "abcd".index(match["choice"]), item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        # discord.py only logs a dynamic item's errors, so route them through the error policy here.
        try:
            cog = interaction.client.get_cog("Trivia")  # type: ignore[attr-defined]
            handler: ClickHandler | None = cog  # type: ignore[assignment]
            text = (handler.answer_click(interaction.user.id, self.round_id, self.position, self.choice)
                    if handler is not None else ENDED)
            await interaction.response.send_message(text, ephemeral=True)
        except Exception as exc:
            await report_error(interaction, exc, f"trivia answer button {self.custom_id}")


def question_view(round_id: int, position: int, choices: tuple[str, ...]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for i, text in enumerate(choices):
        view.add_item(AnswerButton(round_id, position, i, button_label(i, text)))
    return view


def revealed_view(round_id: int, position: int, choices: tuple[str, ...], counts: tuple[int, ...],
                  correct: int | None) -> discord.ui.View:
    """Disabled buttons with how many picked each; the right one green (unless answers are spoilered)."""
    view = discord.ui.View(timeout=None)
    for i, text in enumerate(choices):
        view.add_item(discord.ui.Button(
            label=button_label(i, text, counts[i] if i < len(counts) else None), disabled=True,
            style=discord.ButtonStyle.success if i == correct else discord.ButtonStyle.secondary,
            custom_id=f"doinel:trivia-done:{round_id}:{position}:{i}",
        ))
    view.stop()  # nothing to listen to: keep it out of discord.py's view store
    return view


class OwnerView(BaseView):
    """A view only the member who asked for it may use."""

    def __init__(self, owner_id: int, *, timeout: float = 180) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.InteractionMessage | discord.Message | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("These buttons belong to whoever ran the command; run it "
                                                "yourself to get your own.", ephemeral=True)
        return False

    def disable(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True

    async def on_timeout(self) -> None:
        self.disable()
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)


PageRenderer = Callable[[int], Awaitable[tuple[discord.Embed, int]]]  # offset -> (embed, total rows)


class Paginator(OwnerView):
    """Previous / next over a board rendered page by page."""

    def __init__(self, owner_id: int, render: PageRenderer, total: int, page_size: int) -> None:
        super().__init__(owner_id)
        self.render, self.total, self.page_size, self.offset = render, total, page_size, 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.offset <= 0
        self.next.disabled = self.offset + self.page_size >= self.total

    async def _show(self, interaction: discord.Interaction, offset: int) -> None:
        self.offset = max(0, offset)
        embed, self.total = await self.render(self.offset)
        self._sync()
        await interaction.response.edit_message(embed=embed, view=self)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button[Paginator]) -> None:
        await self._show(interaction, self.offset - self.page_size)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button[Paginator]) -> None:
        await self._show(interaction, self.offset + self.page_size)


class ConfirmView(OwnerView):
    """Confirm / Cancel for a moderator action. ``action`` runs on confirm and returns the message to show."""

    def __init__(self, owner_id: int, action: Callable[[], Awaitable[str]], *, confirm_label: str = "Confirm",
                 cancelled: str = "Cancelled: nothing changed.") -> None:
        super().__init__(owner_id, timeout=300)
        self.action, self.cancelled = action, cancelled
        self.confirm.label = confirm_label

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmView]) -> None:
        self.disable()
        self.stop()
        await interaction.response.defer()
        text = await self.action()
        await interaction.edit_original_response(content=text, embed=None, view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.cancelled, embed=None, view=None)

    async def on_timeout(self) -> None:
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(content="Timed out: nothing changed.", embed=None, view=None)
