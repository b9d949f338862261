"""QA26: typed rounds on a busy server whose members mention the bot and decorate their answers.

Typed rounds need the Message Content intent, so a server that plays them has Doinel read every message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.e2e.qa.support import pings
from tests.e2e.qa2.test_qa2_trivia import confirmations, got_it, typed_bot
from tests.e2e.test_trivia import ANSWERS, prompt_of, question, start, summary
from tests.emulator import Emulator


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logged() -> Iterator[list[logging.LogRecord]]:
    """Every log record any logger emits during the test (whatever the levels pytest's own capture sets)."""
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)


# -- QA26 1 -----------------------------------------------------------------------------------------

async def test_members_mentioning_the_bot_leave_no_traceback_in_its_logs(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness,
        logged: list[logging.LogRecord]) -> None:
    """The server plays typed rounds, so Doinel runs with the Message Content intent. Members address the bot
    the way they address every bot: "@Doinel what's the fact today?", "@Doinel hi", "@Doinel" alone; a troll
    does it fifty times a minute. Nobody gets an answer, and each message writes an ERROR with a traceback
    in the bot's log ("Ignoring exception in command None … CommandNotFound: Command "what's" is not found"):
    Doinel is a slash-command bot, but it is built with ``command_prefix=commands.when_mentioned`` and no
    text commands, so discord.py treats every mention as a failed command. The operator's error log (and
    any alerting on it) fills with tracebacks a member can produce at will. A mention should produce no
    error (at most a pointer to the slash commands)."""
    w = discord_world
    await typed_bot(emulator, doinel_harness)
    bot = f"<@{emulator.bot_user.id}>"
    for text in (f"{bot} what's the fact today?", f"{bot} hi", f"{bot}", f"<@!{emulator.bot_user.id}> help"):
        await emulator.say(w.general, w.alice, text)
    await asyncio.sleep(0.5)
    errors = [f"{r.name}: {r.getMessage()}" for r in logged if r.levelno >= logging.ERROR or r.exc_info]
    assert errors == []


# -- QA26 5 -----------------------------------------------------------------------------------------

async def test_an_answer_typed_after_at_here_takes_the_question(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    """Alice, excited, types "@here François Truffaut" in a typed round (she has no right to ping anyone, so
    Discord sends the text as it is). Nothing happens; Bob's bare answer two seconds later would take it.
    "<@123> François Truffaut" and "<@&123> François Truffaut" are taken: the README (Typed answers) says
    "Emoji … and mentions beside an answer are not part of it", and @here and @everyone are mentions too
    (bot.text._DISCORD_MARKUP leaves them out)."""
    w = discord_world
    await typed_bot(emulator, doinel_harness)
    await start(emulator, w.general, w.alice, questions=1, mode="typed", seconds=30)
    q = await question(emulator, w.general, 1, 1)
    said = await emulator.say(w.general, w.alice, f"@here {ANSWERS[prompt_of(q)]}")
    try:
        await got_it(emulator, w, said)
    finally:
        await summary(emulator, w.general)
    assert [u for u, _ in confirmations(emulator, w)] == [w.alice.id]


# -- what holds ---------------------------------------------------------------------------------------

DECORATIONS = [
    lambda a: f"||{a}||",                                   # in a spoiler, to not give it away
    lambda a: "".join(c + "\u0317\u0336\u0301" if c.isalpha() else c for c in a),   # zalgo-style combining marks
    lambda a: f"\u200f{a}\u200e",                           # right-to-left and left-to-right marks
    lambda a: f"> **{a}**",                                  # quoted, in bold
]


async def test_decorated_typed_answers_take_their_questions_and_ping_nobody(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    """Spoilers, zalgo, direction marks, quotes and bold around a right answer: each takes its question, and the
    "got it" replies (to a message that is a reply target) ping nobody."""
    w = discord_world
    await typed_bot(emulator, doinel_harness)
    await start(emulator, w.general, w.alice, questions=len(DECORATIONS), mode="typed", seconds=30)
    for n, decorate in enumerate(DECORATIONS, start=1):
        q = await question(emulator, w.general, n, len(DECORATIONS))
        answer = ANSWERS[prompt_of(q)]
        await emulator.say(w.general, w.bob, "@everyone " + "x" * 1900)          # a wall of noise first
        said = await emulator.say(w.general, w.alice, decorate(answer))
        await got_it(emulator, w, said)
    await summary(emulator, w.general)
    assert [u for u, _ in confirmations(emulator, w)] == [w.alice.id] * len(DECORATIONS)
    assert pings(emulator, [w.general]) == []
    assert emulator.violations == []
