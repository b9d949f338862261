"""QA6: owners naming films (titles with no letter or digit), owners' forms at their limits, and
moderators exporting question lists (counts, no empty file, questions with two wrong choices)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.client import Doinel
from bot.content.pack import PackError, parse_pack
from bot.lookup.corrections import FORM_FIELDS
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import add_film
from tests.e2e.qa5.support import (  # noqa: F401 - quiet_and_within_limits: an autouse fixture
    catalogue,
    import_list,
    owner_form,
    quiet_and_within_limits,
)
from tests.e2e.test_lookup import film_id, run
from tests.emulator import Emulator

NO_LETTER = "needs a letter or a digit, or nobody could look the film up"


@pytest.mark.parametrize("title", ["🎬🍿", "\u0301\u0302", "…", "★ ★ ★"])
async def test_a_title_with_nothing_to_type_is_refused_and_nothing_is_added(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, title: str) -> None:
    """Emoji only, combining marks only, an ellipsis or stars: the owner is told why, privately."""
    before = await doinel.db.scalar("SELECT count(*) FROM films")
    refused = await owner_form(emulator, discord_world, "add", {"title": title})
    assert refused.ephemeral and NO_LETTER in refused.content, refused.content
    assert await doinel.db.scalar("SELECT count(*) FROM films") == before


@pytest.mark.parametrize(("title", "typed"), [("七人の侍", "七人の侍"), ("الرسالة", "الرسالة"), ("&", "and"),
                                              ("π", "π"), ("8½", "8 1/2"), ("M*A*S*H", "mash")])
async def test_a_title_in_any_script_or_with_one_sign_is_added_and_found(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, title: str, typed: str) -> None:
    """CJK, Arabic, Greek, '&' (read as 'and'), '8½' and M*A*S*H are titles members can type."""
    number = await add_film(emulator, discord_world, title, year="1960")
    choices = await emulator.autocomplete(discord_world.general, discord_world.alice, "film", focused="title",
                                          title=typed)
    assert f"{title} (1960)" in [c["name"] for c in choices]
    card = await run(emulator, discord_world, discord_world.alice, "film", title=f"id:{number}")
    assert card.embeds[0]["footer"]["text"].startswith(f"Film #{number}")


def test_a_pack_film_with_an_emoji_title_names_the_problem() -> None:
    with pytest.raises(PackError) as raised:
        parse_pack({"format": 1, "pack": {"id": "p", "name": "P", "version": 1},
                    "films": [{"id": "emoji", "title": "🎬🍿"}]})
    assert NO_LETTER in str(raised.value)


# -- owners' forms: exactly at a field's limit opens, one over points to packs --------------------------------

def _film(key: str, **extra: object) -> dict[str, object]:
    return {"id": key, "title": f"Film {key}", "year": 1960, **extra}


FITS = [  # (form, pack data filling one field to exactly its form limit, that field)
    ("details", {"countries": ["C" * 250, "D" * 248, "E" * 248, "F" * 248]}, "countries"),  # 994 + 3 * 2
    ("details", {"languages": ["L" * 250, "M" * 248, "N" * 248, "O" * 248]}, "languages"),
    ("details", {"format": "F" * 200}, "format"),
    ("details", {"awards": ["x" + "A" * 199] + [f"{i:02d}" + "A" * 197 for i in range(1, 20)]}, "awards"),  # 4000
    ("edit", {"synopsis": "S" * 4_000}, "synopsis"),
    ("edit", {"title": "T" * 200}, "title"),
    ("edit", {"aliases": ["x" + "y" * 199] + [f"{i:02d}" + "y" * 197 for i in range(1, 20)]}, "aliases"),  # 4000
]


async def open_form(emulator: Emulator, world: DiscordWorld, doinel: Doinel, command: str, key: str,
                    data: dict[str, object]) -> Any:
    """An owner runs /films ``command`` on a new film ``key`` made of ``data``."""
    await catalogue(doinel.db, [_film(key, **data)])
    return await run(emulator, world, world.owner, f"films {command}", film=f"id:{await film_id(doinel, key)}")


@pytest.mark.parametrize(("command", "data", "key"), FITS)
async def test_a_value_that_fits_its_form_field_opens_the_form_prefilled(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str, data: dict[str, object],
        key: str) -> None:
    opened = await open_form(emulator, discord_world, doinel, command, "fits", data)
    assert opened.modal is not None, opened.content
    inputs = {c["custom_id"]: c for row in opened.modal["components"] for c in row["components"]}
    assert len(inputs[key]["value"]) == inputs[key]["max_length"] == FORM_FIELDS[key][1]


OVER = [
    ("details", {"countries": ["C" * 251, "D" * 248, "E" * 248, "F" * 248]}, "countries"),
    ("details", {"languages": ["L" * 251, "M" * 248, "N" * 248, "O" * 248]}, "languages"),
    ("details", {"awards": ["xy" + "A" * 199] + [f"{i:02d}" + "A" * 197 for i in range(1, 20)]}, "awards"),
    ("edit", {"aliases": ["x" + "y" * 199, "z" + "y" * 199] + [f"{i:02d}" + "y" * 197 for i in range(2, 20)]},
     "other titles"),                                                                      # 4001
]


@pytest.mark.parametrize(("command", "data", "named"), OVER)
async def test_a_value_one_over_its_form_field_points_to_content_packs(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str, data: dict[str, object],
        named: str) -> None:
    refused = await open_form(emulator, discord_world, doinel, command, "over", data)
    assert refused.modal is None and refused.ephemeral
    assert refused.content == (f"Film over (1960) has more {named} than a form can hold. Send the correction as "
                               "a content pack (`python -m bot import`)."), refused.content


# -- trivia export -------------------------------------------------------------------------------------------

TWO_WRONG = json.dumps({"response_code": 0, "results": [
    {"type": "multiple", "difficulty": "easy", "category": "Film", "question": "Who directed Jaws?",
     "correct_answer": "Steven Spielberg", "incorrect_answers": ["George Lucas", "Brian De Palma", "John Milius"]},
]}).encode()
RED_TWO_WRONG = b"""AUTHOR: QA6
Who directed Alien?:
- Ridley Scott
"""


async def test_exporting_one_question_says_one_question(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await import_list(emulator, w, "jaws.json", TWO_WRONG)
    for fmt, name in (("opentdb", "jaws.json"), ("red", "jaws.yaml")):
        done = await (await emulator.slash(w.general, w.moderator, "trivia questions export", format=fmt,
                                           source="list:jaws")).wait_done()
        assert done.followups[0].content.startswith("1 question exported."), done.followups[0].content
        assert [f.filename for f in done.followups[0].files] == [name]


async def test_one_question_with_two_wrong_choices_left_out_of_an_opentdb_export_is_told_in_good_english(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A list with Jaws (3 wrong choices) and one question given 2 wrong choices by a pack: the file holds
    Jaws only, and the note says '1 question ... was left out'."""
    w = discord_world
    await import_list(emulator, w, "jaws.json", TWO_WRONG)
    await doinel.db.conn.execute("INSERT INTO questions (guild_id, list_name, prompt, answers, wrong_choices, "
                                 "created_at, updated_at) VALUES (?, 'jaws', 'Who directed Alien?', "
                                 "'[\"Ridley Scott\"]', '[\"James Cameron\", \"David Fincher\"]', 0, 0)",
                                 (w.guild.id,))
    await doinel.db.conn.commit()
    done = await (await emulator.slash(w.general, w.moderator, "trivia questions export", format="opentdb",
                                       source="list:jaws")).wait_done()
    note = done.followups[0].content
    assert note.startswith("1 question exported."), note
    results = json.loads(done.followups[0].files[0].data)["results"]
    assert [q["question"] for q in results] == ["Who directed Jaws?"]
    assert "1 question without the 1 or 3 wrong choices Open Trivia DB needs was left out" in note, note
