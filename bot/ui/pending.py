"""Confirmation buttons for short-lived choices: "Save anyway", "Confirm import", "Try again".

The choice's state (a checked fact, a parsed file) stays in memory for ``PENDING_TTL`` seconds,
keyed by a random token in the button's custom_id. The button is a ``DynamicItem``, so a click
that arrives after the state is gone (expired, or the bot restarted) still gets an answer —
"this has expired, run the command again" — instead of Discord's "interaction failed".
Only the member who started the action can press its buttons, and each choice runs once.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.tree import report_error, send_private

log = logging.getLogger(__name__)

PENDING_TTL = 15 * 60
EXPIRED = "This has expired (or I restarted since): run the command again. Nothing was changed."
ALREADY_DONE = "That was already done: each choice runs once."
Handler = Callable[[discord.Interaction], Awaitable[None]]


@dataclass
class _Entry:
    owner_id: int
    expires_at: float
    handlers: dict[str, Handler]
    repeatable: frozenset[str] = frozenset()


class PendingActions:
    """Choices waiting for a click, per bot instance (a restarted bot starts empty, as it should)."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._used: dict[str, float] = {}     # token -> when it may be forgotten

    def add(self, owner_id: int, handlers: dict[str, Handler], *, repeatable: frozenset[str] = frozenset(),
            ttl: float = PENDING_TTL) -> str:
        self._prune()
        token = secrets.token_hex(8)
        self._entries[token] = _Entry(owner_id, time.monotonic() + ttl, handlers, repeatable)
        return token

    def get(self, token: str) -> _Entry | None:
        entry = self._entries.get(token)
        if entry is None or entry.expires_at < time.monotonic():
            self._entries.pop(token, None)
            return None
        return entry

    def discard(self, token: str) -> None:
        entry = self._entries.pop(token, None)
        if entry is not None:
            self._used[token] = entry.expires_at

    def was_used(self, token: str) -> bool:
        return token in self._used

    def _prune(self) -> None:
        stamp = time.monotonic()
        for token in [t for t, e in self._entries.items() if e.expires_at < stamp]:
            del self._entries[token]
        for token in [t for t, until in self._used.items() if until < stamp]:
            del self._used[token]

    def __len__(self) -> int:
        return len(self._entries)


_STORES: weakref.WeakKeyDictionary[discord.Client, PendingActions] = weakref.WeakKeyDictionary()


def pending_for(client: discord.Client) -> PendingActions:
    store = _STORES.get(client)
    if store is None:
        store = _STORES[client] = PendingActions()
    return store


class PendingButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"doinel:pend:(?P<token>[0-9a-f]{16}):(?P<choice>[a-z]{1,20})"):
    def __init__(self, token: str, choice: str, *, label: str = "OK",
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> None:
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"doinel:pend:{token}:{choice}"))
        self.token, self.choice = token, choice

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PendingButton:
        button = item if isinstance(item, discord.ui.Button) else None
        return cls(match["token"], match["choice"], label=getattr(button, "label", None) or "OK",
                   style=getattr(button, "style", discord.ButtonStyle.secondary))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            store = pending_for(interaction.client)
            entry = store.get(self.token)
            if entry is None and store.was_used(self.token):
                await send_private(interaction, ALREADY_DONE)  # a double click: leave the message as it is
                return
            if entry is None:  # the message's embeds stay: e.g. the text of a fact not saved, to copy
                await interaction.response.edit_message(content=EXPIRED, view=None)
                return
            if interaction.user.id != entry.owner_id:
                await send_private(interaction, f"Only <@{entry.owner_id}> can answer this.")
                return
            handler = entry.handlers.get(self.choice)
            if handler is None:
                await send_private(interaction, EXPIRED)
                return
            if self.choice not in entry.repeatable:
                store.discard(self.token)  # a decision runs once, even on a double click
            await handler(interaction)
        except Exception as exc:  # buttons have no tree: apply the error policy here
            await report_error(interaction, exc, f"button {self.custom_id}")


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    handler: Handler
    style: discord.ButtonStyle = discord.ButtonStyle.secondary
    repeatable: bool = False       # e.g. "Edit" reopens a form and may be pressed again


def choice_view(client: discord.Client, owner_id: int, choices: Sequence[Choice]) -> discord.ui.View:
    """A view of one button per choice, answered by ``PendingButton`` (register it with add_dynamic_items)."""
    token = pending_for(client).add(owner_id, {c.key: c.handler for c in choices},
                                    repeatable=frozenset(c.key for c in choices if c.repeatable))
    view = discord.ui.View(timeout=None)  # every item is dynamic: nothing is kept per message
    for c in choices:
        view.add_item(PendingButton(token, c.key, label=c.label, style=c.style))
    return view
