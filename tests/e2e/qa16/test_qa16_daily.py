"""QA16: the daily post across a crash, end to end, with the bot's clock in the test's hands (``harness``)."""

from __future__ import annotations

from bot.clock import ManualClock
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import HOUR, NINE, at, fields, posted_then_crashed
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.emulator import Emulator


async def test_a_post_left_unconfirmed_by_a_crash_is_found_in_a_busy_channel(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """09:00: the post reaches Discord, then the bot dies before writing it down. It comes back at 14:00; by then
    the members have chatted 150 messages in #general. The post is in the channel, so it must be confirmed,
    not sent a second time (Discord's nonce dedupe lasts minutes, not hours: the emulator has none)."""
    w = discord_world
    post = await posted_then_crashed(emulator, w, harness)
    for i in range(150):
        await emulator.say(w.general, (w.alice, w.bob)[i % 2], f"Chat message {i} about last night's screening")
    harness.clock = ManualClock(NINE + 5 * HOUR)
    await harness.start()
    await harness.settled()
    await harness.scheduler.idle()
    await at(harness, NINE + 6 * HOUR)
    assert daily_posts(emulator, w.general) == [post]


async def test_fixing_the_channel_the_day_the_post_failed_still_posts_today(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Someone deleted #facts; 09:00's post fails and /daily status says "no longer exists … Pick another one with
    /daily set". At 10:00 a moderator does exactly that. Today's fact should go out (late, as when the time is
    moved to one already past), not wait for tomorrow."""
    w = discord_world
    doomed = await emulator.create_text_channel(w.guild, "facts")
    await set_daily(emulator, w, channel=doomed)
    await emulator.delete_channel(doomed)
    await at(harness, NINE)
    status = await run(emulator, w, w.moderator, "daily status")
    assert "Pick another one with /daily set" in fields(status)["Today (Wednesday 1 May 2024)"]
    await at(harness, NINE + HOUR)
    await set_daily(emulator, w, channel=w.general)
    await at(harness, NINE + HOUR + 60)
    await at(harness, NINE + 12 * HOUR)
    assert [p.embeds[0]["title"] for p in daily_posts(emulator, w.general)] == \
        ["Fact of the day · Wednesday 1 May 2024"]
