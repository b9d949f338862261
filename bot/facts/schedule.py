"""When the daily fact is due: local times in IANA zones, DST gaps and overlaps, catch-up (pure).

A schedule is a wall-clock time ('09:00') in a zone ('Europe/Paris'). Each local day it is due once:

- on an ordinary day, at that wall-clock time;
- when the time does not exist (spring forward: 02:30 in Paris on the last Sunday of March), shifted
  forward by the gap (03:30 CEST), still on that day;
- when the time happens twice (fall back: 02:30 on the last Sunday of October), at its first occurrence.

The post of an instant belongs to ``local_date(instant, zone)``: the ledger keys posts by it, so a
server gets at most one post per local day whatever happens to the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import InvalidInput
from bot.text import quoted, strip_accents

_TIME = re.compile(r"^(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2})?)?\s*(?:(?P<ampm>[ap])\.?\s*m?\.?)?$", re.IGNORECASE)
_WORDS = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
TIME_HELP = "Use a time like 09:00, 21:30, 9:05 or 9pm."

# Offered first when a member has typed nothing yet.
POPULAR_ZONES = (
    "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo",
    "Australia/Sydney",
)


@dataclass(frozen=True, order=True)
class LocalTime:
    hour: int
    minute: int

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"not a time of day: {self.hour}:{self.minute}")

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @classmethod
    def parse(cls, text: str) -> LocalTime:
        return parse_time(text)


def parse_time(text: str) -> LocalTime:
    """'09:00', '9:05', '21h30', '21h', '9am', '9:30 p.m.', 'noon' -> LocalTime; anything else -> InvalidInput."""
    raw = text.strip().lower()
    if raw in _WORDS:
        return LocalTime(*_WORDS[raw])
    shown = quoted(text, 40)
    if not shown:
        raise InvalidInput(f"Type the time of day to post at. {TIME_HELP}")
    match = _TIME.match(raw)
    if not match:
        raise InvalidInput(f"{shown} is not a time of day. {TIME_HELP}")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"{shown}: with am/pm the hour goes from 1 to 12. {TIME_HELP}")
        hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{shown} is not a time of day. {TIME_HELP}")
    return LocalTime(hour, minute)


# IANA areas whose zones are places ('Europe/Paris'); the rest of the database is legacy or technical:
# 'EST' (a fixed -05:00, no summer time), 'US/Eastern', 'Etc/GMT+2' (UTC-02:00: POSIX signs are
# reversed), 'localtime' (whatever the bot's host uses), 'Factory'.
_AREAS = frozenset({"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
                    "Pacific"})
_UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "universal", "etc/utc", "etc/gmt", "utc+0", "utc-0", "gmt+0",
                        "gmt-0", "gmt0", "utc0", "utc+00:00", "+00:00"})
_OFFSET = re.compile(r"^(?:etc/)?(?:gmt|utc)?[+\-−]\d{1,2}(?::?\d{2})?$")
# What people usually mean by a legacy name: suggested, never assumed (EST is also Australian).
_LIKELY = {
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York", "us/eastern": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago", "us/central": "America/Chicago",
    "mst": "America/Denver", "mdt": "America/Denver", "us/mountain": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "us/pacific": "America/Los_Angeles", "us/alaska": "America/Anchorage", "us/hawaii": "Pacific/Honolulu",
    "hst": "Pacific/Honolulu", "bst": "Europe/London", "cet": "Europe/Paris", "cest": "Europe/Paris",
    "met": "Europe/Paris", "eet": "Europe/Athens", "wet": "Europe/Lisbon",
    "nst": "America/St_Johns", "ndt": "America/St_Johns", "akst": "America/Anchorage", "akdt": "America/Anchorage",
    "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland", "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
    "acst": "Australia/Adelaide", "acdt": "Australia/Adelaide", "awst": "Australia/Perth", "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul", "hkt": "Asia/Hong_Kong", "sgt": "Asia/Singapore", "msk": "Europe/Moscow",
}   # not IST, AST or CST-in-Asia: each names several clocks


def likely_zone(text: str) -> str | None:
    """The city people usually mean by a legacy name or abbreviation ('EST' -> America/New_York), if any."""
    return _LIKELY.get(_key(text))


PICK_A_CITY = "Pick the city whose clock you follow, like Europe/Paris, America/New_York or Asia/Tokyo."


def is_place(name: str) -> bool:
    """True for 'Europe/Paris' and 'America/Argentina/Salta'; False for 'EST', 'Etc/GMT+2', 'localtime'."""
    return name.split("/", 1)[0] in _AREAS and "/" in name


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The zones members can pick: UTC first, then every IANA Area/City zone this system knows, sorted."""
    names = sorted((n for n in available_timezones() if is_place(n)), key=str.casefold)
    return ("UTC", *names)


def _key(text: str) -> str:
    """'São Paulo' -> 'sao_paulo': how typed zone and city names are compared."""
    return strip_accents(text.strip()).replace(" ", "_").casefold()


# Instants from 1970 to 2037, twice a year: zones with the same offsets at all of them keep the same clock.
_SAMPLES = tuple(datetime(year, month, 15, tzinfo=UTC) for year in range(1970, 2038) for month in (1, 7))


def _same_clock(names: list[str]) -> bool:
    offsets = {tuple(at.astimezone(ZoneInfo(n)).utcoffset() for at in _SAMPLES) for n in names}
    return len(offsets) == 1


@lru_cache(maxsize=1)
def _zones_by_key() -> dict[str, str]:
    """Lower-cased full names, and city names ('paris' -> 'Europe/Paris'). A city named by several zones is
    kept when they keep one clock (a zone and its old name: 'buenos aires' -> America/Argentina/Buenos_Aires,
    the longer, current name); else it is ambiguous and left out."""
    full = {name.casefold(): name for name in zone_names()}
    cities: dict[str, list[str]] = {}
    for name in zone_names():
        if "/" in name:
            cities.setdefault(_key(name.rsplit("/", 1)[1]), []).append(name)
    aliases = {city: max(names, key=lambda n: n.count("/")) for city, names in cities.items()
               if city not in full and (len(names) == 1 or _same_clock(names))}
    return {**aliases, **full, **dict.fromkeys(_UTC_NAMES, "UTC")}


@lru_cache(maxsize=1)
def _legacy_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in available_timezones() if not is_place(n))


def parse_timezone(text: str) -> str:
    """The canonical IANA name for ``text`` ('europe/paris', 'Paris', 'New York' work); else InvalidInput.

    Offsets ('GMT+2', 'UTC-5', 'Etc/GMT+2') and legacy names ('EST', 'US/Eastern', 'localtime') are
    refused with a pointer to a city: they never follow summer time, or mean something else than they
    seem (Etc/GMT+2 is two hours *behind* UTC), or depend on the bot's host.
    """
    key = _key(text)
    name = _zones_by_key().get(key)
    if name is not None:
        return name
    shown = quoted(text, 60)
    if not shown:
        raise InvalidInput(f"Type a timezone. {PICK_A_CITY}")
    compact = key.replace("_", "")
    if _OFFSET.match(compact):
        reversed_sign = (" (and Etc/GMT zones have their sign reversed: Etc/GMT+2 is two hours *behind* UTC)"
                         if compact.startswith("etc/") else "")
        raise InvalidInput(f"{shown} is an offset, not a timezone: it never follows summer time{reversed_sign}. "
                           f"{PICK_A_CITY}")
    if key in _LIKELY or key in _legacy_names():
        likely = f" Did you mean {_LIKELY[key]}?" if key in _LIKELY else ""
        raise InvalidInput(f"{shown} is not a timezone I can use: old abbreviations and aliases may ignore summer "
                           f"time or depend on where I run.{likely} {PICK_A_CITY}")
    raise InvalidInput(f"{shown} is not a timezone I know. Pick one from the list, "
                       "like Europe/Paris, America/New_York or UTC.")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"“{name}” is not a timezone I know.") from exc


def utc_offset(name: str, at: datetime) -> str:
    """'UTC+05:45' for Asia/Kathmandu: the zone's offset at ``at``."""
    offset = at.astimezone(zone(name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _utc(instant: datetime | float) -> datetime:
    if isinstance(instant, datetime):
        if instant.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        return instant.astimezone(UTC)
    return datetime.fromtimestamp(instant, UTC)


def local_date(instant: datetime | float, tz: ZoneInfo) -> date:
    """The local calendar day ``instant`` falls on in ``tz``: the day a post at that instant belongs to."""
    return _utc(instant).astimezone(tz).date()


def occurrence(day: date, at: LocalTime, tz: ZoneInfo) -> datetime | None:
    """The UTC instant the post of local ``day`` is due, or None if ``day`` never happened in ``tz``.

    fold=0 picks the first of two repeated times and shifts a skipped time forward by the gap; if
    that would leave the day (a gap at the very end of it), the time is shifted back instead.
    """
    naive = datetime.combine(day, time(at.hour, at.minute))
    for fold in (0, 1):
        instant = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if instant.astimezone(tz).date() == day:
            return instant
    return None  # e.g. Pacific/Apia skipped 30 December 2011 entirely


def next_occurrence(at: LocalTime, tz: ZoneInfo, after: datetime | float, *, after_day: date | None = None) -> datetime:
    """The first due instant strictly later than ``after`` (and on a local day later than ``after_day``)."""
    start = _utc(after)
    day = local_date(start, tz) - timedelta(days=1)
    for _ in range(8):
        candidate = occurrence(day, at, tz)
        if candidate is not None and candidate > start and (after_day is None or day > after_day):
            return candidate
        day += timedelta(days=1)
    raise RuntimeError(f"no occurrence of {at} in {tz.key} within a week of {start.isoformat()}")  # pragma: no cover


@dataclass(frozen=True)
class DueAction:
    """What to do with a schedule whose ``next_post_at`` has been reached."""

    post_day: date | None            # post now for this local day (on time, or late but the same day)
    missed_from: date | None = None  # days whose post time passed while the bot was away ...
    missed_to: date | None = None    # ... inclusive; never posted late
    next_at: datetime | None = None  # when nothing is posted now: the next due instant

    @property
    def missed_days(self) -> int:
        if self.missed_from is None or self.missed_to is None:
            return 0
        return (self.missed_to - self.missed_from).days + 1


def on_due(due_at: datetime | float, at: LocalTime, tz: ZoneInfo, now: datetime | float) -> DueAction:
    """Decide about a due post: on time or late on the same local day -> post; a past day -> missed.

    Catch-up rule: a bot that was down at post time and comes back the same local day posts once, late.
    It never posts yesterday's fact; the missed days are reported so nothing is lost silently.
    """
    due_day = local_date(due_at, tz)
    today = local_date(now, tz)
    if due_day >= today:
        planned = occurrence(due_day, at, tz)
        if planned is not None and planned > _utc(now):  # woken early (e.g. a retry after an error): not yet
            return DueAction(post_day=None, next_at=planned)
        return DueAction(post_day=due_day)
    last_missed = today - timedelta(days=1)
    todays = occurrence(today, at, tz)
    if todays is not None and todays <= _utc(now):
        return DueAction(post_day=today, missed_from=due_day, missed_to=last_missed)
    next_at = todays if todays is not None else next_occurrence(at, tz, now)
    return DueAction(post_day=None, missed_from=due_day, missed_to=last_missed, next_at=next_at)


def day_is_over(day: date, tz: ZoneInfo, now: datetime | float) -> bool:
    """True once local ``day`` has ended in ``tz`` (a post for it would now be yesterday's)."""
    return local_date(now, tz) > day
