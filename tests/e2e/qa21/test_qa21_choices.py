"""QA21: the buttons a round shows for a Red-DiscordBot list's yes/no questions.

Red lists hold no wrong choices, so in buttons rounds Doinel borrows other answers of the same list.
Club lists mix yes/no questions with "who directed" ones (the README's own example does).
"""

from __future__ import annotations

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_trivia import buttons, click, fast, prompt_of, question, start
from tests.emulator import Emulator

CLUB_LIST = b"""AUTHOR: Film club
Is Jules et Jim set during the Second World War?:
- no
Were the Cahiers critics behind the New Wave?:
- yes
Is Pierrot le Fou in colour?:
- yes
Who directed Cleo from 5 to 7?:
- Agnes Varda
- Varda
Who directed Pierrot le Fou?:
- Jean-Luc Godard
- Godard
Who directed Hiroshima mon amour?:
- Alain Resnais
- Resnais
Who directed Le Beau Serge?:
- Claude Chabrol
- Chabrol
"""
YES_NO = {"yes", "no"}


async def import_list(emulator: Emulator, w: DiscordWorld, data: bytes, name: str = "club.yaml") -> None:
    record = await emulator.slash(w.general, w.moderator, "trivia questions import", file=(name, data))
    await record.wait_done()
    preview = record.followups[0]
    confirm = next(b["custom_id"] for row in preview.components for b in row["components"] if b["label"] == "Import")
    await (await emulator.click(preview.message_id, confirm, w.moderator)).wait_done()


def choices(message) -> list[str]:
    return [b["label"].split(" · ", 1)[1] for b in buttons(message)]


async def test_yes_no_questions_offer_yes_and_no_and_name_questions_offer_names(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A moderator imports the club's Red list (three yes/no questions, four "who directed" ones) and turns
    The 400 Blows off; the regulars play a buttons round. "Is Jules et Jim set during the Second World War?"
    shows A · Jean-Luc Godard, B · no, C · Agnes Varda, D · yes, and "Who directed Pierrot le Fou?" offers
    "yes" and "no" among the directors: choices nobody would write, giving the answer away. A yes/no
    question should offer yes and no only (two buttons, as Open Trivia DB true/false questions get), and a
    name question should never borrow "yes" or "no"."""
    w = discord_world
    fast(doinel, 0.05)
    await import_list(emulator, w, CLUB_LIST)
    off = await emulator.slash(w.general, w.moderator, "trivia settings", disable="film:1")
    await off.wait_done()
    await start(emulator, w.general, w.alice, questions=7, seconds=20)
    seen: dict[str, list[str]] = {}
    for number in range(1, 8):
        q = await question(emulator, w.general, number, 7, timeout=10)
        seen[prompt_of(q)] = choices(q)
        await click(emulator, q, buttons(q)[0]["custom_id"], w.bob)      # an answer: the round never idles out
        await (await emulator.slash(w.general, w.alice, "trivia skip")).wait_done()
    assert len(seen) == 7
    for prompt, offered in seen.items():
        if prompt.startswith(("Is ", "Were ")):
            assert {c.lower() for c in offered} == YES_NO, (prompt, offered)
        else:
            assert not YES_NO & {c.lower() for c in offered}, (prompt, offered)
