"""Rotation through real rounds: a question back in the pool after it went round waits its turn."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa9.test_qa9_trivia import keep_questions, no_idle_end, same_shuffle
from tests.e2e.test_trivia import fast, prompt_of, start, title
from tests.emulator import Channel, Emulator


async def play(emulator: Emulator, w: DiscordWorld, channel: Channel, questions: int) -> list[str]:
    """Start a round nobody answers, wait for its end, return the prompts it asked."""
    before = max(channel.messages, default=0)
    await start(emulator, channel, w.alice, questions=questions, seconds=20)
    await emulator.wait_for_message(channel, lambda m: title(m).startswith("🏁"), after=before, timeout=15)
    return [prompt_of(m) for m in emulator.messages(channel) if m.id > before and title(m).startswith("Question ")]


async def test_a_question_shown_again_after_the_pool_went_round_twice_is_not_asked_in_the_next_round(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    await keep_questions(doinel, 5)
    hidden = await doinel.db.scalar("SELECT max(id) FROM questions WHERE deleted_at IS NULL")
    async with doinel.db.transaction() as conn:
        await conn.execute("UPDATE questions SET deleted_at = 1 WHERE id = ?", (hidden,))
    same_shuffle(monkeypatch)
    await no_idle_end(emulator, w)
    fast(doinel, 0.02)
    for _ in range(2):                                   # the other four questions, twice round
        assert len(set(await play(emulator, w, w.general, 4))) == 4
    async with doinel.db.transaction() as conn:          # a moderator shows the fifth again
        await conn.execute("UPDATE questions SET deleted_at = NULL WHERE id = ?", (hidden,))
    back = await doinel.db.scalar("SELECT prompt FROM questions WHERE id = ?", (hidden,))

    first = await play(emulator, w, w.general, 2)
    second = await play(emulator, w, w.general, 2)
    assert back in first and back not in second          # the two of the four not asked since come first
    assert len(set(first + second)) == 4
