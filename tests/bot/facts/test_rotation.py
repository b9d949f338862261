from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from bot.facts.rotation import Pick, choose, day_seed, lowest_open_cycle, pivot


class MemoryPool:
    """The rotation's storage, as sets: what the SQL pool does, in a form a test can read."""

    def __init__(self, eligible: set[int]) -> None:
        self.eligible = set(eligible)
        self.used: dict[int, set[int]] = {}     # cycle -> facts filed in it
        self.shown: set[int] = set()            # facts shown in the current round

    async def first_unused(self, cycle: int, start: int, stop: int | None, avoid: int | None,
                           new_round: bool = False) -> int | None:
        taken = self.used.get(cycle, set()) | (set() if new_round else self.shown)
        ids = sorted(i for i in self.eligible if i >= start and (stop is None or i < stop) and i != avoid
                     and i not in taken)
        return ids[0] if ids else None

    def record(self, pick: Pick) -> None:
        self.used.setdefault(pick.cycle, set()).add(pick.fact_id)
        if pick.new_round:
            self.shown = set()
        self.shown.add(pick.fact_id)


async def run_days(pool: MemoryPool, days: int, guild_id: int = 42) -> list[Pick]:
    picks: list[Pick] = []
    cycle, last = 1, None
    start_day = date(2024, 1, 1)
    for n in range(days):
        seed = day_seed(guild_id, start_day + timedelta(days=n))
        pick = await choose(pool, cycle=cycle, start=pivot(seed, 1, max(pool.eligible | {1})), last_fact_id=last)
        assert pick is not None
        pool.record(pick)
        picks.append(pick)
        cycle, last = max(cycle, pick.cycle), pick.fact_id
    return picks


async def test_no_repeat_until_every_fact_was_used_then_a_new_cycle() -> None:
    pool = MemoryPool(set(range(1, 72)))
    picks = await run_days(pool, 71 * 3)
    for n in range(3):
        cycle = picks[n * 71:(n + 1) * 71]
        assert {p.fact_id for p in cycle} == set(range(1, 72))
        assert {p.cycle for p in cycle} == {n + 1}
    # The first fact of a new cycle is never the one just posted.
    for boundary in (71, 142):
        assert picks[boundary].fact_id != picks[boundary - 1].fact_id


async def test_a_single_fact_repeats_across_cycles() -> None:
    picks = await run_days(MemoryPool({7}), 3)
    assert [(p.fact_id, p.cycle) for p in picks] == [(7, 1), (7, 2), (7, 3)]


async def test_an_empty_pool_gives_nothing() -> None:
    assert await choose(MemoryPool(set()), cycle=1, start=1, last_fact_id=None) is None


async def test_facts_added_mid_cycle_join_the_current_cycle() -> None:
    pool = MemoryPool({1, 2, 3})
    picks = await run_days(pool, 2)
    pool.eligible |= {4, 5}
    more = await run_days_continuing(pool, picks, 3)
    assert {p.fact_id for p in picks + more} == {1, 2, 3, 4, 5}
    assert all(p.cycle == 1 for p in picks + more)


async def run_days_continuing(pool: MemoryPool, before: list[Pick], days: int) -> list[Pick]:
    picks = []
    cycle, last = max(p.cycle for p in before), before[-1].fact_id   # the server's highest cycle, as SQL reads it
    for n in range(days):
        pick = await choose(pool, cycle=cycle, start=(n * 7) % 6, last_fact_id=last)
        assert pick is not None
        pool.record(pick)
        picks.append(pick)
        cycle, last = max(cycle, pick.cycle), pick.fact_id
    return picks


async def test_after_a_spell_on_one_film_the_rest_of_the_pool_comes_before_any_repeat() -> None:
    pool = MemoryPool({1, 2})                        # a film with two facts, for five days: cycles 1, 2 and 3
    spell = await run_days(pool, 5)
    assert [p.cycle for p in spell] == [1, 1, 2, 2, 3]
    pool.eligible = set(range(1, 11))                # every film again
    after = await run_days_continuing(pool, spell, 8)
    assert sorted(p.fact_id for p in after) == list(range(3, 11)) and {p.cycle for p in after} == {1}
    then = await run_days_continuing(pool, spell + after, 11)
    other = ({1, 2} - {spell[-1].fact_id}).pop()     # the film's fact round 3 has not shown yet
    assert (then[0].fact_id, then[0].cycle, then[0].new_round) == (other, 3, False)
    assert then[1].new_round and then[1].fact_id != other      # round 4: the rest, posted once, first again
    assert sorted(p.fact_id for p in then[1:9]) == list(range(3, 11)) and {p.cycle for p in then[1:9]} == {2}
    assert sorted(p.fact_id for p in then[9:]) == [1, 2] and {p.cycle for p in then[9:]} == {4}


async def test_a_fact_added_late_is_shown_once_in_the_round_not_once_for_each_round_it_missed() -> None:
    pool = MemoryPool(set(range(1, 11)))
    picks = await run_days(pool, 25)                 # rounds 1 and 2, and half of round 3
    assert [p.cycle for p in picks] == [1] * 10 + [2] * 10 + [3] * 5
    pool.eligible.add(11)
    more = await run_days_continuing(pool, picks, 5)
    assert more[0] == Pick(11, 1)                    # posted fewest times: first, in its cycle 1
    assert [p.fact_id for p in more].count(11) == 1 and not any(p.new_round for p in more)
    shown_in_round_3 = {p.fact_id for p in picks[20:] + more}
    assert len(shown_in_round_3) == 10 and 11 in shown_in_round_3


async def test_whatever_the_pool_does_no_fact_repeats_in_a_round_and_the_least_posted_come_first() -> None:
    rng = random.Random(5)
    pool, posted, top, last = MemoryPool(set()), Counter[int](), 1, None
    shown: set[int] = set()
    for day in range(400):
        if day % 7 == 0:                             # the pool changes every week: a film filter, additions, hiding
            pool.eligible = set(rng.sample(range(1, 41), rng.randint(1, 40)))
        pick = await choose(pool, cycle=top, start=rng.randint(0, 41), last_fact_id=last)
        assert pick is not None and pick.fact_id in pool.eligible
        waiting = pool.eligible - shown
        if pick.new_round:                           # only once the round has shown every fact of today's pool,
            assert not waiting, (day, pick)
            shown = set()                            # and not opening with the fact just posted, if there is a choice
            waiting = pool.eligible - {last} or pool.eligible
        assert pick.fact_id in waiting, (day, pick)          # never twice in a round
        fewest = min(posted[i] for i in waiting)
        assert posted[pick.fact_id] == fewest, (day, pick)   # of those, one posted fewest times
        assert pick.cycle == fewest + 1                      # a fact's cycles run 1, 2, 3 ... without a gap
        pool.record(pick)
        posted[pick.fact_id] += 1
        shown.add(pick.fact_id)
        top, last = max(top, pick.cycle), pick.fact_id


async def test_the_lowest_open_cycle() -> None:
    pool = MemoryPool({1, 2, 3})
    for cycle, facts in ((1, {1, 2, 3}), (2, {1, 2, 3}), (3, {1, 2}), (4, {1})):
        for fact in facts:
            pool.record(Pick(fact, cycle))
    pool.shown = {1}                                  # the round began with fact 1's fourth post
    assert await lowest_open_cycle(pool, 4) == 3
    assert await lowest_open_cycle(pool, 2) is None   # cycles 1 and 2 are used up
    assert await lowest_open_cycle(pool, 0) is None
    pool.eligible.add(4)
    assert await lowest_open_cycle(pool, 4) == 1


async def test_rows_from_before_the_rule_still_give_the_facts_never_posted_first() -> None:
    # The old rule (always the highest cycle): a film's two facts in cycle 1, then every film in cycle 2,
    # then cycle 3 begun. Fact 3 was posted once, 2 twice: 3 is due first, in cycle 1.
    # Their rounds are the highest cycle reached by each day (migration 0013): round 3 has shown fact 1.
    pool = MemoryPool({1, 2, 3})
    for fact, cycle in ((1, 1), (2, 1), (1, 2), (2, 2), (3, 2), (1, 3)):
        pool.record(Pick(fact, cycle))
    pool.shown = {1}
    assert await lowest_open_cycle(pool, 3) == 1
    assert await choose(pool, cycle=3, start=0, last_fact_id=1) == Pick(3, 1)
    # And when the highest cycle is used up while cycle 1 is not (a film's facts, then every film's): round 2
    # has shown every fact, so a new one begins, with a fact posted once.
    pool = MemoryPool({1, 2, 3})
    for fact, cycle in ((1, 1), (1, 2), (2, 2), (3, 2)):
        pool.record(Pick(fact, cycle))
    assert await choose(pool, cycle=2, start=0, last_fact_id=3) == Pick(2, 1, new_round=True)


async def test_the_pivot_wraps_around() -> None:
    pool = MemoryPool({2, 5, 9})
    assert await choose(pool, cycle=1, start=6, last_fact_id=None) == Pick(9, 1)
    pool.record(Pick(9, 1))
    assert await choose(pool, cycle=1, start=6, last_fact_id=9) == Pick(2, 1)


def test_day_seed_is_stable_and_spreads() -> None:
    assert day_seed(1, date(2024, 5, 1)) == day_seed(1, date(2024, 5, 1))
    assert day_seed(1, date(2024, 5, 1)) != day_seed(2, date(2024, 5, 1))
    assert day_seed(1, date(2024, 5, 1)) != day_seed(1, date(2024, 5, 2))
    starts = {pivot(day_seed(7, date(2024, 1, 1) + timedelta(days=n)), 1, 71) for n in range(200)}
    assert len(starts) > 50 and min(starts) >= 1 and max(starts) <= 71
    assert pivot(123, 5, 4) == 5
