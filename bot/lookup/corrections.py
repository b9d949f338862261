"""Adding and correcting films and their credits (bot owners): the core behind /films (no Discord).

Every write is audited (``bot.db.audit``) with the owner who made it, before and after.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.db import films, people
from bot.db.connection import Database
from bot.errors import Conflict, InvalidInput, NotFound
from bot.lookup import editing, service
from bot.lookup.editing import FilmText
from bot.permissions import Actor
from bot.text import escape_markdown

MODAL_TEXT_LIMIT = 4_000     # what one modal text input can hold
# Each form field: what it is called, and the most it holds (Discord refuses a longer pre-filled value).
FORM_FIELDS = {
    "title": ("title", editing.MAX_TITLE), "original_title": ("original title", editing.MAX_TITLE),
    "year": ("year", 4), "aliases": ("other titles", MODAL_TEXT_LIMIT), "synopsis": ("synopsis", editing.MAX_SYNOPSIS),
    "runtime": ("runtime", 12), "countries": ("countries", 1_000), "languages": ("languages", 1_000),
    "format": ("format", 200), "awards": ("awards", MODAL_TEXT_LIMIT),
    "crew": ("crew", MODAL_TEXT_LIMIT), "cast": ("cast", MODAL_TEXT_LIMIT),
}


def _fitting(details: films.FilmDetails, values: dict[str, str]) -> dict[str, str]:
    """``values`` if every one fits its form field; otherwise the owner is sent to a content pack."""
    over = [FORM_FIELDS[key][0] for key, value in values.items() if len(value) > FORM_FIELDS[key][1]]
    if over:
        raise InvalidInput(f"{escape_markdown(details.film.label)} has more {' and '.join(over)} than a form can "
                           "hold. Send the correction as a content pack (`python -m bot import`).")
    return values


async def film_for_edit(db: Database, value: str) -> films.FilmDetails:
    """The film a /films option names; several possible films must be told apart first."""
    found = await service.find_film(db, value, None)
    if isinstance(found, service.Pick):
        names = "; ".join(escape_markdown(c.label) for c in found.choices[:5])
        raise InvalidInput(f"{found.question} {names}. Pick one from the list as you type.")
    details = await films.get_details(db, found)
    if details is None:
        raise NotFound("That film is no longer in Doinel.")
    return details


def text_values(details: films.FilmDetails | None) -> dict[str, str]:
    """The first form (names, year, synopsis) pre-filled; empty for a new film."""
    if details is None:
        return {}
    film = details.film
    return _fitting(details, {"title": film.title, "original_title": film.original_title or "",
                              "year": str(film.year) if film.year else "", "aliases": "\n".join(details.aliases),
                              "synopsis": film.synopsis or ""})


def info_values(details: films.FilmDetails) -> dict[str, str]:
    film = details.film
    return _fitting(details, {"runtime": str(film.runtime_minutes) if film.runtime_minutes else "",
                              "countries": ", ".join(film.countries), "languages": ", ".join(film.languages),
                              "format": film.format or "", "awards": "\n".join(film.awards)})


async def credit_values(db: Database, details: films.FilmDetails) -> dict[str, str]:
    """The credits form pre-filled; namesakes are written "#id name" so saving as is keeps them."""
    by_norm = await people.ids_by_norm(db, [c.name for c in details.credits])
    shared = {person_id for ids in by_norm.values() if len(ids) > 1 for person_id in ids}
    crew, cast = editing.credits_text(details, shared)
    return _fitting(details, {"crew": crew, "cast": cast})


def _text(values: Mapping[str, str]) -> FilmText:
    return editing.parse_film_text(values.get("title"), values.get("original_title"), values.get("year"),
                                   values.get("aliases"), values.get("synopsis"))


async def add_film(db: Database, actor: Actor, values: Mapping[str, str]) -> int:
    editing.require_film_editor(actor)
    text = _text(values)
    same = await films.same_title(db, text.title, text.year)
    if same:
        label = films.film_label(text.title, text.year)
        raise Conflict(f"{label} is already in Doinel (film #{same[0]}). Correct it with /films edit.")
    return await films.create(db, title=text.title, original_title=text.original_title, year=text.year,
                              aliases=text.aliases, synopsis=text.synopsis, actor_id=actor.user_id)


async def edit_film(db: Database, actor: Actor, film_id: int, values: Mapping[str, str]) -> None:
    editing.require_film_editor(actor)
    text = _text(values)
    same = [i for i in await films.same_title(db, text.title, text.year) if i != film_id]
    if same:
        raise Conflict(f"Another film is already {films.film_label(text.title, text.year)} (film #{same[0]}).")
    await _update(db, actor, film_id, aliases=text.aliases, title=text.title, original_title=text.original_title,
                  year=text.year, synopsis=text.synopsis)


async def edit_info(db: Database, actor: Actor, film_id: int, values: Mapping[str, str]) -> None:
    editing.require_film_editor(actor)
    info = editing.parse_film_info(values.get("runtime"), values.get("countries"), values.get("languages"),
                                   values.get("format"), values.get("awards"))
    await _update(db, actor, film_id, runtime_minutes=info.runtime_minutes, countries=info.countries,
                  languages=info.languages, format=info.format, awards=info.awards)


async def edit_credits(db: Database, actor: Actor, film_id: int, values: Mapping[str, str]) -> None:
    editing.require_film_editor(actor)
    lines = editing.parse_credits(values.get("crew"), values.get("cast"))
    by_norm = await people.ids_by_norm(db, [line.person for line in lines if line.person_id is None])
    existing = await people.existing_ids(db, [line.person_id for line in lines if line.person_id is not None])
    planned = editing.plan_credits(lines, by_norm, existing)
    try:
        await films.replace_credits(db, film_id, planned, actor_id=actor.user_id)
    except LookupError:
        raise NotFound("That film is no longer in Doinel.") from None


async def _update(db: Database, actor: Actor, film_id: int, **changes: object) -> None:
    try:
        await films.update(db, film_id, actor_id=actor.user_id, **changes)  # type: ignore[arg-type]
    except LookupError:
        raise NotFound("That film is no longer in Doinel.") from None
