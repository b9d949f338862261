"""QA17: members keep getting answers while a moderator's big /facts import is being written."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.client import Doinel
from bot.db import fact_import as fact_import_db
from bot.ui import deadline
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import buttons, run
from tests.e2e.test_trivia import question
from tests.emulator import Emulator

FILLER = "The camera follows Antoine through Paris streets in one long travelling shot scene by scene. "
ROWS = 2_000


def club_csv() -> bytes:
    """2,000 facts of about 450 characters (a file may hold 10,000 facts, 5 MB)."""
    rows = [f"Imported fact {i}: {FILLER * 4}".strip() + f",,Club notes {i},notes" for i in range(ROWS)]
    return ("text,film,source,tags\n" + "\n".join(rows) + "\n").encode()


async def importing(emulator: Emulator, w: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch):
    """The moderator previews the file and presses Import; returns once the import is writing.

    Its write holds the database 2 s longer than here, as a bigger file on a slower disk does (10,000
    facts took 5 s on this machine before facts were inserted in bulk); Discord's 3 s and the deferral's
    1.5 s are scaled down by 5, so the wait outlasts them on any machine.
    """
    written = fact_import_db.insert_facts

    async def slow(*args: Any, **kwargs: Any) -> list[int]:
        ids = await written(*args, **kwargs)
        await asyncio.sleep(2)
        return ids

    monkeypatch.setattr(fact_import_db, "insert_facts", slow)
    preview = await (await emulator.slash(w.general, w.moderator, "facts import",
                                          file=("club.csv", club_csv()))).wait_done(timeout=60)
    message = emulator.message(preview.followups[-1].message_id)
    assert message is not None and f"{ROWS} added" in message.content, message
    [label] = [label for label in buttons(message) if label.startswith("Import")]
    confirm = await emulator.click(message, buttons(message)[label], w.moderator)
    for _ in range(500):
        if doinel.db._write_lock.locked():
            emulator.config.interaction_deadline = 0.6
            monkeypatch.setattr(deadline, "DEFER_AFTER", 0.3)
            return confirm
        await asyncio.sleep(0.01)
    raise AssertionError("the import never started writing")


@pytest.mark.parametrize("command", ["fact random", "fact today"])
async def test_fact_commands_answer_while_a_big_import_is_written(emulator: Emulator, discord_world: DiscordWorld,
                                                                  doinel: Doinel, monkeypatch: pytest.MonkeyPatch,
                                                                  command: str) -> None:
    """A moderator imports a big file (the README allows "Up to 5 MB and 10,000 facts per file") and
    presses Import. While it is written, Alice runs /fact random (or the day's first /fact today).
    She sees "The application did not respond" (Discord's "interaction failed"): the command waits for the
    import's write transaction, several seconds, before its first response. /fact search, /about and the
    leaderboard answer at once meanwhile (reads have a connection of their own). She should get her fact
    (or, at worst, a deferral and then the fact) within Discord's 3 seconds."""
    w = discord_world
    confirm = await importing(emulator, w, doinel, monkeypatch)
    record = await emulator.slash(w.general, w.alice, command)
    await record.wait_for(lambda r: r.is_done or bool(r.errors), timeout=30, what="an answer or a refusal")
    assert not record.errors, f"{command}: {record.errors[0].message} (no response within 3 s)"
    assert record.deferred and record.embeds and not record.ephemeral
    await confirm.wait_done(timeout=60)


async def test_a_trivia_round_starts_while_a_big_import_is_written(emulator: Emulator, discord_world: DiscordWorld,
                                                                  doinel: Doinel, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    """/trivia start writes the new round: it waited for the import like /fact random, and its reply
    (the round's link) must still be the message the deferral turns into."""
    w = discord_world
    confirm = await importing(emulator, w, doinel, monkeypatch)
    record = await emulator.slash(w.general, w.alice, "trivia start", questions=1)
    await record.wait_for(lambda r: r.is_done or bool(r.errors), timeout=30, what="an answer or a refusal")
    assert not record.errors, f"trivia start: {record.errors[0].message} (no response within 3 s)"
    assert record.deferred and not record.ephemeral and "1 question" in (record.content or ""), record.content
    await confirm.wait_done(timeout=60)
    await question(emulator, w.general, 1, 1, timeout=10)     # the round plays once the import is written
    assert await doinel.db.scalar("SELECT message_id FROM trivia_rounds") == record.original.id


@pytest.mark.parametrize(("who", "command", "typed", "said"), [
    ("alice", "fact suggest", "Léaud was fourteen when the film was shot.", "is waiting for this server's moderators"),
    ("moderator", "facts add", "Truffaut dedicated the film to André Bazin.", "Saved fact #"),
])
async def test_a_form_submitted_while_a_big_import_is_written_is_answered_once(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch,
        who: str, command: str, typed: str, said: str) -> None:
    """A form's submission writes too. Unanswered within 3 s, Discord tells the member the form failed
    and keeps it open, though the bot saves it a moment later: a second press saved it twice."""
    w = discord_world
    opened = await run(emulator, w, getattr(w, who), command)
    confirm = await importing(emulator, w, doinel, monkeypatch)
    record = await emulator.submit_modal(opened, None, {"text": typed, "source": "Truffaut by Truffaut"})
    await record.wait_for(lambda r: r.is_done or bool(r.errors), timeout=30, what="an answer or a refusal")
    assert not record.errors, f"{command}: {record.errors[0].message} (no response within 3 s)"
    told = emulator.message(record.followups[-1].message_id)
    assert record.deferred and told is not None and told.ephemeral and said in told.content, told
    await confirm.wait_done(timeout=60)
