"""/search: one query across films, people and facts (FTS5), grouped.

The member's text is turned into safe FTS5 expressions by ``bot.search.query`` (never passed
through), so quotes, ``*``, NEAR, AND/OR/NOT or 500 characters of junk give results or nothing,
never an error. Films and people match by any of their names (see ``bot.db.names``); facts by
their text, tags and film names, visible in the member's server only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import films as films_repo
from bot.db import people as people_repo
from bot.db.connection import Database
from bot.db.films import FilmHit
from bot.db.people import Person
from bot.lookup.ranking import Tier
from bot.search.query import SearchQuery

# Snippet highlight markers: control characters no fact contains, swapped for markdown when shown.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 16


@dataclass(frozen=True)
class FactHit:
    id: int
    film_id: int | None
    film_title: str | None
    film_year: int | None
    snippet: str          # the matching part of the text, terms between MARK_START and MARK_END
    verified: bool


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    films: tuple[FilmHit, ...]
    people: tuple[Person, ...]
    facts: tuple[FactHit, ...]
    loose: bool = False   # nothing matched every word: these match some words or a close spelling

    @property
    def total(self) -> int:
        return len(self.films) + len(self.people) + len(self.facts)


_FACTS_SQL = f"""
    SELECT f.id, f.film_id, m.title, m.year,
           snippet(facts_fts, 0, char(2), char(3), '…', {SNIPPET_TOKENS}), f.verified
      FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid LEFT JOIN films m ON m.id = f.film_id
     WHERE facts_fts MATCH ?1 AND f.status = 'approved' AND f.deleted_at IS NULL
       AND (f.guild_id = ?2 OR (f.guild_id = 0 AND NOT EXISTS (
            SELECT 1 FROM fact_hidden h WHERE h.guild_id = ?2 AND h.fact_id = f.id)))
     ORDER BY bm25(facts_fts, 1.0, 0.5, 0.5), f.id
     LIMIT ?3
"""


async def search_facts(db: Database, match: str, guild_id: int | None, *, limit: int) -> list[FactHit]:
    """Facts visible in ``guild_id`` matching an FTS5 expression built by ``bot.search.query``."""
    rows = await db.fetchall(_FACTS_SQL, (match, guild_id or 0, limit))
    return [FactHit(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


async def search_all(db: Database, query: SearchQuery, guild_id: int | None, *, films: int = 10,
                     people: int = 10, facts: int = 30) -> SearchResults:
    """Films, people and facts for ``query``; close spellings and any-word matches only when nothing else."""
    film_hits = await films_repo.search(db, query.text, limit=films)
    person_hits = await people_repo.search(db, query.text, limit=people)
    fact_hits = await search_facts(db, query.all_terms(), guild_id, limit=facts)
    strict_films = [h for h in film_hits if h.ranked.tier < Tier.FUZZY]
    strict_people = [h for h in person_hits if h.ranked.tier < Tier.FUZZY]
    loose = False
    if strict_films or strict_people or fact_hits:
        film_hits, person_hits = strict_films, strict_people
    else:
        loose = True
        if len(query.terms) > 1:
            fact_hits = await search_facts(db, query.any_term(prefix_min=4), guild_id, limit=facts)
    found = await people_repo.get_many(db, [h.id for h in person_hits])
    return SearchResults(query, tuple(film_hits), tuple(found[h.id] for h in person_hits if h.id in found),
                         tuple(fact_hits), loose)
