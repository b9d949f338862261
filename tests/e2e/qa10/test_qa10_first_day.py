"""QA10: a film server's first days with Doinel, as its members and moderators live them.

Black box: every check is about what a member or moderator sees in Discord (through the emulator).
"""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.e2e.qa.support import act, said
from tests.e2e.qa2.test_qa2_daily import at
from tests.e2e.test_facts import NINE, ClockedHarness, daily_posts, set_daily
from tests.e2e.test_trivia import fast, question, revealed
from tests.emulator import Emulator

YES_NO_LIST = b"""AUTHOR: Film club
Is Jules et Jim set during the Second World War?:
- no
"""


async def only_list(emulator: Emulator, w: DiscordWorld, data: bytes) -> None:
    """A moderator imports a Red list and turns the bundled film's questions off, so the list is the pool."""
    preview = (await act(emulator, w.general, w.moderator, "trivia questions import", file=("club.yaml", data)))
    message = preview.followups[0]
    confirm = next(b["custom_id"] for row in message.components for b in row["components"] if b["label"] == "Import")
    await (await emulator.click(message.message_id, confirm, w.moderator)).wait_done()
    [film] = await emulator.autocomplete(w.general, w.moderator, "trivia settings", focused="disable", disable="400")
    await act(emulator, w.general, w.moderator, "trivia settings", disable=film["value"])


async def typed_bot(emulator: Emulator, harness: DoinelHarness) -> None:
    emulator.grant_intents(message_content=True)
    harness.env["MESSAGE_CONTENT_INTENT"] = "true"
    fast(await harness.start(), 0.2)


async def test_a_typed_yes_and_no_together_does_not_take_a_yes_no_question(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness: DoinelHarness) -> None:
    """README: 'a pasted list of names ... does not count'. Typing both possible answers at once is such a list."""
    w = discord_world
    await typed_bot(emulator, doinel_harness)
    await only_list(emulator, w, YES_NO_LIST)
    await act(emulator, w.general, w.alice, "trivia start", questions=1, mode="typed")
    await question(emulator, w.general, 1, 1)
    hedge = await emulator.say(w.general, w.bob, "yes no")
    reveal = await revealed(emulator, w.general, 1, 1)
    confirmations = [m for m in emulator.messages(w.general) if m.id > hedge.id and "got it" in (m.content or "")]
    assert confirmations == [], confirmations[0].content
    assert "took it" not in reveal.embeds[0]["description"]


async def test_a_deleted_ping_role_is_not_mentioned_in_the_daily_post(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    fans = await emulator.create_role(w.guild, "Film fans", mentionable=True)
    done = await set_daily(emulator, w, ping_role=fans)
    assert "Film fans" in said(done) or f"<@&{fans.id}>" in said(done)
    await emulator.delete_role(fans)                  # an admin tidies the roles up
    await asyncio.sleep(0.1)
    await at(harness, NINE)
    [post] = daily_posts(emulator, w.general)
    status = said(await act(emulator, w.general, w.moderator, "daily status"))
    # The post does not mention a role that no longer exists, and the moderators are told.
    assert not post.content and post.embeds, post.content
    assert "ping role was deleted" in status and f"<@&{fans.id}>" not in status, status
    preview = said(await act(emulator, w.general, w.moderator, "daily preview"))
    assert "without a ping" in preview and f"<@&{fans.id}>" not in preview, preview


async def test_fact_random_shows_no_fact_twice_in_fifty_whoever_asks(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """README: 'A random approved fact, avoiding the last 50 shown in this server' (the pack has 71)."""
    w = discord_world
    shown: list[str] = []
    for i in range(60):
        record = await act(emulator, w.general, (w.alice, w.bob, w.moderator)[i % 3], "fact random")
        assert not record.ephemeral and record.embeds, said(record)
        shown.append(record.embeds[0]["title"])
    repeats = [(i, title) for i, title in enumerate(shown) if title in shown[max(0, i - 50):i]]
    assert repeats == []


async def test_a_half_hour_timezone_posts_once_at_its_local_time(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Asia/Kolkata is UTC+05:30: '9pm' there is 15:30 UTC; nothing goes out at 15:00 or 16:00 UTC's 9pm."""
    w = discord_world
    t0 = NINE - 3600                                  # 2024-05-01 06:00 UTC = 11:30 in Kolkata
    due = t0 + 9 * 3600 + 1800                         # 15:30 UTC = 21:00 IST
    done = await set_daily(emulator, w, time="9pm", timezone="Asia/Kolkata")
    fields = {f["name"]: f["value"] for f in done.embeds[0]["fields"]}
    assert fields["When"] == "21:00 Asia/Kolkata (UTC+05:30)"
    assert fields["First post"].startswith(f"<t:{due}:F>")
    await at(harness, due - 60)
    assert daily_posts(emulator, w.general) == []
    await at(harness, due)
    await at(harness, due + 3600)
    [post] = daily_posts(emulator, w.general)
    assert post.embeds[0]["title"] == "Fact of the day · Wednesday 1 May 2024"
    status = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in said(
        await act(emulator, w.general, w.moderator, "daily status")).splitlines() if ": " in line}
    assert status["Next post"].startswith(f"<t:{due + 86400}:F>")
