"""QA22: a moderator corrects the server's question list while a trivia round is being played."""

from __future__ import annotations

import json
import re

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa15.test_qa15_trivia import only_the_club_list
from tests.e2e.qa22.support import within_limits  # noqa: F401 - fixture
from tests.e2e.test_moderation import buttons
from tests.e2e.test_trivia import description, fast, prompt_of, question, revealed, start, summary
from tests.emulator import Emulator, Member

pytestmark = pytest.mark.usefixtures("within_limits")


def club_list(right: str) -> bytes:
    """Three Open Trivia DB questions; ``right`` picks which of the four names is the accepted answer."""
    results = []
    for i in range(3):
        names = [f"Director {i}", f"Other {i}a", f"Other {i}b", f"Other {i}c"]
        answer = f"Director {i}" if right == "director" else f"Other {i}a"
        results.append({"type": "multiple", "difficulty": "easy", "question": f"Club question {i}: who directed "
                        f"film {i}?", "correct_answer": answer, "incorrect_answers": [n for n in names if n != answer]})
    return json.dumps({"response_code": 0, "results": results}).encode()


async def import_list(emulator: Emulator, world: DiscordWorld, member: Member, data: bytes) -> str:
    record = await (await emulator.slash(world.general, member, "trivia questions import",
                                         file=("club.json", data))).wait_done()
    preview = emulator.message(record.followups[-1].message_id) if record.followups else record.original
    assert preview is not None and "Import" in buttons(preview), preview
    done = await (await emulator.click(preview, buttons(preview)["Import"], member)).wait_done()
    return done.content or ""


async def test_questions_asked_after_a_correction_use_the_corrected_answer(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The server plays its own list "club". A round of three starts; during question 1 a member points out
    that the list's answers are wrong, and the moderator imports the corrected list ("0 added, 3 updated").
    Questions 2 and 3 are asked after that, yet their reveal still says "✅ Answer: Director N" and the
    members who picked the corrected answer score nothing: the round plays the list as it was when it
    started. Questions not yet asked should be asked as they now are (the open one may keep its answer)."""
    w = discord_world
    await only_the_club_list(emulator, w)
    assert "3 added" in await import_list(emulator, w, w.moderator, club_list("director"))
    fast(doinel, 0.1)
    await start(emulator, w.general, w.alice, questions=3, seconds=20)
    await question(emulator, w.general, 1, 3)
    assert "3 updated" in await import_list(emulator, w, w.moderator, club_list("other"))
    answers = {}
    for number in (2, 3):
        asked = await question(emulator, w.general, number, 3, timeout=10)
        shown = await revealed(emulator, w.general, number, 3)
        [answer] = re.findall(r"Answer: \*\*[A-D]\*\* · (.+)", description(shown))
        answers[prompt_of(asked)] = answer
    await summary(emulator, w.general)
    assert all(answer.startswith("Other") for answer in answers.values()), answers
