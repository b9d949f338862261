"""QA22: a queue of 40-odd member suggestions reviewed by three moderators working at the same time."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa22.support import moderator_team, within_limits  # noqa: F401 - fixture
from tests.e2e.test_moderation import buttons, run, suggest
from tests.emulator import Emulator, Message
from tests.factsupport import eventually

pytestmark = pytest.mark.usefixtures("within_limits")

REVIEW_LABELS = ("Approve #", "Edit #", "Reject #")


def shown_numbers(message: Message) -> list[int]:
    return [int(e["title"].split("#")[1]) for e in message.embeds if e.get("title", "").startswith("Suggestion #")]


async def fill_queue(emulator: Emulator, world: DiscordWorld, count: int) -> list[int]:
    numbers = []
    for i in range(count):
        member = await emulator.add_member(world.guild, f"member{i}")
        numbers.append(await suggest(emulator, world, member, f"Suggestion {i}: Truffaut kept draft {i} of the "
                                                               "script in a shoebox."))
    return numbers


async def test_a_long_queue_can_be_paged_past_the_oldest_five(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Twelve suggestions wait (a busy server has forty). Rosa opens /facts queue: "12 suggestions waiting
    (the oldest 5 shown; review them to see the next)", five rows of Approve / Edit / Reject and nothing else.
    The oldest five need the admin's word (a source to check), so Rosa wants to review the others meanwhile:
    she cannot reach suggestion #6 without approving or rejecting the first five, and Milo and Ines, opening
    the queue at the same time, get the very same five and collide on them. The queue should page (a Next
    button or a menu, as /fact search and /facts history do), so each moderator can reach every suggestion."""
    w = discord_world
    team = await moderator_team(emulator, w)
    numbers = await fill_queue(emulator, w, 12)
    queue = (await run(emulator, w, team.mods[0], "facts queue")).original
    assert queue is not None and shown_numbers(queue) == numbers[:4], queue.content
    others = {label: custom_id for label, custom_id in buttons(queue).items()
              if not label.startswith(REVIEW_LABELS)}
    reached: set[int] = set(shown_numbers(queue))
    for custom_id in others.values():            # a Next button, whatever it is called
        clicked = await (await emulator.click(queue, custom_id, team.mods[0])).wait_done()
        page = emulator.message(clicked.original_message_id or queue.id)
        reached |= set(shown_numbers(page)) if page else set()
    assert numbers[5] in reached, (queue.content, list(buttons(queue)))


async def test_approve_and_reject_of_one_suggestion_at_the_same_instant_have_one_outcome(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Rosa presses Approve on suggestion #1 at the very moment Milo sends its Reject form ("Not sourced").
    Exactly one of them wins; the other is told who reviewed it first; the member gets one direct message,
    the log channel one line, and no fact exists if it was rejected (one if approved)."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa, milo = team.mods[0], team.mods[1]
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await run(emulator, w, team.admin, "config logchannel", channel=log)
    [number] = await fill_queue(emulator, w, 1)
    rosas = (await run(emulator, w, rosa, "facts queue")).original
    milos = (await run(emulator, w, milo, "facts queue")).original
    reject_form = await (await emulator.click(milos, f"doinel:sugg:reject:{number}", milo)).wait_done()
    approve = await emulator.click(rosas, f"doinel:sugg:approve:{number}", rosa)
    reject = await emulator.submit_modal(reject_form, None, {"reason": "Not sourced"})
    await approve.wait_done()
    await reject.wait_done()
    status, fact_id = tuple(await doinel.db.fetchone("SELECT status, fact_id FROM suggestions WHERE id = ?",
                                                     (number,)))
    loser = reject if status == "approved" else approve
    loser_text = (loser.original.content if loser.original else "") or ""
    assert "already reviewed" in loser_text, loser_text
    facts = await doinel.db.scalar("SELECT count(*) FROM facts WHERE text LIKE 'Suggestion 0:%'")
    assert facts == (1 if status == "approved" else 0)
    member = next(m for m in w.guild.members.values() if m.user.username == "member0")
    await eventually(lambda: len(emulator.direct_messages(member)) >= 1)
    await asyncio.sleep(0.2)
    assert len(emulator.direct_messages(member)) == 1
    reviewed = [m for m in emulator.messages(log) if f"suggestion #{number}" in m.content]
    assert len(reviewed) == 1 and status in reviewed[0].content, [m.content for m in reviewed]
    assert fact_id is None or status == "approved"
