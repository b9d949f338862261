"""QA28: the buttons a round borrows for the teacher's questions whose answer is a number with a word."""

from __future__ import annotations

import re

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa21.test_qa21_choices import choices
from tests.e2e.qa21.test_qa21_typed import ask_next
from tests.e2e.qa28.support import upload_list
from tests.e2e.test_trivia import fast, prompt_of, question, start
from tests.emulator import Emulator

PLACE = "Where did The 400 Blows finish in Sight and Sound's 1962 critics' poll?"
RUNTIME = "How long is The 400 Blows?"
DECADE = "In which decade did the French New Wave begin?"
LIST = f"""{PLACE}:
- 3rd
{RUNTIME}:
- 99 minutes
{DECADE}:
- 1950s
Who directed Jules et Jim?:
- François Truffaut
Who plays Catherine in Jules et Jim?:
- Jeanne Moreau
Who directed Breathless?:
- Jean-Luc Godard
Who directed Cleo from 5 to 7?:
- Agnès Varda
Who wrote the music of The 400 Blows?:
- Jean Constantin
""".encode()


SHAPES = {PLACE: r"\d+(st|nd|rd|th)", RUNTIME: r"\d+ minutes", DECADE: r"\d{3}0s"}


@pytest.mark.parametrize("prompt", [PLACE, RUNTIME, DECADE])
async def test_a_place_a_runtime_or_a_decade_gets_nearby_numbers_not_names(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, prompt: str) -> None:
    """The teacher's list (no wrong choices, as Red lists are) has "Where did The 400 Blows finish …?" →
    "3rd", "How long is The 400 Blows?" → "99 minutes" and "In which decade …?" → "1950s", among "who
    directed" questions. In a buttons round the place question shows A · 99 minutes, B · 3rd, C · 1950s,
    D · Jean Constantin, and the runtime one A · Jean Constantin, B · 99 minutes, C · François Truffaut,
    D · Jeanne Moreau: the only choice that is a place (or a runtime) is the answer, and every student gets
    it. A year gets nearby years today; a place, a runtime or a decade should get nearby ones the same
    way (2nd, 4th…; 97 minutes…; 1960s…), never names or other kinds of number."""
    w = discord_world
    fast(doinel, 0.05)
    _, done = await upload_list(emulator, w, LIST, "film-201.yaml")
    assert done.startswith("✅"), done
    await ask_next(doinel, w.guild.id, prompt)
    await start(emulator, w.general, w.alice, questions=1, seconds=20, mode="buttons")
    q = await question(emulator, w.general, 1, 1, timeout=10)
    assert prompt_of(q) == prompt
    offered = choices(q)
    assert len(offered) == 4 and all(re.fullmatch(SHAPES[prompt], c) for c in offered), offered
