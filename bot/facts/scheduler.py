"""The daily-post scheduler: one loop for every server, exactly one post per server and local day.

The loop sleeps until the earliest ``next_post_at`` (one index lookup; at most ``max_sleep`` so a
changed wall clock or a stale claim is noticed), or until ``wake()`` is called because ``/daily``
changed something. Each due server is claimed in the database (which moves its ``next_post_at`` on)
and then sent by its own task, so servers due in the same minute post concurrently; a semaphore
bounds the sends in flight and a pacer keeps them under Discord's global rate limit.

Never twice: the ledger's primary key refuses a second claim for a day, a send is retried only after
checking the channel for the first one (marker in the footer), and Discord dedupes a repeated nonce.
Never silently lost: every post that does not go out ends as a failed row with the reason, and the
schedule's ``last_error`` shows it in ``/daily status``. The loop never dies: errors are logged and
the loop goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from bot.clock import Clock
from bot.db import daily, day_facts, facts, film_refs
from bot.db.connection import Database
from bot.facts.posting import OutgoingPost, Poster, PostFailed
from bot.facts.schedule import LocalTime, day_is_over, local_date, next_occurrence, on_due, zone
from bot.text import escape_markdown

log = logging.getLogger(__name__)

RETRY_DELAYS = (30.0, 120.0, 600.0)  # after a Discord 5xx or a network error (discord.py retries quick ones)
ERROR_BACKOFF = 60                   # a server whose due handling raised is looked at again after this
FOREVER = 2**62


@dataclass(frozen=True)
class PostOutcome:
    state: Literal["posted", "already", "busy", "failed"]
    local_date: date
    channel_id: int | None = None
    message_id: int | None = None
    error: str | None = None


class Pacer:
    """Spaces sends ``1/rate`` seconds apart (real time: it is about Discord's rate limit, not the schedule)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 0.0 if not rate else 1.0 / rate
        self._next = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


def missed_message(first: date, last: date) -> str:
    days = (last - first).days + 1
    span = first.isoformat() if days == 1 else f"{first.isoformat()} to {last.isoformat()}"
    return (f"Missed {days} post{'s' if days > 1 else ''} ({span}): Doinel was offline at post time. "
            "A day's fact is never posted after that day.")


class DailyScheduler:
    def __init__(self, db: Database, poster: Poster, clock: Clock, *, concurrency: int = 50,
                 posts_per_second: float | None = 45.0, stale_after: int = 600,
                 retry_delays: Sequence[float] = RETRY_DELAYS, batch: int = 200, max_sleep: float = 60.0) -> None:
        self.db, self.poster, self.clock = db, poster, clock
        self.stale_after, self.retry_delays = stale_after, tuple(retry_delays)
        self.batch, self.max_sleep = batch, max_sleep
        self._send_slots = asyncio.Semaphore(concurrency)
        self._pacer = Pacer(posts_per_second)
        self._wake = asyncio.Event()
        self._inflight: dict[int, asyncio.Task[PostOutcome]] = {}
        self._loop_task: asyncio.Task[None] | None = None
        self._next_stale_check = 0.0
        self._recovered = False
        self.passes = 0                  # loop passes completed (tests wait on it)

    # --- lifecycle ------------------------------------------------------------------------------------------

    def start(self) -> None:
        if self._loop_task is None or self._loop_task.done():
            self._loop_task = asyncio.create_task(self._run(), name="daily-scheduler")

    async def stop(self) -> None:
        tasks = [t for t in (self._loop_task, *self._inflight.values()) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None

    def wake(self) -> None:
        """Look at the schedules again now (``/daily`` changed one)."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._loop_task is not None and not self._loop_task.done()

    async def idle(self) -> None:
        """Wait until no post is being sent (tests)."""
        while self._inflight:
            await asyncio.gather(*list(self._inflight.values()), return_exceptions=True)

    def _now(self) -> int:
        return int(self.clock.now())

    # --- the loop -------------------------------------------------------------------------------------------

    async def _run(self) -> None:
        log.info("daily scheduler started")
        while True:
            try:
                self._wake.clear()
                now = self._now()
                await self.tick(now)
                self.passes += 1
                earliest = await daily.earliest_due(self.db)
                if earliest is None or earliest <= now:  # nothing, or only servers still busy with a post
                    deadline = now + self.max_sleep
                else:
                    deadline = min(float(earliest), now + self.max_sleep)
                if deadline > self.clock.now():
                    await self.clock.sleep_until(deadline, self._wake)
            except asyncio.CancelledError:
                log.info("daily scheduler stopped")
                raise
            except Exception:
                log.exception("daily scheduler loop failed; going on")
                with contextlib.suppress(Exception):
                    await self.clock.sleep_until(self.clock.now() + 5, self._wake)

    async def tick(self, now: int) -> None:
        """One pass: check unconfirmed claims when it is time, then start every due post."""
        if not self._recovered or now >= self._next_stale_check:
            # At start-up every claim is an orphan of the previous run; later, only old ones.
            await self._recover(now - self.stale_after if self._recovered else FOREVER)
            self._recovered = True
            self._next_stale_check = now + 60
        while await self._dispatch_due(now):
            pass

    async def _dispatch_due(self, now: int) -> bool:
        """Handle due servers; True when a full batch was handled (look again at once)."""
        schedules = await daily.due(self.db, now, self.batch)
        handled = 0
        for schedule in schedules:
            if schedule.guild_id in self._inflight:
                continue  # its post (or the check of an earlier one) is under way; done() wakes the loop
            handled += 1
            try:
                await self._handle_due(schedule, now)
            except Exception as exc:
                log.exception("daily post of guild %s could not be handled", schedule.guild_id)
                await daily.set_next(self.db, schedule.guild_id, now + ERROR_BACKOFF,
                                     error=f"Internal error, retrying in a minute: {type(exc).__name__}", now=now)
        return handled > 0 and len(schedules) >= self.batch

    async def _handle_due(self, schedule: daily.Schedule, now: int) -> None:
        tz = zone(schedule.timezone)
        at = LocalTime.parse(schedule.local_time)
        assert schedule.next_post_at is not None
        action = on_due(schedule.next_post_at, at, tz, now)
        if action.missed_from is not None and action.missed_to is not None:
            days = [(action.missed_from + timedelta(days=i)).isoformat() for i in range(action.missed_days)]
            log.warning("guild %s missed %d daily post(s) from %s", schedule.guild_id, len(days), days[0])
            await daily.record_missed(self.db, schedule.guild_id, days,
                                      missed_message(action.missed_from, action.missed_to), now)
        if action.post_day is None:
            assert action.next_at is not None
            await daily.set_next(self.db, schedule.guild_id, int(action.next_at.timestamp()))
            return
        next_at = int(next_occurrence(at, tz, now, after_day=action.post_day).timestamp())
        result = await daily.claim(self.db, schedule.guild_id, action.post_day.isoformat(),
                                   target_id=schedule.target_id, film_id=schedule.film_id,
                                   next_post_at=next_at, now=now,
                                   after_message_id=self.poster.newest_message(schedule.target_id))
        if isinstance(result, daily.Refused):
            if result.reason == "empty":   # a day not posted, and why: /daily status lists it, /daily set can fix it
                await daily.record_missed(self.db, schedule.guild_id, [action.post_day.isoformat()],
                                          await self._empty_message(schedule), now)
            return
        self._spawn(result.guild_id, self._deliver(result, schedule))

    async def _empty_message(self, schedule: daily.Schedule) -> str:
        film = await film_refs.get(self.db, schedule.film_id) if schedule.film_id else None
        where = f" about {escape_markdown(film.label)}" if film else ""
        return (f"Nothing to post: there are no approved facts{where} in this server. "
                "Add facts, or change the film with /daily set.")

    def _spawn(self, guild_id: int, work: Coroutine[Any, Any, PostOutcome]) -> asyncio.Task[PostOutcome]:
        task = asyncio.create_task(work, name=f"daily-post-{guild_id}")
        self._inflight[guild_id] = task

        def done(finished: asyncio.Task[PostOutcome]) -> None:
            if self._inflight.get(guild_id) is finished:
                del self._inflight[guild_id]
            self._wake.set()

        task.add_done_callback(done)
        return task

    # --- sending --------------------------------------------------------------------------------------------

    async def _build(self, guild_id: int, day: str, fact_id: int | None, schedule: daily.Schedule) -> OutgoingPost:
        fact = await facts.get(self.db, fact_id) if fact_id is not None else None
        if fact is None:
            raise PostFailed("The day's fact was deleted before it could be posted.", permanent=True)
        film = await film_refs.get(self.db, fact.film_id) if fact.film_id else None
        return OutgoingPost(guild_id, schedule.channel_id, schedule.thread_id, schedule.ping_role_id,
                            date.fromisoformat(day), fact, film)

    async def _deliver(self, claim: daily.Claim, schedule: daily.Schedule, *, retry: bool = True,
                       counted: bool = True) -> PostOutcome:
        """Send a claimed post; retry transient failures (checking the channel first); record the end.

        ``counted``: the claim already counted the first attempt (a fresh claim does, a recovered one not).
        """
        day = date.fromisoformat(claim.local_date)
        tz = zone(schedule.timezone)
        delays = self.retry_delays if retry else ()
        tries = 0
        try:
            post = await self._build(claim.guild_id, claim.local_date, claim.fact_id, schedule)
            while True:
                if tries:  # a failed try may still have posted (a 5xx after the fact): look before sending again
                    found = await self._find(post, post.target_id, claim)
                    if found is not None:
                        return await self._complete(claim, post.target_id, found)
                    post = await self._rebuilt(claim, post)
                if day_is_over(day, tz, self.clock.now()):
                    raise PostFailed(f"The day ended before the post could be sent ({claim.local_date}).",
                                     permanent=True)
                if tries or not counted:
                    await daily.start_attempt(self.db, claim.guild_id, claim.local_date, post.target_id)
                tries += 1
                try:
                    async with self._send_slots:
                        await self._pacer.wait()
                        message_id = await self.poster.send(post)
                except PostFailed as exc:
                    if exc.permanent or tries > len(delays):
                        raise
                    reason = exc.reason
                except Exception as exc:  # a bug or an unexpected network failure: treat as transient
                    log.exception("daily post of guild %s: unexpected error", claim.guild_id)
                    if tries > len(delays):
                        raise PostFailed(f"Unexpected error: {type(exc).__name__}", permanent=True) from exc
                    reason = f"Unexpected error: {type(exc).__name__}"
                else:
                    return await self._complete(claim, post.target_id, message_id)
                delay = delays[tries - 1]
                log.warning("daily post of guild %s failed (%s); retrying in %.0f s", claim.guild_id, reason, delay)
                await daily.note_error(self.db, claim.guild_id, claim.local_date,
                                       f"{reason} Retrying (try {tries + 1} of {len(delays) + 1}).", self._now())
                await self.clock.sleep_until(self.clock.now() + delay)
        except PostFailed as exc:
            error = exc.reason if tries <= 1 else f"Gave up after {tries} tries: {exc.reason}"
            log.warning("daily post of guild %s for %s failed: %s", claim.guild_id, claim.local_date, error)
            await daily.fail(self.db, claim.guild_id, claim.local_date, error, self._now())
            return PostOutcome("failed", day, claim.target_id, None, error)

    async def _rebuilt(self, claim: daily.Claim, post: OutgoingPost) -> OutgoingPost:
        """The post to send again after a wait: moderators may have turned posts off, moved them or hidden the fact."""
        schedule = await daily.get_schedule(self.db, claim.guild_id)
        if schedule is None or not schedule.enabled:
            raise PostFailed("Daily posts were turned off before the post went out.", permanent=True)
        await self._still_postable(claim.guild_id, post)
        return await self._build(claim.guild_id, claim.local_date, post.fact.id, schedule)

    async def _still_postable(self, guild_id: int, post: OutgoingPost) -> None:
        """Before sending a post again (a retry, or a claim left unconfirmed by a restart)."""
        if not await day_facts.still_postable(self.db, guild_id, post.fact.id):
            raise PostFailed("The day's fact was hidden or removed while its post waited to be sent again; "
                             "/daily post-now posts another one.", permanent=True)

    async def _complete(self, claim: daily.Claim, channel_id: int, message_id: int) -> PostOutcome:
        await daily.complete(self.db, claim.guild_id, claim.local_date, channel_id=channel_id, message_id=message_id,
                             now=self._now())
        log.info("posted the fact of %s for guild %s (message %s)", claim.local_date, claim.guild_id, message_id)
        return PostOutcome("posted", date.fromisoformat(claim.local_date), channel_id, message_id)

    async def _find(self, post: OutgoingPost, channel_id: int, claim: daily.Claim) -> int | None:
        try:
            return await self.poster.find(post, channel_id, claim.claimed_at, claim.after_message_id)
        except PostFailed as exc:
            raise PostFailed(f"Could not check whether the post of {claim.local_date} went out ({exc.reason}); "
                             "it was not sent again, to avoid a duplicate.", permanent=True) from exc

    # --- claims left unconfirmed --------------------------------------------------------------------------------

    async def _recover(self, claimed_before: int) -> None:
        for record in await daily.stale_claims(self.db, claimed_before):
            if record.guild_id not in self._inflight:
                log.warning("checking unconfirmed daily post of guild %s for %s", record.guild_id, record.local_date)
                self._spawn(record.guild_id, self._recover_one(record))

    async def _recover_one(self, record: daily.PostRecord) -> PostOutcome:
        """Was it posted? Then confirm it. Not posted and still that day? Send it. Otherwise record why not."""
        day = date.fromisoformat(record.local_date)
        claim = daily.Claim(record.guild_id, record.local_date, record.fact_id or 0, record.cycle,
                            record.channel_id or 0, record.claimed_at, record.after_message_id)
        schedule = await daily.get_schedule(self.db, record.guild_id)
        try:
            if schedule is None:
                raise PostFailed("Daily posts were removed before the post was confirmed.", permanent=True)
            post = await self._build(record.guild_id, record.local_date, record.fact_id, schedule)
            where = record.channel_id or post.target_id
            found = await self._find(post, where, claim)
            if found is not None:
                return await self._complete(claim, where, found)
            if not schedule.enabled:
                raise PostFailed("Daily posts were turned off before the post went out.", permanent=True)
            if day_is_over(day, zone(schedule.timezone), self.clock.now()):
                raise PostFailed(f"The post of {record.local_date} was interrupted and that day is over; "
                                 "it is never posted late.", permanent=True)
            await self._still_postable(claim.guild_id, post)
        except PostFailed as exc:
            await daily.fail(self.db, record.guild_id, record.local_date, exc.reason, self._now())
            return PostOutcome("failed", day, record.channel_id, None, exc.reason)
        claim = daily.Claim(record.guild_id, record.local_date, post.fact.id, record.cycle, post.target_id,
                            record.claimed_at, record.after_message_id)
        return await self._deliver(claim, schedule, counted=False)

    # --- on demand ------------------------------------------------------------------------------------------

    async def post_now(self, schedule: daily.Schedule) -> PostOutcome:
        """Post today's fact now (``/daily post-now``): once per local day, like the scheduled post."""
        now = self._now()
        tz = zone(schedule.timezone)
        day = local_date(now, tz)
        if schedule.guild_id in self._inflight:
            return PostOutcome("busy", day)
        result = await daily.claim(self.db, schedule.guild_id, day.isoformat(), target_id=schedule.target_id,
                                   film_id=schedule.film_id, next_post_at=None, now=now,
                                   after_message_id=self.poster.newest_message(schedule.target_id))
        if isinstance(result, daily.Refused):
            if result.reason == "empty":
                return PostOutcome("failed", day, error=await self._empty_message(schedule))
            record = result.record    # today's, or a later day's after a move west
            state: Literal["already", "busy"] = "already" if result.reason == "posted" else "busy"
            return PostOutcome(state, date.fromisoformat(record.local_date) if record else day,
                               record and record.channel_id, record and record.message_id)
        outcome = await self._spawn(schedule.guild_id, self._deliver(result, schedule, retry=False))
        if outcome.state == "posted" and schedule.next_post_at is not None \
                and local_date(schedule.next_post_at, tz) <= day:
            at = LocalTime.parse(schedule.local_time)
            following = next_occurrence(at, tz, now, after_day=day)
            await daily.set_next(self.db, schedule.guild_id, int(following.timestamp()))
            self.wake()
        return outcome

