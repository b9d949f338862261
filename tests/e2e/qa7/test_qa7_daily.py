"""QA7: the fact of the day's time promises — once per local day, never twice, never skipped silently.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import DAY, HOUR, NINE, T0, at, fields, restart_at, utc
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.emulator import Emulator, Perm


def titles(emulator: Emulator, w: DiscordWorld) -> list[str]:
    return [p.embeds[0]["title"] for p in daily_posts(emulator, w.general)]


async def test_moving_the_time_earlier_before_todays_post_still_gives_today_its_post(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)                               # 09:00 Paris; it is 08:00
    await at(harness, T0 + HOUR // 2)                          # 08:30: nothing posted yet today
    moved = await set_daily(emulator, w, time="07:30")         # the moderator moves it earlier
    told = f"{moved.content} {fields(moved)}".lower()
    await at(harness, utc(2024, 5, 1, 21, 59))                 # 23:59 in Paris, Wednesday 1 May
    status = await run(emulator, w, w.moderator, "daily status")
    said = str(fields(status))
    # Wednesday gets its fact, at once (late, as after a restart), and only once.
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024"], (told, said)
    await at(harness, utc(2024, 5, 2, 5, 31))                  # 07:31 on Thursday: the new time
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024", "Fact of the day · Thursday 2 May 2024"]


async def test_a_planned_fact_removed_before_its_day_is_replaced_by_an_unused_one(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await at(harness, NINE)                                    # Wednesday posted
    preview = await run(emulator, w, w.moderator, "daily preview")   # Thursday's fact, chosen now
    planned = preview.embeds[0]["description"]
    fact_id = int(re.search(r"Fact #(\d+)", preview.embeds[0]["footer"]["text"])[1])
    removed = await run(emulator, w, w.moderator, "facts hide", id=fact_id)  # a pack fact: hidden here
    assert removed.ephemeral and "hidden" in removed.content.lower(), removed.content
    await at(harness, NINE + DAY)
    posts = daily_posts(emulator, w.general)
    assert [p.embeds[0]["title"] for p in posts] == ["Fact of the day · Wednesday 1 May 2024",
                                                     "Fact of the day · Thursday 2 May 2024"]
    thursday = posts[1].embeds[0]
    assert thursday["description"] != planned and f"Fact #{fact_id} ·" not in thursday["footer"]["text"]
    assert thursday["description"] != posts[0].embeds[0]["description"]


async def test_new_york_spring_forward_0230_posts_once_at_0330_edt(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await restart_at(harness, utc(2024, 3, 9, 12))
    done = await set_daily(emulator, w, time="2:30am", timezone="America/New_York")
    due = utc(2024, 3, 10, 7, 30)                              # 02:30 EST does not exist: 03:30 EDT
    assert fields(done)["First post"].startswith(f"<t:{due}:F>")
    await at(harness, due - 60)
    assert titles(emulator, w) == []
    await at(harness, due)
    await at(harness, utc(2024, 3, 11, 6, 29))                 # 02:29 EDT on Monday
    assert titles(emulator, w) == ["Fact of the day · Sunday 10 March 2024"]
    await at(harness, utc(2024, 3, 11, 6, 30))                 # 02:30 EDT on Monday
    assert len(titles(emulator, w)) == 2


async def test_new_york_fall_back_0130_posts_at_the_first_one_only_with_a_restart_at_the_second(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await restart_at(harness, utc(2024, 11, 2, 12))
    await set_daily(emulator, w, time="01:30", timezone="America/New_York")
    first, second = utc(2024, 11, 3, 5, 30), utc(2024, 11, 3, 6, 30)   # 01:30 EDT, then 01:30 EST
    await at(harness, first)
    assert titles(emulator, w) == ["Fact of the day · Sunday 3 November 2024"]
    await restart_at(harness, second)                           # back exactly at the second 01:30
    await at(harness, second + 60)
    await at(harness, utc(2024, 11, 4, 6, 29))
    assert len(titles(emulator, w)) == 1
    await at(harness, utc(2024, 11, 4, 6, 30))                  # 01:30 EST on Monday
    assert titles(emulator, w)[1:] == ["Fact of the day · Monday 4 November 2024"]


async def test_santiago_midnight_gap_posts_0015_at_0115_the_same_day(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await restart_at(harness, utc(2024, 9, 7, 12))
    done = await set_daily(emulator, w, time="00:15", timezone="America/Santiago")
    due = utc(2024, 9, 8, 4, 15)                               # 00:00 -> 01:00 on 8 September: 01:15 -03
    assert fields(done)["First post"].startswith(f"<t:{due}:F>")
    await at(harness, due - 60)
    assert titles(emulator, w) == []
    await at(harness, due)
    assert titles(emulator, w) == ["Fact of the day · Sunday 8 September 2024"]


async def test_a_channel_that_stops_letting_the_bot_post_is_reported_and_the_next_day_posts_again(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    bot_role = next(r for r in w.guild.roles.values() if r.bot_id == emulator.bot_user.id)
    await emulator.set_overwrite(w.general, bot_role, deny=Perm.SEND_MESSAGES)
    await at(harness, NINE)
    assert titles(emulator, w) == []
    status = await run(emulator, w, w.moderator, "daily status")
    today = fields(status).get("Today (Wednesday 1 May 2024)", "")
    assert "not posted" in today and "Send Messages" in today, fields(status)
    await at(harness, NINE + 3 * HOUR)
    assert titles(emulator, w) == []                             # refused once, not retried into a loop
    await emulator.clear_overwrite(w.general, bot_role)
    again = await run(emulator, w, w.moderator, "daily post-now")    # fixed the same day: post it now
    assert again.followups and again.followups[-1].content.startswith("Posted the fact of Wednesday 1 May 2024")
    status = await run(emulator, w, w.moderator, "daily status")
    assert "Last error" not in fields(status) and "Today (" not in str(fields(status)), fields(status)
    await at(harness, NINE + DAY)
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024", "Fact of the day · Thursday 2 May 2024"]


async def test_moving_east_across_the_date_line_after_todays_post_posts_the_new_zones_next_day_once(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await at(harness, NINE)                                     # Wednesday 1 May, Paris
    await at(harness, utc(2024, 5, 1, 16))                      # 18:00 Paris = 06:00 on 2 May in Kiritimati
    done = await set_daily(emulator, w, time="09:00", timezone="Pacific/Kiritimati")
    assert fields(done)["First post"].startswith(f"<t:{utc(2024, 5, 1, 19)}:F>")   # 09:00 on 2 May there
    await at(harness, utc(2024, 5, 1, 19))
    await at(harness, utc(2024, 5, 2, 9, 59))                    # 23:59 on 2 May in Kiritimati
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024", "Fact of the day · Thursday 2 May 2024"]
    texts = [p.embeds[0]["description"] for p in daily_posts(emulator, w.general)]
    assert texts[0] != texts[1]
    again = await run(emulator, w, w.moderator, "daily post-now")
    assert "already" in (again.followups[-1].content if again.followups else again.content)
    assert len(titles(emulator, w)) == 2


def footer_ids(emulator: Emulator, w: DiscordWorld) -> list[int]:
    return [int(re.search(r"Fact #(\d+)", p.embeds[0]["footer"]["text"])[1]) for p in daily_posts(emulator, w.general)]


async def test_after_a_film_only_spell_the_whole_pool_is_posted_before_any_fact_repeats(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.db import day_facts, films

    w = discord_world
    db = harness.bot.db
    jules = await films.create(db, title="Jules et Jim", original_title=None, year=1962, actor_id=None)
    keep = [r[0] for r in await db.fetchall("SELECT id FROM facts WHERE verified = 1 AND deleted_at IS NULL "
                                            "ORDER BY id LIMIT 5")]
    async with db.transaction() as conn:                       # a pool of 5: two about Jules et Jim, three not
        await conn.execute(f"UPDATE facts SET deleted_at = 1 WHERE id NOT IN ({','.join(map(str, keep))})")
        await conn.execute("UPDATE facts SET film_id = ? WHERE id IN (?, ?)", (jules, keep[0], keep[1]))
    # Where each day's walk over the pool starts is spread by a hash of (server, day); pin it to the lowest id so
    # the order is the same on every run (any start shows the repeat for some days).
    monkeypatch.setattr(day_facts, "day_seed", lambda guild_id, day: 0)
    await set_daily(emulator, w, film="Jules et Jim")
    for day in range(3):                                       # Jules et Jim's two facts, then one again
        await at(harness, NINE + day * DAY)
    assert sorted(set(footer_ids(emulator, w))) == keep[:2]
    await set_daily(emulator, w)                               # every film again
    for day in range(3, 6):
        await at(harness, NINE + day * DAY)
    posted = footer_ids(emulator, w)
    assert len(posted) == 6
    assert sorted(posted[3:]) == keep[2:], posted             # the three never posted come before any repeat


async def test_a_restart_while_discord_holds_the_post_back_posts_it_exactly_once(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    import asyncio

    from bot.clock import ManualClock

    w = discord_world
    await set_daily(emulator, w)
    held = emulator.fail_next("POST", "/channels/{channel_id}/messages", status=429, retry_after=1.0)
    await harness.clock.set(NINE)                              # the post is claimed and sent: Discord says wait 1 s
    await asyncio.sleep(0.3)
    assert titles(emulator, w) == [] and held.hits == 1
    await harness.stop()                                       # the bot stops while the send waits
    await asyncio.sleep(1.0)
    harness.clock = ManualClock(NINE + 60)
    await harness.start()
    await harness.settled()
    await at(harness, NINE + 2 * HOUR)
    await restart_at(harness, NINE + 3 * HOUR)
    await at(harness, NINE + 20 * HOUR)
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024"]
    status = await run(emulator, w, w.moderator, "daily status")
    assert "Last error" not in fields(status) and "Today (" not in str(fields(status)), fields(status)
    await at(harness, NINE + DAY)
    assert len(titles(emulator, w)) == 2


async def wait_for(predicate) -> None:
    """Poll the bot's database until ``predicate`` holds (3 s at most)."""
    import asyncio

    async with asyncio.timeout(3):
        while not await predicate():  # noqa: ASYNC110 - polling the bot's progress
            await asyncio.sleep(0.02)


async def test_daily_off_while_a_post_waits_for_its_retry_stops_it(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    import asyncio

    w = discord_world
    db = harness.bot.db
    await set_daily(emulator, w)
    emulator.fail_next("POST", "/channels/{channel_id}/messages", status=503)   # Discord hiccups at 09:00
    await harness.clock.set(NINE)

    async def noted() -> bool:
        return bool(await db.scalar("SELECT error FROM daily_posts WHERE state = 'claimed'"))

    await wait_for(noted)                                      # "... Retrying (try 2 of 4)."
    off = await run(emulator, w, w.moderator, "daily off")
    assert off.ephemeral and "off" in off.content
    await harness.clock.set(NINE + 31)                          # the retry is due 30 s later
    await asyncio.sleep(0.5)
    await harness.clock.set(NINE + 3 * HOUR)
    await asyncio.sleep(0.3)
    assert titles(emulator, w) == []                            # the moderator turned it off before it went out
    assert "turned off before the post went out" in await db.scalar("SELECT error FROM daily_posts")


async def test_a_fact_hidden_while_its_post_waits_for_a_retry_is_not_posted(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    import asyncio

    w = discord_world
    db = harness.bot.db
    await set_daily(emulator, w)
    emulator.fail_next("POST", "/channels/{channel_id}/messages", status=503)
    await harness.clock.set(NINE)

    async def noted() -> bool:
        return bool(await db.scalar("SELECT error FROM daily_posts WHERE state = 'claimed'"))

    await wait_for(noted)
    fact_id = await db.scalar("SELECT fact_id FROM daily_posts")
    hidden = await run(emulator, w, w.moderator, "facts hide", id=fact_id)
    assert "hidden" in hidden.content.lower(), hidden.content
    await harness.clock.set(NINE + 31)
    await asyncio.sleep(0.5)
    assert all(f != fact_id for f in footer_ids(emulator, w)), footer_ids(emulator, w)
    assert "hidden or removed while its post waited" in await db.scalar("SELECT error FROM daily_posts")
