"""What /film, /person and the film's facts look like, as embed data within Discord's limits (pure).

A field with no data is left out; names and titles are escaped so markdown in them shows as typed;
long lists end with "… and N more".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.lookup.embeds import EmbedData, build, field, join_lines, one_line
from bot.text import escape_keeping_spoilers, escape_markdown, fold, plural, spoilers_closed
from bot.ui.format import EMBED_DESCRIPTION_LIMIT, EMBED_FIELD_VALUE_LIMIT, UNVERIFIED_MARK

if TYPE_CHECKING:
    from bot.db.facts import Fact
    from bot.db.films import FilmCounts, FilmCredit, FilmDetails
    from bot.db.people import FilmCredits, Person, PersonDetails

MAIN_CAST = 10          # actors (and cameos) listed on a film card before "… and N more"
AWARDS = 8
AWARDS_LIMIT = 700
LINE_LIMIT = 120        # one name, credit or award line
SOURCES_LIMIT = 300     # the sources in a card's footer
FACTS_PER_PAGE = 5      # facts per page of a film's facts
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CREW_FIELDS = (("cinematographer", "Cinematography"), ("composer", "Music"), ("producer", "Produced by"),
               ("editor", "Edited by"))


def film_title(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


def listing(values: Sequence[str], *, most: int = 8) -> str | None:
    """'A, B and C'; beyond ``most`` items: 'A, B, … and 12 more'. Values are escaped; None when empty."""
    items = [one_line(escape_markdown(v), LINE_LIMIT) for v in dict.fromkeys(values)]
    if not items:
        return None
    if len(items) > most:
        return ", ".join(items[:most]) + f" and {len(items) - most} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _names(credits: Sequence[FilmCredit]) -> str | None:
    return listing([c.name for c in credits], most=6)


def _as_character(name: str, character: str) -> str:
    line = f"{escape_markdown(name)} as {escape_markdown(character)}" if character else escape_markdown(name)
    return one_line(line, LINE_LIMIT)


def _listed(singular: str, many: str, values: Sequence[str]) -> tuple[str, str | None]:
    return (singular if len(values) == 1 else many), listing(values)


def film_card(details: FilmDetails, counts: FilmCounts) -> EmbedData:
    """The /film embed: credits, facts of the film, and a synopsis cut to fit."""
    film = details.film
    lines = []
    if film.original_title and fold(film.original_title) != fold(film.title):
        lines.append(f"Original title: *{escape_markdown(film.original_title)}*")
    if film.synopsis:
        lines.append(escape_markdown(film.synopsis))
    cast = [_as_character(c.name, c.character) for c in details.cast]
    shown_cast = join_lines(cast[:MAIN_CAST], EMBED_FIELD_VALUE_LIMIT, hidden=max(0, len(cast) - MAIN_CAST))
    country_label, countries = _listed("Country", "Countries", film.countries)
    language_label, languages = _listed("Language", "Languages", film.languages)
    if counts.facts or counts.questions:
        known = f"{plural(counts.facts, 'fact')} · {plural(counts.questions, 'trivia question')}"
    else:
        known = "No facts or trivia questions yet"
    fields = [
        field("Directed by", _names(details.directors), inline=True),
        field("Written by", _names(details.writers), inline=True),
        field("Runtime", f"{film.runtime_minutes} min" if film.runtime_minutes else None, inline=True),
        field(country_label, countries, inline=True),
        field(language_label, languages, inline=True),
        field("Format", one_line(escape_markdown(film.format), LINE_LIMIT) if film.format else None, inline=True),
        field("Cast", shown_cast or None),
        field("Cameos", join_lines([_as_character(c.name, c.character) for c in details.cameos[:MAIN_CAST]],
                                   EMBED_FIELD_VALUE_LIMIT, hidden=max(0, len(details.cameos) - MAIN_CAST)) or None),
        *(field(label, _names(details.role(role)), inline=True) for role, label in CREW_FIELDS),
        field("Filmed in", listing(film.locations), inline=True),
        field("Awards", join_lines([f"• {one_line(escape_markdown(a), LINE_LIMIT)}" for a in film.awards[:AWARDS]],
                                   AWARDS_LIMIT, hidden=max(0, len(film.awards) - AWARDS)) or None),
        field("In Doinel", known),
    ]
    sources = one_line("; ".join(film.sources), SOURCES_LIMIT)
    footer = f"Film #{film.id}" + (f" · {'Source' if len(film.sources) == 1 else 'Sources'}: {sources}"
                                   if sources else "")
    return build(escape_markdown(film_title(film.title, film.year)), "\n\n".join(lines), fields, footer)


def fact_entry(fact: Fact) -> str:
    """One fact in a film's list: its number and tags, the text, the source; unverified ones say so."""
    head = f"**#{fact.id}**" + (f" · {', '.join(escape_markdown(t) for t in fact.tags)}" if fact.tags else "")
    if not fact.verified:
        head += f" · {UNVERIFIED_MARK} unverified"
    source = f"\n*Source: {escape_markdown(one_line(fact.source, 300))}*" if fact.source else ""
    return f"{head}\n{spoilers_closed(escape_keeping_spoilers(fact.text))}{source}"   # spoilers stay hidden


def format_date(value: str | None) -> str | None:
    """'1932-02-06' -> '6 February 1932'; '1932-02' -> 'February 1932'; '1932' -> '1932'."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def age_at(born: str | None, died: str | None) -> int | None:
    """Age at death when both dates are full (YYYY-MM-DD)."""
    if not born or not died or len(born) != 10 or len(died) != 10:
        return None
    b, d = (tuple(int(x) for x in v.split("-")) for v in (born, died))
    return d[0] - b[0] - ((d[1], d[2]) < (b[1], b[2]))


def lifespan(person: Person) -> str | None:
    """'1932–1984', 'born 1944', 'died 1990' or None."""
    born, died = (person.born or "")[:4], (person.died or "")[:4]
    if born and died:
        return f"{born}–{died}"
    if born:
        return f"born {born}"
    return f"died {died}" if died else None


def person_label(person: Person) -> str:
    span = lifespan(person)
    return f"{person.name} ({span})" if span else person.name


def _roles(film: FilmCredits) -> str:
    parts = []
    for c in film.credits:
        if c.role == "actor":
            parts.append(f"as {escape_markdown(c.character)}" if c.character else "actor")
        elif c.character:
            parts.append(f"{c.role} as {escape_markdown(c.character)}")
        else:
            parts.append(c.role)
    return ", ".join(dict.fromkeys(parts))


def person_card(details: PersonDetails) -> EmbedData:
    """The /person embed: who they are, birth and death, and credits by film (oldest first)."""
    person = details.person
    intro = f"*{escape_markdown(person.known_for)}*" if person.known_for else ""
    credit_lines = [f"**{escape_markdown(f.title)}**{f' ({f.year})' if f.year else ''} — {_roles(f)}"
                    for f in details.films]
    room = EMBED_DESCRIPTION_LIMIT - len(intro) - len("\n\n**Credits**\n") - 1
    credits = join_lines(credit_lines, room, more="… and {n} more films") if credit_lines else ""
    description = "\n\n".join(p for p in (intro, f"**Credits**\n{credits}" if credits else "") if p)
    name_words = set(fold(person.name).split())
    other_names = [a for a in details.aliases if not set(fold(a).split()) <= name_words]
    died = format_date(person.died)
    age = age_at(person.born, person.died)
    fields = [
        field("Born", format_date(person.born), inline=True),
        field("Died", f"{died} (aged {age})" if died and age is not None else died, inline=True),
        field("Also known as", ", ".join(escape_markdown(a) for a in other_names) or None, inline=True),
    ]
    footer = f"Person #{person.id}" + (f" · {plural(len(details.films), 'film')}" if details.films else "")
    if not details.films:
        description = "\n\n".join(p for p in (intro, "No credits in Doinel yet.") if p)
    return build(person.name, description, fields, footer)
