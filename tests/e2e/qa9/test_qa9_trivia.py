"""QA9: rounds side by side share the pool; a start that fails leaves the next one free."""

from __future__ import annotations

import asyncio
import random
import types

import pytest

import cogs.trivia.cog as trivia_cog
from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa7.test_qa7_trivia import asked_prompts
from tests.e2e.test_trivia import fast, question, start, summary
from tests.emulator import Channel, Emulator


async def keep_questions(doinel: Doinel, count: int) -> None:
    async with doinel.db.transaction() as conn:
        await conn.execute("UPDATE questions SET deleted_at = 1 WHERE id NOT IN "
                           "(SELECT id FROM questions ORDER BY id LIMIT ?)", (count,))


async def no_idle_end(emulator: Emulator, w: DiscordWorld) -> None:
    """Rounds nobody answers play to the end (the default ends them after 3 unanswered questions)."""
    record = await emulator.slash(w.general, w.moderator, "trivia settings", idle_limit=10)
    await record.wait_done()


def same_shuffle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every round shuffles alike: only the bot's sharing keeps two rounds apart, not luck."""
    monkeypatch.setattr(trivia_cog, "random", types.SimpleNamespace(Random=lambda: random.Random(7)))


async def side_by_side(emulator: Emulator, w: DiscordWorld, doinel: Doinel,
                       monkeypatch: pytest.MonkeyPatch) -> Channel:
    """A second channel for rounds beside #general's, a pool of 8 questions, one shuffle, no idle end."""
    other = await emulator.create_text_channel(w.guild, "cinema")
    await keep_questions(doinel, 8)
    same_shuffle(monkeypatch)
    await no_idle_end(emulator, w)
    return other


async def test_three_starts_at_once_in_one_channel_make_one_round(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.1)
    records = [await emulator.slash(w.general, m, "trivia start", questions=1) for m in (w.alice, w.bob, w.moderator)]
    await asyncio.gather(*(r.wait_done() for r in records))
    assert sorted(r.ephemeral for r in records) == [False, True, True], [r.content for r in records]
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_rounds") == 1


async def test_two_starts_at_once_in_two_channels_share_out_the_pool(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    other = await side_by_side(emulator, w, doinel, monkeypatch)
    fast(doinel, 0.05)
    records = [await emulator.slash(w.general, w.alice, "trivia start", questions=4, seconds=20),
               await emulator.slash(other, w.bob, "trivia start", questions=4, seconds=20)]
    await asyncio.gather(*(r.wait_done() for r in records))
    assert not any(r.ephemeral for r in records), [r.content for r in records]
    await summary(emulator, w.general)
    await summary(emulator, other)
    first, second = asked_prompts(emulator, w.general), asked_prompts(emulator, other)
    assert len(first) == len(second) == 4 and set(first).isdisjoint(second)


async def test_a_start_refused_for_want_of_questions_leaves_the_next_start_free(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    async with doinel.db.transaction() as conn:
        await conn.execute("UPDATE questions SET deleted_at = 1")
    refused = await start(emulator, w.general, w.alice, questions=1)
    assert refused.ephemeral and "no trivia questions" in refused.content, refused.content
    async with doinel.db.transaction() as conn:
        await conn.execute("UPDATE questions SET deleted_at = NULL")
    fast(doinel, 0.1)
    again = await asyncio.wait_for(start(emulator, w.general, w.bob, questions=1), 5)
    assert not again.ephemeral, again.content
    await question(emulator, w.general, 1, 1)


async def test_a_stopped_round_gives_back_the_questions_it_had_not_asked(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    other = await side_by_side(emulator, w, doinel, monkeypatch)
    fast(doinel, 0.2)
    await start(emulator, w.general, w.alice, questions=4, seconds=20)
    await question(emulator, w.general, 1, 4)
    stopped = await emulator.slash(w.general, w.alice, "trivia stop")
    await stopped.wait_done()
    [asked] = asked_prompts(emulator, w.general)
    await start(emulator, other, w.bob, questions=7, seconds=20)   # at once, while the stop winds down
    fast(doinel, 0.02)
    await summary(emulator, other)
    later = asked_prompts(emulator, other)
    assert len(later) == 7 and asked not in later               # the 7 never asked, none of them held back
