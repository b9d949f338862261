"""Films as other features refer to them: a title and year for labels, pickers and filters; a key,
a name or a number for moderators' forms and import files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.db import names
from bot.db.connection import Database
from bot.lookup.ranking import split_year
from bot.text import fold, row_id

_COLUMNS = "f.id, f.title, f.year, f.pack_key"
PICKED = "id:"   # a film picker's value: "id:12" (what a member types is resolved by name)


@dataclass(frozen=True)
class FilmRef:
    id: int
    title: str
    year: int | None
    key: str | None = None        # the pack id ('the-400-blows'), when the film came from a pack

    @property
    def label(self) -> str:
        """'The 400 Blows (1959)'."""
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def reference(self) -> str:
        """What to type in a form or an import file to name this film again: its pack id, else its title and
        year, which tell apart films of the same name ('Hamlet (1948)', 'Hamlet (1996)')."""
        return self.key or self.label


def _ref(row: Iterable) -> FilmRef:
    film_id, title, year, key = tuple(row)[:4]
    return FilmRef(film_id, title, year, key)


async def get(db: Database, film_id: int) -> FilmRef | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM films f WHERE f.id = ?", (film_id,))
    return None if row is None else _ref(row)


async def by_key(db: Database, key: str) -> FilmRef | None:
    """The film a pack calls ``key`` ('the-400-blows')."""
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM films f WHERE f.pack_key = ?", (key,))
    return None if row is None else _ref(row)


async def get_many(db: Database, film_ids: Iterable[int]) -> dict[int, FilmRef]:
    ids = sorted({i for i in film_ids if i is not None})
    if not ids:
        return {}
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM films f WHERE f.id IN ({', '.join('?' * len(ids))})", ids
    )
    return {row[0]: _ref(row) for row in rows}


async def find_by_name(db: Database, text: str) -> list[FilmRef]:
    """Films one of whose names (title, original title, alias) folds to the same text as ``text``."""
    norm = fold(text)
    if not norm:
        return []
    rows = await db.fetchall(
        f"SELECT DISTINCT {_COLUMNS} FROM film_names n JOIN films f ON f.id = n.film_id "
        "WHERE n.norm = ? ORDER BY f.year, f.id",
        (norm,),
    )
    return [_ref(r) for r in rows]


def _labelled(text: str) -> tuple[str, int] | None:
    """('The 400 Blows', 1959) for a film's label as pickers show it, 'The 400 Blows (1959)'."""
    title, year, certain = split_year(text)
    return (title, year) if certain and year is not None else None


def _picked(text: str) -> int | None:
    return row_id(text[len(PICKED):]) if text.startswith(PICKED) else None


def _number(text: str) -> int | None:
    """12 for '12', or '#12' as cards show it."""
    return row_id(text.removeprefix("#"))


def _references(film: FilmRef) -> tuple[str, str]:
    """What may name ``film`` in a form or a file, most readable first: its pack id or label, its number."""
    return film.reference, f"#{film.id}"


async def resolve(db: Database, text: str) -> list[FilmRef]:
    """Films ``text`` may mean: a picker's value, a pack key, else any of their names, else a label with its
    year ('The 400 Blows (1959)'), else a film number ('12', or '#12' as cards show it); [] when none."""
    text = text.strip()
    if not text:
        return []
    if (picked := _picked(text)) is not None:
        film = await get(db, picked)
        return [] if film is None else [film]
    keyed = await by_key(db, text.lower())
    if keyed is not None:
        return [keyed]
    named = await find_by_name(db, text)
    if named:
        return named
    if (label := _labelled(text)) is not None:
        named = [f for f in await find_by_name(db, label[0]) if f.year == label[1]]
        if named:
            return named
    if (number := _number(text)) is not None:
        film = await get(db, number)
        return [] if film is None else [film]
    return []


async def unique_reference(db: Database, film: FilmRef) -> str:
    """What to type to name ``film`` and no other: its pack id or label, else its number (an owner's
    'Hamlet' without a year beside the catalogue's two: '#7')."""
    for text in _references(film):
        if [f.id for f in await resolve(db, text)] == [film.id]:
            return text
    return film.reference


async def autocomplete(db: Database, text: str, limit: int = 25) -> list[FilmRef]:
    """Films for a picker, best first (``bot.db.names``): exact names (titles, original titles, aliases,
    with or without a leading article), names starting with ``text``, names with words starting with
    its words, then close spellings. Alphabetical when nothing is typed."""
    if not fold(text):
        # Walk the names index in order and stop: sorting every film by title took ~30 ms at 100,000 films,
        # and this runs each time a member opens the option.
        rows = await db.fetchall(f"SELECT {_COLUMNS} FROM film_names n JOIN films f ON f.id = n.film_id "
                                 "WHERE n.kind = 'title' ORDER BY n.norm, f.year LIMIT ?", (limit,))
        return [_ref(r) for r in rows]
    found = await names.candidates(db, names.FILMS, text, limit=limit)
    refs = await get_many(db, (r.id for r in found))
    return [refs[r.id] for r in found if r.id in refs]


@dataclass(frozen=True)
class FilmIndex:
    """Every way of naming every film, loaded once for a bulk import."""

    by_key: dict[str, FilmRef]
    by_name: dict[str, tuple[FilmRef, ...]]
    by_id: dict[int, FilmRef]

    def resolve(self, text: str) -> tuple[FilmRef, ...]:
        """As ``resolve`` above, from memory."""
        text = text.strip()
        if not text:
            return ()
        if (picked := _picked(text)) is not None:
            return (self.by_id[picked],) if picked in self.by_id else ()
        if text.lower() in self.by_key:
            return (self.by_key[text.lower()],)
        named = self.by_name.get(fold(text), ())
        if named:
            return named
        if (label := _labelled(text)) is not None:
            named = tuple(f for f in self.by_name.get(fold(label[0]), ()) if f.year == label[1])
            if named:
                return named
        if (number := _number(text)) is not None and number in self.by_id:
            return (self.by_id[number],)
        return ()

    def unique_reference(self, film: FilmRef) -> str:
        """As ``unique_reference`` above, from memory."""
        for text in _references(film):
            if [f.id for f in self.resolve(text)] == [film.id]:
                return text
        return film.reference


async def film_index(db: Database) -> FilmIndex:
    films = {r[0]: _ref(r) for r in await db.fetchall(f"SELECT {_COLUMNS} FROM films f")}
    by_name: dict[str, list[FilmRef]] = {}
    for row in await db.fetchall("SELECT film_id, norm FROM film_names ORDER BY film_id"):
        refs = by_name.setdefault(row["norm"], [])
        if films[row["film_id"]] not in refs:
            refs.append(films[row["film_id"]])
    return FilmIndex(
        by_key={f.key.lower(): f for f in films.values() if f.key},
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_id=films,
    )
