"""/daily status: how the days not posted this week are written."""

from __future__ import annotations

from datetime import date, timedelta

from bot.facts.missed import MissedRun, runs
from bot.ui.format import EMBED_FIELD_VALUE_LIMIT
from cogs.daily import missed_text

OUTAGE = ("Missed 6 posts (2024-05-04 to 2024-05-09): Doinel was offline at post time. "
          "A day's fact is never posted after that day.")


def test_an_outage_is_one_line_naming_every_day_with_its_reason_once() -> None:
    text = missed_text(runs((f"2024-05-{d:02d}", OUTAGE) for d in range(4, 10)))
    assert text == ("• Saturday 4 May 2024, Sunday 5 May 2024, Monday 6 May 2024, Tuesday 7 May 2024, "
                    f"Wednesday 8 May 2024, Thursday 9 May 2024: {OUTAGE}")


def test_a_week_of_long_different_reasons_still_names_every_day_within_the_field_limit() -> None:
    week = [date(2024, 9, 18) + timedelta(days=n) for n in range(7)]
    text = missed_text([MissedRun((day,), f"Reason {n}: " + "x" * 900) for n, day in enumerate(week)])
    assert len(text) <= EMBED_FIELD_VALUE_LIMIT
    assert len(text.splitlines()) == 7
    assert all(f"{day:%A} {day.day} {day:%B %Y}: Reason" in text for day in week), text
