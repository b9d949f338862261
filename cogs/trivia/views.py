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
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import discord

from bot.tree import report_error
from bot.trivia.choices import LETTERS
from bot.ui.base import BaseView
from bot.ui.format import BUTTON_LABEL_LIMIT, cut
from bot.ui.live import live_tokens

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


CONFIRM_PREFIX = "doinel:confirm:"
CONFIRM_EXPIRED = "This confirmation has expired: nothing changed. Run the command again."
LIVE = "confirm"  # bot.ui.live kind: tokens of this bot's confirmations still waiting


class ConfirmView(BaseView):
    """Confirm / Cancel for a moderator action. ``action`` runs on confirm and returns the message to show.

    Only the member who asked may press; after a timeout or a restart the buttons say the confirmation
    expired (``answer_expired_confirm``) instead of "This interaction failed".
    """

    def __init__(self, client: discord.Client, owner_id: int, action: Callable[[], Awaitable[str]], *,
                 confirm_label: str = "Confirm", cancelled: str = "Cancelled: nothing changed.",
                 timeout: float = 300) -> None:
        super().__init__(timeout=timeout)
        self.owner_id, self.action, self.cancelled = owner_id, action, cancelled
        self.message: discord.InteractionMessage | discord.WebhookMessage | None = None
        self.token = secrets.token_hex(6)
        self.confirm.label = confirm_label
        self.confirm.custom_id = f"{CONFIRM_PREFIX}{self.token}:yes"
        self.cancel.custom_id = f"{CONFIRM_PREFIX}{self.token}:no"
        self._live = live_tokens(client, LIVE)
        self._live.add(self.token)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Only the member who ran the command can answer this.",
                                                ephemeral=True)
        return False

    def stop(self) -> None:
        self._live.discard(self.token)
        super().stop()

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await interaction.response.defer()
        text = await self.action()
        await interaction.edit_original_response(content=text, embed=None, view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmView]) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.cancelled, embed=None, view=None)

    async def on_timeout(self) -> None:
        self._live.discard(self.token)
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(content="Timed out: nothing changed.", embed=None, view=None)


async def answer_expired_confirm(interaction: discord.Interaction) -> None:
    """Listener: a click on a confirmation this process no longer knows (timed out, or from before a restart)."""
    if interaction.type is not discord.InteractionType.component:
        return
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    if not custom_id.startswith(CONFIRM_PREFIX) or interaction.response.is_done():
        return
    if custom_id[len(CONFIRM_PREFIX):].split(":", 1)[0] in live_tokens(interaction.client, LIVE):
        return
    try:
        await interaction.response.send_message(CONFIRM_EXPIRED, ephemeral=True)
    except discord.HTTPException as exc:  # answered meanwhile
        log.debug("could not answer an expired confirmation: %s", exc)
