"""A cinephile catalogue for QA21: articles in several languages, original and English titles, numbers,
and people whose names carry a particle ("de", "von", "Le")."""

from __future__ import annotations

from typing import Any

from bot.content.pack import Pack, parse_pack


def film(key: str, title: str, year: int, original: str | None = None, aliases: tuple[str, ...] = (),
         director: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": key, "title": title, "year": year}
    if original:
        entry["original_title"] = original
    if aliases:
        entry["aliases"] = list(aliases)
    if director:
        entry["credits"] = [{"person": director, "role": "director"}]
    return entry


FILMS = [
    film("contempt", "Contempt", 1963, "Le Mépris", director="jean-luc-godard"),
    film("rules-of-the-game", "The Rules of the Game", 1939, "La Règle du jeu", director="jean-renoir"),
    film("children-of-paradise", "Children of Paradise", 1945, "Les Enfants du paradis"),
    film("l-atalante", "L'Atalante", 1934, director="jean-vigo"),
    film("wings-of-desire", "Wings of Desire", 1987, "Der Himmel über Berlin"),
    film("greed", "Greed", 1924, director="erich-von-stroheim"),
    film("blue-angel", "The Blue Angel", 1930, "Der blaue Engel", director="josef-von-sternberg"),
    film("carrie", "Carrie", 1976, director="brian-de-palma"),
    film("amelie", "Amélie", 2001, "Le Fabuleux Destin d'Amélie Poulain"),
    film("eight-and-a-half", "8½", 1963),
    film("seven-samurai", "Seven Samurai", 1954, "Shichinin no samurai", aliases=("七人の侍",)),
    film("twelve-angry-men", "12 Angry Men", 1957),
    film("le-samourai", "Le Samouraï", 1967),
    film("les-mistons", "Les Mistons", 1957),
]

PEOPLE = [
    {"id": "jean-renoir", "name": "Jean Renoir"},
    {"id": "jean-vigo", "name": "Jean Vigo"},
    {"id": "erich-von-stroheim", "name": "Erich von Stroheim", "born": "1885-09-22", "died": "1957-05-12"},
    {"id": "josef-von-sternberg", "name": "Josef von Sternberg"},
    {"id": "brian-de-palma", "name": "Brian De Palma"},
    {"id": "jean-luc-godard", "name": "Jean-Luc Godard", "aliases": ["Godard"]},
]


def catalogue() -> Pack:
    return parse_pack({"format": 1, "pack": {"id": "qa21-cinephiles", "name": "QA21", "version": 1},
                       "films": FILMS, "people": PEOPLE}, "qa21")
