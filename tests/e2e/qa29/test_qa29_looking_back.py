"""QA29: members and moderators look back — /fact history after a year, /fact today after the club moved west,
and /daily status after a week offline.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

from bot.clock import ManualClock
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import DAY, HOUR, NINE, at, fields
from tests.e2e.qa29.support import click, paris_nine
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.emulator import Emulator

DAYS_POSTED = 230            # 1 May to 16 December 2024


async def test_fact_history_pages_back_to_the_first_post_after_230_days(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The club has posted a fact every morning since 1 May. In December Alice wants the fact from the first
    week, to quote it in the anniversary thread. /fact history reads "Page 1/25 · 200 days", and its last page
    (»: the oldest) ends on Friday 31 May: the 30 days before it are nowhere, and the footer says the club has
    had 200 facts of the day when it has had 230. The history should page back to the first post (and count
    every day), or at the very least say it shows only the latest 200."""
    w = discord_world
    await set_daily(emulator, w)
    for day in range(DAYS_POSTED):
        await at(harness, paris_nine(day))
    assert len(daily_posts(emulator, w.general)) == DAYS_POSTED
    history = await run(emulator, w, w.alice, "fact history")
    footer = history.embeds[0]["footer"]["text"]
    await click(emulator, history.original, "Last ⏭", w.bob)
    oldest_page = history.original.embeds[0]
    assert "**Wednesday 1 May 2024**" in oldest_page["description"], (footer, oldest_page["description"][-300:])
    assert f"{DAYS_POSTED} days" in footer, footer
    assert len(oldest_page["description"]) <= 4096 and emulator.violations == []


async def test_status_lists_every_day_of_a_six_day_outage(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The club's host died on Friday afternoon, after Friday's post, and the admin came back from holiday the
    next Friday morning: Doinel was offline Saturday 4 to Thursday 9 May, six posts missed. Back at 11:00 on
    Friday 10 May, it posts Friday's fact late, as promised. The moderator opens /daily status to tell the club
    which days were lost: "Not posted earlier this week" lists Thursday back to Sunday — five days, each line
    saying "Missed 6 posts" — and Saturday 4 May is missing, though it is well within the week. Every day not
    posted in the week should be listed."""
    w = discord_world
    await set_daily(emulator, w)
    for day in range(3):                                             # Wednesday 1 to Friday 3 May: posted
        await at(harness, NINE + day * DAY)
    await harness.stop()
    harness.clock = ManualClock(NINE + 9 * DAY + 2 * HOUR)           # back at 11:00 on Friday 10 May
    await harness.start()
    await harness.settled()
    latest = daily_posts(emulator, w.general)[-1]
    assert latest.embeds[0]["title"] == "Fact of the day · Friday 10 May 2024"
    status = fields(await run(emulator, w, w.moderator, "daily status"))
    missed = status["Not posted earlier this week"]
    for day in ("Saturday 4 May", "Sunday 5 May", "Monday 6 May", "Tuesday 7 May", "Wednesday 8 May",
                "Thursday 9 May"):
        assert f"{day} 2024" in missed, missed


async def test_fact_today_after_moving_west_shows_the_post_members_just_read(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The club's new admin lives in Honolulu and moves the daily post to 22:00 Pacific/Honolulu, half an hour
    after Wednesday 1 May's 09:00 Paris post went out (it is 21:30 on Tuesday 30 April in Honolulu). Members who
    just read Wednesday's post run /fact today and get "Fact of the day · Tuesday 30 April 2024" with another fact
    — one that is never posted (Tuesday is before a day already posted), yet it is used up in the cycle; /fact
    history answers "No fact of the day yet in this server" while Wednesday's post sits in the channel. The
    server's day should not go backwards: /fact today should show the fact just posted, and the history list it."""
    w = discord_world
    await set_daily(emulator, w)
    await at(harness, NINE)                                          # Wednesday 1 May posted (07:00 UTC)
    await at(harness, NINE + HOUR // 2)                              # 21:30 on Tuesday 30 April in Honolulu
    await set_daily(emulator, w, time="22:00", timezone="Pacific/Honolulu")
    [post] = daily_posts(emulator, w.general)
    today = await run(emulator, w, w.alice, "fact today")
    history = await run(emulator, w, w.bob, "fact history")
    assert today.embeds[0]["description"] == post.embeds[0]["description"], today.embeds[0]["title"]
    assert history.embeds and f"/{post.id})" in history.embeds[0]["description"], history.content
