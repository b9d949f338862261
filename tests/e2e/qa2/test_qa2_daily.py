"""QA2: the fact of the day's promise — once per local day, never twice, never skipped, no repeats within a cycle.

Driven end to end through the emulator with the bot's clock in the test's hands (``harness``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.clock import ManualClock
from bot.db import films
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.emulator import Emulator, Message

HOUR = 3600
DAY = 24 * HOUR
T0 = 1_714_543_200          # 2024-05-01 06:00 UTC = 08:00 Europe/Paris
NINE = T0 + HOUR            # 09:00 Paris


def utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


def fields(record) -> dict[str, str]:
    return {f["name"]: f["value"] for f in record.embeds[0]["fields"]}


async def at(harness: ClockedHarness, instant: int) -> None:
    """Move the clock to ``instant`` and wait until the scheduler has done what is due."""
    await harness.clock.set(instant)
    await harness.settled()
    await harness.scheduler.idle()


async def restart_at(harness: ClockedHarness, instant: int) -> None:
    await harness.stop()
    harness.clock = ManualClock(instant)
    await harness.start()
    await harness.settled()


async def test_spring_forward_time_in_the_skipped_hour_posts_once_at_0330(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await restart_at(harness, utc(2024, 3, 30, 12))
    done = await set_daily(emulator, w, time="02:30")
    due = utc(2024, 3, 31, 1, 30)  # 02:30 does not exist on 31 March: 03:30 CEST
    assert fields(done)["First post"].startswith(f"<t:{due}:F>")
    await at(harness, due - 1)
    assert daily_posts(emulator, w.general) == []
    await at(harness, due)
    [post] = daily_posts(emulator, w.general)
    assert post.embeds[0]["title"] == "Fact of the day · Sunday 31 March 2024"
    await at(harness, utc(2024, 3, 31, 21, 59))  # 23:59 CEST
    assert len(daily_posts(emulator, w.general)) == 1
    await at(harness, utc(2024, 4, 1, 0, 30))    # 02:30 CEST the next day
    posts = daily_posts(emulator, w.general)
    assert [p.embeds[0]["title"] for p in posts] == ["Fact of the day · Sunday 31 March 2024",
                                                     "Fact of the day · Monday 1 April 2024"]
    assert posts[0].embeds[0]["description"] != posts[1].embeds[0]["description"]


async def test_fall_back_repeated_hour_posts_once_even_with_a_restart_between_the_two_0230s(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await restart_at(harness, utc(2024, 10, 26, 12))
    done = await set_daily(emulator, w, time="02:30")
    first, second = utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 30)  # 02:30 CEST, then 02:30 CET
    assert fields(done)["First post"].startswith(f"<t:{first}:F>")
    await at(harness, first)
    assert len(daily_posts(emulator, w.general)) == 1
    await restart_at(harness, second - 60)
    await at(harness, second)
    await at(harness, second + HOUR)
    assert len(daily_posts(emulator, w.general)) == 1
    status = await run(emulator, w, w.moderator, "daily status")
    assert fields(status)["Next post"].startswith(f"<t:{utc(2024, 10, 28, 1, 30)}:F>")  # 02:30 CET on the 28th
    await at(harness, utc(2024, 10, 28, 1, 30))
    assert len(daily_posts(emulator, w.general)) == 2


async def test_daily_set_earlier_then_later_after_todays_post_never_posts_twice(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await at(harness, NINE)
    assert len(daily_posts(emulator, w.general)) == 1
    await at(harness, NINE + HOUR)                           # 10:00 Paris
    earlier = await set_daily(emulator, w, time="08:00")
    assert fields(earlier)["First post"].startswith(f"<t:{T0 + DAY}:F>")  # tomorrow 08:00
    later = await set_daily(emulator, w, time="20:00")
    assert fields(later)["First post"].startswith(f"<t:{NINE + 11 * HOUR + DAY}:F>")  # tomorrow 20:00, not today
    await at(harness, NINE + 11 * HOUR)                      # 20:00 today
    await at(harness, NINE + 14 * HOUR)                      # 23:00 today
    assert len(daily_posts(emulator, w.general)) == 1
    await at(harness, NINE + 11 * HOUR + DAY)
    posts = daily_posts(emulator, w.general)
    assert [p.embeds[0]["title"] for p in posts] == ["Fact of the day · Wednesday 1 May 2024",
                                                     "Fact of the day · Thursday 2 May 2024"]


async def test_daily_off_then_on_the_same_day_posts_exactly_once(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await run(emulator, w, w.moderator, "daily off")
    back = await set_daily(emulator, w)                       # before the post: still today
    assert fields(back)["First post"].startswith(f"<t:{NINE}:F>")
    await at(harness, NINE)
    assert len(daily_posts(emulator, w.general)) == 1
    await run(emulator, w, w.moderator, "daily off")          # after the post: off and on again
    again = await set_daily(emulator, w)
    assert fields(again)["First post"].startswith(f"<t:{NINE + DAY}:F>")
    await at(harness, NINE + 14 * HOUR)
    assert len(daily_posts(emulator, w.general)) == 1


async def posted_then_crashed(emulator: Emulator, w: DiscordWorld, harness: ClockedHarness) -> Message:
    """09:00's post reaches Discord, then the bot stops before recording it; returns the post."""
    await set_daily(emulator, w)
    await at(harness, NINE)
    [post] = daily_posts(emulator, w.general)
    await crash_before_recording(harness)
    return post


async def crash_before_recording(harness: ClockedHarness) -> None:
    """Stop the bot and leave what a crash right after Discord accepted the post leaves: the claim, never
    completed."""
    await harness.stop()
    async with aiosqlite.connect(harness.database_path) as conn:
        await conn.execute("UPDATE daily_posts SET state = 'claimed', message_id = NULL, posted_at = NULL")
        await conn.commit()


async def test_crash_between_send_and_commit_is_confirmed_not_posted_again(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    post = await posted_then_crashed(emulator, w, harness)
    harness.clock = ManualClock(NINE + 60)
    await harness.start()
    await harness.settled()
    await harness.scheduler.idle()
    await at(harness, NINE + 3 * HOUR)
    assert daily_posts(emulator, w.general) == [post]
    status = await run(emulator, w, w.moderator, "daily status")
    assert f"/{post.id})" in fields(status)["Last post"]


async def test_a_claim_that_never_reached_discord_is_sent_once_after_a_restart(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await harness.stop()
    # A crash after the claim, before the send: the claim is in the ledger, nothing reached Discord.
    async with aiosqlite.connect(harness.database_path) as conn:
        await conn.execute("INSERT INTO fact_of_day (guild_id, local_date, fact_id, cycle, chosen_at) "
                           "VALUES (?, '2024-05-01', (SELECT min(id) FROM facts), 1, ?)", (w.guild.id, NINE))
        await conn.execute("INSERT INTO daily_posts (guild_id, local_date, fact_id, cycle, state, channel_id, "
                           "attempts, claimed_at) "
                           "VALUES (?, '2024-05-01', (SELECT min(id) FROM facts), 1, 'claimed', ?, 1, ?)",
                           (w.guild.id, w.general.id, NINE))
        await conn.execute("UPDATE daily_schedules SET next_post_at = ?", (NINE + DAY,))
        await conn.commit()
    harness.clock = ManualClock(NINE + 120)
    await harness.start()
    await harness.settled()
    await harness.scheduler.idle()
    await at(harness, NINE + 3 * HOUR)
    posts = daily_posts(emulator, w.general)
    assert [p.embeds[0]["title"] for p in posts] == ["Fact of the day · Wednesday 1 May 2024"]


async def test_a_one_fact_pool_posts_that_fact_every_day(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    async with harness.bot.db.transaction() as conn:
        await conn.execute("UPDATE facts SET deleted_at = 1 WHERE id != (SELECT min(id) FROM facts)")
    await set_daily(emulator, w)
    for day in range(3):
        await at(harness, NINE + day * DAY)
    posts = daily_posts(emulator, w.general)
    assert len(posts) == 3 and len({p.embeds[0]["description"] for p in posts}) == 1
    status = await run(emulator, w, w.moderator, "daily status")
    assert "Last error" not in fields(status)


async def test_no_fact_repeats_until_the_pool_is_used_up(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    async with harness.bot.db.transaction() as conn:
        await conn.execute("UPDATE facts SET deleted_at = 1 WHERE id NOT IN "
                           "(SELECT id FROM facts WHERE verified = 1 ORDER BY id LIMIT 4)")
    await set_daily(emulator, w)
    today = await run(emulator, w, w.alice, "fact today")         # members look at it before the post
    await run(emulator, w, w.moderator, "daily preview")
    for day in range(8):
        await at(harness, NINE + day * DAY)
        if day == 2:
            await restart_at(harness, NINE + day * DAY + HOUR)
    texts = [p.embeds[0]["description"] for p in daily_posts(emulator, w.general)]
    assert len(texts) == 8
    assert texts[0] == today.embeds[0]["description"]
    assert len(set(texts[:4])) == 4 and len(set(texts[4:])) == 4   # each cycle uses every fact once
    assert texts[3] != texts[4]                                     # a new cycle never starts with the last one


async def test_a_film_with_no_facts_is_reported_and_posts_nothing(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await films.create(harness.bot.db, title="Jules et Jim", original_title=None, year=1962, actor_id=None)
    done = await set_daily(emulator, w, film="Jules et Jim")
    assert done.ephemeral
    text = "\n".join([done.content or ""] + [f"{k}: {v}" for k, v in fields(done).items()])
    assert "No approved facts" in text or "no approved facts" in text, text
    await at(harness, NINE)
    assert daily_posts(emulator, w.general) == []
    status = await run(emulator, w, w.moderator, "daily status")
    assert "Nothing to post" in str(fields(status)), fields(status)


async def test_moving_west_after_todays_post_never_posts_an_older_day(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await at(harness, NINE)                                   # Wednesday 1 May posted (07:00 UTC)
    await at(harness, NINE + HOUR // 2)                       # 07:30 UTC = 21:30 on Tuesday 30 April in Honolulu
    await set_daily(emulator, w, time="22:00", timezone="Pacific/Honolulu")
    await at(harness, NINE + 2 * HOUR)
    titles = [p.embeds[0]["title"] for p in daily_posts(emulator, w.general)]
    assert titles == ["Fact of the day · Wednesday 1 May 2024"], titles
    again = await run(emulator, w, w.moderator, "daily post-now")     # still 30 April in Honolulu
    assert "already posted (Wednesday 1 May 2024)" in again.content
    assert len(daily_posts(emulator, w.general)) == 1
