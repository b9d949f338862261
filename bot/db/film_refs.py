"""Films as moderators refer to them: by key, by any of their names, or by number."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.text import fold


@dataclass(frozen=True)
class FilmRef:
    id: int
    key: str | None
    title: str
    year: int | None

    @property
    def label(self) -> str:
        """'The 400 Blows (1959)'."""
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def reference(self) -> str:
        """What to write in an import file or a form to name this film again."""
        return self.key or self.title


def _ref(row: aiosqlite.Row) -> FilmRef:
    return FilmRef(row["id"], row["pack_key"], row["title"], row["year"])


@dataclass(frozen=True)
class FilmIndex:
    """Every way of naming every film, loaded once for a bulk import."""

    by_key: dict[str, FilmRef]
    by_name: dict[str, tuple[FilmRef, ...]]
    by_id: dict[int, FilmRef]

    def resolve(self, query: str) -> tuple[FilmRef, ...]:
        """Films ``query`` may mean: a key or a name first, then a number; empty when none."""
        query = query.strip()
        if not query:
            return ()
        if query.lower() in self.by_key:
            return (self.by_key[query.lower()],)
        named = self.by_name.get(fold(query), ())
        if named:
            return named
        if query.isdigit() and int(query) in self.by_id:
            return (self.by_id[int(query)],)
        return ()


async def film_index(db: Database) -> FilmIndex:
    films = {r["id"]: _ref(r) for r in await db.fetchall("SELECT id, pack_key, title, year FROM films")}
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


async def get(db: Database, film_id: int) -> FilmRef | None:
    row = await db.fetchone("SELECT id, pack_key, title, year FROM films WHERE id = ?", (film_id,))
    return None if row is None else _ref(row)


async def resolve(db: Database, query: str) -> tuple[FilmRef, ...]:
    """Films ``query`` may mean (see ``FilmIndex.resolve``), without loading every name."""
    query = query.strip()
    if not query:
        return ()
    row = await db.fetchone("SELECT id, pack_key, title, year FROM films WHERE pack_key = ?", (query.lower(),))
    if row is not None:
        return (_ref(row),)
    rows = await db.fetchall(
        "SELECT DISTINCT f.id, f.pack_key, f.title, f.year FROM films f JOIN film_names n ON n.film_id = f.id "
        "WHERE n.norm = ? ORDER BY f.year, f.id",
        (fold(query),),
    )
    if rows:
        return tuple(_ref(r) for r in rows)
    if query.isdigit():
        film = await get(db, int(query))
        return () if film is None else (film,)
    return ()


async def search(db: Database, query: str, *, limit: int = 25) -> list[FilmRef]:
    """Films for autocomplete: names starting with ``query`` first, then names containing it."""
    norm = fold(query)
    if not norm:
        rows = await db.fetchall("SELECT id, pack_key, title, year FROM films ORDER BY title LIMIT ?", (limit,))
        return [_ref(r) for r in rows]
    pattern = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = await db.fetchall(
        """
        SELECT f.id, f.pack_key, f.title, f.year,
               min(CASE WHEN n.norm LIKE ?1 || '%' ESCAPE '\\' THEN 0 ELSE 1 END) AS rank
          FROM films f JOIN film_names n ON n.film_id = f.id
         WHERE n.norm LIKE '%' || ?1 || '%' ESCAPE '\\'
         GROUP BY f.id
         ORDER BY rank, f.title
         LIMIT ?2
        """,
        (pattern, limit),
    )
    return [_ref(r) for r in rows]
