"""QA5: member suggestions, from /fact suggest to the moderators' queue, its buttons and the log channel.

Members flood the form, two moderators review at once, an old queue is clicked after a review or a
restart, a moderator loses the role with the queue still open. Each test says what people see.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.client import Doinel
from bot.db import Database
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import buttons
from tests.e2e.qa5.support import quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.e2e.test_lookup import run
from tests.e2e.test_moderation import suggest
from tests.emulator import Emulator, Member, Message

TEXT = "Truffaut shot the final run on the beach at Villers-sur-Mer in a single take."


async def server_facts(db: Database, guild_id: int) -> int:
    return int(await db.scalar("SELECT count(*) FROM facts WHERE guild_id = ?", (guild_id,)))


async def queue_of(emulator: Emulator, world: DiscordWorld, moderator: Member | None = None) -> Message:
    shown = await run(emulator, world, moderator or world.moderator, "facts queue")
    assert shown.ephemeral and shown.original is not None
    return shown.original


async def test_a_fourth_suggestion_within_the_hour_is_refused_even_from_forms_opened_earlier(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Three go through; the fourth is refused before the form, and a fourth form opened early gets its text back."""
    w = discord_world
    forms = [await run(emulator, w, w.alice, "fact suggest") for _ in range(4)]
    assert all(f.modal is not None for f in forms)                    # four forms open at once
    for number, opened in enumerate(forms[:3]):
        sent = await (await emulator.submit_modal(opened, None, {"text": f"{TEXT} ({number})"})).wait_done()
        assert "is waiting for this server's moderators" in sent.content
    late = await (await emulator.submit_modal(forms[3], None, {"text": f"{TEXT} (late)"})).wait_done()
    assert late.ephemeral and late.content.startswith("You can suggest 3 facts per hour in this server")
    assert late.embeds and f"{TEXT} (late)" in str(late.embeds[0])   # what they typed is not lost
    again = await run(emulator, w, w.alice, "fact suggest")
    assert again.modal is None and again.ephemeral and "you can suggest another <t:" in again.content
    other = await run(emulator, w, w.bob, "fact suggest")             # the limit is per member
    assert other.modal is not None
    assert await doinel.db.scalar("SELECT count(*) FROM suggestions WHERE user_id = ?", (w.alice.id,)) == 3


async def test_two_moderators_approving_the_same_suggestion_at_once_make_one_fact(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
        restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    """Queues opened before a restart still work; the second click is told who approved it first."""
    w = discord_world
    number = await suggest(emulator, w, w.alice, TEXT)
    second_mod = await emulator.add_member(w.guild, "mod2", roles=[w.moderators])
    mine, theirs = await queue_of(emulator, w), await queue_of(emulator, w, second_mod)
    bot = await restart_bot()
    first = await emulator.click(mine, buttons(mine)[f"Approve #{number}"], w.moderator)
    second = await emulator.click(theirs, buttons(theirs)[f"Approve #{number}"], second_mod)
    await asyncio.gather(first.wait_done(), second.wait_done())
    outcomes = sorted([first, second], key=lambda r: r.callback_type)
    told, approved = outcomes[0], outcomes[1]
    assert approved.callback_type == 7 and approved.content.startswith(f"Approved suggestion #{number}: it is now "
                                                                       "fact #")
    assert told.ephemeral and told.content.startswith(f"Suggestion #{number} was already reviewed: approved as "
                                                      "fact #")
    assert await server_facts(bot.db, w.guild.id) == 1
    assert await bot.db.scalar("SELECT count(*) FROM audit_log WHERE entity = 'suggestion' AND action = 'approve'") == 1


async def test_an_old_queue_clicked_after_a_review_changes_nothing(emulator: Emulator, discord_world: DiscordWorld,
                                                                   doinel: Doinel) -> None:
    w = discord_world
    number = await suggest(emulator, w, w.alice, TEXT)
    old = await queue_of(emulator, w)
    fresh = await queue_of(emulator, w)
    await (await emulator.click(fresh, buttons(fresh)[f"Approve #{number}"], w.moderator)).wait_done()
    assert f"Approve #{number}" not in buttons(emulator.message(fresh.id))   # the queue moved on
    for action in ("Approve", "Edit", "Reject"):
        late = await (await emulator.click(old, buttons(old)[f"{action} #{number}"], w.moderator)).wait_done()
        assert late.modal is None and late.ephemeral, action
        assert late.content.startswith(f"Suggestion #{number} was already reviewed: approved as fact #"), action
    status = await doinel.db.fetchone("SELECT status, review_note FROM suggestions WHERE id = ?", (number,))
    assert tuple(status) == ("approved", None)
    assert await server_facts(doinel.db, w.guild.id) == 1


async def test_a_moderator_who_lost_the_role_cannot_use_an_open_queue(emulator: Emulator, discord_world: DiscordWorld,
                                                                      doinel: Doinel) -> None:
    w = discord_world
    number = await suggest(emulator, w, w.alice, TEXT)
    queue = await queue_of(emulator, w)
    await emulator.update_member(w.moderator, roles=[])
    for action in ("Approve", "Edit", "Reject"):
        refused = await (await emulator.click(queue, buttons(queue)[f"{action} #{number}"], w.moderator)).wait_done()
        assert refused.modal is None and refused.ephemeral and "moderator" in refused.content.lower(), refused.content
    assert (await doinel.db.fetchone("SELECT status FROM suggestions WHERE id = ?", (number,)))[0] == "pending"


async def test_the_log_channel_gets_one_quiet_line_per_suggestion_and_review(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Mentions in a suggestion stay inert there; quiet_and_within_limits checks nobody was pinged."""
    w = discord_world
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await run(emulator, w, w.owner, "config logchannel", channel=log)
    loud = f"@everyone <@&{w.moderators.id}> Léaud was fourteen during the shoot."
    kept, dropped = await suggest(emulator, w, w.alice, loud), await suggest(emulator, w, w.bob, TEXT)
    queue = await queue_of(emulator, w)
    await (await emulator.click(queue, buttons(queue)[f"Approve #{kept}"], w.moderator)).wait_done()
    rejecting = await (await emulator.click(queue, buttons(queue)[f"Reject #{dropped}"], w.moderator)).wait_response()
    assert rejecting.callback_type == 9
    reject = next(i for i in emulator.interactions if i.modal and i.modal["custom_id"].endswith(f":{dropped}"))
    await (await emulator.submit_modal(reject, None, {"reason": "Already covered by fact #3"})).wait_done()
    rejected = await emulator.wait_for_message(log, lambda m: "rejected suggestion" in m.content)
    approved = await emulator.wait_for_message(log, lambda m: "approved suggestion" in m.content)
    fact = await doinel.db.scalar("SELECT fact_id FROM suggestions WHERE id = ?", (kept,))
    assert approved.content.startswith(f"<@{w.moderator.id}> approved suggestion #{kept} as fact #{fact}: “@everyone")
    assert rejected.content == (f"<@{w.moderator.id}> rejected suggestion #{dropped}: “{TEXT}”. "
                                "Reason: Already covered by fact #3")
    lines = [m.content for m in emulator.messages(log)]
    assert sum("suggested a fact" in line for line in lines) == 2
    history = await run(emulator, w, w.moderator, "facts history", id=fact)
    assert (f"<@{w.moderator.id}> added it from <@{w.alice.id}>'s suggestion #{kept}"
            in history.embeds[0]["description"])
