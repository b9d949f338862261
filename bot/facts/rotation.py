"""Which fact a server gets on a given day: no repeats within a round, stable for the day (pure).

A round shows every fact of the pool once; when it is used up a new round starts (and its first fact is
not the one just posted, when there is a choice). No member sees a fact twice while some fact of the
pool has not been shown in between, whatever the pool does meanwhile.
The pool changes (a film filter comes and goes, facts are added, verified or unhidden), so within a
round the facts posted fewest times come first: a fact's nth post is filed in cycle n, and a pick goes
into the lowest cycle in which some fact the round has not shown is unused. After a spell on one film,
the rest of the pool is posted before that film's facts come back; a fact added late is posted once in
the round, like every other, not once for each round it missed.
The pick for (server, day) starts from a pivot derived from both, so it is spread over the pool yet
reproducible, and it walks the pool in id order from there: with an index on ids that costs a lookup,
not a scan, even with a million facts.

The storage side implements ``Pool`` (SQL in ``bot.db.day_facts``; sets in the tests).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class Pool(Protocol):
    async def first_unused(self, cycle: int, start: int, stop: int | None, avoid: int | None,
                           new_round: bool = False) -> int | None:
        """The smallest eligible fact id in [start, stop), not ``avoid``, unused in ``cycle`` and not yet shown in
        the current round (``new_round``: in the round about to begin, where none is)."""
        ...


@dataclass(frozen=True)
class Pick:
    fact_id: int
    cycle: int
    new_round: bool = False     # the first pick of a new round


def day_seed(guild_id: int, day: date) -> int:
    """A stable 64-bit number for (server, local day); same inputs, same number, on every machine."""
    digest = hashlib.sha256(f"{guild_id}:{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def pivot(seed: int, low: int, high: int) -> int:
    """A point in [low, high] chosen by ``seed``."""
    if high < low:
        return low
    return low + seed % (high - low + 1)


async def _first_from(pool: Pool, cycle: int, start: int, avoid: int | None, new_round: bool) -> int | None:
    """The first unused id at or after ``start``, wrapping around to the lowest ids."""
    found = await pool.first_unused(cycle, start, None, avoid, new_round)
    if found is None and start > 0:
        found = await pool.first_unused(cycle, 0, start, avoid, new_round)
    return found


async def lowest_open_cycle(pool: Pool, top: int, *, top_open: bool = False, avoid: int | None = None,
                            new_round: bool = False) -> int | None:
    """The lowest cycle in 1..``top`` in which some fact of the pool is unused; None when none is.

    ``top_open``: the caller has already found an unused fact in ``top``. A fact goes into cycle k only
    once every candidate fact is in cycles 1..k-1, so each fact's cycles run 1, 2, ... without a gap,
    and "some fact unused in cycle k" holds from some k on: a binary search finds it in log2(top)
    lookups. Cycle 1 is tried first: rows written before this rule (a film's facts cycle after cycle
    over gaps in cycle 1) break that shape, and left their gaps there.
    """
    async def is_open(cycle: int) -> bool:
        return await pool.first_unused(cycle, 0, None, avoid, new_round) is not None

    if top < 1:
        return None
    if (top == 1 and top_open) or await is_open(1):
        return 1
    if top == 1 or not (top_open or await is_open(top)):
        return None
    low, high = 2, top
    while low < high:
        middle = (low + high) // 2
        if await is_open(middle):
            high = middle
        else:
            low = middle + 1
    return low


async def _pick(pool: Pool, top: int, start: int, avoid: int | None, new_round: bool) -> Pick | None:
    """Among the facts the round has not shown, one posted fewest times (filed in the lowest cycle it is
    unused in); ``top`` is the server's highest cycle so far."""
    found = await _first_from(pool, top, start, avoid, new_round)     # usually: a fact unused in the highest cycle
    if found is not None:
        lowest = await lowest_open_cycle(pool, top, top_open=True, avoid=avoid, new_round=new_round)
    else:
        lowest = await lowest_open_cycle(pool, top - 1, avoid=avoid, new_round=new_round)
    if lowest is None:                    # every candidate is in every cycle so far
        lowest = top + 1
    if lowest != top:
        found = await _first_from(pool, lowest, start, avoid, new_round)
    return None if found is None else Pick(found, lowest, new_round)


async def choose(pool: Pool, *, cycle: int, start: int, last_fact_id: int | None) -> Pick | None:
    """The next fact for a server whose highest cycle so far is ``cycle``; None for an empty pool."""
    pick = await _pick(pool, cycle, start, None, False)
    if pick is None:      # the round showed every fact of today's pool: a new one, not opening with the last fact
        pick = await _pick(pool, cycle, start, last_fact_id, True)
        if pick is None and last_fact_id is not None:
            pick = await _pick(pool, cycle, start, None, True)
    return pick
