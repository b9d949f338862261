"""QA25: three servers on three clocks — Auckland, St. John's (a half-hour offset) and London — across the
London spring-forward and the Auckland fall-back of 2024, with a restart in Auckland's posting minute.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import discord

from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import HOUR, at, restart_at, utc
from tests.e2e.test_facts import ClockedHarness, daily_posts
from tests.emulator import Emulator

ZONES = ("Pacific/Auckland", "America/St_Johns", "Europe/London")


async def test_each_server_gets_one_post_per_local_day_at_nine_local_across_both_hemispheres_clock_changes(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """From Friday 29 March to Tuesday 9 April 2024, clock moved half an hour at a time. London springs forward
    on 31 March, Auckland falls back on 7 April, St. John's is on summer time all along. Every server gets one
    post per local day, each at 09:00 on its own clock, titled with its own date, and no fact twice; the bot is
    restarted in Auckland's posting minute on the day its clocks go back."""
    start, end = utc(2024, 3, 28, 12), utc(2024, 4, 9, 12)
    await restart_at(harness, start)
    bot = harness.bot
    servers = []
    for name, zone in zip(("Auckland", "St. John's", "London"), ZONES, strict=True):
        guild = await emulator.create_guild(f"Film Club {name}")
        channel = await emulator.create_text_channel(guild, "facts")
        bot.tree.copy_global_to(guild=discord.Object(guild.id))
        await bot.tree.sync(guild=discord.Object(guild.id))
        record = await emulator.slash(channel, emulator.owner(guild), "daily set", channel=channel, time="09:00",
                                      timezone=zone)
        await record.wait_done()
        assert record.embeds and record.embeds[0]["title"] == "Daily facts are on", record.content
        servers.append((zone, channel))
    seen: dict[int, int] = {}                                   # message id -> bot clock when it appeared
    auckland_restart = utc(2024, 4, 6, 21)                       # Sunday 7 April 09:00 NZST
    for instant in range(start, end, HOUR // 2):
        if instant == auckland_restart:
            await restart_at(harness, instant)
        await at(harness, instant)
        for _, channel in servers:
            for post in daily_posts(emulator, channel):
                seen.setdefault(post.id, instant)
    for zone, channel in servers:
        tz = ZoneInfo(zone)
        posts = daily_posts(emulator, channel)
        local = [datetime.fromtimestamp(seen[p.id], UTC).astimezone(tz) for p in posts]
        assert {t.strftime("%H:%M") for t in local} == {"09:00"}, (zone, local)
        days = [t.date() for t in local]
        assert len(days) == 12 and str(days[0]) == "2024-03-29", (zone, days)   # 29 March to 9 April
        assert days == sorted(set(days)) and len(days) == (days[-1] - days[0]).days + 1, (zone, days)
        titles = [p.embeds[0]["title"] for p in posts]
        assert titles == [f"Fact of the day · {d.strftime('%A')} {d.day} {d.strftime('%B %Y')}" for d in days]
        ids = [re.search(r"Fact #(\d+)", p.embeds[0]["footer"]["text"])[1] for p in posts]
        assert len(ids) == len(set(ids)), (zone, ids)
    assert emulator.violations == []
