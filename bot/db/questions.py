"""Trivia questions: the shared read side."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.db.util import load_list, unscope


@dataclass(frozen=True)
class Question:
    id: int
    guild_id: int | None
    pack_key: str | None
    list_name: str | None
    film_id: int | None
    prompt: str
    answers: tuple[str, ...]
    wrong_choices: tuple[str, ...]
    difficulty: str | None
    source: str
    status: str
    deleted_at: int | None


def row_to_question(row: aiosqlite.Row) -> Question:
    return Question(
        id=row["id"], guild_id=unscope(row["guild_id"]), pack_key=row["pack_key"], list_name=row["list_name"],
        film_id=row["film_id"], prompt=row["prompt"], answers=load_list(row["answers"]),
        wrong_choices=load_list(row["wrong_choices"]), difficulty=row["difficulty"], source=row["source"],
        status=row["status"], deleted_at=row["deleted_at"],
    )


async def get(db: Database, question_id: int) -> Question | None:
    row = await db.fetchone("SELECT * FROM questions WHERE id = ?", (question_id,))
    return None if row is None else row_to_question(row)
