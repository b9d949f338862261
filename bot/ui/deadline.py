"""Answering in time: Discord drops an interaction that has no response after 3 seconds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

T = TypeVar("T")

DEFER_AFTER = 1.5   # seconds of work before the interaction is deferred ("Doinel is thinking…")


async def in_time(interaction: discord.Interaction, work: Awaitable[T], *, ephemeral: bool = False) -> T:
    """``work``'s result. Most work answers at once; work that takes longer than ``DEFER_AFTER`` (a
    leaderboard over years of answers) defers the interaction meanwhile, and the reply then goes as its
    follow-up (``reply`` and the paginator send either way)."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done and not interaction.response.is_done():
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        return await task
    except BaseException:
        task.cancel()
        raise


async def reply(interaction: discord.Interaction, **message: Any) -> None:
    """Send ``message`` as the interaction's response, or as its follow-up once it was deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(**message)
    else:
        await interaction.response.send_message(**message)
