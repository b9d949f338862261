"""Which questions a round asks: none repeats in a server until its pool is used up.

The ledger of asked questions (``trivia_asked``) files each asking of a question, per server, in a
cycle; a question's level is the last cycle it was asked in. A round takes the lowest-level questions
of its pool first, in random order among equals; when every question of the pool has reached the
pool's cycle, the levels are all equal again and a new cycle begins. A film- or list-filtered round
has its own pool, so the rule holds for every pool.

A question asked is filed in the pool's current cycle (``cycles_to_record``), not merely one past its
own level: a question added after the pool had gone round five times, or shown again after being
hidden, joins the cycle under way and waits for the rest of the pool like any other. Filed one past
its own level, it stayed the lowest and came up round after round while the rest of the pool waited.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping


def pick_questions(asked: Mapping[int, int | tuple[int, ...]], count: int,
                   rng: random.Random | None = None) -> list[int]:
    """Up to ``count`` distinct question ids from ``asked`` (id -> level, or a tuple read in order), lowest first."""
    rng = rng or random.Random()
    ids = list(asked)
    rng.shuffle(ids)
    ids.sort(key=lambda qid: asked[qid])  # stable: random order among questions of one level
    return ids[:max(count, 0)]


def cycles_to_record(asked: Mapping[int, int], ids: Iterable[int]) -> dict[int, int]:
    """The cycle each of ``ids`` is filed in when asked now, given the pool's levels ``asked`` (id -> level).

    The pool's current cycle is its top level while some question is one below it (that cycle is
    under way), else the next one. Questions further behind (new, or back from hiding) are not part
    of that reckoning: they join the current cycle when asked.
    """
    top = max(asked.values(), default=0)
    current = top if any(level == top - 1 for level in asked.values()) else top + 1
    return {qid: max(asked.get(qid, 0) + 1, current) for qid in ids}
