"""/daily: moderators set, stop, inspect, preview and trigger the server's fact of the day.

Every function checks the moderator rule here, whatever Discord's command permissions say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.db import daily, day_facts, facts, film_refs, guilds
from bot.db.connection import Database
from bot.db.film_refs import FilmRef
from bot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from bot.facts.browse import FactCard, card, resolve_film
from bot.facts.missed import MissedRun, runs
from bot.facts.posting import OutgoingPost
from bot.facts.schedule import LocalTime, local_date, next_occurrence, parse_time, parse_timezone, zone
from bot.facts.scheduler import DailyScheduler, PostOutcome
from bot.permissions import Actor, permission_names, require_moderator

FAILURE_DAYS = 7           # /daily status lists the days not posted in the last week
NOT_SET = "Daily posts are not set up in this server. Start them with /daily set."

@dataclass(frozen=True)
class Configured:
    schedule: daily.Schedule
    film: FilmRef | None
    pool: int                   # facts eligible for the post; 0 means nothing will be posted


@dataclass(frozen=True)
class Status:
    schedule: daily.Schedule
    film: FilmRef | None
    pool: int
    cycle: int
    used_in_cycle: int
    last_post: daily.PostRecord | None
    today: date
    today_post: daily.PostRecord | None
    failures: tuple[daily.PostRecord, ...]      # the days before today this week that were not posted, newest first

    @property
    def missed(self) -> tuple[MissedRun, ...]:
        """``failures`` as runs of consecutive days missed for one reason, newest first."""
        return runs((r.local_date, r.error) for r in self.failures)


@dataclass(frozen=True)
class Preview:
    post: OutgoingPost
    card: FactCard
    next_post_at: int | None
    enabled: bool


async def require_mod(db: Database, actor: Actor) -> int:
    """The actor's server id, once they are known to be a moderator there."""
    if actor.guild_id is None:
        raise PermissionDenied("This command only works in a server.")
    settings = await guilds.get(db, actor.guild_id)
    require_moderator(actor, settings.mod_role_id)
    return actor.guild_id


async def _schedule(db: Database, guild_id: int) -> daily.Schedule:
    schedule = await daily.get_schedule(db, guild_id)
    if schedule is None:
        raise NotFound(NOT_SET)
    return schedule


async def first_post_at(db: Database, guild_id: int, at: LocalTime, tz_name: str, now: int) -> int:
    """The next post time from now, on a local day after the last one posted (or being posted).

    Not only "not a day already posted": after a move west, the new zone's next occurrence can
    fall on the day before the one just posted (Paris posts 1 May at 09:00; at 09:30 it is still
    30 April in Honolulu), and that older day must not be posted an hour later.
    """
    last = await daily.last_taken_day(db, guild_id)
    after_day = date.fromisoformat(last) if last else None
    return int(next_occurrence(at, zone(tz_name), now, after_day=after_day).timestamp())


async def _today_still_owed(db: Database, guild_id: int, tz_name: str, next_at: int, now: int) -> bool:
    """True when the new time would only post tomorrow, though the running schedule was still to post today
    (local, in the new zone) or today's post failed (what /daily set is run to fix: a deleted channel, a
    missing permission). A first /daily set never posts before its first occurrence."""
    current = await daily.get_schedule(db, guild_id)
    if current is None or not current.enabled:
        return False
    tz = zone(tz_name)
    today = local_date(now, tz)
    if local_date(next_at, tz) <= today:
        return False
    last = await daily.last_taken_day(db, guild_id)
    if last is not None and date.fromisoformat(last) >= today:
        return False
    if current.next_post_at is not None and local_date(current.next_post_at, tz) == today:
        return True
    record = await daily.get_post(db, guild_id, today.isoformat())
    return record is not None and record.state == "failed"


async def configure(db: Database, actor: Actor, *, channel_id: int, thread_id: int | None, time_text: str,
                    timezone_text: str, film_text: str | None, ping_role_id: int | None,
                    bot_missing: Sequence[str], now: int) -> Configured:
    """/daily set: validate everything, then save; the first post is the next occurrence of the time."""
    guild_id = await require_mod(db, actor)
    if ping_role_id == guild_id:
        raise InvalidInput("@everyone can't be the ping role: pick a role members can opt into, or none.")
    at = parse_time(time_text)
    tz_name = parse_timezone(timezone_text)
    film = await resolve_film(db, film_text)
    if bot_missing:
        where = f"<#{thread_id or channel_id}>"
        raise PermissionDenied(f"I can't post in {where}: I need {permission_names(bot_missing)} there. "
                               "Give me those permissions in the channel's settings, or pick another channel.")
    next_at = await first_post_at(db, guild_id, at, tz_name, now)
    if await _today_still_owed(db, guild_id, tz_name, next_at, now):
        next_at = now   # moved to a time already past: today's post goes out now (late), not skipped
    schedule = await daily.save_schedule(
        db, guild_id=guild_id, channel_id=channel_id, thread_id=thread_id, local_time=str(at), timezone=tz_name,
        film_id=film.id if film else None, ping_role_id=ping_role_id, next_post_at=next_at, actor_id=actor.user_id,
        now=now)
    pool = await day_facts.pool_size(db, guild_id, film.id if film else None)
    return Configured(schedule, film, pool)


async def turn_off(db: Database, actor: Actor, now: int) -> daily.Schedule:
    guild_id = await require_mod(db, actor)
    schedule = await _schedule(db, guild_id)
    if not schedule.enabled:
        raise Conflict("Daily posts are already off. Turn them back on with /daily set.")
    result = await daily.disable(db, guild_id, actor_id=actor.user_id, now=now)
    assert result is not None
    return result


async def status(db: Database, actor: Actor, now: int) -> Status:
    guild_id = await require_mod(db, actor)
    schedule = await _schedule(db, guild_id)
    film = await film_refs.get(db, schedule.film_id) if schedule.film_id else None
    pool = await day_facts.pool_size(db, guild_id, schedule.day_film_id)
    today = local_date(now, zone(schedule.timezone))
    cycle, used = await day_facts.cycle_progress(db, guild_id, schedule.day_film_id, today=today.isoformat())
    # Every day of the week and today: at most one row each.
    failures = await daily.recent_failures(db, guild_id, since=(today - timedelta(days=FAILURE_DAYS)).isoformat(),
                                           limit=FAILURE_DAYS + 1)
    return Status(schedule, film, pool, cycle, used, await daily.last_post(db, guild_id), today,
                  await daily.get_post(db, guild_id, today.isoformat()),
                  tuple(r for r in failures if r.local_date != today.isoformat()))   # today: today_post


async def preview(db: Database, actor: Actor, now: int) -> Preview:
    """The next post exactly as it will look (its fact is chosen now and kept for that day)."""
    guild_id = await require_mod(db, actor)
    schedule = await _schedule(db, guild_id)
    tz = zone(schedule.timezone)
    when = schedule.next_post_at if schedule.enabled and schedule.next_post_at else None
    day = local_date(when if when is not None else now, tz)
    chosen = await day_facts.plan_day(db, guild_id, day.isoformat(), schedule.day_film_id, now)
    fact = await facts.get(db, chosen.fact_id) if chosen else None
    if fact is None:
        raise NotFound("There is nothing to preview: no approved facts match this server's daily settings.")
    shown = await card(db, fact)
    post = OutgoingPost(guild_id, schedule.channel_id, schedule.thread_id, schedule.ping_role_id, day, fact,
                        shown.film)
    return Preview(post, shown, when, schedule.enabled)


async def post_now(db: Database, actor: Actor, scheduler: DailyScheduler) -> PostOutcome:
    """Post today's fact now, if today's has not gone out yet."""
    guild_id = await require_mod(db, actor)
    schedule = await _schedule(db, guild_id)
    if not schedule.enabled:
        raise Conflict("Daily posts are off. Turn them on with /daily set first.")
    return await scheduler.post_now(schedule)


async def bot_removed(db: Database, guild_id: int, now: int) -> bool:
    """Doinel left or was removed from a server: stop its daily posts (a new /daily set starts them again)."""
    schedule = await daily.disable(db, guild_id, actor_id=None, now=now)
    return schedule is not None
