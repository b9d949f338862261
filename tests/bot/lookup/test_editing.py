"""Owners' corrections: who may, and reading what they typed, with errors that name the line."""

from __future__ import annotations

import pytest

from bot.db.films import Film, FilmCredit, FilmDetails
from bot.errors import InvalidInput, PermissionDenied
from bot.lookup.editing import (
    CreditLine,
    PlannedCredit,
    credits_text,
    parse_credits,
    parse_film_info,
    parse_film_text,
    plan_credits,
    require_film_editor,
)
from bot.permissions import Actor


def test_only_owners_edit_films() -> None:
    require_film_editor(Actor(1, 10, is_owner=True))
    require_film_editor(Actor(1, None, is_owner=True))
    for actor in (Actor(2, 10, manage_guild=True), Actor(3, 10), Actor(4, None)):
        with pytest.raises(PermissionDenied, match="only the bot's owners"):
            require_film_editor(actor)


def test_parse_film_text() -> None:
    text = parse_film_text(" The 400 Blows ", "Les Quatre Cents Coups", "1959",
                           "Les 400 coups\n\n  400 Blows \nLes 400 coups\nthe 400 blows", "  ")
    assert (text.title, text.original_title, text.year, text.synopsis) == (
        "The 400 Blows", "Les Quatre Cents Coups", 1959, None)
    assert text.aliases == ("Les 400 coups", "400 Blows")       # duplicates and the title itself dropped
    bare = parse_film_text("Hamlet", "", "", "", "")
    assert (bare.original_title, bare.year, bare.aliases) == (None, None, ())


@pytest.mark.parametrize(("fields", "message"), [
    (("", None, None, None, None), "The title can't be empty"),
    (("x" * 201, None, None, None, None), "The title is 201 characters long; the limit is 200"),
    (("?", None, "2011", None, None), r"The title “\?” needs a letter or a digit"),
    (("X", None, "59", None, None), "Year must be a number from 1870 to 2100, like 1959"),
    (("X", None, "nineteen", None, None), "got “nineteen”"),
    (("X", None, "2200", None, None), "Year must be"),
    (("X", None, None, "a" * 301, None), "Other titles"),
    (("X", None, None, "\n".join(f"t{i}" for i in range(101)), None), "101 entries; the limit is 100"),
    (("X", None, None, None, "s" * 4001), "The synopsis is 4,001 characters long"),
])
def test_parse_film_text_errors(fields: tuple, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_film_text(*fields)


def test_parse_film_info() -> None:
    info = parse_film_info("99 min", "France, Italy\nFrance", " French ", "Black and white", "A\nB\n")
    assert (info.runtime_minutes, info.countries, info.languages, info.format, info.awards) == (
        99, ("France", "Italy"), ("French",), "Black and white", ("A", "B"))
    assert parse_film_info("", "", "", "", "").runtime_minutes is None
    for runtime in ("99 minutes", "99m", "99"):
        assert parse_film_info(runtime, "", "", "", "").runtime_minutes == 99
    for bad in ("1h39", "ninety", "0", "-5"):
        with pytest.raises(InvalidInput, match="Runtime must be a number of minutes"):
            parse_film_info(bad, "", "", "", "")


def test_parse_credits() -> None:
    lines = parse_credits("director: François Truffaut\nWriters: Marcel Moussy\n\n",
                          "Jean-Pierre Léaud as Antoine Doinel\ncameo: #12 Jacques Demy as Policeman\n"
                          "actor: Guy Decomble")
    assert [(c.role, c.person, c.person_id, c.character) for c in lines] == [
        ("director", "François Truffaut", None, ""), ("writer", "Marcel Moussy", None, ""),
        ("actor", "Jean-Pierre Léaud", None, "Antoine Doinel"), ("cameo", "#12 Jacques Demy", 12, "Policeman"),
        ("actor", "Guy Decomble", None, "")]
    assert lines[3].where == "Cast line 2"


@pytest.mark.parametrize(("crew", "cast", "message"), [
    ("directer: Someone", "", "Crew line 1: “directer” is not a role; use one of director, writer"),
    ("Someone", "", "Crew line 1: start with a role"),
    ("", "\n\nas Nobody", "Cast line 3: who\\?"),
    ("", "x" * 201, "Cast line 1: names and characters are limited to 200"),
    ("", "\n".join(f"P{i}" for i in range(201)), "201 credits; the limit is 200"),
])
def test_parse_credits_errors(crew: str, cast: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_credits(crew, cast)


def test_plan_credits_matches_names_and_ids() -> None:
    lines = [CreditLine("director", "François Truffaut", None, "", "Crew line 1"),
             CreditLine("actor", "Newcomer", None, "Kid", "Cast line 1"),
             CreditLine("actor", "#7", 7, "Teacher", "Cast line 2")]
    planned = plan_credits(lines, {"francois truffaut": [1]}, {7})
    assert planned == [PlannedCredit(1, None, "director", ""), PlannedCredit(None, "Newcomer", "actor", "Kid"),
                       PlannedCredit(7, None, "actor", "Teacher")]
    with pytest.raises(InvalidInput, match="Cast line 2: there is no person #7"):
        plan_credits(lines, {"francois truffaut": [1]}, set())
    with pytest.raises(InvalidInput, match="Crew line 1: several people are called “François Truffaut” \\(#1, #2\\)"):
        plan_credits(lines, {"francois truffaut": [1, 2]}, {7})


def test_credits_text_round_trips() -> None:
    film = Film(1, None, "T", None, None, None, (), (), None, (), (), None, (), 0, 0)
    details = FilmDetails(film, (), (FilmCredit(1, "François Truffaut", "director", "", 0),
                                     FilmCredit(2, "John Smith", "actor", "Horatio", 1),
                                     FilmCredit(3, "Jacques Demy", "cameo", "Policeman", 2)))
    crew, cast = credits_text(details, {2})
    assert crew == "director: François Truffaut"
    assert cast == "#2 John Smith as Horatio\ncameo: Jacques Demy as Policeman"
    lines = parse_credits(crew, cast)
    assert [(c.role, c.person_id, c.character) for c in lines] == [
        ("director", None, ""), ("actor", 2, "Horatio"), ("cameo", None, "Policeman")]
