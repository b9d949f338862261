"""QA29: a day whose daily post did not go out does not use up its fact; the rotation reads the ledger."""

from __future__ import annotations

from datetime import date, timedelta

from bot.db import Database, daily, day_facts
from tests import factsupport
from tests.factsupport import CHANNEL, GUILD

content_db = factsupport.content_db

T0 = 1_714_546_800  # 2024-05-01 07:00 UTC = 09:00 in Paris
FIRST = date(2024, 5, 1)


def day(n: int) -> str:
    return (FIRST + timedelta(days=n)).isoformat()


async def small_pool(db: Database, size: int) -> list[int]:
    """Only ``size`` facts are eligible (the others are removed); their ids."""
    rows = await db.fetchall("SELECT id FROM facts ORDER BY id LIMIT ?", (size,))
    keep = [int(r[0]) for r in rows]
    async with db.transaction() as conn:
        await conn.execute(f"UPDATE facts SET deleted_at = 1 WHERE id NOT IN ({','.join('?' * size)})", keep)
    assert await day_facts.pool_size(db, GUILD, None) == size
    return keep


async def post(db: Database, n: int, *, fails: bool = False) -> int:
    """Claim day ``n``'s post and complete it (or fail it); the fact it carried."""
    claim = await daily.claim(db, GUILD, day(n), target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0 + n * 86_400)
    assert isinstance(claim, daily.Claim)
    if fails:
        await daily.fail(db, GUILD, day(n), "Missing permission: Send Messages.", T0 + n * 86_400 + 5)
    else:
        await daily.complete(db, GUILD, day(n), channel_id=CHANNEL, message_id=1000 + n, now=T0 + n * 86_400 + 5)
    return claim.fact_id


async def test_a_fact_whose_post_failed_is_posted_before_any_fact_repeats(content_db: Database) -> None:
    """Four facts; the second day's post is refused. The next four posts are the four facts, once each."""
    pool = await small_pool(content_db, 4)
    posted = [await post(content_db, 0)]
    failed = await post(content_db, 1, fails=True)
    posted += [await post(content_db, n) for n in range(2, 5)]
    assert sorted(posted) == pool, posted
    assert failed in posted


async def test_a_day_missed_after_fact_today_gives_its_fact_back(content_db: Database) -> None:
    """A member ran /fact today in the morning; the bot was down over post time and came back the next day
    (the day recorded as missed). That fact was never posted: it is posted before any fact repeats."""
    pool = await small_pool(content_db, 3)
    first = await post(content_db, 0)
    seen = await day_facts.plan_day(content_db, GUILD, day(1), None, T0 + 86_400)   # /fact today, 08:00
    assert seen is not None and seen.fact_id != first
    await daily.record_missed(content_db, GUILD, [day(1)], "Doinel was offline at post time.", T0 + 2 * 86_400)
    posted = [first] + [await post(content_db, n) for n in (2, 3)]
    assert sorted(posted) == pool, posted


async def test_todays_failed_post_keeps_its_fact_until_the_day_is_over(content_db: Database) -> None:
    """Today's post failed: /fact today still shows its fact all day, and /daily status counts it as used
    today; from tomorrow it is counted as still to come."""
    await small_pool(content_db, 4)
    await post(content_db, 0)
    failed = await post(content_db, 1, fails=True)
    again = await day_facts.plan_day(content_db, GUILD, day(1), None, T0 + 86_400 + 3600)
    assert again is not None and again.fact_id == failed
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=day(1)) == (1, 2)
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=day(2)) == (1, 1)


async def test_a_failed_day_found_posted_after_all_counts_again(content_db: Database) -> None:
    """A failed day whose post turns out to be in the channel (completed late) counts as shown again."""
    await small_pool(content_db, 4)
    await post(content_db, 0)
    await post(content_db, 1, fails=True)
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=day(2)) == (1, 1)
    assert await daily.complete(content_db, GUILD, day(1), channel_id=CHANNEL, message_id=77, now=T0 + 86_400 + 60)
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=day(2)) == (1, 2)


async def test_without_daily_posts_the_days_chosen_by_fact_today_count_as_shown(content_db: Database) -> None:
    """A server without a daily channel: /fact today alone picks each day's fact, and no fact repeats until
    every fact has been the fact of the day (as before)."""
    pool = await small_pool(content_db, 5)
    chosen = []
    for n in range(5):
        picked = await day_facts.plan_day(content_db, GUILD, day(n), None, T0 + n * 86_400)
        assert picked is not None
        chosen.append(picked.fact_id)
    assert sorted(chosen) == pool
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=day(5)) == (1, 5)
