from __future__ import annotations

import asyncio

import pytest

from bot.clock import ManualClock
from bot.db import Database, daily
from bot.facts.daily_admin import first_post_at
from bot.facts.posting import PostFailed
from bot.facts.schedule import LocalTime
from bot.facts.scheduler import DailyScheduler
from tests import factsupport
from tests.factsupport import CHANNEL, GUILD, FakePoster, eventually

content_db = factsupport.content_db

T0 = 1_714_546_800          # 2024-05-01 07:00 UTC = 09:00 in Paris
HOUR, DAY = 3600, 86_400


async def schedule(db: Database, guild_id: int = GUILD, *, at: str = "09:00", tz: str = "Europe/Paris",
                   now: int = T0 - HOUR, channel: int = CHANNEL, **kw: object) -> daily.Schedule:
    next_at = await first_post_at(db, guild_id, LocalTime.parse(at), tz, now)
    return await daily.save_schedule(db, guild_id=guild_id, channel_id=channel, thread_id=kw.get("thread_id"),
                                     local_time=at, timezone=tz, film_id=kw.get("film_id"),
                                     ping_role_id=kw.get("ping_role_id"), next_post_at=next_at, actor_id=1, now=now)


def make(db: Database, poster: FakePoster, clock: ManualClock, **kw: object) -> DailyScheduler:
    options: dict = {"posts_per_second": None, "retry_delays": (30, 120)} | kw
    return DailyScheduler(db, poster, clock, **options)


async def run(scheduler: DailyScheduler, clock: ManualClock, at: float) -> None:
    """Move the clock to ``at`` and let the scheduler do everything that is due (retries included)."""
    await clock.set(at)
    await scheduler.tick(int(at))
    await scheduler.idle()


@pytest.fixture
def poster() -> FakePoster:
    return FakePoster()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0 - HOUR)


async def test_posts_once_at_the_configured_time(content_db: Database, poster: FakePoster, clock: ManualClock) -> None:
    await schedule(content_db)
    scheduler = make(content_db, poster, clock)
    await run(scheduler, clock, T0 - 1)
    assert poster.sent == []
    await run(scheduler, clock, T0)
    [sent] = poster.sent
    assert sent.post.local_date.isoformat() == "2024-05-01" and sent.post.target_id == CHANNEL
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "posted" and record.message_id == sent.message_id and record.attempts == 1
    assert (await daily.get_schedule(content_db, GUILD)).next_post_at == T0 + DAY
    await run(scheduler, clock, T0 + 10 * HOUR)
    assert len(poster.sent) == 1
    await run(scheduler, clock, T0 + DAY)
    assert len(poster.sent) == 2 and poster.sent[1].post.fact.id != sent.post.fact.id


async def test_servers_due_the_same_minute_post_concurrently(content_db: Database, clock: ManualClock) -> None:
    poster = FakePoster(delay=0.3)  # long enough for 10 claims to start under any load
    for n in range(30):
        await schedule(content_db, GUILD + n, channel=CHANNEL + n)
    scheduler = make(content_db, poster, clock, concurrency=10)
    await run(scheduler, clock, T0 + 30)
    assert len(poster.sent) == 30 and len({s.post.guild_id for s in poster.sent}) == 30
    assert poster.max_in_flight == 10  # bounded, but concurrent


async def test_back_the_same_day_posts_once_late(content_db: Database, poster: FakePoster, clock: ManualClock) -> None:
    await schedule(content_db)  # then the bot is "down" until 20:00 local
    scheduler = make(content_db, poster, clock)
    await run(scheduler, clock, T0 + 11 * HOUR)
    await run(scheduler, clock, T0 + 11 * HOUR + 60)
    assert [s.post.local_date.isoformat() for s in poster.sent] == ["2024-05-01"]


async def test_never_posts_yesterdays_and_reports_the_miss(content_db: Database, poster: FakePoster,
                                                          clock: ManualClock) -> None:
    await schedule(content_db)
    scheduler = make(content_db, poster, clock)
    await run(scheduler, clock, T0 + 18 * HOUR)  # 03:00 on 2 May
    assert poster.sent == []
    sched = await daily.get_schedule(content_db, GUILD)
    assert "Missed 1 post (2024-05-01)" in sched.last_error and sched.next_post_at == T0 + DAY
    assert (await daily.get_post(content_db, GUILD, "2024-05-01")).state == "failed"
    await run(scheduler, clock, T0 + DAY)
    assert [s.post.local_date.isoformat() for s in poster.sent] == ["2024-05-02"]
    assert (await daily.get_schedule(content_db, GUILD)).last_error is None


async def test_a_restart_right_after_posting_does_not_post_again(content_db: Database, poster: FakePoster,
                                                                 clock: ManualClock) -> None:
    await schedule(content_db)
    first = make(content_db, poster, clock)
    await run(first, clock, T0)
    await first.stop()
    second = make(content_db, poster, clock)
    await run(second, clock, T0 + 5)
    await run(second, clock, T0 + 2 * HOUR)
    assert len(poster.sent) == 1


async def test_crash_after_sending_before_completing_is_confirmed_not_resent(content_db: Database,
                                                                           poster: FakePoster,
                                                                           clock: ManualClock) -> None:
    await schedule(content_db)
    crashing = make(content_db, poster, clock)
    original = daily.complete

    async def crash(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("power cut")

    daily.complete = crash  # type: ignore[assignment]
    try:
        await run(crashing, clock, T0)
    finally:
        daily.complete = original  # type: ignore[assignment]
    assert len(poster.sent) == 1
    assert (await daily.get_post(content_db, GUILD, "2024-05-01")).state == "claimed"
    restarted = make(content_db, poster, clock)
    await run(restarted, clock, T0 + 120)
    assert len(poster.sent) == 1 and poster.finds == 1
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "posted" and record.message_id == poster.sent[0].message_id


async def test_crash_before_sending_is_sent_once_after_restart(content_db: Database, poster: FakePoster,
                                                               clock: ManualClock) -> None:
    await schedule(content_db)
    sched = await daily.get_schedule(content_db, GUILD)
    claim = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None,
                              next_post_at=T0 + DAY, now=T0)  # ... and the process died here
    assert sched.next_post_at == T0
    restarted = make(content_db, poster, clock)
    await run(restarted, clock, T0 + 300)
    [sent] = poster.sent
    assert sent.post.fact.id == claim.fact_id
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "posted" and record.attempts == 2  # the interrupted try, and the one that worked
    await run(restarted, clock, T0 + 3 * HOUR)
    assert len(poster.sent) == 1


async def test_an_unconfirmed_claim_from_a_past_day_is_reported_not_posted(content_db: Database, poster: FakePoster,
                                                                           clock: ManualClock) -> None:
    await schedule(content_db)
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=T0 + DAY,
                      now=T0)
    restarted = make(content_db, poster, clock)
    await run(restarted, clock, T0 + 20 * HOUR)  # 05:00 on 2 May
    assert poster.sent == []
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "failed" and "never posted late" in record.error
    assert "never posted late" in (await daily.get_schedule(content_db, GUILD)).last_error


async def test_an_unreadable_channel_is_reported_rather_than_risking_a_double(content_db: Database,
                                                                             clock: ManualClock) -> None:
    poster = FakePoster(unreadable={CHANNEL})
    await schedule(content_db)
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=T0 + DAY,
                      now=T0)
    await run(make(content_db, poster, clock), clock, T0 + 60)
    assert poster.sent == []
    assert "to avoid a duplicate" in (await daily.get_post(content_db, GUILD, "2024-05-01")).error


async def test_a_stale_claim_is_checked_while_running(content_db: Database, poster: FakePoster,
                                                      clock: ManualClock) -> None:
    await schedule(content_db)
    scheduler = make(content_db, poster, clock, stale_after=600)
    await run(scheduler, clock, T0 - 600)  # start-up pass done, nothing due
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=T0 + DAY,
                      now=T0)  # e.g. a send that hung and was given up by a previous task
    await run(scheduler, clock, T0 + 300)
    assert poster.sent == []  # too young to be called stale
    await run(scheduler, clock, T0 + 700)
    assert len(poster.sent) == 1


async def test_transient_errors_are_retried_with_backoff(content_db: Database, clock: ManualClock) -> None:
    poster = FakePoster(fail_with={CHANNEL: [PostFailed("Discord had a server error (503).", permanent=False)]})
    await schedule(content_db)
    scheduler = make(content_db, poster, clock)
    await clock.set(T0)
    await scheduler.tick(T0)
    await eventually(lambda: not poster.fail_with[CHANNEL])
    await asyncio.sleep(0.05)
    assert poster.sent == []
    sched = await daily.get_schedule(content_db, GUILD)
    assert "503" in sched.last_error and "Retrying" in sched.last_error
    await clock.set(T0 + 31)
    await scheduler.idle()
    assert len(poster.sent) == 1 and poster.finds == 1
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "posted" and record.attempts == 2
    assert (await daily.get_schedule(content_db, GUILD)).last_error is None


async def test_a_5xx_after_the_message_landed_does_not_double_post(content_db: Database, clock: ManualClock) -> None:
    poster = FakePoster(post_then_fail={CHANNEL})
    await schedule(content_db)
    scheduler = make(content_db, poster, clock)
    await clock.set(T0)
    await scheduler.tick(T0)
    await eventually(lambda: len(poster.sent) == 1)
    await clock.set(T0 + 31)
    await scheduler.idle()
    assert len(poster.sent) == 1
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "posted" and record.message_id == poster.sent[0].message_id


async def test_giving_up_is_recorded(content_db: Database, clock: ManualClock) -> None:
    errors = [PostFailed("Discord had a server error (502).", permanent=False) for _ in range(3)]
    poster = FakePoster(fail_with={CHANNEL: errors})
    await schedule(content_db)
    scheduler = make(content_db, poster, clock)
    await clock.set(T0)
    await scheduler.tick(T0)
    for at in (T0 + 31, T0 + 31 + 121):
        await eventually(lambda: poster.in_flight == 0)
        await asyncio.sleep(0.02)
        await clock.set(at)
    await scheduler.idle()
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "failed" and record.attempts == 3 and record.error.startswith("Gave up after 3 tries")
    assert (await daily.get_schedule(content_db, GUILD)).next_post_at == T0 + DAY


async def test_a_deleted_channel_is_reported_and_other_servers_still_post(content_db: Database,
                                                                         clock: ManualClock) -> None:
    gone = PostFailed("The channel <#1> no longer exists (Discord error 10003).", permanent=True, code=10003)
    poster = FakePoster(fail_with={CHANNEL: [gone]})
    await schedule(content_db, GUILD)
    await schedule(content_db, GUILD + 1, channel=CHANNEL + 1)
    scheduler = make(content_db, poster, clock)
    await run(scheduler, clock, T0)
    assert [s.post.guild_id for s in poster.sent] == [GUILD + 1]
    sched = await daily.get_schedule(content_db, GUILD)
    assert "10003" in sched.last_error and sched.next_post_at == T0 + DAY and sched.enabled
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record.state == "failed" and record.attempts == 1


async def test_an_empty_pool_is_reported_not_a_crash(content_db: Database, poster: FakePoster,
                                                     clock: ManualClock) -> None:
    await content_db.conn.execute("UPDATE facts SET status = 'pending'")
    await schedule(content_db)
    scheduler = make(content_db, poster, clock)
    await run(scheduler, clock, T0)
    sched = await daily.get_schedule(content_db, GUILD)
    assert poster.sent == [] and "Nothing to post" in sched.last_error and sched.next_post_at == T0 + DAY


async def test_post_now_then_the_scheduled_time_posts_nothing_more(content_db: Database, poster: FakePoster,
                                                                  clock: ManualClock) -> None:
    sched = await schedule(content_db, at="18:00")
    scheduler = make(content_db, poster, clock)
    await clock.set(T0)
    outcome = await scheduler.post_now(sched)
    assert outcome.state == "posted" and outcome.message_id == poster.sent[0].message_id
    again = await scheduler.post_now(await daily.get_schedule(content_db, GUILD))
    assert again.state == "already" and again.message_id == outcome.message_id
    assert (await daily.get_schedule(content_db, GUILD)).next_post_at == T0 + DAY + 9 * HOUR
    await run(scheduler, clock, T0 + 10 * HOUR)
    assert len(poster.sent) == 1


async def test_post_now_failure_leaves_the_scheduled_post(content_db: Database, clock: ManualClock) -> None:
    poster = FakePoster(fail_with={CHANNEL: [PostFailed("Discord had a server error (500).", permanent=False)]})
    sched = await schedule(content_db, at="18:00")
    scheduler = make(content_db, poster, clock)
    await clock.set(T0)
    outcome = await scheduler.post_now(sched)
    assert outcome.state == "failed" and "500" in outcome.error
    await run(scheduler, clock, T0 + 9 * HOUR)
    assert len(poster.sent) == 1 and poster.sent[0].post.local_date.isoformat() == "2024-05-01"


async def test_the_loop_sleeps_until_due_wakes_on_change_and_survives_errors(content_db: Database,
                                                                            poster: FakePoster,
                                                                            clock: ManualClock) -> None:
    await schedule(content_db, at="18:00")
    scheduler = make(content_db, poster, clock, max_sleep=10 * DAY)
    original = daily.earliest_due
    calls = 0

    async def flaky(db: Database) -> int | None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database hiccup")
        return await original(db)

    daily.earliest_due = flaky  # type: ignore[assignment]
    try:
        scheduler.start()
        await asyncio.sleep(0.05)
        assert scheduler.running and calls == 1  # failed once, now waiting 5 s (fake) before going on
        await clock.advance(5)
        await eventually(lambda: calls >= 2)
        # A /daily change: the post moves to 08:30 today; wake() makes the loop look again.
        await schedule(content_db, at="08:30", now=int(clock.now()))
        scheduler.wake()
        await asyncio.sleep(0.05)
        assert poster.sent == []
        await clock.set(T0 - 30 * 60)
        await eventually(lambda: len(poster.sent) == 1)
        assert poster.sent[0].post.local_date.isoformat() == "2024-05-01"
    finally:
        daily.earliest_due = original  # type: ignore[assignment]
        await scheduler.stop()
    assert not scheduler.running
