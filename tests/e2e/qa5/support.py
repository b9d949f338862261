"""Helpers for the QA5 scenarios: a catalogue of odd films, what a member reads, files to import.

The rest comes from earlier suites: run, film_id and fields (test_lookup), said, buttons, pings and
assert_polite (qa), suggest (test_moderation), form and add_film (qa3).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest

from bot.content.pack import parse_pack
from bot.db import Database
from bot.db.packs import import_pack
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import buttons, pings
from tests.e2e.test_lookup import run
from tests.emulator import Emulator, Member, Message


@pytest.fixture(autouse=True)
async def quiet_and_within_limits(emulator: Emulator) -> AsyncIterator[None]:
    """Everything the bot sent was something Discord accepts, and nobody was pinged (import it to use it)."""
    yield
    assert emulator.violations == []
    channels = [c for guild in emulator.world.guilds.values() for c in guild.channels.values()]
    assert pings(emulator, channels) == []


def take_violations(emulator: Emulator) -> list[str]:
    """The problems Discord would have refused so far, cleared (a test asserting on them owns them)."""
    problems = [p for v in emulator.violations for p in v.problems]
    emulator.violations.clear()
    return problems


async def catalogue(db: Database, films: Sequence[dict[str, Any]], people: Sequence[dict[str, Any]] = (),
                    facts: Sequence[dict[str, Any]] = (), questions: Sequence[dict[str, Any]] = ()) -> None:
    """Films and people as a bot owner's content pack brings them (the only way past the forms' limits)."""
    await import_pack(db, parse_pack({
        "format": 1, "pack": {"id": "qa5-pack", "name": "QA5 catalogue", "version": 1},
        "films": list(films), "people": list(people), "facts": list(facts), "questions": list(questions)}))


async def film_row(db: Database, film_id: int) -> tuple[Any, ...]:
    """Everything a correction can change about a film: its columns, names and credits."""
    film = await db.fetchone("SELECT * FROM films WHERE id = ?", (film_id,))
    names = await db.fetchall("SELECT name, kind FROM film_names WHERE film_id = ? ORDER BY id", (film_id,))
    credits = await db.fetchall("SELECT person_id, role, character, position FROM credits WHERE film_id = ? "
                                "ORDER BY position", (film_id,))
    return (tuple(film), tuple(map(tuple, names)), tuple(map(tuple, credits)))


async def unfindable_films(db: Database) -> int:
    """Films no name lookup (autocomplete, a typed title, /search) can ever reach: they have no name."""
    return int(await db.scalar(
        "SELECT count(*) FROM films f WHERE NOT EXISTS (SELECT 1 FROM film_names n WHERE n.film_id = f.id)"))


async def owner_form(emulator: Emulator, world: DiscordWorld, command: str, values: dict[str, str], *,
                     member: Member | None = None, **options: Any) -> Any:
    """A bot owner opens ``/films <command>`` and submits its form (as ``member`` if given)."""
    opened = await run(emulator, world, world.owner, f"films {command}", **options)
    assert opened.modal is not None, opened.content
    return await (await emulator.submit_modal(opened, None, values, member=member)).wait_done()


async def import_preview(emulator: Emulator, world: DiscordWorld, name: str, data: bytes,
                         member: Member | None = None, **options: Any) -> Any:
    """``/trivia questions import`` by a moderator: the interaction, once its dry run (or refusal) is shown."""
    record = await emulator.slash(world.general, member or world.moderator, "trivia questions import",
                                  file=(name, data), **options)
    return await record.wait_done()


def preview_message(emulator: Emulator, record: Any) -> Message:
    message = emulator.message(record.followups[-1].message_id)
    assert message is not None
    return message


async def import_list(emulator: Emulator, world: DiscordWorld, name: str, data: bytes, **options: Any) -> str:
    """Import a question list through the dry run and its Import button; the final message's text."""
    message = preview_message(emulator, await import_preview(emulator, world, name, data, **options))
    await (await emulator.click(message, buttons(message)["Import"], world.moderator)).wait_done()
    done = emulator.message(message.id)
    assert done is not None and done.content.startswith("✅ Imported"), done.content if done else None
    return done.content


async def questions_of(db: Database, guild_id: int) -> list[tuple[str, list[str], list[str]]]:
    """(prompt, answers, wrong choices) of the server's questions, in import order."""
    rows = await db.fetchall("SELECT prompt, answers, wrong_choices FROM questions WHERE guild_id = ? "
                             "AND deleted_at IS NULL ORDER BY id", (guild_id,))
    return [(r[0], json.loads(r[1]), json.loads(r[2])) for r in rows]
