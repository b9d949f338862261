"""Points for a correct answer: speed-weighted, plus a streak bonus. Documented in README.md.

    speed  = 1 - t / T                    t: ms from the question to the answer, T: the time limit
    points = 50 + round(50 × speed)       50 (at the buzzer) to 100 (instant)
    bonus  = 10 × min(streak - 1, 5)      streak: correct answers in a row in this round, this one included

A wrong answer or no answer scores 0 and resets the streak. Leaderboard periods (week, month) are UTC
and computed from the score ledger, never reset by a job.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

BASE_POINTS = 50
SPEED_POINTS = 50
STREAK_STEP = 10
STREAK_CAP = 5
PERIODS = ("all", "month", "week")


def speed_points(answer_ms: int, limit_ms: int) -> int:
    """50 at the buzzer (or later) up to 100 for an instant answer."""
    if limit_ms <= 0:
        return BASE_POINTS + SPEED_POINTS
    speed = 1.0 - min(max(answer_ms, 0), limit_ms) / limit_ms
    return BASE_POINTS + round(SPEED_POINTS * speed)


def streak_bonus(streak: int) -> int:
    """Bonus for the ``streak``-th correct answer in a row: 0, 10, 20 … capped at 50."""
    return STREAK_STEP * min(max(streak - 1, 0), STREAK_CAP)


def points_for(answer_ms: int, limit_ms: int, streak: int) -> int:
    return speed_points(answer_ms, limit_ms) + streak_bonus(streak)


def period_start(period: str, now: datetime | None = None) -> int:
    """UTC unix time a leaderboard period starts: 'all' → 0, 'week' → Monday 00:00, 'month' → the 1st."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "all":
        return 0
    if period == "week":
        return int((midnight - timedelta(days=midnight.weekday())).timestamp())
    if period == "month":
        return int(midnight.replace(day=1).timestamp())
    raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")


def accuracy(correct: int, answered: int) -> float | None:
    """Share of answers that were right, or None before any answer."""
    return correct / answered if answered else None
