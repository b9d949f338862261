"""QA16: the fact of the day's rotation over the SQL pool, read for repeats a member would notice."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from bot.db import Database, day_facts
from bot.db.fact_writes import FactFields, add_fact
from tests import factsupport
from tests.factsupport import GUILD

content_db = factsupport.content_db

T0 = 1_714_546_800


async def test_a_fact_added_late_is_not_the_fact_of_the_day_two_days_running(content_db: Database) -> None:
    """A server has had /fact today (or the daily post) for a few months: the pool went round twice and a third
    round began. A moderator adds a fact. Members see it as the fact of the day on Monday, and again on Tuesday,
    while dozens of facts of the round have not been shown at all."""
    pool = await day_facts.pool_size(content_db, GUILD, None)
    first = date(2024, 1, 1)
    days = [first + timedelta(days=n) for n in range(2 * pool + 5)]
    chosen = []
    for day in days:
        picked = await day_facts.plan_day(content_db, GUILD, day.isoformat(), None, T0)
        assert picked is not None
        chosen.append(picked.fact_id)
    assert (await day_facts.cycle_progress(content_db, GUILD, None, today="2099-01-01"))[0] == 3

    new = await add_fact(content_db, guild_id=GUILD, actor_id=1,
                         fields=FactFields("Godard and Truffaut stopped speaking after Day for Night."))
    for n in range(1, 6):
        picked = await day_facts.plan_day(content_db, GUILD, (days[-1] + timedelta(days=n)).isoformat(), None, T0)
        assert picked is not None
        chosen.append(picked.fact_id)
    assert new.id in chosen
    repeats = [(days[0] + timedelta(days=i + 1), a) for i, (a, b) in enumerate(pairwise(chosen)) if a == b]
    assert repeats == []
