"""Commands whose work can outlast Discord's 3 seconds defer first, then answer: never "interaction failed"."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.client import Doinel
from bot.db import trivia_boards as boards
from bot.ui import deadline
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator


def slowed(monkeypatch: pytest.MonkeyPatch, name: str, seconds: float) -> None:
    """``boards.<name>`` as a server with years of answers runs it: slower than the deadline."""
    real: Callable[..., Awaitable[Any]] = getattr(boards, name)

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(seconds)
        return await real(*args, **kwargs)

    monkeypatch.setattr(boards, name, slow)


@pytest.mark.parametrize(("command", "query", "options"), [
    ("trivia leaderboard", "leaderboard", {"period": "month"}),
    ("trivia stats", "member_stats", {}),
])
async def test_a_slow_board_is_deferred_then_shown(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
                                                   monkeypatch: pytest.MonkeyPatch, command: str, query: str,
                                                   options: dict[str, Any]) -> None:
    w = discord_world
    emulator.config.interaction_deadline = 0.6          # Discord's 3 s, scaled down with the work below
    monkeypatch.setattr(deadline, "DEFER_AFTER", 0.2)
    slowed(monkeypatch, query, 1.0)
    record = await emulator.slash(w.general, w.bob, command, **options)
    await record.wait_done()
    assert record.deferred and not record.errors
    assert record.embeds and not record.ephemeral


async def test_a_slow_board_that_fails_tells_only_the_member_and_leaves_nothing_in_the_channel(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    """Discord shows the first follow-up of a public deferral in its place, public whatever it asks for."""
    w = discord_world
    emulator.config.interaction_deadline = 0.6
    monkeypatch.setattr(deadline, "DEFER_AFTER", 0.2)

    async def locked(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(1.0)
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(boards, "leaderboard", locked)
    record = await emulator.slash(w.general, w.bob, "trivia leaderboard")
    await record.wait_done()
    assert record.deferred and not record.errors
    told = emulator.message(record.followups[-1].message_id)
    assert told is not None and told.ephemeral and "went wrong" in told.content, told
    assert not emulator.messages(w.general), [m.content for m in emulator.messages(w.general)]


async def test_a_quick_board_is_answered_at_once(emulator: Emulator, discord_world: DiscordWorld,
                                                 doinel: Doinel) -> None:
    w = discord_world
    record = await emulator.slash(w.general, w.bob, "trivia stats")
    await record.wait_done()
    assert not record.deferred and record.callback_type == 4 and record.embeds
