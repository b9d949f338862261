"""QA9: the daily rotation posts the least-posted facts first, and /daily status counts the cycle truthfully."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import DAY, NINE, at, fields
from tests.e2e.qa7.test_qa7_daily import footer_ids
from tests.e2e.test_facts import ClockedHarness, run, set_daily
from tests.emulator import Emulator


async def five_facts_two_about_jules(harness: ClockedHarness, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A pool of 5 verified facts, the first two about Jules et Jim; each day's walk starts at the lowest id."""
    from bot.db import day_facts, films

    db = harness.bot.db
    jules = await films.create(db, title="Jules et Jim", original_title=None, year=1962, actor_id=None)
    keep = [r[0] for r in await db.fetchall("SELECT id FROM facts WHERE verified = 1 AND deleted_at IS NULL "
                                            "ORDER BY id LIMIT 5")]
    async with db.transaction() as conn:
        await conn.execute(f"UPDATE facts SET deleted_at = 1 WHERE id NOT IN ({','.join(map(str, keep))})")
        await conn.execute("UPDATE facts SET film_id = ? WHERE id IN (?, ?)", (jules, keep[0], keep[1]))
    monkeypatch.setattr(day_facts, "day_seed", lambda guild_id, day: 0)
    return keep


async def facts_line(emulator: Emulator, w: DiscordWorld) -> str:
    return fields(await run(emulator, w, w.moderator, "daily status"))["Facts"]


async def test_status_counts_the_cycle_of_the_pool_as_filters_and_hidden_facts_change(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness,
        monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    keep = await five_facts_two_about_jules(harness, monkeypatch)
    await set_daily(emulator, w, film="Jules et Jim")
    assert await facts_line(emulator, w) == "2 facts to draw from · cycle 1: 0 used, about 2 to go"
    for day in range(3):                                       # A, B, then A again: cycle 2
        await at(harness, NINE + day * DAY)
    assert await facts_line(emulator, w) == "2 facts to draw from · cycle 2: 1 used, about 1 to go"
    await set_daily(emulator, w)                               # every film: three facts never posted
    assert await facts_line(emulator, w) == "5 facts to draw from · cycle 2: 1 used, about 4 to go"
    await run(emulator, w, w.moderator, "facts hide", id=keep[4])
    assert await facts_line(emulator, w) == "4 facts to draw from · cycle 2: 1 used, about 3 to go"
    await run(emulator, w, w.moderator, "facts unhide", id=keep[4])
    for day in range(3, 6):
        await at(harness, NINE + day * DAY)
    assert sorted(footer_ids(emulator, w)[3:]) == keep[2:]                 # posted fewest times: first
    assert await facts_line(emulator, w) == "5 facts to draw from · cycle 2: 4 used, about 1 to go"


async def test_a_fact_added_mid_cycle_is_posted_before_any_repeat(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness,
        monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    keep = await five_facts_two_about_jules(harness, monkeypatch)
    await set_daily(emulator, w)
    for day in range(5):                                       # the whole pool once
        await at(harness, NINE + day * DAY)
    db = harness.bot.db
    async with db.transaction() as conn:                       # a sixth fact comes back mid-way
        extra = await (await conn.execute("SELECT max(id) FROM facts WHERE deleted_at IS NOT NULL AND verified = 1 "
                                          "AND guild_id = 0 AND status = 'approved'")).fetchone()
        await conn.execute("UPDATE facts SET deleted_at = NULL WHERE id = ?", (extra[0],))
    assert await facts_line(emulator, w) == "6 facts to draw from · cycle 1: 5 used, about 1 to go"
    await at(harness, NINE + 5 * DAY)
    assert footer_ids(emulator, w)[5] == extra[0]
    assert sorted(footer_ids(emulator, w)[:5]) == keep


async def test_fact_today_stays_the_same_all_day_when_a_moderator_previews_with_the_daily_off(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness,
        monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    keep = await five_facts_two_about_jules(harness, monkeypatch)
    async with harness.bot.db.transaction() as conn:           # the walk starts on a fact of another film
        await conn.execute("UPDATE facts SET film_id = NULL WHERE id = ?", (keep[0],))
    await set_daily(emulator, w, film="Jules et Jim")
    await run(emulator, w, w.moderator, "daily off")
    before = (await run(emulator, w, w.alice, "fact today")).embeds[0]
    await run(emulator, w, w.moderator, "daily preview")
    after = (await run(emulator, w, w.bob, "fact today")).embeds[0]
    assert after["description"] == before["description"]      # "the same for everyone all day"
