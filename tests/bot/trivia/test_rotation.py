from __future__ import annotations

import random
from collections import Counter

from bot.trivia.rotation import cycles_to_record, pick_questions


def test_least_asked_first_and_distinct() -> None:
    asked = {1: 1, 2: 0, 3: 1, 4: 0, 5: 2}
    picked = pick_questions(asked, 3, random.Random(1))
    assert len(set(picked)) == 3
    assert set(picked[:2]) == {2, 4} and picked[2] in {1, 3}


def test_no_repeat_until_pool_used_then_new_cycle() -> None:
    rng = random.Random(7)
    pool = dict.fromkeys(range(1, 24), 0)
    seen: list[int] = []
    for _ in range(4):  # 4 rounds of 10 from a pool of 23
        picked = pick_questions(pool, 10, rng)
        for qid in picked:
            pool[qid] += 1
        seen += picked
    first_cycle = seen[:23]
    assert sorted(first_cycle) == list(range(1, 24))  # every question once before any repeat
    counts = Counter(seen)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_order_is_random_among_equals() -> None:
    pool = dict.fromkeys(range(50), 0)
    assert pick_questions(pool, 10, random.Random(1)) != pick_questions(pool, 10, random.Random(2))


def test_edge_counts() -> None:
    assert pick_questions({}, 5) == []
    assert pick_questions({1: 0}, 0) == []
    assert sorted(pick_questions({1: 0, 2: 3}, 10)) == [1, 2]


def play(levels: dict[int, int], rounds: int, size: int, rng: random.Random,
         pool: list[int] | None = None) -> list[list[int]]:
    """Rounds of ``size`` as the bot plays them: the lowest levels first, each asking filed in its cycle."""
    played = []
    for _ in range(rounds):
        view = {qid: levels[qid] for qid in (pool or levels)}
        picked = pick_questions(view, size, rng)
        levels.update(cycles_to_record(view, picked))
        played.append(picked)
    return played


def asked_after(asks: list[int], qid: int) -> set[int]:
    """Every question asked after ``qid``'s first asking and before its second (or to the end)."""
    first = asks.index(qid)
    second = asks.index(qid, first + 1) if asks.count(qid) > 1 else len(asks)
    return set(asks[first + 1:second])


def test_cycles_to_record() -> None:
    assert cycles_to_record({}, []) == {}
    assert cycles_to_record({1: 0, 2: 0}, [1]) == {1: 1}                # a new pool: the first cycle
    assert cycles_to_record({1: 3, 2: 2, 3: 0}, [2, 3]) == {2: 3, 3: 3}  # cycle 3 is under way
    assert cycles_to_record({1: 3, 2: 3, 3: 0}, [2, 3]) == {2: 4, 3: 4}  # cycle 3 is done: the next one
    assert cycles_to_record({1: 5, 2: 12}, [1, 2]) == {1: 13, 2: 13}     # 12 came from rounds about one film


def test_a_question_added_after_the_pool_went_round_waits_for_the_rest_of_it() -> None:
    """QA: a question added later was asked round after round until it had been asked as often as the rest."""
    rng = random.Random(3)
    levels = dict.fromkeys(range(1, 21), 5) | {99: 0}
    asks = [qid for r in play(levels, 12, 3, rng) for qid in r]
    assert asks[0] == 99 and set(asked_after(asks, 99)) == set(range(1, 21))


def test_a_question_added_mid_cycle_joins_it() -> None:
    rng = random.Random(4)
    levels = dict.fromkeys(range(1, 11), 6) | dict.fromkeys(range(11, 21), 5) | {99: 0, 98: 2}  # 98: shown again
    rounds = play(levels, 12, 3, rng)
    asks = [qid for r in rounds for qid in r]
    for late in (99, 98):
        assert late in rounds[0]
        assert set(range(11, 21)) <= asked_after(asks, late) | set(rounds[0])   # the cycle under way is finished first
        assert late not in rounds[1] and late not in rounds[2]


def test_questions_asked_in_rounds_about_one_film_come_after_the_rest_once_not_for_many_cycles() -> None:
    rng = random.Random(5)
    levels = dict.fromkeys(range(1, 21), 5)
    play(levels, 7, 5, rng, pool=[1, 2, 3, 4, 5])          # seven rounds about one film
    asks = [qid for r in play(levels, 8, 5, rng) for qid in r]
    assert set(asks[:15]) == set(range(6, 21))            # the rest of the pool first
    assert set(asks[15:20]) == {1, 2, 3, 4, 5}            # then the film's, in the same pass
    assert sorted(asks[20:40]) == list(range(1, 21))      # and one pool again


def test_a_pool_that_gains_hides_and_shows_questions_shares_its_askings_out() -> None:
    """A pool that gains questions and hides and shows others. Counted from a question's first asking
    since it (re)joined, it is asked at most twice more than any question there all along: once in
    the cycle under way then (the other may have been asked in it just before) and once in the cycle
    under way at the end."""
    rng = random.Random(11)
    levels = dict.fromkeys(range(30), 0)
    hidden: dict[int, int] = {}        # question -> round it comes back
    joined = dict.fromkeys(range(30), 0)
    history: list[tuple[int, list[int]]] = []
    for n in range(400):
        if rng.random() < 0.1:
            levels[len(joined)] = 0
            joined[len(joined)] = n
        if rng.random() < 0.05 and len(hidden) < 5:
            qid = rng.randrange(10, len(joined))
            hidden.setdefault(qid, n + rng.randrange(5, 40))
        for qid, back in list(hidden.items()):
            if back == n:
                del hidden[qid]
                joined[qid] = n
        pool = [q for q in levels if q not in hidden]
        history += [(n, r) for r in play(levels, 1, 5, rng, pool=pool)]
    always = range(10)   # never hidden
    for qid, since in joined.items():
        asks = [q for n, r in history if n >= since for q in r]
        if qid not in asks:
            continue
        after = asks[asks.index(qid):]
        for other in always:
            assert after.count(qid) <= after.count(other) + 2, (qid, other)
