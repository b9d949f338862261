from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.trivia.scoring import accuracy, period_start, points_for, speed_points, streak_bonus


@pytest.mark.parametrize(("answer_ms", "expected"), [
    (0, 100), (10_000, 75), (20_000, 50), (25_000, 50), (-5, 100), (1_000, 98), (19_999, 50), (15_000, 62),
])
def test_speed_points_from_100_to_50(answer_ms: int, expected: int) -> None:
    assert speed_points(answer_ms, 20_000) == expected


def test_faster_never_scores_less() -> None:
    values = [speed_points(t, 20_000) for t in range(0, 20_001, 250)]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize(("streak", "bonus"), [(0, 0), (1, 0), (2, 10), (3, 20), (6, 50), (7, 50), (40, 50)])
def test_streak_bonus_capped(streak: int, bonus: int) -> None:
    assert streak_bonus(streak) == bonus


def test_points_add_speed_and_streak() -> None:
    assert points_for(0, 20_000, 1) == 100
    assert points_for(10_000, 20_000, 3) == 75 + 20
    assert points_for(0, 0, 1) == 100  # no time limit: full speed points


def test_periods_are_utc() -> None:
    now = datetime(2024, 5, 16, 23, 30, tzinfo=UTC)  # a Thursday
    assert period_start("all", now) == 0
    assert period_start("week", now) == int(datetime(2024, 5, 13, tzinfo=UTC).timestamp())
    assert period_start("month", now) == int(datetime(2024, 5, 1, tzinfo=UTC).timestamp())
    monday = datetime(2024, 5, 13, 0, 0, tzinfo=UTC)
    assert period_start("week", monday) == int(monday.timestamp())
    with pytest.raises(ValueError):
        period_start("year", now)


def test_accuracy() -> None:
    assert accuracy(0, 0) is None
    assert accuracy(3, 4) == 0.75
