"""Which fact a server gets on a given day: no repeats within a cycle, stable for the day (pure).

Every eligible fact is posted once per cycle; when the cycle is used up a new one starts (and its first
fact is not the one just posted, when there is a choice). The pick for (server, day) starts from a
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


async def choose(pool: Pool, *, cycle: int, start: int, last_fact_id: int | None) -> Pick | None:
    """The next fact for a server in ``cycle``; a new cycle when it is used up; None for an empty pool."""
    found = await _first_from(pool, cycle, start, None)
    if found is not None:
        return Pick(found, cycle)
    fresh = cycle + 1
    # A new cycle: avoid repeating the fact just shown, unless it is the only one.
    found = await _first_from(pool, fresh, start, last_fact_id)
    if found is None and last_fact_id is not None:
        found = await _first_from(pool, fresh, start, None)
    return None if found is None else Pick(found, fresh)
