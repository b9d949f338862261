"""Films: cards with credits, lookups by any name, counts and facts per film, and corrections."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.db import audit, facts, people
from bot.db.connection import Database
from bot.db.names import FILMS, Row, candidates
from bot.db.util import dump_list, load_list, now
from bot.lookup.editing import PlannedCredit
from bot.lookup.ranking import Ranked, resolve, split_year
from bot.text import fold

# Columns a film card shows and a correction may change.
EDITABLE = ("title", "original_title", "year", "runtime_minutes", "countries", "languages", "format",
            "awards", "synopsis")
_LIST_COLUMNS = frozenset({"countries", "languages", "locations", "awards", "sources"})


def film_label(title: str, year: int | None) -> str:
    """"Title (Year)": how films are told apart in choices and menus."""
    return f"{title} ({year})" if year else title


@dataclass(frozen=True)
class Film:
    id: int
    pack_key: str | None
    title: str
    original_title: str | None
    year: int | None
    runtime_minutes: int | None
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    format: str | None
    locations: tuple[str, ...]
    awards: tuple[str, ...]
    synopsis: str | None
    sources: tuple[str, ...]
    created_at: int
    updated_at: int

    @property
    def label(self) -> str:
        return film_label(self.title, self.year)


@dataclass(frozen=True)
class FilmCredit:
    person_id: int
    name: str
    role: str
    character: str
    position: int


@dataclass(frozen=True)
class FilmDetails:
    """A film with its aliases and credits in billing order."""

    film: Film
    aliases: tuple[str, ...]
    credits: tuple[FilmCredit, ...]

    def role(self, role: str) -> tuple[FilmCredit, ...]:
        return tuple(c for c in self.credits if c.role == role)

    @property
    def directors(self) -> tuple[FilmCredit, ...]:
        return self.role("director")

    @property
    def writers(self) -> tuple[FilmCredit, ...]:
        return self.role("writer")

    @property
    def cast(self) -> tuple[FilmCredit, ...]:
        return self.role("actor")

    @property
    def cameos(self) -> tuple[FilmCredit, ...]:
        return self.role("cameo")


@dataclass(frozen=True)
class FilmCounts:
    facts: int
    questions: int


@dataclass(frozen=True)
class FilmHit:
    """A film found by name: enough to list it in a choice or a menu."""

    id: int
    title: str
    year: int | None
    original_title: str | None
    ranked: Ranked

    @property
    def label(self) -> str:
        return film_label(self.title, self.year)


@dataclass(frozen=True)
class FilmLookup:
    """The outcome of a typed title: one film, several to choose from, or none."""

    query: str
    year: int | None
    hits: tuple[FilmHit, ...]
    ambiguous: bool
    other_years: tuple[FilmHit, ...] = ()   # same name, other years (when a year found nothing)

    @property
    def single(self) -> FilmHit | None:
        return self.hits[0] if self.hits and not self.ambiguous else None


def row_to_film(row: aiosqlite.Row) -> Film:
    return Film(
        id=row["id"], pack_key=row["pack_key"], title=row["title"], original_title=row["original_title"],
        year=row["year"], runtime_minutes=row["runtime_minutes"], countries=load_list(row["countries"]),
        languages=load_list(row["languages"]), format=row["format"], locations=load_list(row["locations"]),
        awards=load_list(row["awards"]), synopsis=row["synopsis"], sources=load_list(row["sources"]),
        created_at=row["created_at"], updated_at=row["updated_at"],
    )


def _hit(row: Row) -> FilmHit:
    return FilmHit(row.id, row.label_name, row.year, row.original_title, row.ranked)


async def get(db: Database, film_id: int) -> Film | None:
    row = await db.fetchone("SELECT * FROM films WHERE id = ?", (film_id,))
    return None if row is None else row_to_film(row)


async def get_details(db: Database, film_id: int) -> FilmDetails | None:
    """The film, its aliases, and its credits (directors, writers, cast, cameos...) in billing order."""
    film = await get(db, film_id)
    if film is None:
        return None
    aliases = await db.fetchall("SELECT name FROM film_names WHERE film_id = ? AND kind = 'alias' ORDER BY id",
                                (film_id,))
    credit_rows = await db.fetchall(
        "SELECT c.person_id, p.name, c.role, c.character, c.position FROM credits c "
        "JOIN people p ON p.id = c.person_id WHERE c.film_id = ? ORDER BY c.position, p.name",
        (film_id,),
    )
    return FilmDetails(film, tuple(r[0] for r in aliases), tuple(FilmCredit(*r) for r in credit_rows))


async def counts(db: Database, film_id: int, guild_id: int | None) -> FilmCounts:
    """Facts and trivia questions about the film that members of ``guild_id`` can see."""
    questions = await db.scalar(
        "SELECT count(*) FROM questions q WHERE q.film_id = ? AND q.status = 'approved' AND q.deleted_at IS NULL "
        "AND q.guild_id IN (0, ?)", (film_id, guild_id or 0),
    )
    return FilmCounts(await facts.count_visible(db, guild_id, film_id), int(questions))


async def directors(db: Database, film_ids: Sequence[int]) -> dict[int, list[str]]:
    """Director names per film, to tell same-titled films apart in a menu."""
    rows = await db.fetchall(
        "SELECT c.film_id, p.name FROM credits c JOIN people p ON p.id = c.person_id "
        "WHERE c.role = 'director' AND c.film_id IN (SELECT value FROM json_each(?)) ORDER BY c.position",
        (json.dumps(list(film_ids)),),
    )
    out: dict[int, list[str]] = {}
    for film_id, name in rows:
        out.setdefault(film_id, []).append(name)
    return out


async def search(db: Database, text: str, *, year: int | None = None, limit: int = 25) -> list[FilmHit]:
    """Films by any name (title, original title, alias), best first: for autocomplete and /search."""
    return [_hit(r) for r in await candidates(db, FILMS, text, year=year, limit=limit)]


async def autocomplete(db: Database, text: str, *, year: int | None = None, limit: int = 25) -> list[FilmHit]:
    """Choices for a title option; a year typed after the title narrows them ("hamlet 1948")."""
    title, typed_year, _certain = split_year(text)
    if year is None and typed_year is not None and fold(title):
        hits = await search(db, title, year=typed_year, limit=limit)
        if hits:
            return hits
    return await search(db, text if year is None else title, year=year, limit=limit)


async def find(db: Database, text: str, *, year: int | None = None, limit: int = 25) -> FilmLookup:
    """What a typed title refers to. Several equally good matches are returned as ambiguous.

    A year may come from the option or the text: "The 400 Blows (1959)" (a copied choice) is
    certain; "hamlet 1948" is tried first and the whole text after, since a title may end in a
    number ("Blade Runner 2049").
    """
    title, typed_year, certain = split_year(text)
    attempts: list[tuple[str, int | None]] = []
    if year is not None:
        attempts.append((title if certain else text, year))
    elif typed_year is not None and certain:
        attempts.append((title, typed_year))
    elif typed_year is not None:
        attempts += [(title, typed_year), (text, None)]
    else:
        attempts.append((text, None))
    for query, query_year in attempts:
        hits = await search(db, query, year=query_year, limit=limit)
        if hits:
            resolution = resolve([h.ranked for h in hits], max_choices=limit)
            by_id = {h.id: h for h in hits}
            return FilmLookup(query, query_year, tuple(by_id[r.entity_id] for r in resolution.matches),
                              resolution.ambiguous)
    query, query_year = attempts[0]
    others: tuple[FilmHit, ...] = ()
    if query_year is not None:
        any_year = await search(db, query, limit=limit)
        ids = {r.entity_id for r in resolve([h.ranked for h in any_year], max_choices=5).matches}
        others = tuple(h for h in any_year if h.id in ids)
    return FilmLookup(query, query_year, (), False, others)


# --- corrections (bot owners: films are shared by every server) -------------------------------------------


def _names(title: str, original_title: str | None, aliases: Sequence[str]) -> list[tuple[str, str, str]]:
    """(name, norm, kind) for every distinct folded name: title first, then original, then aliases."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for name, kind in [(title, "title"), (original_title or "", "original"), *((a, "alias") for a in aliases)]:
        norm = fold(name)
        if norm and norm not in seen:
            seen.add(norm)
            out.append((name, norm, kind))
    return out


async def replace_names(conn: aiosqlite.Connection, film_id: int, title: str, original_title: str | None,
                        aliases: Sequence[str]) -> None:
    """Store the film's names (the name index and its facts' search entries follow by trigger)."""
    await conn.execute("DELETE FROM film_names WHERE film_id = ?", (film_id,))
    await conn.executemany(
        "INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, ?)",
        [(film_id, *n) for n in _names(title, original_title, aliases)],
    )


async def same_title(db: Database, title: str, year: int | None) -> list[int]:
    """Films of ``year`` already known by ``title`` (any of their names): adding it again would duplicate."""
    rows = await db.fetchall(
        "SELECT DISTINCT f.id FROM film_names n JOIN films f ON f.id = n.film_id WHERE n.norm = ? AND f.year IS ? "
        "ORDER BY f.id", (fold(title), year),
    )
    return [r[0] for r in rows]


def _snapshot(film: Film, aliases: Sequence[str]) -> dict[str, object]:
    return {**{c: (list(getattr(film, c)) if c in _LIST_COLUMNS else getattr(film, c)) for c in EDITABLE},
            "aliases": list(aliases)}


async def create(db: Database, *, title: str, original_title: str | None, year: int | None,
                 aliases: Sequence[str] = (), synopsis: str | None = None, actor_id: int | None) -> int:
    """Add a film (no pack key: it belongs to this database). Audited."""
    stamp = now()
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO films (title, original_title, year, synopsis, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (title, original_title, year, synopsis, stamp, stamp),
        )
        film_id = int(cur.lastrowid or 0)
        await replace_names(conn, film_id, title, original_title, aliases)
        await audit.record(conn, guild_id=None, actor_id=actor_id, action="create", entity="film",
                           entity_id=film_id, after={"title": title, "original_title": original_title,
                                                     "year": year, "aliases": list(aliases), "synopsis": synopsis})
    return film_id


async def update(db: Database, film_id: int, *, actor_id: int | None, aliases: Sequence[str] | None = None,
                 **changes: object) -> FilmDetails:
    """Change some of a film's fields (see ``EDITABLE``) and/or its aliases. Audited; names re-indexed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = await get_details(db, film_id)
    if before is None:
        raise LookupError(film_id)
    stored = {k: (dump_list(v) if k in _LIST_COLUMNS else v) for k, v in changes.items()}  # type: ignore[arg-type]
    new_aliases = before.aliases if aliases is None else tuple(aliases)
    async with db.transaction() as conn:
        if stored:
            sets = ", ".join(f"{k} = ?" for k in stored)
            await conn.execute(f"UPDATE films SET {sets}, updated_at = ? WHERE id = ?",
                               (*stored.values(), now(), film_id))
        title = str(changes.get("title", before.film.title))
        original = changes.get("original_title", before.film.original_title)
        await replace_names(conn, film_id, title, original if isinstance(original, str) else None, new_aliases)
        after_film = await _get_in(conn, film_id)
        await audit.record(conn, guild_id=None, actor_id=actor_id, action="update", entity="film",
                           entity_id=film_id, before=_snapshot(before.film, before.aliases),
                           after=_snapshot(after_film, new_aliases))
    details = await get_details(db, film_id)
    assert details is not None
    return details


async def _get_in(conn: aiosqlite.Connection, film_id: int) -> Film:
    async with conn.execute("SELECT * FROM films WHERE id = ?", (film_id,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    return row_to_film(row)


async def replace_credits(db: Database, film_id: int, credits: Sequence[PlannedCredit], *,
                          actor_id: int | None) -> FilmDetails:
    """Make the film's credits exactly ``credits``, in this billing order; new people are created. Audited."""
    before = await get_details(db, film_id)
    if before is None:
        raise LookupError(film_id)
    async with db.transaction() as conn:
        created: dict[str, int] = {}
        rows: list[tuple[int, int, str, str, int]] = []
        seen: set[tuple[int, str, str]] = set()
        for position, c in enumerate(credits):
            person_id = c.person_id
            if person_id is None:
                assert c.new_name is not None
                key = fold(c.new_name)
                if key not in created:
                    created[key] = await people.create_in(conn, c.new_name)
                person_id = created[key]
            if (person_id, c.role, c.character) not in seen:
                seen.add((person_id, c.role, c.character))
                rows.append((film_id, person_id, c.role, c.character, position))
        await conn.execute("DELETE FROM credits WHERE film_id = ?", (film_id,))
        await conn.executemany(
            "INSERT INTO credits (film_id, person_id, role, character, position) VALUES (?, ?, ?, ?, ?)", rows
        )
        await conn.execute("UPDATE films SET updated_at = ? WHERE id = ?", (now(), film_id))
        await audit.record(
            conn, guild_id=None, actor_id=actor_id, action="update", entity="film_credits", entity_id=film_id,
            before={"credits": [[c.person_id, c.role, c.character] for c in before.credits]},
            after={"credits": [[r[1], r[2], r[3]] for r in rows], "created_people": sorted(created.values())},
        )
    details = await get_details(db, film_id)
    assert details is not None
    return details
