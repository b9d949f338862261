"""QA25: a film filter with nothing to post — the day it happens, and what /daily status says afterwards.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

from bot.db import films
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import DAY, HOUR, at, fields, restart_at, utc
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.emulator import Emulator

ST_JOHNS = "America/St_Johns"
WEDNESDAY_NINE = utc(2024, 5, 1, 11, 30)     # Wednesday 1 May 2024, 09:00 NDT (UTC-02:30)


def titles(emulator: Emulator, w: DiscordWorld) -> list[str]:
    return [p.embeds[0]["title"] for p in daily_posts(emulator, w.general)]


async def jules_et_jim_without_facts(emulator: Emulator, w: DiscordWorld, harness: ClockedHarness) -> None:
    """Tuesday evening the St. John's club switches its daily fact to Jules et Jim, a film with no facts yet."""
    await restart_at(harness, WEDNESDAY_NINE - 12 * HOUR)
    await films.create(harness.bot.db, title="Jules et Jim", original_title=None, year=1962, actor_id=None)
    await set_daily(emulator, w, timezone=ST_JOHNS, film="Jules et Jim")
    await at(harness, WEDNESDAY_NINE)
    assert daily_posts(emulator, w.general) == []
    status = fields(await run(emulator, w, w.moderator, "daily status"))
    assert "not posted: Nothing to post" in status["Today (Wednesday 1 May 2024)"], status   # the day, and why


async def test_changing_the_film_the_day_nothing_could_be_posted_still_posts_today(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """09:00, Wednesday: nothing goes out and /daily status says "Nothing to post … change the film with /daily
    set". At 10:00 the moderator does exactly that (all films again). Nothing is posted on Wednesday: the next
    post is Thursday. A deleted channel fixed with /daily set the same day posts that day's fact at once (the
    README), and so does moving the time to one already past; a film with no facts, fixed the same way, should
    too: the members got no fact on Wednesday though the moderator fixed it by mid-morning."""
    w = discord_world
    await jules_et_jim_without_facts(emulator, w, harness)
    fixed = await set_daily(emulator, w, timezone=ST_JOHNS)                  # 10:00: every film
    await at(harness, WEDNESDAY_NINE + HOUR + 60)
    await at(harness, WEDNESDAY_NINE + 14 * HOUR)                            # 23:00 on Wednesday
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024"], fields(fixed)["First post"]
    await at(harness, WEDNESDAY_NINE + DAY)
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024", "Fact of the day · Thursday 2 May 2024"]


async def test_status_lists_the_day_nothing_could_be_posted_among_the_days_not_posted(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Wednesday had nothing to post (Jules et Jim has no facts); the moderator picks all films again only on
    Thursday morning, and Thursday posts. Thursday evening the club's owner asks in /daily status why there
    was no fact yesterday. The README: "/daily status lists the week's days that were not posted, and why".
    Wednesday is not there: no "Not posted earlier this week", no "Last error" (Thursday's post cleared it):
    the empty day left no trace at all. It should be listed with its reason, like an offline or failed day."""
    w = discord_world
    await jules_et_jim_without_facts(emulator, w, harness)
    await at(harness, WEDNESDAY_NINE + DAY - 2 * HOUR)                       # Thursday 07:00
    await set_daily(emulator, w, timezone=ST_JOHNS)
    await at(harness, WEDNESDAY_NINE + DAY + 10 * HOUR)
    assert titles(emulator, w) == ["Fact of the day · Thursday 2 May 2024"]
    status = fields(await run(emulator, w, w.moderator, "daily status"))
    missed = status.get("Not posted earlier this week", "")
    assert "Wednesday 1 May 2024" in missed and "Nothing to post" in missed, status


async def test_post_now_posts_the_day_once_the_film_is_fixed(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """After picking all films again, Wednesday's fact goes out at once (QA25 3); /daily post-now then says it
    is already posted, and Thursday posts at 09:00 as usual."""
    w = discord_world
    await jules_et_jim_without_facts(emulator, w, harness)
    await set_daily(emulator, w, timezone=ST_JOHNS)
    await at(harness, WEDNESDAY_NINE + 60)
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024"]
    again = await run(emulator, w, w.moderator, "daily post-now")
    assert "already posted" in (again.followups[-1].content or "")
    await at(harness, WEDNESDAY_NINE + DAY)
    assert titles(emulator, w) == ["Fact of the day · Wednesday 1 May 2024", "Fact of the day · Thursday 2 May 2024"]
