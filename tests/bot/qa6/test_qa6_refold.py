"""QA6: what fold() joining initials ('E.T.' -> 'et') changes for data stored before it did."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.db import Database, film_refs
from bot.db import questions as questions_db
from bot.errors import InvalidInput
from bot.lookup.editing import parse_year
from bot.text import fold
from bot.trivia.formats import parse_question_file
from tests.bot.db.older import database_at

RED = b"""AUTHOR: QA6
What does E.T. want to do?:
- phone home
Who directed M*A*S*H?:
- Robert Altman
"""


async def test_a_list_imported_before_the_change_is_updated_in_place_not_doubled(db: Database) -> None:
    """A moderator re-imports the very list imported last month: the two questions are still two.

    Last month's keys were made from the prompt as fold then read it ('what does e t want to do').
    """
    parsed = parse_question_file(RED, "quiz.yaml", list_name="quiz")
    for entry in parsed.questions:
        old_norm = fold(entry.prompt.replace(".", " ").replace("*", " "))   # initials split, as before
        old_key = f"quiz.{hashlib.sha1(old_norm.encode('utf-8')).hexdigest()[:12]}"
        await db.conn.execute("INSERT INTO questions (guild_id, pack_key, list_name, prompt, answers, created_at, "
                         "updated_at) VALUES (1, ?, 'quiz', ?, ?, 0, 0)",
                         (old_key, entry.prompt, f'["{entry.answers[0]}"]'))
    await db.conn.commit()
    await questions_db.import_questions(db, parsed.questions, guild_id=1, list_name="quiz")
    count = await db.scalar("SELECT count(*) FROM questions WHERE guild_id = 1 AND deleted_at IS NULL")
    assert count == 2


def test_a_prompt_without_initials_keeps_its_key_so_reimports_stay_in_place() -> None:
    """Only prompts with joined initials changed: 'Who directed Jaws?' keeps last month's key."""
    parsed = parse_question_file(b"Who directed Jaws?:\n- Spielberg\n", "quiz.yaml", list_name="quiz")
    digest = hashlib.sha1(b"who directed jaws").hexdigest()[:12]
    assert parsed.questions[0].id == f"quiz.{digest}"


@pytest.mark.parametrize("typed", ["１９５９", "١٩٥٩"])
def test_a_year_typed_in_other_digits_is_read_as_the_number_it_is(typed: str) -> None:
    assert parse_year(typed) == 1959


@pytest.mark.parametrize("typed", ["¹⁹⁵⁹", "1959²"])
def test_a_year_in_superscript_digits_is_refused_clearly(typed: str) -> None:
    with pytest.raises(InvalidInput, match="Year must be a number from 1870 to 2100"):
        parse_year(typed)


async def test_migration_8_refolds_tricky_names_and_keeps_films_findable(tmp_path: Path) -> None:
    """A version-7 database with M*A*S*H beside an alias MASH, S.W.A.T. and Ærø: after 0008 each is found
    by what a member types, and no name row is lost."""
    db = await database_at(tmp_path / "old.sqlite3", 7)
    try:
        for title, aliases in (("M*A*S*H", ["MASH"]), ("S.W.A.T.", []), ("Ærø L.A.", [])):
            cur = await db.conn.execute("INSERT INTO films (title, created_at, updated_at) VALUES (?, 0, 0)",
                                        (title,))
            film = cur.lastrowid
            old = title.replace(".", " ").replace("*", " ")
            await db.conn.execute("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, 'title')",
                                  (film, title, fold(old)))
            for alias in aliases:
                await db.conn.execute("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, "
                                      "'alias')", (film, alias, fold(alias)))
        await db.conn.commit()
        before = await db.scalar("SELECT count(*) FROM film_names")
        await db.migrate()
        assert await db.scalar("SELECT count(*) FROM film_names") == before
        for typed, title in (("mash", "M*A*S*H"), ("M*A*S*H", "M*A*S*H"), ("swat", "S.W.A.T."),
                             ("S.W.A.T.", "S.W.A.T."), ("aero la", "Ærø L.A.")):
            assert [f.title for f in await film_refs.find_by_name(db, typed)] == [title], typed
    finally:
        await db.close()
