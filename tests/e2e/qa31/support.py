"""QA31 helpers: Léa's Friday Ciné-Quiz night (lists imported, typed and buttons rounds, a side round)."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator, Member, Message


def labels(message: Message) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for row in message.components for b in row.get("components", [])}


async def upload_list(emulator: Emulator, w: DiscordWorld, data: bytes, filename: str,
                      member: Member | None = None, **options: Any) -> str:
    """Léa uploads a question list and confirms it; the confirmation's text."""
    who = member or w.moderator
    record = await emulator.slash(w.general, who, "trivia questions import", file=(filename, data), **options)
    await record.wait_done()
    preview = record.followups[0]
    confirm = labels(emulator.message(preview.message_id))["Import"]
    done = await (await emulator.click(preview.message_id, confirm, who)).wait_done()
    return emulator.message(preview.message_id).content or done.content or ""


def red_list(questions: dict[str, list[str]], author: str = "Léa") -> bytes:
    """A Red-DiscordBot list (keys and answers quoted as JSON strings, which YAML reads as typed)."""
    lines = [f"AUTHOR: {author}"]
    for prompt, answers in questions.items():
        lines.append(f"{json.dumps(prompt, ensure_ascii=False)}:")
        lines += [f"- {json.dumps(a, ensure_ascii=False)}" for a in answers]
    return ("\n".join(lines) + "\n").encode()
