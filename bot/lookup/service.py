"""What /film, /person and /search show: reads from bot.db shaped by the pure modules (no Discord).

Like ``bot.facts.browse``, this is the core the cogs call: they convert options, call one function
here, render the result and respond.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import facts, films, people
from bot.db.connection import Database
from bot.db.search import search_all
from bot.errors import NotFound
from bot.facts.search import match_query
from bot.lookup import cards, results
from bot.lookup.embeds import EmbedData, one_line
from bot.text import escape_markdown, fold, has_visible, is_number, plural, quoted

# Picker values: "id:12" (the same shape as /fact's film picker); anything else is a typed name.
ID_VALUE = "id:"
FACTS_LOADED = 500          # a film's facts listed by the Facts button (pages of FACTS_PER_PAGE)
MENU_DESCRIPTION = 100      # a select option's description


@dataclass(frozen=True)
class FilmShown:
    film_id: int
    embed: EmbedData
    questions: int          # trivia questions about it the server can play (0: no Trivia button)


@dataclass(frozen=True)
class Choice:
    """One option of a "which one?" menu."""

    value: int
    label: str
    description: str | None


@dataclass(frozen=True)
class Pick:
    """A typed name that needs the member to choose: the question and the options."""

    question: str                 # Markdown: what the member typed is escaped in it
    choices: tuple[Choice, ...]


def picked_id(value: str) -> int | None:
    """The id of a picker value ('id:12'); None for a typed name."""
    value = value.strip()
    if value.startswith(ID_VALUE) and is_number(value[len(ID_VALUE):]) and len(value) <= len(ID_VALUE) + 18:
        return int(value[len(ID_VALUE):])
    return None


# --- films ---------------------------------------------------------------------------------------------------

async def film_card(db: Database, film_id: int, guild_id: int | None) -> FilmShown:
    details = await films.get_details(db, film_id)
    if details is None:
        raise NotFound("That film is no longer in Doinel. Look it up again with /film.")
    counts = await films.counts(db, film_id, guild_id)
    return FilmShown(film_id, cards.film_card(details, counts), counts.questions)


async def film_choices(db: Database, text: str, year: int | None) -> list[tuple[str, str]]:
    """(name, value) autocomplete choices: "Title (Year)", the film id as the value."""
    hits = await films.autocomplete(db, text, year=year)
    labels = [h.label for h in hits]
    out = []
    for hit, label in zip(hits, labels, strict=True):
        if labels.count(label) > 1:  # same title, same year: tell them apart by number
            label = f"{label} · #{hit.id}"
        out.append((one_line(label, 100), f"{ID_VALUE}{hit.id}"))
    return out


async def find_film(db: Database, value: str, year: int | None) -> int | Pick:
    """The film a /film option names: a picked id, or a typed title that is one film, or a menu to choose."""
    film_id = picked_id(value)
    if film_id is not None:
        return film_id
    if not has_visible(value):
        raise NotFound("Type a film's title (or part of it) and pick it from the list.")
    found = await films.find(db, value, year=year)
    if found.single is not None:
        return found.single.id
    if found.hits:
        exact = all(h.ranked.exact for h in found.hits)
        question = (f"Several films are called {quoted(value, 80)}: which one?" if exact
                    else f"No film is called exactly {quoted(value, 80)}. Did you mean:")
        return Pick(question, await _film_menu(db, found.hits))
    if found.other_years:
        others = ", ".join(escape_markdown(h.label) for h in found.other_years[:5])
        raise NotFound(f"No film called {quoted(found.query, 80)} is from {found.year}. Found: {others}.")
    raise NotFound(f"I don't know a film called {quoted(value, 80)}. Start typing and pick one from the list.")


async def _film_menu(db: Database, hits: tuple[films.FilmHit, ...]) -> tuple[Choice, ...]:
    directors = await films.directors(db, [h.id for h in hits])
    out = []
    for h in hits[:25]:
        parts = []
        if directors.get(h.id):
            parts.append("Directed by " + ", ".join(directors[h.id]))
        if h.ranked.kind != "title":
            parts.append(f"also “{h.ranked.name}”")
        elif h.original_title and h.original_title != h.title:
            parts.append(h.original_title)
        out.append(Choice(h.id, one_line(h.label, 100), one_line(" · ".join(parts), MENU_DESCRIPTION) or None))
    return tuple(out)


async def film_facts(db: Database, film_id: int, guild_id: int | None) -> tuple[str, list[str], str]:
    """(title, entries, footer) of the film's facts for a paginator; ``NotFound`` when it has none."""
    film = await films.get(db, film_id)
    if film is None:
        raise NotFound("That film is no longer in Doinel.")
    total = await facts.count_visible(db, guild_id, film_id)
    if not total:
        raise NotFound(f"There are no facts about {escape_markdown(film.label)} yet.")
    shown = await facts.list_by_film(db, guild_id, film_id, limit=FACTS_LOADED)
    footer = plural(total, "fact") + (f" · the first {FACTS_LOADED} here" if total > FACTS_LOADED else "")
    return f"Facts about {escape_markdown(one_line(film.label, 200))}", [cards.fact_entry(f) for f in shown], footer


# --- people --------------------------------------------------------------------------------------------------

async def person_card(db: Database, person_id: int) -> EmbedData:
    details = await people.get_details(db, person_id)
    if details is None:
        raise NotFound("That person is no longer in Doinel. Look them up again with /person.")
    return cards.person_card(details)


async def person_choices(db: Database, text: str) -> list[tuple[str, str]]:
    hits = await people.search(db, text)
    found = await people.get_many(db, [h.id for h in hits])
    out = []
    for h in hits:
        person = found.get(h.id)
        if person is None:
            continue
        label = cards.person_label(person)
        if h.ranked.kind != "title" and not set(fold(h.ranked.name).split()) <= set(fold(person.name).split()):
            label += f" · “{h.ranked.name}”"       # a stage name, a maiden name: say why it matched
        elif not cards.lifespan(person) and person.known_for:
            label += f" — {person.known_for}"
        out.append((one_line(label, 100), f"{ID_VALUE}{h.id}"))
    return out


async def find_person(db: Database, value: str) -> int | Pick:
    person_id = picked_id(value)
    if person_id is not None:
        return person_id
    if not has_visible(value):
        raise NotFound("Type a name (or part of it) and pick a person from the list.")
    found = await people.find(db, value)
    if found.single is not None:
        return found.single.id
    if not found.hits:
        raise NotFound(f"I don't know anyone called {quoted(value, 80)}. Start typing and pick from the list.")
    exact = all(h.ranked.exact for h in found.hits)
    question = (f"Several people are called {quoted(value, 80)}: who do you mean?" if exact
                else f"Nobody is called exactly {quoted(value, 80)}. Did you mean:")
    persons = await people.get_many(db, [h.id for h in found.hits])
    choices = []
    for h in found.hits[:25]:
        p = persons.get(h.id)
        if p is None:
            continue
        choices.append(Choice(h.id, one_line(cards.person_label(p), 100),
                              one_line(p.known_for, MENU_DESCRIPTION) if p.known_for else None))
    return Pick(question, tuple(choices))


# --- /search -------------------------------------------------------------------------------------------------

async def search_pages(db: Database, query: str, guild_id: int | None) -> list[EmbedData]:
    """Every page of /search results; ``NotFound`` with a clear message when nothing matches."""
    if match_query(query) is None:
        what = f" for {quoted(query, 80)}" if has_visible(query) else ""
        raise NotFound(f"Nothing found{what}: type a few words to look for, like Truffaut or Quatre Cents Coups.")
    found = await search_all(db, query, guild_id)
    if not found.total:
        raise NotFound(f"Nothing found for {quoted(query, 80)}: no film, person or fact matches. "
                       "Try fewer words or another spelling.")
    return [results.search_page(found, page) for page in range(results.page_count(found))]
