from __future__ import annotations

from datetime import date

from bot.facts.missed import MissedRun, runs


def test_consecutive_days_with_one_reason_are_one_run_newest_first() -> None:
    found = runs([("2024-05-09", "offline"), ("2024-05-04", "offline"), ("2024-05-06", "offline"),
                  ("2024-05-05", "offline"), ("2024-05-08", "offline"), ("2024-05-07", "offline"),
                  ("2024-05-02", "no permission")])
    assert found == (MissedRun(tuple(date(2024, 5, d) for d in range(4, 10)), "offline"),
                     MissedRun((date(2024, 5, 2),), "no permission"))


def test_a_gap_or_another_reason_starts_a_new_run() -> None:
    found = runs([("2024-05-01", "offline"), ("2024-05-03", "offline"), ("2024-05-04", "no permission"),
                  ("2024-05-05", None), ("2024-05-06", None)])
    assert [(r.first.day, r.last.day, r.reason) for r in found] == [
        (5, 6, None), (4, 4, "no permission"), (3, 3, "offline"), (1, 1, "offline")]
    assert runs([]) == ()
