from __future__ import annotations

from datetime import date, timedelta

from bot.db import Database, audit, daily, day_facts, facts
from bot.db.day_facts import _SqlPool
from bot.facts.rotation import choose
from tests import factsupport
from tests.bot.facts.test_rotation import MemoryPool
from tests.factsupport import CHANNEL, GUILD, OTHER_GUILD, film_id

content_db = factsupport.content_db
T0 = 1_714_546_800  # 2024-05-01 07:00 UTC = 09:00 in Paris
LATER = "2099-01-01"  # a server's today after every day the tests plan


async def make_schedule(db: Database, guild_id: int = GUILD, *, next_post_at: int = T0, **kw: object) -> daily.Schedule:
    values: dict = {"channel_id": CHANNEL, "thread_id": None, "local_time": "09:00", "timezone": "Europe/Paris",
                    "film_id": None, "ping_role_id": None} | kw
    return await daily.save_schedule(db, guild_id=guild_id, next_post_at=next_post_at, actor_id=7, now=T0 - 3600,
                                     **values)


async def test_schedule_save_update_disable_are_audited(content_db: Database) -> None:
    first = await make_schedule(content_db)
    assert first.enabled and first.target_id == CHANNEL and first.next_post_at == T0
    await daily.set_error(content_db, GUILD, "boom", T0)
    second = await make_schedule(content_db, local_time="21:30", thread_id=999)
    assert second.local_time == "21:30" and second.target_id == 999 and second.last_error is None
    off = await daily.disable(content_db, GUILD, actor_id=8, now=T0)
    assert off is not None and not off.enabled
    assert await daily.due(content_db, T0 + 10) == []
    entries = await audit.history(content_db, "daily_schedule", GUILD)
    assert [e.action for e in entries] == ["disable", "update", "create"]
    assert entries[1].before["local_time"] == "09:00" and entries[1].after["local_time"] == "21:30"


async def test_due_and_earliest_use_the_partial_index(content_db: Database) -> None:
    for n in range(5):
        await make_schedule(content_db, GUILD + n, next_post_at=T0 + n * 60)
    assert [s.guild_id for s in await daily.due(content_db, T0 + 120)] == [GUILD, GUILD + 1, GUILD + 2]
    assert await daily.earliest_due(content_db) == T0
    plan = await content_db.fetchall(
        "EXPLAIN QUERY PLAN SELECT * FROM daily_schedules WHERE enabled = 1 AND next_post_at <= ? "
        "ORDER BY next_post_at LIMIT ?", (T0, 10))
    assert any("daily_schedules_due" in row[3] for row in plan)
    plan = await content_db.fetchall(
        "EXPLAIN QUERY PLAN SELECT next_post_at FROM daily_schedules WHERE enabled = 1 AND next_post_at IS NOT NULL "
        "ORDER BY next_post_at LIMIT 1")
    assert any("daily_schedules_due" in row[3] for row in plan)


async def test_claim_refuses_a_second_claim_for_the_day(content_db: Database) -> None:
    await make_schedule(content_db)
    first = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None,
                              next_post_at=T0 + 86_400, now=T0)
    assert isinstance(first, daily.Claim)
    again = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0 + 1)
    assert isinstance(again, daily.Refused) and again.reason == "claimed"
    assert (await daily.get_schedule(content_db, GUILD)).next_post_at == T0 + 86_400
    assert await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=5, now=T0 + 2)
    posted = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                               now=T0 + 3)
    assert isinstance(posted, daily.Refused) and posted.reason == "posted" and posted.record.message_id == 5
    assert await daily.get_post(content_db, GUILD, "2024-05-01") == posted.record
    # Completing twice changes nothing.
    assert not await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=6, now=T0 + 4)


async def test_claim_refuses_a_day_before_one_already_posted(content_db: Database) -> None:
    """After a move west, the new zone's "today" can be the day before the one just posted."""
    await make_schedule(content_db)
    first = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0)
    assert isinstance(first, daily.Claim)
    assert await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=5, now=T0 + 1)
    older = await daily.claim(content_db, GUILD, "2024-04-30", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0 + 1800)
    assert isinstance(older, daily.Refused) and older.reason == "posted" and older.record.local_date == "2024-05-01"
    assert await daily.get_post(content_db, GUILD, "2024-04-30") is None
    assert await daily.last_taken_day(content_db, GUILD) == "2024-05-01"
    later = await daily.claim(content_db, GUILD, "2024-05-02", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0 + 86_400)
    assert isinstance(later, daily.Claim)


async def test_a_failed_day_can_be_claimed_again_with_the_same_fact(content_db: Database) -> None:
    await make_schedule(content_db)
    claim = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0)
    assert (await daily.get_post(content_db, GUILD, "2024-05-01")).attempts == 1  # the claim counts the first
    assert await daily.start_attempt(content_db, GUILD, "2024-05-01", CHANNEL) == 2
    await daily.fail(content_db, GUILD, "2024-05-01", "Missing permission", T0 + 1)
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "failed" and record.error == "Missing permission" and record.attempts == 2
    assert (await daily.get_schedule(content_db, GUILD)).last_error == "Missing permission"
    again = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0 + 60)
    assert isinstance(again, daily.Claim) and again.fact_id == claim.fact_id
    assert (await daily.get_post(content_db, GUILD, "2024-05-01")).attempts == 3
    await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=9, now=T0 + 61)
    assert (await daily.get_schedule(content_db, GUILD)).last_error is None


async def test_crash_between_claim_and_complete_leaves_a_stale_claim(content_db: Database) -> None:
    await make_schedule(content_db)
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None, now=T0)
    assert await daily.stale_claims(content_db, T0) == []
    [stale] = await daily.stale_claims(content_db, T0 + 601)
    assert stale.state == "claimed" and stale.channel_id == CHANNEL
    plan = await content_db.fetchall(
        "EXPLAIN QUERY PLAN SELECT * FROM daily_posts WHERE state = 'claimed' AND claimed_at < ? "
        "ORDER BY claimed_at LIMIT ?", (T0, 10))
    assert any("daily_posts_claimed" in row[3] for row in plan)


async def test_the_day_is_chosen_once_and_the_post_uses_it(content_db: Database) -> None:
    planned = await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0 - 7200)
    assert planned == await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0 - 60)
    claim = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0)
    assert claim.fact_id == planned.fact_id
    other = await day_facts.plan_day(content_db, OTHER_GUILD, "2024-05-01", None, T0)
    tomorrow = await day_facts.plan_day(content_db, GUILD, "2024-05-02", None, T0)
    assert tomorrow.fact_id != planned.fact_id
    assert other is not None


async def test_a_removed_planned_fact_is_replaced(content_db: Database) -> None:
    planned = await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0)
    await content_db.conn.execute("UPDATE facts SET deleted_at = 1 WHERE id = ?", (planned.fact_id,))
    replaced = await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0)
    assert replaced.fact_id != planned.fact_id
    assert await content_db.scalar("SELECT count(*) FROM fact_of_day WHERE guild_id = ?", (GUILD,)) == 1


async def test_a_film_filter_replans_a_day_not_yet_posted(content_db: Database) -> None:
    mistons = await film_id(content_db, "les-mistons")
    await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0)
    filtered = await day_facts.plan_day(content_db, GUILD, "2024-05-01", mistons, T0)
    assert (await facts.get(content_db, filtered.fact_id)).film_id == mistons


async def test_sql_rotation_never_repeats_within_a_cycle(content_db: Database) -> None:
    pool = await day_facts.pool_size(content_db, GUILD, None)
    day = date(2024, 1, 1)
    chosen = []
    for n in range(pool + 5):
        picked = await day_facts.plan_day(content_db, GUILD, (day + timedelta(days=n)).isoformat(), None, T0)
        chosen.append((picked.fact_id, picked.cycle))
    first = [f for f, c in chosen[:pool]]
    assert len(set(first)) == pool and {c for _, c in chosen[:pool]} == {1}
    assert {c for _, c in chosen[pool:]} == {2} and chosen[pool][0] != chosen[pool - 1][0]
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=LATER) == (2, 5)


async def test_the_cycle_and_its_progress_belong_to_the_pool_of_the_day(content_db: Database) -> None:
    mistons = await film_id(content_db, "les-mistons")
    films_facts = await day_facts.pool_size(content_db, GUILD, mistons)
    everything = await day_facts.pool_size(content_db, GUILD, None)
    day = date(2024, 1, 1)
    for n in range(films_facts + 1):                   # one film's facts, then one of them again
        await day_facts.plan_day(content_db, GUILD, (day + timedelta(days=n)).isoformat(), mistons, T0)
    assert await day_facts.cycle_progress(content_db, GUILD, mistons, today=LATER) == (2, 1)
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=LATER) == (2, 1)   # round 2 has shown one fact
    seen = set()
    for n in range(films_facts + 1, everything + 1):    # every film again: the rest of the pool, no repeat
        picked = await day_facts.plan_day(content_db, GUILD, (day + timedelta(days=n)).isoformat(), None, T0)
        assert picked.cycle == 1 and picked.fact_id not in seen
        seen.add(picked.fact_id)
    # The rest came first (posted fewest times); the film's other facts are still to come in round 2.
    assert await day_facts.cycle_progress(content_db, GUILD, None, today=LATER) == (2, everything - films_facts + 1)


async def test_unverified_facts_are_the_days_fact_only_when_nothing_else_is_left(content_db: Database) -> None:
    await content_db.conn.execute("UPDATE facts SET verified = 0 WHERE id % 5 = 0")  # doubtful sources
    unverified = {r[0] for r in await content_db.fetchall("SELECT id FROM facts WHERE verified = 0")}
    pool = await day_facts.pool_size(content_db, GUILD, None)
    assert pool == await facts.count_visible(content_db, GUILD) - len(unverified)
    day = date(2024, 1, 1)
    chosen = [(await day_facts.plan_day(content_db, GUILD, (day + timedelta(days=n)).isoformat(), None, T0)).fact_id
              for n in range(pool + 3)]
    assert not unverified & set(chosen)  # a whole cycle and more: never a doubtful fact while others remain
    await content_db.conn.execute("UPDATE facts SET verified = 0")
    assert await day_facts.pool_size(content_db, GUILD, None) == await facts.count_visible(content_db, GUILD)
    fallback = await day_facts.plan_day(content_db, GUILD, "2025-01-01", None, T0)
    assert fallback is not None  # rather an unverified fact (with its warning) than no fact of the day


async def test_sql_pool_agrees_with_the_reference_pool(content_db: Database) -> None:
    blows = await film_id(content_db, "the-400-blows")
    eligible = {f.id for f in await facts.list_by_film(content_db, GUILD, blows, limit=500)}
    memory = MemoryPool(eligible)
    memory.used = {1: {3, 4, 7, 10, 50}, 2: {3}}
    memory.shown = {3, 7}                              # round 2 began with 3's second post, then 7's first
    async with content_db.transaction() as conn:
        rows = [(1, 1, 3), (1, 1, 4), (1, 1, 10), (1, 1, 50), (2, 2, 3), (1, 2, 7)]   # (cycle, round, fact)
        for n, (cycle, round_, fid) in enumerate(rows):
            await conn.execute("INSERT INTO fact_of_day (guild_id, local_date, fact_id, cycle, round, chosen_at) "
                               "VALUES (?, ?, ?, ?, ?, 0)", (GUILD, f"2023-01-{n + 1:02d}", fid, cycle, round_))
        sql = _SqlPool(conn, GUILD, blows, day="2023-02-01", current_round=2)
        for start in (0, 1, 3, 4, 7, 11, 50, 70, 71, 80):
            for avoid in (None, 5, 51):
                for cycle in (1, 2, 3):
                    for new_round in (False, True):
                        args = (cycle, start, None, avoid, new_round)
                        assert await sql.first_unused(*args) == await memory.first_unused(*args)
                        args = (cycle, 0, start, avoid, new_round)
                        assert await sql.first_unused(*args) == await memory.first_unused(*args)
            assert await choose(sql, cycle=2, start=start, last_fact_id=7) == \
                await choose(memory, cycle=2, start=start, last_fact_id=7)


async def test_empty_pool_refuses_the_claim(content_db: Database) -> None:
    await content_db.conn.execute("UPDATE facts SET status = 'rejected'")
    assert await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0) is None
    refused = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None,
                                next_post_at=T0 + 86_400, now=T0)
    assert isinstance(refused, daily.Refused) and refused.reason == "empty"
    assert await daily.get_post(content_db, GUILD, "2024-05-01") is None


async def test_missed_days_are_recorded(content_db: Database) -> None:
    await make_schedule(content_db)
    await daily.record_missed(content_db, GUILD, ["2024-05-01", "2024-05-02"], "Missed 2 posts", T0)
    assert (await daily.get_post(content_db, GUILD, "2024-05-02")).state == "failed"
    assert (await daily.get_schedule(content_db, GUILD)).last_error == "Missed 2 posts"


async def test_history_is_the_past_and_todays_post_never_the_future(content_db: Database) -> None:
    for day in ("2024-04-29", "2024-04-30", "2024-05-01", "2024-05-02"):
        await day_facts.plan_day(content_db, GUILD, day, None, T0)
    entries = await daily.history(content_db, GUILD, today="2024-05-01")
    assert [e.local_date for e in entries] == ["2024-04-30", "2024-04-29"]  # today not posted yet, no future
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None, now=T0)
    await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=77, now=T0)
    entries = await daily.history(content_db, GUILD, today="2024-05-01")
    assert [e.local_date for e in entries] == ["2024-05-01", "2024-04-30", "2024-04-29"]
    assert entries[0].state == "posted" and entries[0].message_id == 77
    assert (await daily.last_post(content_db, GUILD)).message_id == 77


async def posted_days(db: Database, days: list[str]) -> None:
    """A fact of the day chosen and posted on each of ``days`` (rows written as the scheduler leaves them)."""
    ids = [int(r[0]) for r in await db.fetchall("SELECT id FROM facts ORDER BY id")]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO fact_of_day (guild_id, local_date, fact_id, cycle, chosen_at) VALUES (?, ?, ?, 1, ?)",
            [(GUILD, day, ids[n % len(ids)], T0) for n, day in enumerate(days)])
        await conn.executemany(
            "INSERT INTO daily_posts (guild_id, local_date, fact_id, state, channel_id, message_id, attempts, "
            "claimed_at, posted_at) VALUES (?, ?, ?, 'posted', ?, ?, 1, ?, ?)",
            [(GUILD, day, ids[n % len(ids)], CHANNEL, 1_000 + n, T0, T0) for n, day in enumerate(days)])


async def test_history_of_years_is_counted_in_one_query_and_pages_back_to_the_first_day(content_db: Database) -> None:
    """QA29 2: a server that has posted for 3,000 days has all 3,000 counted, and its oldest page is read on its
    own: /fact history no longer stops at the latest 200 days."""
    first = date(2016, 3, 1)
    days = [(first + timedelta(days=n)).isoformat() for n in range(3_000)]
    await posted_days(content_db, days)
    today = (first + timedelta(days=3_000)).isoformat()
    await day_facts.plan_day(content_db, GUILD, today, None, T0)       # chosen for today, not posted: not counted
    assert await daily.history_size(content_db, GUILD, today=today) == (3_000, days[-1])
    assert await daily.history_size(content_db, OTHER_GUILD, today=today) == (0, None)
    oldest = await daily.history(content_db, GUILD, today=today, limit=8, offset=2_992)
    assert [e.local_date for e in oldest] == days[7::-1] and oldest[-1].local_date == "2016-03-01"
    assert [e.local_date for e in await daily.history(content_db, GUILD, today=today, limit=8)] == days[:-9:-1]
    sql = f"SELECT d.local_date {daily._HISTORY} ORDER BY d.local_date DESC LIMIT ?4 OFFSET ?5"
    plan = " ".join(r[3] for r in await content_db.fetchall(f"EXPLAIN QUERY PLAN {sql}", (GUILD, today, today, 8, 0)))
    assert "TEMP B-TREE" not in plan and "SCAN d" not in plan, plan   # the days in order from the key, not sorted


async def test_history_pages_stay_as_counted_when_todays_post_goes_out_meanwhile(content_db: Database) -> None:
    """The list a member opened before today's post keeps its days (and so its pages) while they turn them;
    the post is in it when they open it again."""
    await posted_days(content_db, ["2024-04-28", "2024-04-29", "2024-04-30"])
    await day_facts.plan_day(content_db, GUILD, "2024-05-01", None, T0)
    days, newest = await daily.history_size(content_db, GUILD, today="2024-05-01")
    assert (days, newest) == (3, "2024-04-30")
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None, now=T0)
    await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=77, now=T0)
    opened = await daily.history(content_db, GUILD, today="2024-05-01", through=newest, limit=2, offset=2)
    assert [e.local_date for e in opened] == ["2024-04-28"]
    assert await daily.history_size(content_db, GUILD, today="2024-05-01") == (4, "2024-05-01")
