"""Films as other features refer to them: a title and year for labels, pickers and filters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.db.connection import Database
from bot.text import fold


@dataclass(frozen=True)
class FilmRef:
    id: int
    title: str
    year: int | None

    @property
    def label(self) -> str:
        """'The 400 Blows (1959)'."""
        return f"{self.title} ({self.year})" if self.year else self.title


def _ref(row: Iterable) -> FilmRef:
    film_id, title, year = row
    return FilmRef(film_id, title, year)


async def get(db: Database, film_id: int) -> FilmRef | None:
    row = await db.fetchone("SELECT id, title, year FROM films WHERE id = ?", (film_id,))
    return None if row is None else _ref(row)


async def get_many(db: Database, film_ids: Iterable[int]) -> dict[int, FilmRef]:
    ids = sorted({i for i in film_ids if i is not None})
    if not ids:
        return {}
    rows = await db.fetchall(
        f"SELECT id, title, year FROM films WHERE id IN ({', '.join('?' * len(ids))})", ids
    )
    return {row[0]: _ref(row) for row in rows}


async def find_by_name(db: Database, text: str) -> list[FilmRef]:
    """Films one of whose names (title, original title, alias) folds to the same text as ``text``."""
    norm = fold(text)
    if not norm:
        return []
    rows = await db.fetchall(
        "SELECT DISTINCT f.id, f.title, f.year FROM film_names n JOIN films f ON f.id = n.film_id "
        "WHERE n.norm = ? ORDER BY f.year, f.id",
        (norm,),
    )
    return [_ref(r) for r in rows]


async def autocomplete(db: Database, text: str, limit: int = 25) -> list[FilmRef]:
    """Films for a picker: exact names first, then names starting with ``text``, then containing it."""
    norm = fold(text)
    if not norm:
        rows = await db.fetchall("SELECT id, title, year FROM films ORDER BY title COLLATE NOCASE, year LIMIT ?",
                                 (limit,))
        return [_ref(r) for r in rows]
    # Name prefixes use the film_names_norm index (a range, not LIKE, so no collation caveat).
    rows = await db.fetchall(
        """
        SELECT f.id, f.title, f.year, min(CASE WHEN n.norm = ?1 THEN 0 ELSE 1 END) AS rank
          FROM film_names n JOIN films f ON f.id = n.film_id
         WHERE n.norm >= ?1 AND n.norm < ?1 || char(1114111)
         GROUP BY f.id ORDER BY rank, f.title COLLATE NOCASE, f.year LIMIT ?2
        """,
        (norm, limit),
    )
    found = [FilmRef(r[0], r[1], r[2]) for r in rows]
    if len(found) < limit:
        seen = [f.id for f in found] or [0]
        more = await db.fetchall(
            f"""
            SELECT DISTINCT f.id, f.title, f.year FROM film_names n JOIN films f ON f.id = n.film_id
             WHERE instr(n.norm, ?) > 0 AND f.id NOT IN ({', '.join('?' * len(seen))})
             ORDER BY f.title COLLATE NOCASE, f.year LIMIT ?
            """,
            (norm, *seen, limit - len(found)),
        )
        found += [_ref(r) for r in more]
    return found
