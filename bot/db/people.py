"""People: who they are, what they made (credits by film), and lookups by any of their names."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.db.names import PEOPLE, Row, candidates
from bot.db.util import now
from bot.lookup.ranking import Ranked, resolve
from bot.text import fold


@dataclass(frozen=True)
class Person:
    id: int
    pack_key: str | None
    name: str
    born: str | None          # YYYY, YYYY-MM or YYYY-MM-DD
    died: str | None
    known_for: str | None


@dataclass(frozen=True)
class PersonCredit:
    film_id: int
    title: str
    year: int | None
    role: str
    character: str
    position: int


@dataclass(frozen=True)
class FilmCredits:
    """Everything one person did on one film."""

    film_id: int
    title: str
    year: int | None
    credits: tuple[PersonCredit, ...]


@dataclass(frozen=True)
class PersonDetails:
    person: Person
    aliases: tuple[str, ...]
    films: tuple[FilmCredits, ...]     # oldest film first; undated films last


@dataclass(frozen=True)
class PersonHit:
    id: int
    name: str
    ranked: Ranked


@dataclass(frozen=True)
class PersonLookup:
    query: str
    hits: tuple[PersonHit, ...]
    ambiguous: bool

    @property
    def single(self) -> PersonHit | None:
        return self.hits[0] if self.hits and not self.ambiguous else None


def _person(row: aiosqlite.Row) -> Person:
    return Person(row["id"], row["pack_key"], row["name"], row["born"], row["died"], row["known_for"])


def _hit(row: Row) -> PersonHit:
    return PersonHit(row.id, row.label_name, row.ranked)


async def get(db: Database, person_id: int) -> Person | None:
    row = await db.fetchone("SELECT * FROM people WHERE id = ?", (person_id,))
    return None if row is None else _person(row)


async def get_many(db: Database, person_ids: Sequence[int]) -> dict[int, Person]:
    rows = await db.fetchall(
        "SELECT * FROM people WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(person_ids)),)
    )
    return {r["id"]: _person(r) for r in rows}


async def get_details(db: Database, person_id: int) -> PersonDetails | None:
    """The person, their other names, and their credits grouped by film in release order."""
    person = await get(db, person_id)
    if person is None:
        return None
    alias_rows = await db.fetchall("SELECT name FROM person_names WHERE person_id = ? ORDER BY id", (person_id,))
    main = fold(person.name)
    aliases = tuple(r[0] for r in alias_rows if fold(r[0]) != main)
    rows = await db.fetchall(
        "SELECT c.film_id, f.title, f.year, c.role, c.character, c.position FROM credits c "
        "JOIN films f ON f.id = c.film_id WHERE c.person_id = ? "
        "ORDER BY f.year IS NULL, f.year, f.title, c.film_id, c.position",
        (person_id,),
    )
    films: dict[int, list[PersonCredit]] = {}
    for r in rows:
        films.setdefault(r[0], []).append(PersonCredit(*r))
    return PersonDetails(person, aliases, tuple(
        FilmCredits(film_id, credits[0].title, credits[0].year, tuple(credits)) for film_id, credits in films.items()
    ))


async def search(db: Database, text: str, *, limit: int = 25) -> list[PersonHit]:
    """People by any name ("leaud", "Truffaut", "jean pierre"), best first."""
    return [_hit(r) for r in await candidates(db, PEOPLE, text, limit=limit)]


async def find(db: Database, text: str, *, limit: int = 25) -> PersonLookup:
    """What a typed name refers to; several equally good matches are returned as ambiguous."""
    hits = await search(db, text, limit=limit)
    resolution = resolve([h.ranked for h in hits], max_choices=limit)
    by_id = {h.id: h for h in hits}
    return PersonLookup(text, tuple(by_id[r.entity_id] for r in resolution.matches), resolution.ambiguous)


async def ids_by_norm(db: Database, names: Sequence[str]) -> dict[str, list[int]]:
    """For each folded name, the people called that (name or alias): for credits typed by name."""
    norms = sorted({fold(n) for n in names if fold(n)})
    rows = await db.fetchall(
        "SELECT DISTINCT norm, person_id FROM person_names WHERE norm IN (SELECT value FROM json_each(?)) "
        "ORDER BY norm, person_id", (json.dumps(norms),),
    )
    out: dict[str, list[int]] = {}
    for norm, person_id in rows:
        out.setdefault(norm, []).append(person_id)
    return out


async def existing_ids(db: Database, person_ids: Sequence[int]) -> set[int]:
    return set((await get_many(db, person_ids)).keys())


async def create_in(conn: aiosqlite.Connection, name: str) -> int:
    """A new person known only by ``name`` (inside the caller's transaction)."""
    stamp = now()
    cur = await conn.execute("INSERT INTO people (name, created_at, updated_at) VALUES (?, ?, ?)",
                             (name, stamp, stamp))
    person_id = int(cur.lastrowid or 0)
    await conn.execute("INSERT INTO person_names (person_id, name, norm) VALUES (?, ?, ?)",
                       (person_id, name, fold(name)))
    return person_id
