"""QA27: trivia rounds as a screen reader reads them (colour carries nothing)."""

from __future__ import annotations

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa27.support import PROMPTS, embed_text, labels, prompt_on
from tests.e2e.test_trivia import fast, question, revealed, start
from tests.emulator import Emulator
from tests.emulator.state import Message


def button_for(message: Message, answer: str) -> dict:
    """The answer button whose label shows ``answer`` (labels read "A · answer")."""
    return next(b for b in labels(message) if answer in b["label"])


async def test_the_revealed_answer_is_not_told_by_colour_alone(emulator: Emulator, discord_world: DiscordWorld,
                                                                doinel: Doinel) -> None:
    """A question is revealed. With embeds off (or with a screen reader, which announces a disabled button's
    label but not its colour) Alice reads four disabled buttons: "A · Coming-of-age drama (1)", "B · Musical
    comedy (1)", "C · Film noir (0)", "D · Science fiction (0)". Which one was right is said only by the
    embed ("✅ Answer: A · …") and by the right button being green. The right answer should be said in
    words she reads: a mark on its button's label (only on it), or the answer in the message text."""
    w = discord_world
    fast(doinel)
    await start(emulator, w.general, w.bob, questions=1, seconds=20)
    q1 = await question(emulator, w.general, 1, 1)
    answer = PROMPTS[prompt_on(q1)]
    right = button_for(q1, answer)["custom_id"]
    await (await emulator.click(q1, right, w.alice)).wait_done()
    shown = await revealed(emulator, w.general, 1, 1)
    assert "✅ Answer: **" in embed_text(shown)
    marks = ("✅", "✓", "✔", "correct", "right answer")
    marked = [b["label"] for b in labels(shown) if any(m in b["label"] for m in marks)]
    told_in_text = any("answer" in line.lower() and answer in line for line in (shown.content or "").splitlines())
    assert told_in_text or (len(marked) == 1 and answer in marked[0]), (
        f"only colour tells the answer: {[(b['label'], b['style']) for b in labels(shown)]}")


async def test_a_locked_in_answer_is_confirmed_in_plain_words(emulator: Emulator, discord_world: DiscordWorld,
                                                               doinel: Doinel) -> None:
    """Works: clicking an answer gets a private, plain-text "Locked in B · Musical comedy": the letter and
    the answer itself, readable with embeds off and by a screen reader, and the change is confirmed too."""
    w = discord_world
    fast(doinel, 1.0)
    await start(emulator, w.general, w.bob, questions=1, seconds=20)
    q1 = await question(emulator, w.general, 1, 1)
    first, second = labels(q1)[1], labels(q1)[2]
    locked = await (await emulator.click(q1, first["custom_id"], w.alice)).wait_done()
    assert locked.ephemeral and not locked.embeds
    assert locked.content.startswith("Locked in **B** · ") and first["label"].split(" · ", 1)[1] in locked.content
    changed = await (await emulator.click(q1, second["custom_id"], w.alice)).wait_done()
    assert changed.ephemeral and second["label"].split(" · ", 1)[1] in changed.content, changed.content
    assert "no more changes" in changed.content
