"""Which questions a round asks: none repeats in a server until its pool is used up.

The ledger of asked questions (``trivia_asked``) records, per server, how many cycles each question
has been asked in. A round takes the least-asked questions of its pool first, in random order among
equals; when every question of the pool has been asked, the counts are all equal again and a new
cycle begins. Questions added later (count 0) come up before any repeat. A film- or list-filtered
round has its own pool, so the rule holds for every pool.
"""

from __future__ import annotations

import random
from collections.abc import Mapping


def pick_questions(asked: Mapping[int, int], count: int, rng: random.Random | None = None) -> list[int]:
    """Up to ``count`` distinct question ids from ``asked`` (id -> times asked), least asked first."""
    rng = rng or random.Random()
    ids = list(asked)
    rng.shuffle(ids)
    ids.sort(key=lambda qid: asked[qid])  # stable: random order among equally asked questions
    return ids[:max(count, 0)]


def cycle_of(times_asked: int) -> int:
    """The cycle number to record when a question asked ``times_asked`` times before is asked again."""
    return times_asked + 1
