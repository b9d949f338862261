"""QA25: the fact of the day when Doinel restarts — the ping at start-up, and a machine clock that runs fast.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.clock import ManualClock
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import HOUR, at, crash_before_recording, restart_at, utc
from tests.e2e.test_facts import ClockedHarness, daily_posts, set_daily
from tests.emulator import Emulator

AUCKLAND = "Pacific/Auckland"
THURSDAY_NINE_NZ = utc(2024, 5, 1, 21)       # Thursday 2 May 2024, 09:00 NZST (UTC+12)


@pytest.fixture
def real_gateway_handshake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Against Discord, connecting to the gateway (TLS, HELLO, IDENTIFY, READY, then one GUILD_CREATE per server)
    takes a while; against the local emulator it takes a few milliseconds. Give IDENTIFY half a second, as a
    real connection has at least, so whatever the bot does before its servers are known shows."""
    async def identify_after_a_moment(self: discord.Client, shard_id: int | None, *, initial: bool = False) -> None:
        await asyncio.sleep(0.5)

    monkeypatch.setattr(discord.Client, "before_identify_hook", identify_after_a_moment)


async def test_the_late_post_after_a_restart_still_pings_the_fact_fans(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness, real_gateway_handshake: None) -> None:
    """The Auckland club posts at 09:00 and pings @Fact fans, the members who opted in. On Thursday the host is
    updated from 08:30 to 11:00, so the 09:00 post goes out late when Doinel comes back, as the README promises.
    It goes out without the ping: Doinel sends it while it is still connecting, before Discord has told it
    which roles the server has, and it takes the role it has not heard of yet for a deleted one. The fans get
    no notification on exactly the days the post was late. The late post should ping like every other."""
    w = discord_world
    fans = await emulator.create_role(w.guild, "Fact fans", mentionable=True)
    await restart_at(harness, THURSDAY_NINE_NZ - HOUR // 2)
    await set_daily(emulator, w, timezone=AUCKLAND, ping_role=fans)
    await harness.stop()                                            # 08:30: the update begins
    harness.clock = ManualClock(THURSDAY_NINE_NZ + 2 * HOUR)         # 11:00: back
    await harness.start()
    await harness.settled()
    [post] = daily_posts(emulator, w.general)
    assert post.embeds[0]["title"] == "Fact of the day · Thursday 2 May 2024"
    assert post.content == f"<@&{fans.id}>" and post.mention_roles == [fans.id], (post.content, post.mention_roles)


async def test_the_ping_role_is_pinged_by_the_posts_sent_while_running(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness, real_gateway_handshake: None) -> None:
    """The same club on a quiet day: the bot has been up since the evening; 09:00's post pings @Fact fans."""
    w = discord_world
    fans = await emulator.create_role(w.guild, "Fact fans", mentionable=True)
    await restart_at(harness, THURSDAY_NINE_NZ - 12 * HOUR)
    await set_daily(emulator, w, timezone=AUCKLAND, ping_role=fans)
    await at(harness, THURSDAY_NINE_NZ)
    [post] = daily_posts(emulator, w.general)
    assert post.content == f"<@&{fans.id}>" and post.mention_roles == [fans.id]


@pytest.mark.parametrize("chatter", [False, True], ids=["quiet channel", "members talking"])
async def test_a_host_clock_twenty_minutes_fast_never_posts_the_day_twice_after_a_crash(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness, chatter: bool) -> None:
    """The London club's bot runs on an old machine whose clock is 20 minutes fast (nobody set up time sync).
    Today's post reaches Discord, then the process is killed before it writes the post down; it restarts a minute
    later. The README: "at start-up it looks for its post in the channel among every message since the claim".
    It looks only at messages Discord dated after (its own clock - 10 minutes), which is 10 minutes after the
    post really went out, so it does not see it and posts the day's fact a second time. One post a day,
    whatever the machine's clock says."""
    w = discord_world
    fast = int(time.time()) + 20 * 60                       # what the host believes it is
    post_at = (fast // 60 + 2) * 60                         # a post time two minutes ahead of that
    hhmm = datetime.fromtimestamp(post_at, ZoneInfo("Europe/London")).strftime("%H:%M")
    await restart_at(harness, fast)
    await set_daily(emulator, w, time=hhmm, timezone="Europe/London")
    if chatter:   # the claim then keeps this message, and the post is looked for after it
        await emulator.say(w.general, w.alice, "Bonjour tout le monde !")
    await at(harness, post_at)
    [post] = daily_posts(emulator, w.general)
    await crash_before_recording(harness)
    await restart_at(harness, post_at + 60)
    await harness.scheduler.idle()
    await at(harness, post_at + HOUR)
    assert daily_posts(emulator, w.general) == [post]
