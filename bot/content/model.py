"""The content-pack format's entries and limits (version 1): what a pack holds, once read.

Reading and checking a pack is bot.content.pack (field by field) and bot.content.plain (one pass,
for well-formed entries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

FORMAT_VERSION = 1
ROLES = ("director", "writer", "actor", "cinematographer", "composer", "producer", "editor", "cameo")
DIFFICULTIES = ("easy", "medium", "hard")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
MAX_FACT_TEXT = 1_000
MAX_SOURCE = 300
MAX_TAGS = 10
MAX_TAG = 40
MAX_PROMPT = 500
MAX_CHOICE = 80
NESTED_TOO_DEEP = "lists or objects are nested too deeply to read"


class PackError(Exception):
    """A pack that cannot be loaded; ``problems`` lists every reason, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:10]
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__("\n".join(shown) + more)


@dataclass(frozen=True)
class PackInfo:
    id: str
    name: str
    version: int = 1
    description: str = ""
    language: str = "en"


@dataclass(frozen=True)
class Credit:
    person: str
    role: str
    character: str = ""


@dataclass(frozen=True)
class FilmEntry:
    id: str
    title: str
    original_title: str | None = None
    year: int | None = None
    aliases: tuple[str, ...] = ()
    runtime_minutes: int | None = None
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    format: str | None = None
    locations: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    synopsis: str | None = None
    credits: tuple[Credit, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    born: str | None = None
    died: str | None = None
    known_for: str | None = None


class FactEntry(NamedTuple):
    """A fact of a pack: a named tuple rather than a dataclass, as a pack may hold 1,000,000 of them and
    a named tuple is built three times faster (0.4 s of reading 1,000,000 facts, bench/import_pack.py)."""

    id: str
    text: str
    source: str
    film: str | None = None
    tags: tuple[str, ...] = ()
    verified: bool = True


@dataclass(frozen=True)
class QuestionEntry:
    id: str
    prompt: str
    answers: tuple[str, ...]
    wrong: tuple[str, ...] = ()
    film: str | None = None
    difficulty: str | None = None
    source: str = ""
    list_name: str | None = None


FILM_FIELDS = frozenset({"id", "title", "original_title", "year", "aliases", "runtime_minutes", "countries",
                          "languages", "format", "locations", "awards", "synopsis", "credits", "sources"})
CREDIT_FIELDS = frozenset({"person", "role", "character"})
PERSON_FIELDS = frozenset({"id", "name", "aliases", "born", "died", "known_for"})
# "version" is what /facts export writes for /facts import; a pack import has no use for it.
FACT_FIELDS = frozenset({"id", "film", "text", "source", "tags", "verified", "version"})
QUESTION_FIELDS = frozenset({"id", "film", "prompt", "answers", "wrong", "difficulty", "source", "list"})
