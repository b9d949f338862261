"""QA26: trivia rounds a careless or mischievous member starts on a busy server."""

from __future__ import annotations

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, said
from tests.e2e.test_trivia import buttons, fast, question, recorded, summary
from tests.emulator import Emulator

# -- QA26 7 -----------------------------------------------------------------------------------------

async def test_a_member_with_a_round_running_cannot_open_another_in_every_channel(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A troll runs /trivia start questions:50 seconds:120 in #general, then in #films, #off-topic, #memes,
    #art and #music: six public rounds of 50 questions, up to 100 minutes each, all started by one member,
    each posting a question, a reveal and a summary in a channel where people were talking; and together
    they reserve the server's whole question pool, so a real game night elsewhere gets the leftovers. Only the
    troll (or a moderator, channel by channel) can stop them. A member should run one round at a time: the
    second start should be refused privately with a link to the round they already run (moderators
    excepted)."""
    w = discord_world
    first = await act(emulator, w.general, w.alice, "trivia start", questions=50, seconds=120)
    assert not first.ephemeral
    others = [await emulator.create_text_channel(w.guild, name) for name in ("films", "off-topic", "memes")]
    try:
        for channel in others:
            again = await act(emulator, channel, w.alice, "trivia start", questions=50, seconds=120)
            assert again.ephemeral and str(first.original_message_id) in said(again), (channel.name, said(again))
        running = await doinel.db.scalar("SELECT count(*) FROM trivia_rounds WHERE started_by = ? "
                                         "AND status = 'running'", (w.alice.id,))
        assert running == 1
    finally:
        for channel in [w.general, *others]:
            await (await emulator.slash(channel, w.moderator, "trivia stop")).wait_done()


# -- what holds ---------------------------------------------------------------------------------------

async def test_every_answer_clicked_twice_at_once_counts_one_answer_and_one_change(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Bob hammers all four answers of a question twice, as fast as he can: each of the eight clicks is
    answered privately at once, one answer and one change count, and the ledger has one row for him."""
    w = discord_world
    fast(doinel, 0.2)
    await act(emulator, w.general, w.alice, "trivia start", questions=1, seconds=10)
    q1 = await question(emulator, w.general, 1, 1)
    await recorded(doinel, q1)
    ids = [b["custom_id"] for b in buttons(q1)]
    clicks = [await emulator.click(q1, custom_id, w.bob) for custom_id in ids + ids]
    answers = [await c.wait_done() for c in clicks]
    assert all(a.ephemeral and not a.errors for a in answers)
    texts = [a.content for a in answers]
    assert sum(t.startswith("Locked in") for t in texts) == 1 and sum(t.startswith("Changed to") for t in texts) == 1
    await summary(emulator, w.general)
    rows = await doinel.db.fetchall("SELECT choice FROM trivia_scores WHERE user_id = ?", (w.bob.id,))
    assert len(rows) == 1 and emulator.violations == []
