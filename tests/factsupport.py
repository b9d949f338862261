"""Helpers for the facts and daily tests: a database with content, a recording poster, guild ids."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.content.pack import load_pack_file
from bot.db import Database
from bot.db.packs import import_pack
from bot.facts.posting import OutgoingPost, PostFailed
from bot.permissions import Actor

FIXTURES = Path(__file__).parent / "fixtures"
GUILD = 111_111_111_111_111_111
OTHER_GUILD = 222_222_222_222_222_222
CHANNEL = 333_333_333_333_333_333
MOD = Actor(user_id=444_444_444_444_444_444, guild_id=GUILD, manage_guild=True)
MEMBER = Actor(user_id=555_555_555_555_555_555, guild_id=GUILD)


@pytest.fixture
async def content_db(tmp_path: Path) -> AsyncIterator[Database]:
    """The bundled 400 Blows pack (71 facts) plus the two-film mini pack."""
    database = await Database.open(tmp_path / "facts.sqlite3")
    try:
        await sync_bundled_packs(database)
        await import_pack(database, load_pack_file(FIXTURES / "mini_pack.json"))
        yield database
    finally:
        await database.close()


async def film_id(db: Database, pack_key: str) -> int:
    return int(await db.scalar("SELECT id FROM films WHERE pack_key = ?", (pack_key,)))


async def fact_id(db: Database, pack_key: str) -> int:
    return int(await db.scalar("SELECT id FROM facts WHERE pack_key = ?", (pack_key,)))


@dataclass
class Sent:
    post: OutgoingPost
    message_id: int


@dataclass
class FakePoster:
    """Records posts; can fail on purpose. ``channels`` maps a channel to the messages in it."""

    sent: list[Sent] = field(default_factory=list)
    channels: dict[int, list[Sent]] = field(default_factory=dict)
    fail_with: dict[int, list[PostFailed]] = field(default_factory=dict)   # per target: next sends raise these
    post_then_fail: set[int] = field(default_factory=set)                   # targets where a send lands, then 5xx
    unreadable: set[int] = field(default_factory=set)
    delay: float = 0.0
    in_flight: int = 0
    max_in_flight: int = 0
    finds: int = 0
    _next_id: int = 900_000_000_000_000_000

    async def send(self, post: OutgoingPost) -> int:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            queued = self.fail_with.get(post.target_id)
            if queued:
                raise queued.pop(0)
            self._next_id += 1
            record = Sent(post, self._next_id)
            self.sent.append(record)
            self.channels.setdefault(post.target_id, []).append(record)
            if post.target_id in self.post_then_fail:
                self.post_then_fail.discard(post.target_id)
                raise PostFailed("Discord had a server error (503).", permanent=False, code=0)
            return record.message_id
        finally:
            self.in_flight -= 1

    def newest_message(self, channel_id: int) -> int | None:
        records = self.channels.get(channel_id)
        return records[-1].message_id if records else None

    async def find(self, post: OutgoingPost, channel_id: int, since: int, after_message: int | None) -> int | None:
        self.finds += 1
        if channel_id in self.unreadable:
            raise PostFailed("Doinel can't read the history", permanent=True)
        for record in self.channels.get(channel_id, []):
            if record.post.marker == post.marker and (after_message is None or record.message_id > after_message):
                return record.message_id
        return None

    def posts_for(self, guild_id: int) -> list[Sent]:
        return [s for s in self.sent if s.post.guild_id == guild_id]


async def eventually(check: Callable[[], bool | Awaitable[Any]], within: float = 3.0) -> None:
    """Wait until ``check()`` holds (polling: the thing checked is not ours to signal); it may be a coroutine."""
    async with asyncio.timeout(within):
        while not await _holds(check()):  # noqa: ASYNC110
            await asyncio.sleep(0.005)


async def _holds(result: bool | Awaitable[Any]) -> bool:
    return bool(await result if inspect.isawaitable(result) else result)
