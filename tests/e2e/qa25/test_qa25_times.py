"""QA25: how times read for the Auckland and St. John's admins — the offset /daily set shows, and the timezone picker
for the abbreviations they use.
"""

from __future__ import annotations

import re

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import HOUR, fields, restart_at, utc
from tests.e2e.test_facts import ClockedHarness, set_daily
from tests.emulator import Emulator


async def test_daily_set_the_day_before_the_clocks_change_shows_the_offset_of_its_posts(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Saturday 6 April 2024, 10:00 in Auckland (NZDT, UTC+13). Daylight saving ends overnight. The admin sets
    the fact for 09:00 and reads "When: 09:00 Pacific/Auckland (UTC+13:00)". Every post from the first one on
    (Sunday 09:00 NZST) is at UTC+12:00: members abroad who convert "09:00 UTC+13" get the wrong hour, and
    the admin, who asked Discord-savvy friends to check "20:00 UTC", sees the post arrive at 21:00 UTC.
    The offset shown next to the time should be the one the posts go out at (or none)."""
    w = discord_world
    await restart_at(harness, utc(2024, 4, 5, 21))                 # Saturday 10:00 NZDT
    done = await set_daily(emulator, w, timezone="Pacific/Auckland")
    shown = fields(done)
    first = utc(2024, 4, 6, 21)                                    # Sunday 7 April, 09:00 NZST
    assert shown["First post"].startswith(f"<t:{first}:F>")
    offsets = re.findall(r"UTC[+-]\d\d:\d\d", shown["When"])
    assert offsets in ([], ["UTC+12:00"]), shown["When"]


async def test_status_next_post_follows_the_new_zone_offsets_on_both_sides_of_the_change(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """St. John's springs forward on Sunday 10 March 2024 (NST UTC-03:30 -> NDT UTC-02:30). Set on Saturday at
    08:00 for 09:00: Saturday's post is at 12:30 UTC, Sunday's at 11:30 UTC, and /daily status says so."""
    from tests.e2e.qa2.test_qa2_daily import at
    from tests.e2e.test_facts import daily_posts, run

    w = discord_world
    saturday_nine = utc(2024, 3, 9, 12, 30)
    await restart_at(harness, saturday_nine - HOUR)
    done = await set_daily(emulator, w, timezone="America/St_Johns")
    assert fields(done)["When"].startswith("09:00 America/St_Johns")
    assert fields(done)["First post"].startswith(f"<t:{saturday_nine}:F>")
    await at(harness, saturday_nine)
    status = fields(await run(emulator, w, w.moderator, "daily status"))
    sunday_nine = utc(2024, 3, 10, 11, 30)
    assert status["Next post"].startswith(f"<t:{sunday_nine}:F>"), status
    await at(harness, sunday_nine - 1)
    assert len(daily_posts(emulator, w.general)) == 1
    await at(harness, sunday_nine)
    assert [p.embeds[0]["title"] for p in daily_posts(emulator, w.general)] == [
        "Fact of the day · Saturday 9 March 2024", "Fact of the day · Sunday 10 March 2024"]


@pytest.mark.parametrize(("typed", "city"), [("NST", "America/St_Johns"), ("NDT", "America/St_Johns"),
                                             ("NZST", "Pacific/Auckland"), ("NZDT", "Pacific/Auckland")])
async def test_the_timezone_picker_offers_the_city_for_newfoundland_and_new_zealand_abbreviations(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str, city: str) -> None:
    """The St. John's admin types what the clocks there say, "NST" (Newfoundland Standard Time). The picker's
    only suggestion is Pacific/Johnston (an atoll on Hawaii's clock, UTC-10: "NST" is inside "JohNSTon"),
    and "NDT" offers America/Grand_Turk ("GraNDTurk"). The Auckland admin types "NZST" and gets only UTC.
    qa8 made EST, PST and CET offer their city first; the same should hold for these, and a zone that merely
    contains the letters should not be offered as if it were meant."""
    w = discord_world
    offered = [c["value"] for c in await emulator.autocomplete(w.general, w.moderator, "daily set",
                                                                focused="timezone", channel=w.general, time="9",
                                                                timezone=typed)]
    assert city in offered[:2], offered
    assert not {"Pacific/Johnston", "America/Grand_Turk"} & set(offered), offered
