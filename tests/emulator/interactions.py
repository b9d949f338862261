"""Interactions as the emulator tracks them: what a member did and every answer the bot gave."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from .state import Attachment, Member, Message, MessageFlag, World
from .waiting import Waiters

# Callback types (https://discord.com/developers/docs/interactions/receiving-and-responding).
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9
DEFERRED_TYPES = {DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE}


def _now() -> float:
    return asyncio.get_running_loop().time()


@dataclass(slots=True)
class BotResponse:
    """One thing the bot did with an interaction: a callback, a followup, an edit or a delete."""

    kind: str  # "callback" | "followup" | "edit" | "delete"
    callback_type: int | None
    message_id: int | None
    data: dict[str, Any]
    files: list[Attachment] = field(default_factory=list)
    at: float = field(default_factory=_now)  # loop time the emulator received it

    @property
    def content(self) -> str | None:
        return self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.data.get("components") or []

    @property
    def flags(self) -> int:
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & MessageFlag.EPHEMERAL)


@dataclass(slots=True)
class ErrorRecord:
    """An answer the emulator refused (late, duplicate, over a limit ...)."""

    kind: str
    status: int
    code: int
    message: str
    at: float = field(default_factory=_now)


class Interaction:
    """A member's interaction and the bot's responses, with waits for tests."""

    def __init__(
        self,
        *,
        id: int,
        token: str,
        type: int,
        member: Member,
        channel_id: int,
        payload: dict[str, Any],
        world: World,
        message_id: int | None = None,
    ) -> None:
        self.id = id
        self.token = token
        self.type = type
        self.member = member
        self.guild_id = member.guild_id
        self.channel_id = channel_id
        self.payload = payload
        self.message_id = message_id  # the message a component lives on
        self.created_at = _now()  # loop time INTERACTION_CREATE was dispatched
        self.callback: BotResponse | None = None
        self.responses: list[BotResponse] = []
        self.errors: list[ErrorRecord] = []
        self.original_message_id: int | None = None
        self.choices: list[dict[str, Any]] | None = None
        self.modal: dict[str, Any] | None = None
        self._world = world
        self._waiters: Waiters[Interaction] = Waiters()

    def __repr__(self) -> str:
        kind = self.callback_type
        return f"<Interaction id={self.id} type={self.type} callback={kind} responses={len(self.responses)}>"

    # -- what the bot did -------------------------------------------------------------

    @property
    def data(self) -> dict[str, Any]:
        return self.payload.get("data", {})

    @property
    def callback_type(self) -> int | None:
        return self.callback.callback_type if self.callback else None

    @property
    def latency(self) -> float | None:
        """Seconds from dispatching INTERACTION_CREATE to receiving the first accepted callback."""
        return self.callback.at - self.created_at if self.callback else None

    @property
    def state(self) -> str:
        """``"pending"`` (no answer yet), ``"deferred"`` (acknowledged, answer to come) or ``"answered"``."""
        if self.callback is None:
            return "pending"
        return "answered" if self.is_done else "deferred"

    @property
    def acknowledged(self) -> bool:
        return self.callback is not None

    @property
    def deferred(self) -> bool:
        return self.callback_type in DEFERRED_TYPES

    @property
    def followups(self) -> list[BotResponse]:
        return [r for r in self.responses if r.kind == "followup"]

    @property
    def edits(self) -> list[BotResponse]:
        return [r for r in self.responses if r.kind == "edit"]

    @property
    def original(self) -> Message | None:
        """The response message as it is now (after edits), if there is one."""
        if self.original_message_id is None:
            return None
        return self._world.messages.get(self.original_message_id)

    @property
    def content(self) -> str | None:
        message = self.original
        return message.content if message is not None else None

    @property
    def embeds(self) -> list[dict[str, Any]]:
        message = self.original
        return message.embeds if message is not None else []

    @property
    def ephemeral(self) -> bool:
        message = self.original
        if message is not None:
            return message.ephemeral
        return bool(self.callback and self.callback.ephemeral)

    @property
    def is_done(self) -> bool:
        """Answered for good: a final callback, or a deferral followed by an edit or a followup."""
        if self.callback is None:
            return False
        if not self.deferred:
            return True
        return any(r.kind in ("edit", "followup") for r in self.responses)

    # -- recording (used by the REST handlers) -----------------------------------------

    def record(self, response: BotResponse) -> None:
        if response.kind == "callback" and self.callback is None:
            self.callback = response
        self.responses.append(response)
        self._waiters.notify(self)

    def reject(self, error: ErrorRecord) -> None:
        self.errors.append(error)
        self._waiters.notify(self)

    # -- waiting (used by tests) ------------------------------------------------------

    async def wait_for(self, predicate: Any, timeout: float = 5.0, what: str = "a condition") -> Interaction:  # noqa: ASYNC109 - a test wait API takes its timeout
        if predicate(self):
            return self
        return await self._waiters.wait(predicate, timeout, f"{what} on {self!r}")

    async def wait_response(self, timeout: float = 5.0) -> BotResponse:  # noqa: ASYNC109 - a test wait API takes its timeout
        """The first accepted callback (respond, defer, update, modal, choices)."""
        await self.wait_for(lambda i: i.callback is not None, timeout, "a first response")
        assert self.callback is not None
        return self.callback

    async def wait_done(self, timeout: float = 5.0) -> Interaction:  # noqa: ASYNC109 - a test wait API takes its timeout
        return await self.wait_for(lambda i: i.is_done, timeout, "a final answer")

    async def wait_error(self, timeout: float = 5.0) -> ErrorRecord:  # noqa: ASYNC109 - a test wait API takes its timeout
        await self.wait_for(lambda i: bool(i.errors), timeout, "a rejected response")
        return self.errors[0]


class InteractionStore:
    def __init__(self) -> None:
        self.by_id: dict[int, Interaction] = {}
        self.by_token: dict[str, Interaction] = {}

    def add(self, interaction: Interaction) -> None:
        self.by_id[interaction.id] = interaction
        self.by_token[interaction.token] = interaction

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.by_id.values())
