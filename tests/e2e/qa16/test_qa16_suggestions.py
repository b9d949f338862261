"""QA16: reviewing members' suggestions with two moderators at work, end to end."""

from __future__ import annotations

from bot.client import Doinel
from bot.text import fold
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import buttons, run, suggest, within_discord_limits  # noqa: F401 - a fixture
from tests.emulator import Emulator


async def test_approving_a_suggestion_that_is_now_a_fact_does_not_add_it_twice(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Alice and Bob suggest the same fact. Two moderators open /facts queue: neither copy is flagged, since
    neither is a fact yet. The moderator approves Alice's; the owner, on their own queue message, approves
    Bob's a moment later. /facts add would have asked "This looks like an existing fact … Save anyway?";
    here the server silently gets the same fact twice (and the fact of the day can show it twice a cycle)."""
    world, db = discord_world, doinel.db
    text = "Truffaut wrote the script of The 400 Blows with Marcel Moussy."
    alices = await suggest(emulator, world, world.alice, text)
    bobs = await suggest(emulator, world, world.bob, text.lower().replace(".", "!"))
    mine = (await run(emulator, world, world.moderator, "facts queue")).original
    theirs = (await run(emulator, world, world.owner, "facts queue")).original
    assert mine is not None and theirs is not None
    assert "Looks like fact" not in str(theirs.embeds)                  # nothing to warn of when opened
    await (await emulator.click(mine, buttons(mine)[f"Approve #{alices}"], world.moderator)).wait_done()
    await emulator.wait_for_message(emulator.dm_channel(world.alice))      # the approval's last step
    late = await (await emulator.click(theirs, buttons(theirs)[f"Approve #{bobs}"], world.owner)).wait_done()

    rows = await db.fetchall("SELECT id, text FROM facts WHERE guild_id = ? AND deleted_at IS NULL",
                             (world.guild.id,))
    [twin] = [r for r in rows if fold(r["text"]) == fold(text)]
    assert twin["text"] == text
    assert late.ephemeral and late.content == (f"Suggestion #{bobs} is already fact #{twin['id']}: it was added after "
                                               "this was suggested. Reject the suggestion, or edit it into a different "
                                               "fact.")
    assert await db.scalar("SELECT status FROM suggestions WHERE id = ?", (bobs,)) == "pending"
    assert emulator.direct_messages(world.bob) == []
    # The owner rejects it instead, as told: Bob hears why.
    reject = await (await emulator.click(theirs, f"doinel:sugg:reject:{bobs}", world.owner)).wait_done()
    await (await emulator.submit_modal(reject, None, {"reason": "Alice was first"})).wait_done()
    dm = await emulator.wait_for_message(emulator.dm_channel(world.bob))
    assert "was not added" in dm.content and "Alice was first" in dm.content
