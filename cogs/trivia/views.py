"""Trivia UI: the A–D answer buttons, the revealed buttons, a board paginator and a confirm prompt.

Answer buttons carry custom ids ``doinel:trivia:<round>:<position>:<choice>`` and are routed by that id
(``Trivia.on_interaction`` -> ``answer``), not through discord.py's view store: a click on any question
message ever sent, even from before a restart, reaches ``Trivia.answer_click``, which says "This round
has ended." when it has. (A ``DynamicItem`` did the same, but discord.py rebuilds a whole View from the
message for every click of one, which made a 1,000-click burst a third slower than a bare bot's.)
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Protocol

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
_ANSWER = re.compile(TEMPLATE)


class ClickHandler(Protocol):
    def answer_click(self, user_id: int, round_id: int, position: int, choice: int) -> str: ...


RIGHT_MARK = "✅"


def button_label(index: int, text: str, count: int | None = None, *, right: bool = False) -> str:
    """'A · Musical comedy'; revealed: how many picked it, and a mark on the right answer (a screen reader
    announces a label, never a button's colour)."""
    suffix = f" ({count})" if count is not None else ""
    mark = f"{RIGHT_MARK} " if right else ""
    return mark + cut(f"{LETTERS[index]} · {text}", BUTTON_LABEL_LIMIT - len(mark) - len(suffix)) + suffix


def parse_answer(custom_id: str) -> tuple[int, int, int] | None:
    """(round, position, choice index) of an answer button's custom id; None for any other id."""
    match = _ANSWER.fullmatch(custom_id)
    return None if match is None else (int(match["round"]), int(match["position"]), "abcd".index(match["choice"]))


async def answer(interaction: discord.Interaction, handler: ClickHandler | None, click: tuple[int, int, int]) -> None:
    """Reply to a click on an answer button at once (ephemeral); errors go through the error policy."""
    try:
        text = handler.answer_click(interaction.user.id, *click) if handler is not None else ENDED
        await interaction.response.send_message(text, ephemeral=True)
    except Exception as exc:
        await report_error(interaction, exc, "trivia answer button {}:{}:{}".format(*click))


def question_view(round_id: int, position: int, choices: tuple[str, ...]) -> discord.ui.View:
    """A–D under a question. Stopped before it is sent: clicks are routed by custom id, so discord.py keeps
    nothing per question message."""
    view = discord.ui.View(timeout=None)
    for i, text in enumerate(choices):
        view.add_item(discord.ui.Button(
            label=button_label(i, text), style=discord.ButtonStyle.primary,
            custom_id=CUSTOM_ID.format(round=round_id, position=position, choice="abcd"[i]),
        ))
    view.stop()
    return view


def revealed_view(round_id: int, position: int, choices: tuple[str, ...], counts: tuple[int, ...],
                  correct: int | None) -> discord.ui.View:
    """Disabled buttons with how many picked each; the right one green and marked ✅ (unless answers are
    spoilered)."""
    view = discord.ui.View(timeout=None)
    for i, text in enumerate(choices):
        view.add_item(discord.ui.Button(
            label=button_label(i, text, counts[i] if i < len(counts) else None, right=i == correct), disabled=True,
            style=discord.ButtonStyle.success if i == correct else discord.ButtonStyle.secondary,
            custom_id=f"doinel:trivia-done:{round_id}:{position}:{i}",
        ))
    view.stop()  # nothing to listen to: keep it out of discord.py's view store
    return view


CONFIRM_PREFIX = "doinel:confirm:"
CONFIRM_EXPIRED = "This confirmation has expired: nothing changed. Run the command again."
ALREADY_ANSWERED = "This confirmation has already been answered."
LIVE = "confirm"  # bot.ui.live kind: tokens of this bot's confirmations still waiting


class ConfirmView(BaseView):
    """Confirm / Cancel for a moderator action. ``action`` runs on confirm and returns the message to show.

    ``action`` gets the Confirm click, so it checks the member's rights as they are when they confirm.

    Only the member who asked may press; after a timeout or a restart the buttons say the confirmation
    expired (``answer_expired_confirm``) instead of "This interaction failed".
    """

    def __init__(self, client: discord.Client, owner_id: int,
                 action: Callable[[discord.Interaction], Awaitable[str]], *,
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
        self._answered = False

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Only the member who ran the command can answer this.",
                                                ephemeral=True)
        return False

    def stop(self) -> None:
        self._live.discard(self.token)
        super().stop()

    async def _claim(self, interaction: discord.Interaction) -> bool:
        """True for the click that answers this confirmation; a second click meanwhile is told so."""
        if self._answered:
            await interaction.response.send_message(ALREADY_ANSWERED, ephemeral=True)
            return False
        self._answered = True
        return True

    # Each button answers the click before stop(): stop() forgets the token, and the listener for
    # expired confirmations (answer_expired_confirm) would answer the same click a second time.
    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmView]) -> None:
        if await self._claim(interaction):
            await interaction.response.defer()
            self.stop()
            text = await self.action(interaction)
            await interaction.edit_original_response(content=text, embed=None, view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmView]) -> None:
        if await self._claim(interaction):
            await interaction.response.edit_message(content=self.cancelled, embed=None, view=None)
            self.stop()

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
