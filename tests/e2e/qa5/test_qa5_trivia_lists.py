"""QA5: moderators importing and exporting trivia question lists.

Broken files are refused whole with a reason that names the problem; a good file is shown as a dry
run and imported once, however often Import is pressed; what comes back out reads as it went in.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import buttons
from tests.e2e.qa5.support import (  # noqa: F401 - quiet_and_within_limits: an autouse fixture
    import_list,
    import_preview,
    preview_message,
    questions_of,
    quiet_and_within_limits,
)
from tests.e2e.test_trivia import description, fast, revealed
from tests.emulator import Emulator

JAWS = {"type": "multiple", "difficulty": "easy", "category": "Film",
        "question": "Who directed &quot;Jaws&quot; &amp; &#039;E.T.&#039;?", "correct_answer": "Steven *Spielberg*",
        "incorrect_answers": ["George `Lucas`", "Martin __Scorsese__", "Brian ||De Palma||"]}
YEAR = {"type": "boolean", "difficulty": "medium", "category": "Film",
        "question": "Jaws was released in 1975.", "correct_answer": "True", "incorrect_answers": ["False"]}
OPENTDB = json.dumps({"response_code": 0, "results": [JAWS, YEAR]}).encode()
JAWS_ONLY = json.dumps({"response_code": 0, "results": [JAWS]}).encode()
RED = b"AUTHOR: Film club\nWho directed Jules et Jim?:\n- Truffaut\n"


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("broken.yaml", b"Who?: [unclosed\n  - x: : :\n", "broken.yaml: not valid YAML at line 2"),
    ("latin1.yaml", "Qui a réalisé Jules et Jim?:\n- Truffaut\n".encode("latin-1"),
     "latin1.yaml: not UTF-8 text (bad byte at position 7); save the file as UTF-8"),
    ("empty.yaml", b"AUTHOR: Film club\n", "empty.yaml: the file holds no questions"),
    ("empty.json", b'{"response_code": 0, "results": []}', "empty.json: the file holds no questions"),
    ("twice.yaml", b"Who directed Jaws?:\n- Spielberg\nWho directed   JAWS?:\n- Steven Spielberg\n",
     'twice.yaml: question "Who directed JAWS?" (line 3): duplicate question (first at question "Who directed '
     'Jaws?" (line 1))'),
    ("list.yaml", b"- Truffaut\n- Godard\n", "list.yaml: a Red trivia list is a mapping of 'question: [answers]'"),
    ("many.yaml", b"".join(b"Question number %d?:\n- answer %d\n" % (i, i) for i in range(5_001)),
     "many.yaml: 5001 questions; the limit per file is 5000"),
])
async def test_a_broken_list_is_refused_whole_with_the_reason(emulator: Emulator, discord_world: DiscordWorld,
                                                              doinel: Doinel, name: str, data: bytes,
                                                              reason: str) -> None:
    refused = await import_preview(emulator, discord_world, name, data)
    message = refused.followups[-1]
    assert message.ephemeral and message.content.startswith("Nothing was imported: fix these and try again.\n")
    assert reason in message.content
    assert not message.components                                      # nothing to confirm
    assert await questions_of(doinel.db, discord_world.guild.id) == []


async def test_a_file_over_two_megabytes_is_refused_before_it_is_read(emulator: Emulator,
                                                                      discord_world: DiscordWorld,
                                                                      doinel: Doinel) -> None:
    refused = await import_preview(emulator, discord_world, "huge.yaml", b"# padding\n" * 210_000)
    assert refused.ephemeral and refused.content == "That file is 2100 kB; the limit is 2000 kB."


async def test_an_opentdb_list_is_decoded_imported_once_and_exported_as_it_came(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """HTML entities read as text, Markdown kept as typed; Import pressed twice imports once."""
    w = discord_world
    preview = await import_preview(emulator, w, "jaws.json", OPENTDB)
    message = preview_message(emulator, preview)
    assert message.content.startswith("Ready to import **2** questions from the opentdb list **jaws**: 2 added")
    assert await questions_of(doinel.db, w.guild.id) == []             # a dry run saves nothing
    first = await emulator.click(message, buttons(message)["Import"], w.moderator)
    second = await emulator.click(message, buttons(message)["Import"], w.moderator)
    await first.wait_done()
    await second.wait_done()
    assert second.ephemeral and second.content == "This confirmation has already been answered."
    assert emulator.message(message.id).content.startswith("✅ Imported **2** questions")
    stored = await questions_of(doinel.db, w.guild.id)
    assert stored[0] == ("Who directed \"Jaws\" & 'E.T.'?", ["Steven *Spielberg*"],
                         ["George `Lucas`", "Martin __Scorsese__", "Brian ||De Palma||"])
    exported = await (await emulator.slash(w.general, w.moderator, "trivia questions export", format="opentdb",
                                           source="list:jaws")).wait_done()
    (file,) = exported.followups[0].files
    again = json.loads(file.data)["results"]
    assert [(q["correct_answer"], q["incorrect_answers"]) for q in again] == [
        ("Steven *Spielberg*", ["George `Lucas`", "Martin __Scorsese__", "Brian ||De Palma||"]), ("True", ["False"])]
    reimported = await import_preview(emulator, w, "jaws.json", file.data)
    assert "0 added, 0 updated, 2 unchanged" in reimported.followups[-1].content


async def test_an_import_confirmation_from_before_a_restart_imports_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
        restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    w = discord_world
    message = preview_message(emulator, await import_preview(emulator, w, "club.yaml", RED))
    bot = await restart_bot()
    late = await (await emulator.click(message, buttons(message)["Import"], w.moderator)).wait_done()
    assert late.ephemeral or late.callback_type == 7
    assert "expired" in (late.content or "").lower() or "expired" in (emulator.message(message.id).content or "")
    assert await questions_of(bot.db, w.guild.id) == []


async def test_an_opentdb_export_with_nothing_to_write_sends_no_empty_file(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await import_list(emulator, w, "club.yaml", RED)
    exported = await (await emulator.slash(w.general, w.moderator, "trivia questions export", format="opentdb",
                                           source="list:club")).wait_done()
    answer = exported.followups[0]
    assert answer.files == [], answer.content
    assert "export as red" in answer.content


async def test_an_export_of_one_question_reads_well(emulator: Emulator, discord_world: DiscordWorld,
                                                    doinel: Doinel) -> None:
    w = discord_world
    await import_list(emulator, w, "club.yaml", RED + b"Who directed Jaws?:\n- Spielberg\n")
    await import_list(emulator, w, "jaws.json", JAWS_ONLY)
    red = await (await emulator.slash(w.general, w.moderator, "trivia questions export",
                                      source="list:jaws")).wait_done()
    assert red.followups[0].content.startswith("1 question exported."), red.followups[0].content
    mixed = await (await emulator.slash(w.general, w.moderator, "trivia questions export",
                                        format="opentdb")).wait_done()
    assert "1 questions" not in mixed.followups[0].content, mixed.followups[0].content


async def test_an_imported_answer_with_markdown_reads_as_typed_in_the_round(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await import_list(emulator, w, "jaws.json", JAWS_ONLY)
    await (await emulator.slash(w.general, w.moderator, "trivia settings", disable="film:1")).wait_done()
    fast(doinel, 0.05)
    await (await emulator.slash(w.general, w.alice, "trivia start", questions=1)).wait_done()
    shown = description(await revealed(emulator, w.general, 1, 1))
    assert "Steven \\*Spielberg\\*" in shown and "Martin \\_\\_Scorsese\\_\\_" in shown, shown
