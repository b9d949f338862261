"""Wall-clock time for schedulers, injectable so tests can move time instead of waiting for it.

``SystemClock`` is the real thing. ``ManualClock`` only moves when a test calls ``advance``/``set``;
everything sleeping on it wakes as soon as its deadline has been reached.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """The current UTC instant, unix seconds."""
        ...

    async def sleep_until(self, deadline: float, wake: asyncio.Event | None = None) -> None:
        """Return at ``deadline`` or as soon as ``wake`` is set, whichever comes first."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    async def sleep_until(self, deadline: float, wake: asyncio.Event | None = None) -> None:
        delay = max(0.0, deadline - time.time())
        if wake is None:
            await asyncio.sleep(delay)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=delay)


class ManualClock:
    """A clock that stands still until told to move (tests)."""

    def __init__(self, start: float) -> None:
        self._now = float(start)
        self._moved = asyncio.Condition()

    def now(self) -> float:
        return self._now

    async def set(self, instant: float) -> None:
        self._now = float(instant)
        async with self._moved:
            self._moved.notify_all()
        # Let sleepers run before the caller goes on.
        for _ in range(3):
            await asyncio.sleep(0)

    async def advance(self, seconds: float) -> None:
        await self.set(self._now + seconds)

    async def sleep_until(self, deadline: float, wake: asyncio.Event | None = None) -> None:
        async def reached() -> None:
            async with self._moved:
                await self._moved.wait_for(lambda: self._now >= deadline)

        if wake is None:
            await reached()
            return
        waiters = {asyncio.ensure_future(reached()), asyncio.ensure_future(wake.wait())}
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
