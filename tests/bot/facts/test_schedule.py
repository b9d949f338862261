from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidInput
from bot.facts.schedule import (
    LocalTime,
    day_is_over,
    is_place,
    local_date,
    next_occurrence,
    occurrence,
    on_due,
    parse_time,
    parse_timezone,
    utc_offset,
    zone_names,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KATHMANDU = ZoneInfo("Asia/Kathmandu")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("09:00", (9, 0)), ("9:05", (9, 5)), ("21:30", (21, 30)), ("00:00", (0, 0)), ("23:59", (23, 59)),
    ("21h30", (21, 30)), ("21h", (21, 0)), ("9", (9, 0)), (" 7:15 ", (7, 15)),
    ("9am", (9, 0)), ("9 PM", (21, 0)), ("9:30 p.m.", (21, 30)), ("12am", (0, 0)), ("12pm", (12, 0)),
    ("noon", (12, 0)), ("Midnight", (0, 0)),
])
def test_parse_time_accepts(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == LocalTime(*expected)


@pytest.mark.parametrize("text", ["24:00", "9:60", "9:5", "13pm", "0am", "abc", "", "9m", "09:00:00", "-1:00", "1e3"])
def test_parse_time_refuses_with_a_hint(text: str) -> None:
    with pytest.raises(InvalidInput, match="09:00"):
        parse_time(text)


def test_local_time_prints_as_hh_mm() -> None:
    assert str(LocalTime(9, 5)) == "09:05"


@pytest.mark.parametrize(("text", "expected"), [
    ("Europe/Paris", "Europe/Paris"), ("europe/paris", "Europe/Paris"), ("Paris", "Europe/Paris"),
    ("new york", "America/New_York"), ("UTC", "UTC"), ("gmt", "UTC"), ("Asia/Kathmandu", "Asia/Kathmandu"),
    ("Australia/Lord_Howe", "Australia/Lord_Howe"),
])
def test_parse_timezone(text: str, expected: str) -> None:
    assert parse_timezone(text) == expected


@pytest.mark.parametrize("text", ["Mars/Olympus", "", "Europe", "+02:00", "../etc/passwd"])
def test_parse_timezone_refuses(text: str) -> None:
    with pytest.raises(InvalidInput, match="timezone"):
        parse_timezone(text)


@pytest.mark.parametrize("text", ["GMT+2", "gmt +2", "UTC-5", "utc+05:30", "Etc/GMT+2", "etc/gmt-3", "+02:00", "-5"])
def test_offsets_are_refused_with_a_pointer_to_a_city(text: str) -> None:
    # Etc/GMT+2 exists, but it is UTC-02:00: a moderator typing GMT+2 would get posts 4 hours off.
    with pytest.raises(InvalidInput, match="is an offset, not a timezone") as refused:
        parse_timezone(text)
    assert "Europe/Paris" in refused.value.message


@pytest.mark.parametrize(("text", "likely"), [("EST", "America/New_York"), ("US/Pacific", "America/Los_Angeles"),
                                              ("localtime", None), ("Factory", None), ("EST5EDT", None)])
def test_legacy_and_host_zones_are_refused(text: str, likely: str | None) -> None:
    with pytest.raises(InvalidInput, match="not a timezone I can use") as refused:
        parse_timezone(text)
    message = refused.value.message
    assert (f"Did you mean {likely}?" in message) if likely else "Did you mean" not in message


def test_only_places_are_offered() -> None:
    names = zone_names()
    assert names[0] == "UTC" and "Europe/Paris" in names and "America/Argentina/Salta" in names
    assert not {"localtime", "Factory", "EST", "EST5EDT", "US/Eastern", "Etc/GMT+2", "GMT", "posixrules"} & set(names)
    assert all(is_place(n) for n in names[1:])
    for utc_name in ("UTC", "utc", "GMT", "Etc/UTC", "UTC+0", "Z"):
        assert parse_timezone(utc_name) == "UTC"


@pytest.mark.parametrize("typed", ["", "   ", "\u200b"])
def test_nothing_typed_is_not_quoted_back(typed: str) -> None:
    for parse in (parse_time, parse_timezone):
        with pytest.raises(InvalidInput) as refused:
            parse(typed)
        assert "“" not in refused.value.message and refused.value.message.startswith("Type ")


def test_utc_offset_labels() -> None:
    assert utc_offset("Asia/Kathmandu", utc(2024, 6, 1)) == "UTC+05:45"
    assert utc_offset("America/New_York", utc(2024, 1, 15)) == "UTC-05:00"
    assert utc_offset("UTC", utc(2024, 1, 15)) == "UTC+00:00"


# --- DST: the same wall-clock time on both sides of a change ------------------------------------------------

@pytest.mark.parametrize(("day", "expected_utc"), [
    (date(2024, 3, 30), utc(2024, 3, 30, 8, 0)),   # CET, +1
    (date(2024, 3, 31), utc(2024, 3, 31, 7, 0)),   # the change day, already CEST at 09:00
    (date(2024, 4, 1), utc(2024, 4, 1, 7, 0)),     # CEST, +2
    (date(2024, 10, 26), utc(2024, 10, 26, 7, 0)),
    (date(2024, 10, 27), utc(2024, 10, 27, 8, 0)),  # back to CET
])
def test_paris_nine_stays_nine_across_dst(day: date, expected_utc: datetime) -> None:
    instant = occurrence(day, LocalTime(9, 0), PARIS)
    assert instant == expected_utc
    assert instant.astimezone(PARIS).hour == 9 and local_date(instant, PARIS) == day


@pytest.mark.parametrize(("zone", "day", "at", "expected_utc", "expected_local"), [
    # Spring forward: the time does not exist; it posts that day, shifted forward by the gap.
    (PARIS, date(2024, 3, 31), LocalTime(2, 30), utc(2024, 3, 31, 1, 30), (3, 30)),
    (NEW_YORK, date(2024, 3, 10), LocalTime(2, 30), utc(2024, 3, 10, 7, 30), (3, 30)),
    (NEW_YORK, date(2024, 3, 10), LocalTime(2, 0), utc(2024, 3, 10, 7, 0), (3, 0)),
    # Lord Howe moves its clocks by half an hour: 02:00 -> 02:30 on the first Sunday of October.
    (LORD_HOWE, date(2024, 10, 6), LocalTime(2, 15), utc(2024, 10, 5, 15, 45), (2, 45)),
    # Fall back: the time happens twice; it posts at the first one.
    (PARIS, date(2024, 10, 27), LocalTime(2, 30), utc(2024, 10, 27, 0, 30), (2, 30)),
    (NEW_YORK, date(2024, 11, 3), LocalTime(1, 30), utc(2024, 11, 3, 5, 30), (1, 30)),
    (LORD_HOWE, date(2024, 4, 7), LocalTime(1, 45), utc(2024, 4, 6, 14, 45), (1, 45)),
    # Fixed odd offsets.
    (KATHMANDU, date(2024, 6, 1), LocalTime(9, 0), utc(2024, 6, 1, 3, 15), (9, 0)),
    (ZoneInfo("UTC"), date(2024, 6, 1), LocalTime(0, 0), utc(2024, 6, 1), (0, 0)),
])
def test_gaps_and_overlaps(zone: ZoneInfo, day: date, at: LocalTime, expected_utc: datetime,
                           expected_local: tuple[int, int]) -> None:
    instant = occurrence(day, at, zone)
    assert instant == expected_utc
    local = instant.astimezone(zone)
    assert (local.hour, local.minute) == expected_local
    assert local_date(instant, zone) == day


def test_overlap_posts_once_not_at_the_repeat() -> None:
    at = LocalTime(2, 30)
    first = occurrence(date(2024, 10, 27), at, PARIS)
    assert first is not None
    # Just after the first 02:30 (and before the repeated one at 01:30 UTC) the next is the next day.
    following = next_occurrence(at, PARIS, first)
    assert following == occurrence(date(2024, 10, 28), at, PARIS)
    assert next_occurrence(at, PARIS, utc(2024, 10, 27, 1, 29)) == following


def test_a_day_that_never_happened_is_skipped() -> None:
    apia = ZoneInfo("Pacific/Apia")
    assert occurrence(date(2011, 12, 30), LocalTime(9, 0), apia) is None
    after = datetime(2011, 12, 29, 20, 0, tzinfo=apia)
    assert next_occurrence(LocalTime(9, 0), apia, after).astimezone(apia).date() == date(2011, 12, 31)


@pytest.mark.parametrize("zone_name", ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                                       "UTC", "America/Havana", "America/Santiago", "Europe/Dublin"])
@pytest.mark.parametrize("at", [LocalTime(0, 0), LocalTime(0, 30), LocalTime(2, 30), LocalTime(9, 0),
                                LocalTime(23, 59)])
def test_every_local_day_gets_exactly_one_post_time(zone_name: str, at: LocalTime) -> None:
    """Walking two years with next_occurrence visits each local day once, in order, at the wall time
    (or shifted by at most the gap)."""
    zone = ZoneInfo(zone_name)
    instant = next_occurrence(at, zone, utc(2023, 12, 31, 12))
    day = local_date(instant, zone)
    for _ in range(731):
        local = instant.astimezone(zone)
        assert local.date() == day
        shift = (local.hour * 60 + local.minute) - (at.hour * 60 + at.minute)
        assert 0 <= shift <= 60, (day, local)
        following = next_occurrence(at, zone, instant)
        assert following > instant
        day += timedelta(days=1)
        assert local_date(following, zone) == day
        instant = following


def test_next_occurrence_after_day_skips_that_day() -> None:
    at = LocalTime(21, 0)
    morning = utc(2024, 5, 1, 6, 0)  # 08:00 in Paris
    assert next_occurrence(at, PARIS, morning) == utc(2024, 5, 1, 19, 0)
    assert next_occurrence(at, PARIS, morning, after_day=date(2024, 5, 1)) == utc(2024, 5, 2, 19, 0)


# --- catch-up ---------------------------------------------------------------------------------------------

NINE = LocalTime(9, 0)
DUE = utc(2024, 5, 1, 7, 0)  # 09:00 Paris, 1 May


def test_on_time_posts_for_that_day() -> None:
    action = on_due(DUE, NINE, PARIS, DUE)
    assert action.post_day == date(2024, 5, 1) and action.missed_days == 0


def test_back_the_same_day_posts_late_once() -> None:
    action = on_due(DUE, NINE, PARIS, utc(2024, 5, 1, 21, 50))  # 23:50 local
    assert action.post_day == date(2024, 5, 1) and action.missed_days == 0


def test_back_the_next_day_before_post_time_never_posts_yesterdays() -> None:
    action = on_due(DUE, NINE, PARIS, utc(2024, 5, 1, 22, 5))  # 00:05 local on 2 May
    assert action.post_day is None
    assert (action.missed_from, action.missed_to) == (date(2024, 5, 1), date(2024, 5, 1))
    assert action.next_at == utc(2024, 5, 2, 7, 0)


def test_back_days_later_after_post_time_posts_today_and_reports_the_gap() -> None:
    action = on_due(DUE, NINE, PARIS, utc(2024, 5, 4, 10, 0))
    assert action.post_day == date(2024, 5, 4)
    assert (action.missed_from, action.missed_to, action.missed_days) == (date(2024, 5, 1), date(2024, 5, 3), 3)


def test_day_is_over() -> None:
    assert not day_is_over(date(2024, 5, 1), PARIS, utc(2024, 5, 1, 21, 59))
    assert day_is_over(date(2024, 5, 1), PARIS, utc(2024, 5, 1, 22, 0))


def test_never_posts_before_the_days_time() -> None:
    """A retry set for 'in a minute' just before midnight must not post the next day at 00:00."""
    action = on_due(utc(2024, 5, 1, 22, 0, 30), NINE, PARIS, utc(2024, 5, 1, 22, 0, 30))  # 00:00:30 on 2 May
    assert action.post_day is None and action.next_at == utc(2024, 5, 2, 7, 0) and action.missed_days == 0


@pytest.mark.parametrize(("typed", "zone_name"), [
    ("São Paulo", "America/Sao_Paulo"), ("zurich", "Europe/Zurich"), ("Zürich", "Europe/Zurich"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),     # also the old America/Buenos_Aires: the same clock
    ("Indianapolis", "America/Indiana/Indianapolis"), ("america/sao_paulo", "America/Sao_Paulo"),
])
def test_cities_are_read_as_people_type_them(typed: str, zone_name: str) -> None:
    assert parse_timezone(typed) == zone_name
