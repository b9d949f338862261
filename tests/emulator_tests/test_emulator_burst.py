"""Throughput: a burst of clicks must all be answered (benchmarks drive the same path)."""

from __future__ import annotations

import asyncio

from tests.emulator import Emulator

from .conftest import BareBot, World


async def test_burst_of_300_clicks_all_answered(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    posted = await emulator.slash(world.general, world.alice, "buttons")
    await posted.wait_done()
    assert posted.original is not None
    members = [world.alice, world.bob, world.owner]
    clicks = [await emulator.click(posted.original, "bare:press", members[i % 3]) for i in range(300)]
    await asyncio.gather(*(click.wait_done(timeout=20) for click in clicks))
    assert all(click.content and click.content.startswith("pressed by ") for click in clicks)
    assert len({click.original_message_id for click in clicks}) == 300
    assert not emulator.violations
