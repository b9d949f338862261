"""QA22 helpers: a film server's moderator team (an admin and role moderators) working at the same time."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import allow_everyone, buttons, run
from tests.emulator import Emulator, Member, Message, Role


@pytest.fixture
async def within_limits(emulator: Emulator) -> AsyncIterator[None]:
    """Every message, embed, modal and choice list the bot sent was one Discord would accept."""
    yield
    assert emulator.violations == []


@dataclass
class Team:
    """The admin (Manage Server) and three moderators who only hold the server's moderator role."""

    admin: Member
    role: Role
    mods: list[Member]


async def moderator_team(emulator: Emulator, world: DiscordWorld) -> Team:
    role = await emulator.create_role(world.guild, "Film mods")
    mods = [await emulator.add_member(world.guild, name, roles=[role]) for name in ("rosa", "milo", "ines")]
    allow_everyone(emulator, world)                      # the admin let the mod role see /facts and /config
    set_role = await run(emulator, world, world.moderator, "config modrole", role=role)
    assert "Moderator role:" in (set_role.content or ""), set_role.content
    return Team(world.moderator, role, mods)


def export_rows(record) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The rows of the CSV file /facts export sent."""
    message = record.original
    assert message is not None and message.attachments, record
    return list(csv.DictReader(io.StringIO(message.attachments[0].data.decode("utf-8-sig"))))


def csv_bytes(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


async def import_preview(emulator: Emulator, world: DiscordWorld, member: Member, name: str,
                         data: bytes) -> Message:
    """``member`` uploads a file to /facts import; returns the dry run's message."""
    record = await run(emulator, world, member, "facts import", file=(name, data))
    assert record.followups, record
    message = emulator.message(record.followups[-1].message_id)
    assert message is not None
    return message


async def confirm_import(emulator: Emulator, message: Message, member: Member) -> str:
    label = next(label for label in buttons(message) if label.startswith("Import "))
    done = await (await emulator.click(message, buttons(message)[label], member)).wait_done()
    return done.content or ""
