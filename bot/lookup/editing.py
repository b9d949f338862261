"""Correcting films and their credits: who may, and reading what they typed (pure, no I/O).

Films and people are shared by every server, so only the bot's owners (OWNER_IDS) add or correct
them. Corrections are typed into modals; every problem is reported with the line or field it
is on, and nothing is saved until everything reads well.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.content.pack import ROLES
from bot.errors import InvalidInput, PermissionDenied
from bot.permissions import Actor, can_manage_content
from bot.text import fold, is_number, quoted

if TYPE_CHECKING:
    from bot.db.films import FilmDetails

OWNERS_ONLY = ("Films and people are shared by every server, so only the bot's owners can add or correct them. "
               "Ask an owner, or send a correction with a content pack.")
MAX_TITLE = 200
MAX_SYNOPSIS = 4_000
MAX_LIST_ITEM = 300
MAX_ITEMS = 100
MAX_CREDIT_LINES = 200
YEAR_MIN, YEAR_MAX = 1870, 2100
_RUNTIME = re.compile(r"^\s*(\d{1,5})\s*(?:min|mins|minutes|m)?\.?\s*$", re.IGNORECASE)
_PERSON_ID = re.compile(r"^#(\d{1,18})(?:\s.*)?$")  # "#12" or "#12 François Truffaut"
_ROLE_LINE = re.compile(r"^(?P<role>[A-Za-z]+)\s*:\s*(?P<rest>.+)$")


def require_film_editor(actor: Actor) -> None:
    if not can_manage_content(actor, None, None):
        raise PermissionDenied(OWNERS_ONLY)


def _text(label: str, value: str | None, limit: int, *, required: bool = False) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise InvalidInput(f"{label} can't be empty.")
        return None
    if len(value) > limit:
        raise InvalidInput(f"{label} is {len(value):,} characters long; the limit is {limit:,}.")
    return value


def _items(label: str, value: str | None, *, separators: str = "\n") -> tuple[str, ...]:
    raw = re.split(f"[{re.escape(separators)}]", value or "")
    items = list(dict.fromkeys(item.strip() for item in raw if item.strip()))
    for item in items:
        if len(item) > MAX_LIST_ITEM:
            raise InvalidInput(f"{label}: “{item[:40]}…” is longer than {MAX_LIST_ITEM} characters.")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"{label}: {len(items)} entries; the limit is {MAX_ITEMS}.")
    return tuple(items)


@dataclass(frozen=True)
class FilmText:
    """The first correction modal: names, year and synopsis."""

    title: str
    original_title: str | None
    year: int | None
    aliases: tuple[str, ...]
    synopsis: str | None


def parse_year(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not is_number(value) or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise InvalidInput(f"Year must be a number from {YEAR_MIN} to {YEAR_MAX}, like 1959 (got “{value[:20]}”).")
    return int(value)


def parse_film_text(title: str | None, original_title: str | None, year: str | None, aliases: str | None,
                    synopsis: str | None) -> FilmText:
    parsed_title = _text("The title", title, MAX_TITLE, required=True)
    assert parsed_title is not None
    if not fold(parsed_title):
        raise InvalidInput(f"The title {quoted(parsed_title, 40)} needs a letter or a digit, or nobody could look "
                           "the film up: use a name members can type, such as the title written out.")
    original = _text("The original title", original_title, MAX_TITLE)
    names = tuple(a for a in _items("Other titles", aliases)
                  if fold(a) not in {fold(parsed_title), fold(original or "")})
    for alias in names:
        if len(alias) > MAX_TITLE:
            raise InvalidInput(f"Other titles: “{alias[:40]}…” is longer than {MAX_TITLE} characters.")
    return FilmText(parsed_title, original, parse_year(year), names, _text("The synopsis", synopsis, MAX_SYNOPSIS))


@dataclass(frozen=True)
class FilmInfo:
    """The second correction modal: runtime, countries, languages, format and awards."""

    runtime_minutes: int | None
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    format: str | None
    awards: tuple[str, ...]


def parse_film_info(runtime: str | None, countries: str | None, languages: str | None, film_format: str | None,
                    awards: str | None) -> FilmInfo:
    minutes = None
    if runtime and runtime.strip():
        m = _RUNTIME.match(runtime)
        if m is None or not 1 <= int(m.group(1)) <= 10_000:
            raise InvalidInput(f"Runtime must be a number of minutes, like 99 (got “{runtime.strip()[:20]}”).")
        minutes = int(m.group(1))
    return FilmInfo(minutes, _items("Countries", countries, separators=",\n"),
                    _items("Languages", languages, separators=",\n"), _text("The format", film_format, MAX_TITLE),
                    _items("Awards", awards))


@dataclass(frozen=True)
class CreditLine:
    """One typed credit: ``person`` is a name, or ``person_id`` when typed as #id."""

    role: str
    person: str
    person_id: int | None
    character: str
    where: str               # "Crew line 2", for error messages


def _role(word: str) -> str | None:
    word = word.lower()
    for candidate in (word, word.rstrip("s")):
        if candidate in ROLES:
            return candidate
    return None


def _credit(line: str, where: str, default_role: str | None) -> CreditLine:
    role = default_role
    rest = line
    m = _ROLE_LINE.match(line)
    if m and _role(m.group("role")):
        role, rest = _role(m.group("role")), m.group("rest")
    elif m and default_role is None:
        raise InvalidInput(f"{where}: “{m.group('role')}” is not a role; use one of {', '.join(ROLES)}.")
    if role is None:
        raise InvalidInput(f"{where}: start with a role, like “director: François Truffaut”.")
    name, _, character = f" {rest}".partition(" as ")   # the space: "as Nobody" names nobody
    name, character = name.strip(), character.strip()
    if not name:
        raise InvalidInput(f"{where}: who? Write a name, or #id for a person already in Doinel.")
    if len(name) > MAX_TITLE or len(character) > MAX_TITLE:
        raise InvalidInput(f"{where}: names and characters are limited to {MAX_TITLE} characters.")
    m_id = _PERSON_ID.match(name)
    return CreditLine(role, name, int(m_id.group(1)) if m_id else None, character, where)


def parse_credits(crew: str | None, cast: str | None) -> list[CreditLine]:
    """Crew lines read "role: name"; cast lines "name as character" (actor) or "cameo: name as character"."""
    lines: list[CreditLine] = []
    for label, text, default in (("Crew", crew, None), ("Cast", cast, "actor")):
        for number, line in enumerate((text or "").splitlines(), start=1):
            if line.strip():
                lines.append(_credit(line.strip(), f"{label} line {number}", default))
    if len(lines) > MAX_CREDIT_LINES:
        raise InvalidInput(f"{len(lines)} credits; the limit is {MAX_CREDIT_LINES}. Import a pack for more.")
    return lines


@dataclass(frozen=True)
class PlannedCredit:
    """A credit ready to store: an existing person, or a new one to create under ``new_name``."""

    person_id: int | None
    new_name: str | None
    role: str
    character: str


def plan_credits(lines: Sequence[CreditLine], ids_by_norm: Mapping[str, Sequence[int]],
                 existing_ids: set[int]) -> list[PlannedCredit]:
    """Match typed names to people: one match is used, none creates a person, several must be told apart."""
    planned = []
    for line in lines:
        if line.person_id is not None:
            if line.person_id not in existing_ids:
                raise InvalidInput(f"{line.where}: there is no person #{line.person_id}.")
            planned.append(PlannedCredit(line.person_id, None, line.role, line.character))
            continue
        ids = list(ids_by_norm.get(fold(line.person), ()))
        if len(ids) > 1:
            listed = ", ".join(f"#{i}" for i in ids[:10])
            raise InvalidInput(f"{line.where}: several people are called “{line.person}” ({listed}). "
                               "Write the one you mean as #id; /person shows each one's id.")
        planned.append(PlannedCredit(ids[0] if ids else None, None if ids else line.person, line.role, line.character))
    return planned


def credits_text(details: FilmDetails, shared_names: set[int] | frozenset[int] = frozenset()) -> tuple[str, str]:
    """The film's credits as the two modal fields (crew, cast), for correcting in place.

    People in ``shared_names`` (their name is also someone else's) are written "#id name" so that
    saving the text unchanged keeps exactly the same people.
    """
    crew, cast = [], []
    for c in details.credits:
        who = f"#{c.person_id} {c.name}" if c.person_id in shared_names else c.name
        name = who + (f" as {c.character}" if c.character else "")
        if c.role == "actor":
            cast.append(name)
        elif c.role == "cameo":
            cast.append(f"cameo: {name}")
        else:
            crew.append(f"{c.role}: {name}")
    return "\n".join(crew), "\n".join(cast)
