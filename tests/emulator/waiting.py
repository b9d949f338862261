"""Predicate waiters: a test awaits a future that a state change resolves; nothing polls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Waiters(Generic[T]):
    def __init__(self) -> None:
        self._pending: list[tuple[Callable[[T], bool], asyncio.Future[T]]] = []

    def notify(self, item: T) -> None:
        """Resolve every waiter whose predicate accepts ``item``."""
        if not self._pending:
            return
        for predicate, future in list(self._pending):
            if future.done():
                continue
            try:
                if predicate(item):
                    future.set_result(item)
            except Exception as exc:  # a broken predicate fails the test that wrote it
                future.set_exception(exc)

    async def wait(self, predicate: Callable[[T], bool], timeout: float, what: str) -> T:  # noqa: ASYNC109 - a test wait API takes its timeout
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._pending.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"timed out after {timeout:.2f}s waiting for {what}") from None
        finally:
            self._pending.remove(entry)
