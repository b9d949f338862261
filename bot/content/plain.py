"""One-pass readers for the well-formed entries that make up almost all of a big pack.

Each gives exactly what the field-by-field reader (bot.content.pack) gives for an entry it accepts
as it is, at a fraction of the cost, or None to leave the entry to that reader, which stays the
authority on what is wrong and how it is reported (tests/bot/content/test_pack.py compares them).
"""

from __future__ import annotations

import re
from typing import Any

from bot.content.model import (
    CREDIT_FIELDS,
    FACT_FIELDS,
    FILM_FIELDS,
    KEY_RE,
    MAX_FACT_TEXT,
    MAX_SOURCE,
    MAX_TAG,
    MAX_TAGS,
    ROLES,
    Credit,
    FactEntry,
    FilmEntry,
)
from bot.text import fold

_match_key = KEY_RE.fullmatch
_has_ascii_word = re.compile(r"[A-Za-z0-9]").search


class _Unusual(Exception):
    """An entry the one-pass readers leave to the field-by-field reader (which names any problem)."""


def _clean(value: Any, limit: int) -> bool:
    """Text the field-by-field reader would keep exactly as it is (no surrounding space, within ``limit``)."""
    return type(value) is str and 0 < len(value) <= limit and value.strip() == value


def _plain_key(value: Any) -> str | None:
    if value is None or (type(value) is str and _match_key(value) is not None):
        return value
    raise _Unusual


def _plain_text(value: Any, limit: int) -> str | None:
    if value is None or _clean(value, limit):
        return value
    raise _Unusual


def _plain_texts(value: Any, limit: int, max_items: int = 100) -> tuple[str, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise _Unusual
    for item in value:
        if not _clean(item, limit):
            raise _Unusual
    kept = tuple(dict.fromkeys(value))
    if len(kept) > max_items:
        raise _Unusual
    return kept


def _plain_int(value: Any, lo: int, hi: int) -> int | None:
    if value is None or (type(value) is int and lo <= value <= hi):
        return value
    raise _Unusual


def fast_fact(data: Any) -> FactEntry | None:
    """A well-formed fact read in one pass, or None to read it field by field (which names any problem).

    A pack of 1,000,000 facts is almost all well-formed entries: for them this gives the same
    result as the field-by-field reader at a fraction of the cost; the ``_Reader`` path stays
    the authority on what is wrong and how it is reported.
    """
    if type(data) is not dict or not FACT_FIELDS.issuperset(data):
        return None
    get = data.get
    key, text, source, film, tags, verified = (get("id"), get("text"), get("source"), get("film"), get("tags"),
                                               get("verified", True))
    if (type(key) is not str or _match_key(key) is None or not _clean(text, MAX_FACT_TEXT)
            or not _clean(source, MAX_SOURCE) or type(verified) is not bool
            or (film is not None and (type(film) is not str or _match_key(film) is None))):
        return None
    if tags is None:
        return FactEntry(key, text, source, film, (), verified)
    if type(tags) is not list or len(tags) > MAX_TAGS:
        return None
    clean: list[str] = []
    for tag in tags:
        if not _clean(tag, MAX_TAG):
            return None
        if (tag := tag.lower()) not in clean:
            clean.append(tag)
    return FactEntry(key, text, source, film, tuple(clean), verified)


def fast_film(data: Any) -> FilmEntry | None:
    """A well-formed film read in one pass, or None to read it field by field (as ``fast_fact``)."""
    if type(data) is not dict or not FILM_FIELDS.issuperset(data):
        return None
    get = data.get
    key, title = get("id"), get("title")
    if (type(key) is not str or _match_key(key) is None or not _clean(title, 200)
            or not (_has_ascii_word(title) or fold(title))):
        return None
    try:
        return FilmEntry(
            key, title, _plain_text(get("original_title"), 200), _plain_int(get("year"), 1870, 2100),
            _plain_texts(get("aliases"), 200), _plain_int(get("runtime_minutes"), 1, 10_000),
            _plain_texts(get("countries"), 300), _plain_texts(get("languages"), 300),
            _plain_text(get("format"), 200), _plain_texts(get("locations"), 300), _plain_texts(get("awards"), 300),
            _plain_text(get("synopsis"), 4_000), _plain_credits(get("credits")), _plain_texts(get("sources"), 300))
    except _Unusual:
        return None


def _plain_credits(value: Any) -> tuple[Credit, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise _Unusual
    credits = []
    for c in value:
        if type(c) is not dict or not CREDIT_FIELDS.issuperset(c):
            raise _Unusual
        person, role, character = c.get("person"), c.get("role"), _plain_text(c.get("character"), 200)
        if person is None or _plain_key(person) is None or role not in ROLES:
            raise _Unusual
        credits.append(Credit(person, role, character or ""))
    return tuple(credits)
