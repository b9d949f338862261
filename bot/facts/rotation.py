"""Which fact a server gets on a given day: no repeats within a cycle, stable for the day (pure).

Every eligible fact is posted once per cycle; when the cycle is used up a new one starts (and its first
fact is not the one just posted, when there is a choice). The pool changes (a film filter comes and
goes, facts are added or unhidden), so the cycle a pick goes into is the lowest one in which some fact
of today's pool is still unused: the facts posted fewest times come first, and a spell on one film
never makes its facts repeat while the rest of the pool waits. The pick for (server, day) starts from a
pivot derived from both, so it is spread over the pool yet reproducible, and it walks the pool in id
order from there: with an index on ids that costs a lookup, not a scan, even with a million facts.

The storage side implements ``Pool`` (SQL in ``bot.db.daily``; a set in the tests).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class Pool(Protocol):
    async def first_unused(self, cycle: int, start: int, stop: int | None, avoid: int | None) -> int | None:
        """The smallest eligible fact id in [start, stop) not yet chosen in ``cycle`` and not ``avoid``."""
        ...


@dataclass(frozen=True)
class Pick:
    fact_id: int
    cycle: int


def day_seed(guild_id: int, day: date) -> int:
    """A stable 64-bit number for (server, local day); same inputs, same number, on every machine."""
    digest = hashlib.sha256(f"{guild_id}:{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def pivot(seed: int, low: int, high: int) -> int:
    """A point in [low, high] chosen by ``seed``."""
    if high < low:
        return low
    return low + seed % (high - low + 1)


async def _first_from(pool: Pool, cycle: int, start: int, avoid: int | None) -> int | None:
    """The first unused id at or after ``start``, wrapping around to the lowest ids."""
    found = await pool.first_unused(cycle, start, None, avoid)
    if found is None and start > 0:
        found = await pool.first_unused(cycle, 0, start, avoid)
    return found


async def _open(pool: Pool, cycle: int) -> bool:
    return await pool.first_unused(cycle, 0, None, None) is not None


async def lowest_open_cycle(pool: Pool, top: int, *, top_open: bool = False) -> int | None:
    """The lowest cycle in 1..``top`` in which some fact of the pool is unused; None when none is.

    ``top_open``: the caller has already found an unused fact in ``top``. A fact goes into cycle k only
    once every fact of the pool of the day is in cycles 1..k-1, so each fact's cycles run 1, 2, ...
    without a gap, and "some fact unused in cycle k" holds from some k on: a binary search finds it in
    log2(top) lookups. Cycle 1 is tried first: rows written before this rule (a film's facts cycle after
    cycle over gaps in cycle 1) break that shape, and left their gaps there.
    """
    if top < 1:
        return None
    if (top == 1 and top_open) or await _open(pool, 1):
        return 1
    if top == 1 or not (top_open or await _open(pool, top)):
        return None
    low, high = 2, top
    while low < high:
        middle = (low + high) // 2
        if await _open(pool, middle):
            high = middle
        else:
            low = middle + 1
    return low


async def choose(pool: Pool, *, cycle: int, start: int, last_fact_id: int | None) -> Pick | None:
    """The next fact for a server whose highest cycle so far is ``cycle``: in the lowest cycle the pool has not
    used up (a pool that changed may have gaps below ``cycle``), else in a new cycle; None for an empty pool."""
    found = await _first_from(pool, cycle, start, None)
    if found is not None:
        lowest = await lowest_open_cycle(pool, cycle, top_open=True)
        if lowest == cycle:
            return Pick(found, cycle)
    else:
        lowest = await lowest_open_cycle(pool, cycle - 1)
    if lowest is not None:
        earlier = await _first_from(pool, lowest, start, None)
        assert earlier is not None
        return Pick(earlier, lowest)
    fresh = cycle + 1
    # A new cycle: avoid repeating the fact just shown, unless it is the only one.
    found = await _first_from(pool, fresh, start, last_fact_id)
    if found is None and last_fact_id is not None:
        found = await _first_from(pool, fresh, start, None)
    return None if found is None else Pick(found, fresh)
