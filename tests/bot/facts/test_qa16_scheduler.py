"""QA16: the daily scheduler read for correctness — what a restart in the middle of a post does."""

from __future__ import annotations

from bot.clock import ManualClock
from bot.db import Database, daily, fact_writes
from bot.facts.posting import PostFailed
from tests import factsupport
from tests.bot.facts.test_scheduler import DAY, T0, make, run, schedule
from tests.factsupport import CHANNEL, GUILD, FakePoster, eventually

content_db = factsupport.content_db


async def test_a_fact_removed_while_its_post_waited_is_not_posted_after_a_restart(content_db: Database) -> None:
    """09:00: Discord answers 503, the post waits 30 s to be tried again. A moderator reads today's fact in
    /fact today, finds it wrong and removes it. The bot restarts before the retry: the removed fact must not
    go out (without the restart it does not: the retry checks the fact first)."""
    clock = ManualClock(T0 - 3600)
    poster = FakePoster(fail_with={CHANNEL: [PostFailed("Discord had a server error (503).", permanent=False)]})
    await schedule(content_db)
    first = make(content_db, poster, clock)
    await clock.set(T0)
    await first.tick(T0)
    await eventually(lambda: not poster.fail_with[CHANNEL])           # the first try failed; a retry waits
    record = await daily.get_post(content_db, GUILD, "2024-05-01")
    assert record is not None and record.state == "claimed" and record.fact_id is not None
    await fact_writes.remove_fact(content_db, record.fact_id, actor_id=1)
    await first.stop()                                                # a restart before the retry

    second = make(content_db, poster, clock)
    await run(second, clock, T0 + 60)
    assert [s.post.fact.id for s in poster.sent if s.post.fact.id == record.fact_id] == []
    await run(second, clock, T0 + DAY)                                # and tomorrow still posts
    assert [s.post.local_date.isoformat() for s in poster.sent][-1] == "2024-05-02"
