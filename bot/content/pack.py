"""The content-pack format (version 1): parsing, validation and serialisation.

A pack is one JSON object with ``format``, ``pack`` and lists of ``films``, ``people``,
``facts`` and ``questions``. The format is documented in README.md ("Content packs").
Validation collects every problem, each naming the file, the entry and the field, so a
moderator can fix a pack in one pass.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from bot.content.model import (
    CREDIT_FIELDS,
    DIFFICULTIES,
    FACT_FIELDS,
    FILM_FIELDS,
    FORMAT_VERSION,
    KEY_RE,
    MAX_CHOICE,
    MAX_FACT_TEXT,
    MAX_PROMPT,
    MAX_SOURCE,
    MAX_TAG,
    MAX_TAGS,
    NESTED_TOO_DEEP,
    PERSON_FIELDS,
    QUESTION_FIELDS,
    ROLES,
    Credit,
    FactEntry,
    FilmEntry,
    PackError,
    PackInfo,
    PersonEntry,
    QuestionEntry,
)
from bot.content.plain import fast_fact, fast_film
from bot.text import fold

__all__ = [  # the format's entries and limits are read from here too (bot.content.model defines them)
    "DIFFICULTIES", "FORMAT_VERSION", "KEY_RE", "MAX_CHOICE", "MAX_FACT_TEXT", "MAX_PROMPT", "MAX_SOURCE", "MAX_TAG",
    "MAX_TAGS", "NESTED_TOO_DEEP", "ROLES", "Credit", "FactEntry", "FilmEntry", "Pack", "PackError", "PackInfo",
    "PersonEntry", "QuestionEntry", "StreamedPack", "collector_paused", "load_pack_file", "pack_to_dict", "parse_pack",
    "parse_pack_bytes", "read_pack", "read_pack_bytes", "read_pack_file",
]

FACT_BATCH = 100_000   # facts read (and written) at a time from a pack file: see StreamedPack


@dataclass(frozen=True)
class Pack:
    info: PackInfo
    films: tuple[FilmEntry, ...] = ()
    people: tuple[PersonEntry, ...] = ()
    facts: tuple[FactEntry, ...] = ()
    questions: tuple[QuestionEntry, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {"films": len(self.films), "people": len(self.people),
                "facts": len(self.facts), "questions": len(self.questions)}

    @property
    def fact_count(self) -> int:
        return len(self.facts)

    def named_films(self) -> set[str | None]:
        """The films the facts and questions name (a pack built in code may name an earlier pack's)."""
        return {*map(attrgetter("film"), self.facts), *map(attrgetter("film"), self.questions)}

    def fact_batches(self) -> Iterator[Sequence[FactEntry]]:
        """The facts, a batch at a time (as ``StreamedPack`` gives them)."""
        for start in range(0, len(self.facts), FACT_BATCH):
            yield self.facts[start:start + FACT_BATCH]


@dataclass
class StreamedPack:
    """A pack file whose facts are read as they are written (``read_pack``), rather than all first.

    Everything but the facts is read and checked at once. The facts come a batch at a time from
    ``fact_batches``, each checked as it is read, so an importer can write one batch while the next
    is read (bot.db.packs). A fact with a problem stops the batches: the rest are still read, so
    that every problem is named, and ``fact_batches`` then raises ``PackError``; the importer's
    transaction rolls back whatever it wrote. ``complete`` reads them all: a ``Pack``.
    """

    info: PackInfo
    films: tuple[FilmEntry, ...]
    people: tuple[PersonEntry, ...]
    questions: tuple[QuestionEntry, ...]
    origin: str
    raw_facts: list[Any]
    film_keys: set[str]

    @property
    def fact_count(self) -> int:
        return len(self.raw_facts)

    def named_films(self) -> set[str | None]:
        """Every film the facts and questions may name: the questions' and the pack's own (a fact
        naming any other is a problem, found as it is read)."""
        return {*self.film_keys, *map(attrgetter("film"), self.questions)}

    def fact_batches(self) -> Iterator[Sequence[FactEntry]]:
        problems: list[str] = []
        for batch in _checked_batches(self.raw_facts, self.origin, problems, self.film_keys):
            if not problems:
                yield batch  # type: ignore[misc]  # no problem: every entry was read
        if problems:
            raise PackError(problems)

    def complete(self) -> Pack:
        facts = tuple(fact for batch in self.fact_batches() for fact in batch)
        return Pack(self.info, self.films, self.people, facts, self.questions)


@dataclass
class _Reader:
    """Reads one entry's fields, recording problems as 'file: where: field "x": what'."""

    origin: str
    where: str
    data: dict[str, Any]
    problems: list[str]
    known: frozenset[str] = field(default_factory=frozenset)

    def problem(self, name: str, message: str) -> None:
        self.problems.append(f'{self.origin}: {self.where}: field "{name}": {message}')

    def check_unknown(self) -> None:
        for name in self.data:
            if name not in self.known:
                self.problem(name, "unknown field (check the spelling)")

    def text(self, name: str, *, required: bool = False, limit: int = 10_000) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.problem(name, "is required")
            return None
        if not isinstance(value, str):
            self.problem(name, f"must be text, got {type(value).__name__}")
            return None
        value = value.strip()
        if required and not value:
            self.problem(name, "must not be empty")
            return None
        if len(value) > limit:
            self.problem(name, f"is {len(value)} characters long; the limit is {limit}")
            return None
        return value or None

    def key(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name, required=required, limit=80)
        if value is not None and not KEY_RE.match(value):
            self.problem(name, f"{value!r} must use only a-z, 0-9, '.', '_' and '-'")
            return None
        return value

    def integer(self, name: str, lo: int, hi: int) -> int | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"must be a whole number, got {type(value).__name__}")
            return None
        if not lo <= value <= hi:
            self.problem(name, f"{value} is outside {lo}-{hi}")
            return None
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.problem(name, f"must be true or false, got {type(value).__name__}")
            return default
        return value

    def texts(self, name: str, *, limit: int = 300, max_items: int = 100) -> tuple[str, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(name, f"must be a list of text, got {type(value).__name__}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{name}[{i}]", "must be non-empty text")
            elif len(item.strip()) > limit:
                self.problem(f"{name}[{i}]", f"is longer than {limit} characters")
            elif item.strip() not in out:
                out.append(item.strip())
        if len(out) > max_items:
            self.problem(name, f"has {len(out)} items; the limit is {max_items}")
        return tuple(out)

    def entries(self, name: str) -> list[dict[str, Any]]:
        """The list ``name`` of objects (for nested lists such as credits)."""
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(name, "must be a list of objects")
            return []
        return value


def _label(kind: str, index: int, data: Any) -> str:
    key = data.get("id") if isinstance(data, dict) else None
    return f"{kind}[{index}]" + (f" (id {key!r})" if isinstance(key, str) else "")


def _section(doc: dict[str, Any], name: str, origin: str, problems: list[str]) -> list[Any]:
    value = doc.get(name, [])
    if not isinstance(value, list):
        problems.append(f'{origin}: field "{name}": must be a list')
        return []
    return value


def _unique(kind: str, entries: Sequence[Any], origin: str, problems: list[str]) -> set[str]:
    """The ids of ``entries`` (None for an entry that did not parse); each duplicate is a problem."""
    keys = [e.id if e else None for e in entries]
    seen = set(keys)
    seen.discard(None)
    if len(seen) == len(keys) - keys.count(None):
        return seen  # type: ignore[return-value]
    seen = set()
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            problems.append(f'{origin}: {kind}[{index}]: field "id": duplicate id {key!r}')
        seen.add(key)
    return seen  # type: ignore[return-value]


def parse_pack(doc: Any, origin: str = "pack") -> Pack:
    """Validate a decoded JSON document and return a ``Pack``; raise ``PackError`` listing every problem."""
    return read_pack(doc, origin).complete()


def read_pack(doc: Any, origin: str = "pack") -> StreamedPack:
    """Validate a decoded JSON document but for its facts, which are checked as they are read (see
    ``StreamedPack``); raise ``PackError`` listing every problem (those of the facts too, if any)."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise PackError([f"{origin}: the top level must be a JSON object, got {type(doc).__name__}"])
    if doc.get("format") != FORMAT_VERSION:
        problems.append(f'{origin}: field "format": must be {FORMAT_VERSION}, got {doc.get("format")!r}')
    for name in doc:
        if name not in ("format", "pack", "films", "people", "facts", "questions"):
            problems.append(f'{origin}: field "{name}": unknown section (check the spelling)')
    info = _parse_info(doc.get("pack"), origin, problems)
    films = [_parse_film(i, d, origin, problems) for i, d in enumerate(_section(doc, "films", origin, problems))]
    people = [_parse_person(i, d, origin, problems)
              for i, d in enumerate(_section(doc, "people", origin, problems))]
    raw_facts = _section(doc, "facts", origin, problems)
    questions = [_parse_question(i, d, origin, problems)
                 for i, d in enumerate(_section(doc, "questions", origin, problems))]

    film_keys = _unique("films", films, origin, problems)
    person_keys = _unique("people", people, origin, problems)
    _unique("questions", questions, origin, problems)
    for i, film in enumerate(films):
        for j, credit in enumerate(film.credits if film else ()):
            if credit.person not in person_keys:
                problems.append(f'{origin}: films[{i}] (id {film.id!r}): field "credits[{j}].person": '
                                f'no person with id {credit.person!r} in "people"')
    _films_named(questions, 0, "questions", film_keys, origin, problems)
    if problems:   # the facts' problems are named too, to fix in one pass
        for _ in _checked_batches(raw_facts, origin, problems, film_keys):
            pass
        raise PackError(problems)
    assert info is not None
    return StreamedPack(info, tuple(films), tuple(people), tuple(questions), origin,  # type: ignore[arg-type]
                        raw_facts, film_keys)


def _checked_batches(raw: list[Any], origin: str, problems: list[str],
                     film_keys: set[str]) -> Iterator[list[FactEntry | None]]:
    """``raw``'s facts read ``FACT_BATCH`` at a time; each problem (a duplicate across batches too) is added
    to ``problems`` as its batch is read."""
    seen: set[str] = set()
    for start in range(0, len(raw), FACT_BATCH):
        yield _read_facts(raw, start, origin, problems, seen, film_keys)


def _read_facts(raw: list[Any], start: int, origin: str, problems: list[str], seen: set[str],
                film_keys: set[str]) -> list[FactEntry | None]:
    """Facts ``start`` to ``start + FACT_BATCH`` of ``raw``; ``seen`` holds the ids of those before."""
    batch = [_parse_fact(i, d, origin, problems) for i, d in enumerate(raw[start:start + FACT_BATCH], start)]
    keys = [e.id if e else None for e in batch]
    fresh = set(keys)
    fresh.discard(None)
    if len(fresh) != len(keys) - keys.count(None) or not fresh.isdisjoint(seen):
        for index, key in enumerate(keys, start):
            if key is None:
                continue
            if key in seen:
                problems.append(f'{origin}: facts[{index}]: field "id": duplicate id {key!r}')
            seen.add(key)
    else:
        seen |= fresh  # type: ignore[arg-type]
    _films_named(batch, start, "facts", film_keys, origin, problems)
    return batch


def _films_named(entries: Sequence[FactEntry | QuestionEntry | None], start: int, kind: str, film_keys: set[str],
                 origin: str, problems: list[str]) -> None:
    """A problem for each entry naming a film that is not in the pack."""
    if {e.film for e in entries if e} <= film_keys | {None}:
        return
    for i, entry in enumerate(entries, start):
        if entry and entry.film is not None and entry.film not in film_keys:
            problems.append(f'{origin}: {kind}[{i}] (id {entry.id!r}): field "film": '
                            f'no film with id {entry.film!r} in "films"')


def _parse_info(data: Any, origin: str, problems: list[str]) -> PackInfo | None:
    if not isinstance(data, dict):
        problems.append(f'{origin}: field "pack": must be an object with id and name')
        return None
    r = _Reader(origin, "pack", data, problems,
                frozenset({"id", "name", "version", "description", "language"}))
    r.check_unknown()
    key, name = r.key("id", required=True), r.text("name", required=True, limit=100)
    version = r.integer("version", 1, 1_000_000) or 1
    if key is None or name is None:
        return None
    return PackInfo(key, name, version, r.text("description", limit=500) or "", r.text("language", limit=10) or "en")


def _entry_reader(kind: str, i: int, data: Any, origin: str, problems: list[str],
                  known: frozenset[str]) -> _Reader | None:
    """A reader for entry ``i`` of section ``kind``, unknown fields already reported; None if not an object."""
    if not isinstance(data, dict):
        problems.append(f"{origin}: {kind}[{i}]: must be an object")
        return None
    r = _Reader(origin, _label(kind, i, data), data, problems, known)
    r.check_unknown()
    return r


def _parse_film(i: int, data: Any, origin: str, problems: list[str]) -> FilmEntry | None:
    return fast_film(data) or _read_film(i, data, origin, problems)


def _read_film(i: int, data: Any, origin: str, problems: list[str]) -> FilmEntry | None:
    r = _entry_reader("films", i, data, origin, problems, FILM_FIELDS)
    if r is None:
        return None
    key, title = r.key("id", required=True), r.text("title", required=True, limit=200)
    if title is not None and not fold(title):
        r.problem("title", "needs a letter or a digit, or nobody could look the film up")
        title = None
    credits = []
    for j, c in enumerate(r.entries("credits")):
        cr = _Reader(origin, f"{r.where} credits[{j}]", c, problems, CREDIT_FIELDS)
        cr.check_unknown()
        person, role = cr.key("person", required=True), cr.text("role", required=True)
        character = cr.text("character", limit=200) or ""
        if role is not None and role not in ROLES:
            cr.problem("role", f"{role!r} is not one of {', '.join(ROLES)}")
        elif person is not None and role is not None:
            credits.append(Credit(person, role, character))
    entry = FilmEntry(
        id=key or "", title=title or "", original_title=r.text("original_title", limit=200),
        year=r.integer("year", 1870, 2100), aliases=r.texts("aliases", limit=200),
        runtime_minutes=r.integer("runtime_minutes", 1, 10_000), countries=r.texts("countries"),
        languages=r.texts("languages"), format=r.text("format", limit=200), locations=r.texts("locations"),
        awards=r.texts("awards"), synopsis=r.text("synopsis", limit=4_000), credits=tuple(credits),
        sources=r.texts("sources"),
    )
    return entry if key and title else None


def _parse_person(i: int, data: Any, origin: str, problems: list[str]) -> PersonEntry | None:
    r = _entry_reader("people", i, data, origin, problems, PERSON_FIELDS)
    if r is None:
        return None
    key, name = r.key("id", required=True), r.text("name", required=True, limit=200)
    born, died = r.text("born", limit=10), r.text("died", limit=10)
    for fname, value in (("born", born), ("died", died)):
        if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            r.problem(fname, f"{value!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    entry = PersonEntry(key or "", name or "", r.texts("aliases", limit=200), born, died,
                        r.text("known_for", limit=300))
    return entry if key and name else None


def _parse_fact(i: int, data: Any, origin: str, problems: list[str]) -> FactEntry | None:
    return fast_fact(data) or _read_fact(i, data, origin, problems)


def _read_fact(i: int, data: Any, origin: str, problems: list[str]) -> FactEntry | None:
    r = _entry_reader("facts", i, data, origin, problems, FACT_FIELDS)
    if r is None:
        return None
    key = r.key("id", required=True)
    text = r.text("text", required=True, limit=MAX_FACT_TEXT)
    source = r.text("source", required=True, limit=MAX_SOURCE)
    tags = tuple(dict.fromkeys(t.lower() for t in r.texts("tags", limit=MAX_TAG, max_items=MAX_TAGS)))
    entry = FactEntry(key or "", text or "", source or "", r.key("film"), tags, r.boolean("verified", True))
    return entry if key and text and source else None


def _parse_question(i: int, data: Any, origin: str, problems: list[str]) -> QuestionEntry | None:
    r = _entry_reader("questions", i, data, origin, problems, QUESTION_FIELDS)
    if r is None:
        return None
    key, prompt = r.key("id", required=True), r.text("prompt", required=True, limit=MAX_PROMPT)
    answers = r.texts("answers", limit=MAX_CHOICE, max_items=30)
    wrong = r.texts("wrong", limit=MAX_CHOICE, max_items=3)
    if not answers:
        r.problem("answers", "needs at least one accepted answer")
    folded = {a.casefold() for a in answers}
    for j, w in enumerate(wrong):
        if w.casefold() in folded:
            r.problem(f"wrong[{j}]", f"{w!r} is also an accepted answer")
    if len(wrong) not in (0, 1, 3):
        r.problem("wrong", f"needs 3 wrong choices for multiple choice (or 1 for true/false), got {len(wrong)}")
    difficulty = r.text("difficulty", limit=10)
    if difficulty is not None and difficulty not in DIFFICULTIES:
        r.problem("difficulty", f"{difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
        difficulty = None
    entry = QuestionEntry(key or "", prompt or "", answers, wrong, r.key("film"), difficulty,
                          r.text("source", limit=MAX_SOURCE) or "", r.text("list", limit=100))
    return entry if key and prompt and answers else None


def load_pack_file(path: str | Path) -> Pack:
    """Read and validate a pack file; every failure is a ``PackError`` naming the file."""
    with collector_paused():
        return read_pack_file(path).complete()


def read_pack_file(path: str | Path) -> StreamedPack:
    """``load_pack_file``, but the facts are read as they are written (see ``StreamedPack``)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([f"{path}: cannot read the file ({exc.strerror})"]) from None
    return read_pack_bytes(raw, path.name)


def parse_pack_bytes(raw: bytes, origin: str) -> Pack:
    with collector_paused():
        return read_pack_bytes(raw, origin).complete()


def read_pack_bytes(raw: bytes, origin: str) -> StreamedPack:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError([f"{origin}: not UTF-8 text (bad byte at position {exc.start}); save it as UTF-8"]) from None
    with collector_paused():
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PackError([f"{origin}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None
        except RecursionError:
            raise PackError([f"{origin}: {NESTED_TOO_DEEP}"]) from None
        return read_pack(doc, origin)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a document is decoded and read (and, for ``python -m bot
    import``, written: the whole command runs inside one pause).

    Millions of new dicts and entries set it off again and again, each time walking everything built
    so far: a third of the time spent reading 1,000,000 facts, and 1.0 s of writing them
    (bench/import_pack.py). Nothing built here forms a cycle, and reference counting frees it as
    usual. Nested pauses are one pause: the outermost turns the collector back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    """The JSON document for ``pack`` (the inverse of ``parse_pack``); empty fields are left out."""

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items() if v not in (None, (), "", [])}

    return {
        "format": FORMAT_VERSION,
        "pack": clean({"id": pack.info.id, "name": pack.info.name, "version": pack.info.version,
                       "description": pack.info.description, "language": pack.info.language}),
        "films": [clean({**{k: getattr(f, k) for k in FilmEntry.__dataclass_fields__ if k != "credits"},
                         "credits": [clean({"person": c.person, "role": c.role, "character": c.character})
                                     for c in f.credits]}) for f in pack.films],
        "people": [clean({k: getattr(p, k) for k in PersonEntry.__dataclass_fields__}) for p in pack.people],
        "facts": [{**clean({k: v for k, v in f._asdict().items() if k != "verified"}), "verified": f.verified}
                  for f in pack.facts],
        "questions": [clean({**{k: getattr(q, k) for k in QuestionEntry.__dataclass_fields__ if k != "list_name"},
                             "list": q.list_name}) for q in pack.questions],
    }
