from __future__ import annotations

import dataclasses

import pytest

from bot.clock import ManualClock
from bot.db import Database, audit, daily, guilds
from bot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from bot.facts import browse, daily_admin
from bot.facts.scheduler import DailyScheduler
from bot.permissions import Actor
from tests import factsupport
from tests.bot.facts.test_scheduler import T0
from tests.factsupport import CHANNEL, GUILD, MEMBER, MOD, FakePoster, film_id

content_db = factsupport.content_db
HOUR, DAY = 3600, 86_400


async def configure(db: Database, actor: Actor = MOD, **kw: object) -> daily_admin.Configured:
    values: dict = {"channel_id": CHANNEL, "thread_id": None, "time_text": "09:00", "timezone_text": "Europe/Paris",
                    "film_text": None, "ping_role_id": None, "bot_missing": (), "now": T0 - HOUR} | kw
    return await daily_admin.configure(db, actor, **values)


async def test_members_without_manage_server_or_the_mod_role_are_refused(content_db: Database) -> None:
    for call in (configure(content_db, MEMBER), daily_admin.turn_off(content_db, MEMBER, T0),
                 daily_admin.status(content_db, MEMBER, T0), daily_admin.preview(content_db, MEMBER, T0)):
        with pytest.raises(PermissionDenied, match="Only moderators"):
            await call
    assert await daily.get_schedule(content_db, GUILD) is None


async def test_the_moderator_role_is_enough(content_db: Database) -> None:
    await guilds.update(content_db, GUILD, MOD.user_id, mod_role_id=777)
    helper = dataclasses.replace(MEMBER, role_ids=frozenset({777}))
    done = await configure(content_db, helper)
    assert done.schedule.enabled and done.schedule.updated_by == helper.user_id


async def test_configure_validates_and_computes_the_first_post(content_db: Database) -> None:
    done = await configure(content_db, time_text="9am", timezone_text="paris", film_text="Les Quatre Cents Coups",
                           ping_role_id=888)
    s = done.schedule
    assert (s.local_time, s.timezone, s.ping_role_id, s.next_post_at) == ("09:00", "Europe/Paris", 888, T0)
    blows_verified = await content_db.scalar("SELECT count(*) FROM facts WHERE film_id = ? AND verified = 1 "
                                             "AND deleted_at IS NULL", (s.film_id,))
    assert done.film.title == "The 400 Blows" and done.pool == blows_verified  # unverified facts are left out
    assert s.film_id == await film_id(content_db, "the-400-blows")
    later = await configure(content_db, now=T0 + 60)
    assert later.schedule.next_post_at == T0 + 60   # today's 09:00 post is still owed: it goes out now, late
    assert [e.action for e in await audit.history(content_db, "daily_schedule", GUILD)] == ["update", "create"]


async def test_a_first_set_after_todays_time_starts_tomorrow(content_db: Database) -> None:
    done = await configure(content_db, time_text="9am", timezone_text="Europe/Paris", now=T0 + 60)
    assert done.schedule.next_post_at == T0 + DAY   # nothing was owed today: the next occurrence


@pytest.mark.parametrize(("field", "value", "error", "match"), [
    ("time_text", "25:00", InvalidInput, "not a time"),
    ("timezone_text", "Mars/Base", InvalidInput, "timezone"),
    ("film_text", "Citizen Kane", NotFound, "film"),
    ("ping_role_id", GUILD, InvalidInput, "@everyone"),
    ("bot_missing", ("send_messages", "embed_links"), PermissionDenied, "Send Messages, Embed Links"),
])
async def test_configure_refuses_bad_input_and_changes_nothing(content_db: Database, field: str, value: object,
                                                               error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        await configure(content_db, **{field: value})
    assert await daily.get_schedule(content_db, GUILD) is None


async def test_a_day_already_posted_is_skipped_when_the_time_changes(content_db: Database) -> None:
    await configure(content_db)
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None, now=T0)
    await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=1, now=T0)
    moved = await configure(content_db, time_text="18:00", now=T0 + HOUR)
    assert moved.schedule.next_post_at == T0 + DAY + 9 * HOUR  # not 18:00 today: today is done


async def test_off_status_and_preview(content_db: Database) -> None:
    with pytest.raises(NotFound, match="not set up"):
        await daily_admin.status(content_db, MOD, T0)
    await configure(content_db)
    preview = await daily_admin.preview(content_db, MOD, T0 - HOUR)
    today = await browse.today(content_db, GUILD, T0 - HOUR)
    assert preview.post.fact.id == today.card.fact.id and preview.next_post_at == T0
    status = await daily_admin.status(content_db, MOD, T0 - HOUR)
    verified = await content_db.scalar("SELECT count(*) FROM facts WHERE verified = 1 AND deleted_at IS NULL")
    assert status.schedule.enabled and status.pool == verified and status.last_post is None and status.cycle == 1
    assert status.used_in_cycle == 1 and status.today.isoformat() == "2024-05-01"
    await daily_admin.turn_off(content_db, MOD, T0)
    with pytest.raises(Conflict, match="already off"):
        await daily_admin.turn_off(content_db, MOD, T0)
    assert not (await daily_admin.status(content_db, MOD, T0)).schedule.enabled
    off_preview = await daily_admin.preview(content_db, MOD, T0)
    assert off_preview.next_post_at is None and not off_preview.enabled


async def test_preview_of_tomorrow_is_what_tomorrow_posts_and_not_history(content_db: Database) -> None:
    await configure(content_db, now=T0 + HOUR)  # next post: tomorrow 09:00
    preview = await daily_admin.preview(content_db, MOD, T0 + HOUR)
    assert preview.post.local_date.isoformat() == "2024-05-02"
    assert (await browse.history(content_db, GUILD, T0 + HOUR)).days == 0
    claim = await daily.claim(content_db, GUILD, "2024-05-02", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0 + DAY)
    assert claim.fact_id == preview.post.fact.id


async def test_post_now_needs_daily_on(content_db: Database) -> None:
    scheduler = DailyScheduler(content_db, FakePoster(), ManualClock(T0), posts_per_second=None)
    with pytest.raises(NotFound):
        await daily_admin.post_now(content_db, MOD, scheduler)
    await configure(content_db)
    await daily_admin.turn_off(content_db, MOD, T0)
    with pytest.raises(Conflict, match="off"):
        await daily_admin.post_now(content_db, MOD, scheduler)
    with pytest.raises(PermissionDenied):
        await daily_admin.post_now(content_db, MEMBER, scheduler)


async def test_leaving_a_server_stops_its_daily_posts(content_db: Database) -> None:
    assert not await daily_admin.bot_removed(content_db, GUILD, T0)
    await configure(content_db)
    assert await daily_admin.bot_removed(content_db, GUILD, T0)
    assert not (await daily.get_schedule(content_db, GUILD)).enabled
    assert await daily.due(content_db, T0 + DAY) == []


async def test_status_keeps_showing_missed_days_after_a_late_post(content_db: Database) -> None:
    await configure(content_db, now=T0 - 3 * DAY)
    await daily.record_missed(content_db, GUILD, ["2024-04-28", "2024-04-29", "2024-04-30"], "Missed 3 posts", T0)
    await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None, now=T0)
    await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=1, now=T0)
    status = await daily_admin.status(content_db, MOD, T0)
    assert status.schedule.last_error is None  # resolved by today's post ...
    assert [r.local_date for r in status.failures] == ["2024-04-30", "2024-04-29", "2024-04-28"]  # ... not forgotten
    later = await daily_admin.status(content_db, MOD, T0 + 10 * DAY)
    assert later.failures == ()


async def test_status_lists_every_day_of_a_week_long_outage_as_one_run(content_db: Database) -> None:
    """Offline six days (more than the five rows status used to read), then a different failure the day before:
    every day of the week is listed once, the outage as one run with its reason once."""
    await configure(content_db, now=T0 - 8 * DAY)
    outage = ["2024-04-24", "2024-04-25", "2024-04-26", "2024-04-27", "2024-04-28", "2024-04-29"]
    await daily.record_missed(content_db, GUILD, outage, "Missed 6 posts", T0 - DAY)
    await daily.record_missed(content_db, GUILD, ["2024-04-30"], "Nothing to post", T0)
    status = await daily_admin.status(content_db, MOD, T0)
    assert [r.local_date for r in status.failures] == ["2024-04-30", *reversed(outage)]
    assert [(run.first.isoformat(), run.last.isoformat(), run.reason) for run in status.missed] == [
        ("2024-04-30", "2024-04-30", "Nothing to post"), ("2024-04-24", "2024-04-29", "Missed 6 posts")]
