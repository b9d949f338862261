"""QA11: Discord's limits and hostile or odd input — what QA found broken.

Black box: every check is about what a member or moderator sees in Discord (through the emulator),
and what the database holds afterwards.
"""

from __future__ import annotations

import json

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, buttons, said
from tests.e2e.test_moderation import add_fact
from tests.e2e.test_trivia import correct_id, fast, question, summary
from tests.emulator import Emulator

APOLOGY_START = "Sorry, something went wrong"
BEYOND_SQLITE = "99999999999999999999"      # 20 digits: more than SQLite's largest integer (2**63 - 1)


async def own_facts(bot: Doinel) -> list[tuple[str, str, str]]:
    rows = await bot.db.fetchall("SELECT text, source, tags FROM facts WHERE guild_id != 0 ORDER BY id")
    return [(r[0], r[1], r[2]) for r in rows]


# -- QA11 1 --------------------------------------------------------------------------------------------

async def test_a_spreadsheet_with_many_extra_columns_is_refused_with_an_answer(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A moderator uploads a sheet exported with 30 extra columns: the bot must say what is wrong."""
    w = discord_world
    header = ["text"] + [f"Column {i}" for i in range(30)]
    data = (",".join(header) + "\n" + ",".join(["x"] * len(header)) + "\n").encode()
    record = await emulator.slash(w.general, w.moderator, "facts import", file=("sheet.csv", data))
    await record.wait_done()             # today: deferred ("thinking…") forever, the followup refused
    assert record.ephemeral and 'column "column 0": unknown' in said(record), said(record)
    assert await own_facts(doinel) == []


async def test_a_trivia_list_uploaded_to_facts_import_is_refused_with_an_answer(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """An easy slip: the club's 60-question Red list sent to /facts import instead of /trivia questions import."""
    w = discord_world
    data = "".join(f"Who directed film number {i} of the season?:\n- Truffaut\n" for i in range(60)).encode()
    record = await emulator.slash(w.general, w.moderator, "facts import", file=("club.yaml", data))
    await record.wait_done()
    assert record.ephemeral and "unknown section" in said(record), said(record)
    assert await own_facts(doinel) == []


# -- QA11 2 --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "options"), [
    ("fact random", {"film": f"id:{BEYOND_SQLITE}"}),
    ("fact search", {"query": "Truffaut", "film": f"id:{BEYOND_SQLITE}"}),
    ("fact suggest", {"film": f"id:{BEYOND_SQLITE}"}),
])
async def test_a_huge_film_number_typed_by_a_member_is_a_clear_not_found(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str,
        options: dict[str, str]) -> None:
    record = await act(emulator, discord_world.general, discord_world.alice, command, **options)
    assert record.ephemeral and record.modal is None
    assert not said(record).startswith(APOLOGY_START), said(record)
    assert "film" in said(record), said(record)


async def test_a_huge_film_number_in_moderator_commands_and_forms_is_a_clear_not_found(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    answers = [await act(emulator, w.general, w.moderator, "facts add", film=BEYOND_SQLITE),
               await act(emulator, w.general, w.moderator, "trivia questions export", source=f"film:{BEYOND_SQLITE}"),
               await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time="09:00",
                         timezone="UTC", film=f"id:{BEYOND_SQLITE}")]
    opened = await act(emulator, w.general, w.alice, "fact suggest")
    answers.append(await (await emulator.submit_modal(opened, None, {"text": "Léaud was 14.",
                                                                     "film": BEYOND_SQLITE})).wait_done())
    refusals = [said(a) for a in answers]
    assert all(a.ephemeral for a in answers)
    assert not any(r.startswith(APOLOGY_START) for r in refusals), refusals
    assert await doinel.db.scalar("SELECT count(*) FROM suggestions") == 0


# -- QA11 3 --------------------------------------------------------------------------------------------

async def test_a_fact_nobody_can_see_is_refused(emulator: Emulator, discord_world: DiscordWorld,
                                                doinel: Doinel) -> None:
    """Titles with nothing visible are refused (qa6); a fact text of U+200B / U+200D / U+2060 must be too."""
    w = discord_world
    opened = await act(emulator, w.general, w.moderator, "facts add")
    answer = await (await emulator.submit_modal(opened, None, {"text": "\u200b\u200d\u2060"})).wait_done()
    assert answer.ephemeral and not said(answer).startswith("Saved"), said(answer)
    assert await own_facts(doinel) == []


async def test_an_invisible_tag_or_source_is_not_kept(emulator: Emulator, discord_world: DiscordWorld,
                                                      doinel: Doinel) -> None:
    w = discord_world
    await add_fact(emulator, w, "Léaud was fourteen during the shoot.", source="\u200b", tags="cast, \u200b")
    assert await own_facts(doinel) == [("Léaud was fourteen during the shoot.", "", '["cast"]')]


# -- QA11 4 --------------------------------------------------------------------------------------------

MASH_LIST = json.dumps({"response_code": 0, "results": [
    {"type": "multiple", "difficulty": "easy", "question": "Who directed M*A*S*H (1970)?",
     "correct_answer": "Robert Altman", "incorrect_answers": ["Hal Ashby", "Mike Nichols", "Bob Rafelson"]}]}).encode()


async def test_a_question_prompt_with_stars_reads_as_typed(emulator: Emulator, discord_world: DiscordWorld,
                                                           doinel: Doinel) -> None:
    """Answers and choices are escaped (qa5, qa6); the prompt above them must be too."""
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "trivia questions import", file=("mash.json", MASH_LIST))
    message = emulator.message(preview.followups[-1].message_id)
    await (await emulator.click(message, buttons(message)["Import"], w.moderator)).wait_done()
    await act(emulator, w.general, w.moderator, "trivia settings", disable="film:1")
    fast(doinel, 0.05)
    await act(emulator, w.general, w.alice, "trivia start", questions=1)
    asked = await question(emulator, w.general, 1, 1)
    assert "M\\*A\\*S\\*H (1970)" in asked.embeds[0]["description"], asked.embeds[0]["description"]
    await summary(emulator, w.general)


# -- QA11 5 --------------------------------------------------------------------------------------------

async def test_trivia_stats_shows_a_display_name_as_typed(emulator: Emulator, discord_world: DiscordWorld,
                                                          doinel: Doinel) -> None:
    w = discord_world
    await emulator.update_member(w.bob, nick="__init__ *star*")
    fast(doinel, 0.05)
    await act(emulator, w.general, w.alice, "trivia start", questions=1)
    asked = await question(emulator, w.general, 1, 1)
    await (await emulator.click(asked, correct_id(asked), w.bob)).wait_done()
    await summary(emulator, w.general)
    stats = await act(emulator, w.general, w.alice, "trivia stats", member=w.bob)
    # The empty-stats sentence already escapes the name; the title must too.
    assert stats.embeds[0]["title"] == "Trivia stats · \\_\\_init\\_\\_ \\*star\\*", stats.embeds[0]["title"]


# -- QA11 6 --------------------------------------------------------------------------------------------

def club_pack() -> bytes:
    return json.dumps({"format": 1, "pack": {"id": "club", "name": "Club pack", "version": 1},
                       "questions": [{"id": "q1", "prompt": "Who directed Jules et Jim?", "answers": ["Truffaut"],
                                      "wrong": ["Godard", "Rohmer", "Chabrol"], "difficulty": "easy",
                                      "source": "Club quiz"}]}).encode()


async def test_a_pack_imported_as_a_question_list_can_be_turned_off(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "trivia questions import",
                        file=("club.json", club_pack()), name="Club night")
    message = emulator.message(preview.followups[-1].message_id)
    await (await emulator.click(message, buttons(message)["Import"], w.moderator)).wait_done()
    assert "list **Club night**" in emulator.message(message.id).content
    picks = await emulator.autocomplete(w.general, w.moderator, "trivia settings", focused="disable", disable="club")
    assert [p["name"] for p in picks] == ["List · Club night · 1 question"], picks


# -- QA11 7 --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "name"), [("facts import", "deep.json"), ("facts import", "deep.yaml"),
                                               ("trivia questions import", "deep.json"),
                                               ("trivia questions import", "deep.yaml")])
async def test_a_deeply_nested_file_is_refused_as_unreadable(emulator: Emulator, discord_world: DiscordWorld,
                                                             doinel: Doinel, command: str, name: str) -> None:
    w = discord_world
    record = await act(emulator, w.general, w.moderator, command, file=(name, b"[" * 5000 + b"]" * 5000))
    assert record.ephemeral and said(record).startswith("Nothing was imported"), said(record)
