"""/search: one query across films, people and facts, grouped.

Facts are searched exactly as ``/fact search`` searches them (``bot.facts.finder``: the words from
the shared sanitiser ``bot.facts.search.terms``, bounded reads, phrase first), so quotes, ``*``, NEAR,
AND/OR/NOT or 500 characters of junk give results or nothing, never an error, and a common word
costs milliseconds at a million facts. Films and people
match by any of their names (``bot.db.names``), their words going through the same sanitiser.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import films as films_repo
from bot.db import people as people_repo
from bot.db.connection import Database
from bot.db.films import FilmHit
from bot.db.people import Person
from bot.facts import finder
from bot.facts.search import match_query
from bot.lookup.ranking import Tier, split_year


@dataclass(frozen=True)
class FactHit:
    id: int
    film_label: str | None
    snippet: str          # the matching part of the text, hits between HIT_START and HIT_END markers
    verified: bool


@dataclass(frozen=True)
class SearchResults:
    query: str            # what was searched, on one line
    films: tuple[FilmHit, ...]
    people: tuple[Person, ...]
    facts: tuple[FactHit, ...]
    loose: bool = False   # nothing had every word: these have some of them, or a close spelling
    more_facts: bool = False   # more facts match than are listed

    @property
    def total(self) -> int:
        return len(self.films) + len(self.people) + len(self.facts)


async def search_all(db: Database, query: str, guild_id: int | None, *, films: int = 10, people: int = 10,
                     facts: int = 30) -> SearchResults:
    """Films, people and facts for ``query`` (facts visible in ``guild_id``).

    Close spellings of names, and facts with only some of the words, are shown only when nothing
    matches fully.
    """
    match = match_query(query)
    if match is None:
        return SearchResults(query, (), (), ())
    film_hits = await films_repo.autocomplete(db, query, limit=films)     # "hamlet 1948": that year's Hamlet
    person_hits = await people_repo.search(db, query, limit=people)
    title, year, _ = split_year(query)
    named = year is not None and any(h.year == year and h.ranked.tier < Tier.FUZZY for h in film_hits)
    # The year named the film: facts need not say it. One more fact than listed: are there more?
    found_facts = await finder.find(db, guild_id, title if named else query, limit=facts + 1)
    fact_hits = [] if found_facts.partial else found_facts.hits
    strict_films = [h for h in film_hits if h.ranked.tier < Tier.FUZZY]
    strict_people = [h for h in person_hits if h.ranked.tier < Tier.FUZZY]
    loose = False
    if strict_films or strict_people or fact_hits:
        film_hits, person_hits = strict_films, strict_people
    else:
        loose = True
        fact_hits = found_facts.hits  # facts with some of the words (none has them all)
    found = await people_repo.get_many(db, [h.id for h in person_hits])
    labels = found_facts.films
    return SearchResults(
        query, tuple(film_hits), tuple(found[h.id] for h in person_hits if h.id in found),
        tuple(FactHit(h.fact.id, labels[h.fact.film_id].label if h.fact.film_id in labels else None, h.snippet,
                      h.fact.verified) for h in fact_hits[:facts]),
        loose, len(fact_hits) > facts,
    )
