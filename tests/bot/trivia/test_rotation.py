from __future__ import annotations

import random
from collections import Counter

from bot.trivia.rotation import cycle_of, pick_questions


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
    assert cycle_of(0) == 1 and cycle_of(2) == 3
