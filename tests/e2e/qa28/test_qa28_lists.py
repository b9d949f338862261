"""QA28: the teacher writes one question list per film of the semester, imports it, corrects it and
exports it, and runs each week's round on one film or one list."""

from __future__ import annotations

import yaml

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa28.support import course_catalogue, list_questions, upload_list
from tests.e2e.test_trivia import fast, prompt_of, question, start, summary
from tests.emulator import Emulator

# Her lists share their generic questions: each is tied to its film with the import's `film` option.
WEEK1 = b"""AUTHOR: Ms Lemaire
Who directed the film?:
- Francois Truffaut
- Truffaut
In what year was the film released?:
- '1959'
"""
WEEK2 = b"""AUTHOR: Ms Lemaire
Who directed the film?:
- Francois Truffaut
- Truffaut
In what year was the film released?:
- '1962'
"""


async def export_list(emulator: Emulator, w: DiscordWorld, source: str) -> dict[str, object]:
    record = await emulator.slash(w.general, w.moderator, "trivia questions export", source=source)
    await record.wait_done()
    sent = record.followups[-1]
    message = emulator.message(sent.message_id)
    assert message is not None and message.attachments, (record.content, sent.content)
    return yaml.safe_load(message.attachments[0].data.decode("utf-8"))


async def test_two_film_lists_with_the_same_generic_question_keep_their_own_answers(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Week 1 the teacher imports "week1-400-blows.yaml" tied to The 400 Blows ("In what year was the film
    released?" 1959). Week 2 she imports "week2-jules-et-jim.yaml", tied to Jules and Jim, with the same
    two template questions (1962). The dry run says "0 added, 2 updated", and after Confirm the week-1
    list's year question answers 1962, both questions moved to Jules and Jim, and the list
    "week2-jules-et-jim" does not exist. Next week's 400 Blows round has lost its questions and marks
    1959 wrong. A question tied to another film, in another list, is another question: week 2 adds 2."""
    w = discord_world
    await course_catalogue(doinel)
    _, first = await upload_list(emulator, w, WEEK1, "week1-400-blows.yaml", film="The 400 Blows")
    assert "2 added" in first, first
    _, second = await upload_list(emulator, w, WEEK2, "week2-jules-et-jim.yaml", film="Jules and Jim")
    rows = await list_questions(doinel, w.guild.id)
    years = {(name, answers) for name, prompt, answers, _ in rows if prompt.startswith("In what year")}
    assert years == {("week1-400-blows", '["1959"]'), ("week2-jules-et-jim", '["1962"]')}, (second, rows)
    assert "2 added" in second, second


V1 = b"""Who directed Jules et Jim?:
- Francois Truffaut
- Truffaut
Who plays Catherine in Jules et Jim?:
- jeanne moreau
- Moreau
"""
V2 = """Who directed Jules et Jim?:
- François Truffaut
- Truffaut
Who plays Catherine in Jules et Jim?:
- Jeanne Moreau
- Moreau
""".encode()


async def test_a_corrected_accent_or_capital_in_an_answer_is_saved_on_reimport(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The teacher's first upload had "Francois Truffaut" and "jeanne moreau" (typed in a hurry). The
    reveal shows them like that to 40 students, so she fixes the file ("François Truffaut", "Jeanne
    Moreau") and imports it again: "0 added, 0 updated, 2 unchanged", and the reveal and the export still
    show the old spellings. A corrected answer in a Red list (which holds answers whole) is an update."""
    w = discord_world
    await upload_list(emulator, w, V1, "jules.yaml")
    preview, done = await upload_list(emulator, w, V2, "jules.yaml")
    exported = await export_list(emulator, w, "list:jules")
    assert exported["Who directed Jules et Jim?"] == ["François Truffaut", "Truffaut"], (done, exported)
    assert exported["Who plays Catherine in Jules et Jim?"] == ["Jeanne Moreau", "Moreau"], exported
    assert "2 updated" in preview, preview


async def test_a_removed_alternative_and_a_corrected_year_are_saved_on_reimport(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """What works: the teacher drops an alternative she no longer accepts and corrects a wrong year;
    the re-import reports 2 updated and the export shows exactly her file's answers."""
    w = discord_world
    await upload_list(emulator, w, WEEK1 + b"Who plays Antoine?:\n- Jean-Pierre Leaud\n- Leaud\n", "wk.yaml")
    fixed = WEEK1.replace(b"'1959'", b"'1958'").replace(b"- Truffaut\n", b"") \
        + b"Who plays Antoine?:\n- Jean-Pierre Leaud\n- Leaud\n"
    preview, _ = await upload_list(emulator, w, fixed, "wk.yaml")
    assert "0 added, 2 updated, 1 unchanged" in preview, preview
    exported = await export_list(emulator, w, "list:wk")
    assert exported["Who directed the film?"] == ["Francois Truffaut"]
    assert exported["In what year was the film released?"] == ["1958"]


MY_LIST = b"""Who plays the mother?:
- Claire Maurier
Who plays Antoine's friend Rene?:
- Patrick Auffay
Which actor plays Antoine?:
- Jean-Pierre Leaud
Who wrote the music?:
- Jean Constantin
"""


async def test_a_list_shown_as_on_can_be_played_when_its_film_is_turned_off(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The teacher imports her own four questions about The 400 Blows as the list "week1", tied to the film,
    and wants this week's round to ask only hers, not Doinel's 75 about the film (/trivia start only
    narrows by film). She turns the film off: /trivia settings now reads "Films and lists on: week1 (4)",
    "Turned off: The 400 Blows (1959)". A student's /trivia start answers "There are no trivia questions
    to play in this server yet". A list the settings show as on plays (or the settings say it is off)."""
    w = discord_world
    fast(doinel, 0.05)
    await upload_list(emulator, w, MY_LIST, "week1.yaml", film="The 400 Blows")
    off = await emulator.slash(w.general, w.moderator, "trivia settings", disable="film:1")
    await off.wait_done()
    fields = {f["name"]: f["value"] for f in off.embeds[0]["fields"]}
    started = await start(emulator, w.general, w.alice, questions=4, mode="buttons")
    if fields.get("Films and lists on") == "week1 (4)":
        assert not started.ephemeral, started.content
        q = await question(emulator, w.general, 1, 4, timeout=10)
        assert prompt_of(q) in MY_LIST.decode()
    else:
        assert "week1" in fields.get("Turned off", ""), fields


async def test_a_round_from_one_list_asks_only_its_questions(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """What the teacher wanted in the first place: this week's round asks her four questions and none of
    Doinel's 75 about the same film, with the film left on. /trivia start offers her list by name."""
    w = discord_world
    fast(doinel, 0.05)
    await upload_list(emulator, w, MY_LIST, "week1.yaml", film="The 400 Blows")
    offered = await emulator.autocomplete(w.general, w.alice, "trivia start", focused="list", list="wee")
    assert [c["value"] for c in offered] == ["week1"], offered
    started = await start(emulator, w.general, w.alice, questions=10, mode="buttons", list="week1")
    assert not started.ephemeral and "from the list **week1**" in started.content, started.content
    assert "(Only 4 questions are available from the list week1.)" in started.content, started.content
    for n in range(1, 4):                   # nobody answers: the round ends idle after 3 questions
        assert prompt_of(await question(emulator, w.general, n, 4, timeout=10)) in MY_LIST.decode()
    await summary(emulator, w.general)
    unknown = await start(emulator, w.general, w.alice, list="week9")
    assert unknown.ephemeral and "No question list called" in unknown.content, unknown.content
    await (await emulator.slash(w.general, w.moderator, "trivia settings", disable="list:week1")).wait_done()
    off = await start(emulator, w.general, w.alice, list="week1")
    assert off.ephemeral and "turned off" in off.content, off.content
    assert emulator.violations == []


CSV_LIST = b"question,answer,also accepted\nWho directed Jules et Jim?,Francois Truffaut,Truffaut\n"


async def test_a_spreadsheet_of_questions_is_refused_in_words_a_teacher_understands(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The teacher keeps her questions in a spreadsheet and, since /facts import takes CSV, uploads
    "jules.csv" to /trivia questions import. The answer: "jules.csv: a Red trivia list is a mapping of
    'question: [answers]', not a scalar". She cannot tell from it that CSV is not read here at all. The
    reply should say the file is CSV, which question-list formats are read (YAML, JSON) and change nothing."""
    w = discord_world
    refused, _ = await upload_list(emulator, w, CSV_LIST, "jules.csv")
    assert "Nothing was imported" in refused
    assert await list_questions(doinel, w.guild.id) == []
    assert "scalar" not in refused and "CSV" in refused and "YAML" in refused, refused
