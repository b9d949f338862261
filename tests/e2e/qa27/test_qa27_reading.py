"""QA27: the review queue as a screen reader reads it (plain-text position, buttons that name what they act on)."""

from __future__ import annotations

from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_facts import ClockedHarness, run
from tests.e2e.test_moderation import suggest
from tests.emulator import Emulator


async def test_the_queue_says_where_it_is_and_names_each_button(emulator: Emulator, discord_world: DiscordWorld,
                                                                harness: ClockedHarness) -> None:
    """Works: with six suggestions waiting, /facts queue says in plain text how many wait and which are
    shown ("showing 1–4, oldest first"), every review button names its suggestion ("Approve #3"), read
    aloud out of context they still say what they act on; "Next ▶" shows "showing 5–6" and adds "⏮ Oldest"."""
    w = discord_world
    carol = await emulator.add_member(w.guild, "carol")
    for n, member in enumerate([w.alice] * 3 + [carol] * 3, start=1):
        await suggest(emulator, w, member, f"Suggestion {n}: Truffaut kept a notebook of the films he saw in {n}950.",
                      source="Notes")
    queue = await run(emulator, w, w.moderator, "facts queue")
    message = queue.original
    assert queue.ephemeral and "6 suggestions waiting" in message.content and "showing 1–4" in message.content
    names = [c["label"] for c in message.iter_components() if c.get("type") == 2]
    assert {f"{verb} #{n}" for verb in ("Approve", "Edit", "Reject") for n in range(1, 5)} <= set(names)
    following = next(c["custom_id"] for c in message.iter_components() if c.get("label") == "Next ▶")
    turned = await (await emulator.click(message, following, w.moderator)).wait_done()
    assert "showing 5–6" in turned.content, turned.content
    assert {"Approve #5", "Reject #6", "⏮ Oldest"} <= {c["label"] for c in turned.original.iter_components()
                                                       if c.get("type") == 2}
