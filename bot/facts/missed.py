"""The days whose daily post did not go out, as ``/daily status`` lists them (pure).

An outage leaves one failed row per day, each with the same reason ("Missed 6 posts (…): Doinel was
offline …"): listed day by day, the reason was repeated on every line and the list outgrew what a
moderator reads. Consecutive days missed for the same reason form one run, shown as one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class MissedRun:
    days: tuple[date, ...]        # consecutive local days, oldest first
    reason: str | None            # why they were not posted (None: not recorded)

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


def runs(missed: Iterable[tuple[str, str | None]]) -> tuple[MissedRun, ...]:
    """(local date ISO, reason) pairs, in any order, as runs of consecutive days with one reason, newest first.
    A day given twice is listed once."""
    by_day = {date.fromisoformat(day): reason for day, reason in missed}
    found: list[MissedRun] = []
    for day in sorted(by_day):
        reason = by_day[day]
        if found and found[-1].reason == reason and found[-1].last + timedelta(days=1) == day:
            found[-1] = MissedRun((*found[-1].days, day), reason)
        else:
            found.append(MissedRun((day,), reason))
    return tuple(reversed(found))
