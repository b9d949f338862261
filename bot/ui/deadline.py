"""Answering in time: Discord drops an interaction that has no response after 3 seconds."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

T = TypeVar("T")

DEFER_AFTER = 1.5   # seconds of work before the interaction is deferred ("Doinel is thinking…")


async def in_time(interaction: discord.Interaction, work: Awaitable[T], *, ephemeral: bool = False) -> T:
    """``work``'s result. Most work answers at once; work that takes longer than ``DEFER_AFTER`` (a
    leaderboard over years of answers) defers the interaction meanwhile, and the reply then goes as its
    follow-up (``reply`` and the paginator send either way).

    Should the work fail after a public deferral, the "thinking…" message is taken away first: Discord
    shows the first follow-up of a deferral in its place, as public as the deferral whatever it asks
    for, and the error policy's message is for the member alone.
    """
    task = asyncio.ensure_future(work)
    public_wait = False
    try:
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done and not interaction.response.is_done():
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
            public_wait = not ephemeral
        return await task
    except BaseException as exc:
        task.cancel()
        if public_wait and isinstance(exc, Exception):
            with contextlib.suppress(discord.HTTPException):
                await interaction.delete_original_response()
        raise


async def reply(interaction: discord.Interaction, **message: Any) -> int | None:
    """Send ``message`` as the interaction's response, or as its follow-up once it was deferred; the id
    of the message sent, when Discord gives it."""
    if interaction.response.is_done():
        sent = await interaction.followup.send(wait=True, **message)
        return sent.id
    response = await interaction.response.send_message(**message)
    return response.message_id
