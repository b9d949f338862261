"""The lookup core the cogs call: picker values, menus for ambiguous names, clear refusals."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.content.pack import FilmEntry, Pack, PersonEntry
from bot.db import Database
from bot.db.packs import import_pack
from bot.errors import NotFound
from bot.lookup import service


@pytest.fixture
async def catalogue(db: Database, lookup_pack: Pack) -> Database:
    await sync_bundled_packs(db)
    await import_pack(db, lookup_pack)
    return db


async def key_id(db: Database, table: str, key: str) -> int:
    return int(await db.scalar(f"SELECT id FROM {table} WHERE pack_key = ?", (key,)))


@pytest.mark.parametrize(("value", "expected"), [("id:12", 12), (" id:7 ", 7), ("id:", None), ("id:x", None),
                                                  ("12", None), ("Hamlet", None), ("id:" + "9" * 30, None)])
def test_picked_id(value: str, expected: int | None) -> None:
    assert service.picked_id(value) == expected


async def test_film_choices_tell_same_title_and_year_apart(db: Database, lookup_pack: Pack) -> None:
    twins = (FilmEntry("twin-a", "Twins", year=1988), FilmEntry("twin-b", "Twins", year=1988))
    await import_pack(db, dataclasses.replace(lookup_pack, films=(*lookup_pack.films, *twins)))
    a, b = await key_id(db, "films", "twin-a"), await key_id(db, "films", "twin-b")
    assert await service.film_choices(db, "twins", None) == [(f"Twins (1988) · #{a}", f"id:{a}"),
                                                              (f"Twins (1988) · #{b}", f"id:{b}")]
    assert await service.film_choices(db, "hamlet", 1996) == [
        ("Hamlet (1996)", f"id:{await key_id(db, 'films', 'hamlet-1996')}")]


async def test_find_film(catalogue: Database) -> None:
    blows = await key_id(catalogue, "films", "the-400-blows")
    assert await service.find_film(catalogue, f"id:{blows}", None) == blows
    assert await service.find_film(catalogue, "les 400 coups", None) == blows
    pick = await service.find_film(catalogue, "breathless", None)
    assert isinstance(pick, service.Pick) and pick.question == "Several films are called “breathless”: which one?"
    assert [(c.label, c.description) for c in pick.choices] == [
        ("Breathless (1960)", "Directed by Jean-Luc Godard · À bout de souffle"), ("Breathless (1983)", None)]
    with pytest.raises(NotFound, match="Type a film's title"):
        await service.find_film(catalogue, "\u200b ", None)
    with pytest.raises(NotFound, match="I don't know a film called “Jules et Jim”"):
        await service.find_film(catalogue, "Jules et Jim", None)


async def test_film_card_and_facts(catalogue: Database) -> None:
    hamlet = await key_id(catalogue, "films", "hamlet-1996")
    shown = await service.film_card(catalogue, hamlet, 7)
    assert shown.questions == 1 and shown.embed.title == "Hamlet (1996)"
    with pytest.raises(NotFound, match="no facts about Hamlet \\(1996\\)"):
        await service.film_facts(catalogue, hamlet, 7)
    title, entries, footer = await service.film_facts(catalogue, await key_id(catalogue, "films", "the-400-blows"), 7)
    assert title == "Facts about The 400 Blows (1959)" and len(entries) == 71 and footer == "71 facts"
    with pytest.raises(NotFound):
        await service.film_card(catalogue, 10**9, 7)


async def test_person_choices_and_namesakes(catalogue: Database, lookup_pack: Pack) -> None:
    choices = await service.person_choices(catalogue, "truffaut")
    assert choices[0][0] == "François Truffaut (1932–1984)"        # "Truffaut" is part of the name: no hint
    await import_pack(catalogue, dataclasses.replace(lookup_pack, people=(
        *lookup_pack.people, PersonEntry("anna-k", "Anna Karina", ("Hanne Karin Bayer",), "1940-09-22"))))
    assert (await service.person_choices(catalogue, "hanne"))[0][0] == "Anna Karina (born 1940) · “Hanne Karin Bayer”"
    pick = await service.find_person(catalogue, "john smith")
    assert isinstance(pick, service.Pick) and [c.label for c in pick.choices] == [
        "John Smith (born 1931)", "John Smith (born 1962)"]
    with pytest.raises(NotFound, match="I don't know anyone called “Nobody Atall”"):
        await service.find_person(catalogue, "Nobody Atall")


async def test_search_pages(catalogue: Database) -> None:
    pages = await service.search_pages(catalogue, "truffaut", 7)
    assert pages and pages[0].title == "Search: truffaut"
    with pytest.raises(NotFound, match=re.escape("Nothing found for “\\*\\*\\*”: type a few words")):
        await service.search_pages(catalogue, "***", 7)
    with pytest.raises(NotFound, match=r"^Nothing found: type a few words"):
        await service.search_pages(catalogue, " \u200b", 7)
    with pytest.raises(NotFound, match=r"^Nothing found for “zqxv wvvq”"):
        await service.search_pages(catalogue, "zqxv wvvq", 7)
