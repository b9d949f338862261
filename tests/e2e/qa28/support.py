"""QA28 helpers: a film-studies teacher's class server (lists per film, weekly rounds, grading)."""

from __future__ import annotations

from typing import Any

from bot.client import Doinel
from bot.content.pack import parse_pack
from bot.db.packs import import_pack
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator, Member, Message

COURSE_FILMS = [
    {"id": "jules-et-jim", "title": "Jules and Jim", "year": 1962, "original_title": "Jules et Jim"},
    {"id": "breathless", "title": "Breathless", "year": 1960, "original_title": "À bout de souffle"},
]


async def course_catalogue(bot: Doinel) -> None:
    """The semester's other films (an owner imported them as a pack)."""
    await import_pack(bot.db, parse_pack({"format": 1, "pack": {"id": "qa28-course", "name": "Course",
                                                                "version": 1}, "films": COURSE_FILMS}, "qa28"))


def labels(message: Message) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for row in message.components for b in row.get("components", [])}


async def upload_list(emulator: Emulator, w: DiscordWorld, data: bytes, filename: str,
                      member: Member | None = None, **options: Any) -> tuple[str, str]:
    """The teacher uploads a question list and confirms: (the dry run's text, the confirmation's text)."""
    who = member or w.moderator
    record = await emulator.slash(w.general, who, "trivia questions import", file=(filename, data), **options)
    await record.wait_done()
    if not record.followups:
        return record.content or "", ""
    preview = record.followups[0]
    confirm = labels(emulator.message(preview.message_id)).get("Import")
    if confirm is None:
        return preview.content or "", ""
    done = await (await emulator.click(preview.message_id, confirm, who)).wait_done()
    return preview.content or "", done.content or ""


async def list_questions(bot: Doinel, guild_id: int) -> list[tuple[str, str, str, int | None]]:
    """(list, prompt, answers JSON, film id) of the server's live questions."""
    rows = await bot.db.fetchall("SELECT list_name, prompt, answers, film_id FROM questions WHERE guild_id = ? "
                                 "AND deleted_at IS NULL ORDER BY id", (guild_id,))
    return [(r[0], r[1], r[2], r[3]) for r in rows]


