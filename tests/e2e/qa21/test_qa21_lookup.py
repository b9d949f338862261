"""QA21: casual members look films and people up the way cinephiles type them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.client import Doinel
from bot.content.pack import parse_pack
from bot.db.packs import import_pack
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa21.catalogue import catalogue
from tests.emulator import Emulator


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


@pytest.fixture
async def cinephile_bot(doinel: Doinel) -> Doinel:
    await import_pack(doinel.db, catalogue())
    return doinel


async def run(emulator: Emulator, w: DiscordWorld, command: str, **options: Any):
    record = await emulator.slash(w.general, w.alice, command, **options)
    return await record.wait_done()


async def offered(emulator: Emulator, w: DiscordWorld, command: str, option: str, typed: str) -> list[str]:
    return [c["name"] for c in await emulator.autocomplete(w.general, w.alice, command, focused=option,
                                                           **{option: typed})]


async def test_eight_and_a_half_typed_with_a_slash_is_the_film(emulator: Emulator, discord_world: DiscordWorld,
                                                               cinephile_bot: Doinel) -> None:
    """A member types `/film title:8 1/2` (there is no ½ key) and sends without waiting for the list. They
    get "No film is called exactly “8 1/2”. Did you mean:" and a one-option menu, and `/search 8 1/2` says
    "No result has every word; these come close", bolding the 1 of "4.1 million" in a fact. "8 1/2" is how
    Fellini's 8½ is typed: it is that film's title exactly, and its card should come straight away."""
    w = discord_world
    card = await run(emulator, w, "film", title="8 1/2")
    assert card.embeds and card.embeds[0]["title"] == "8½ (1963)", card.content
    found = await run(emulator, w, "search", query="8 1/2")
    assert "No result has every word" not in found.embeds[0]["description"]
    assert found.embeds[0]["description"].startswith("__Films__\n**8½** (1963)")


async def test_a_number_in_a_title_is_found_typed_in_digits_or_in_words(
        emulator: Emulator, discord_world: DiscordWorld, cinephile_bot: Doinel) -> None:
    """"7 samurai" offers only *Le Samouraï* (1967), and `/film title:7 samurai` asks "Did you mean: Le
    Samouraï"; "twelve angry men" offers nothing. Typed trivia answers already read "seven" as 7 (up to
    twenty, English or French); the film pickers should too, so each finds its film first."""
    w = discord_world
    assert (await offered(emulator, w, "film", "title", "7 samurai"))[:1] == ["Seven Samurai (1954)"]
    assert (await offered(emulator, w, "film", "title", "twelve angry men"))[:1] == ["12 Angry Men (1957)"]
    card = await run(emulator, w, "film", title="7 samurai")
    assert card.embeds and card.embeds[0]["title"] == "Seven Samurai (1954)", card.content


async def test_original_titles_articles_and_particles_are_found_as_typed(
        emulator: Emulator, discord_world: DiscordWorld, cinephile_bot: Doinel) -> None:
    """What works: original titles without accents or articles, German articles, an elided "L'", and
    people by the part of their name after "von" or "de", or with it; the cards are public."""
    w = discord_world
    for typed, film in [("le mepris", "Contempt (1963)"), ("regle du jeu", "The Rules of the Game (1939)"),
                        ("blaue engel", "The Blue Angel (1930)"), ("himmel uber", "Wings of Desire (1987)"),
                        ("L'Ata", "L'Atalante (1934)"), ("latalante", "L'Atalante (1934)"),
                        ("fabuleux destin", "Amélie (2001)"), ("mistons", "Les Mistons (1957)"),
                        ("七人", "Seven Samurai (1954)")]:
        assert (await offered(emulator, w, "film", "title", typed))[:1] == [film], typed
    stroheim = "Erich von Stroheim (1885–1957)"
    for typed, name in [("stroheim", stroheim), ("von stroheim", stroheim), ("de palma", "Brian De Palma"),
                        ("palma", "Brian De Palma"), ("sternberg", "Josef von Sternberg")]:
        assert (await offered(emulator, w, "person", "name", typed))[:1] == [name], typed
    card = await run(emulator, w, "film", title="Le Mépris")
    assert not card.ephemeral and card.embeds[0]["title"] == "Contempt (1963)"
    assert "Original title: *Le Mépris*" in card.embeds[0]["description"]
    person = await run(emulator, w, "person", name="von stroheim")
    assert not person.ephemeral and person.embeds[0]["title"] == "Erich von Stroheim"
    assert "**Greed** (1924) — director" in person.embeds[0]["description"]


async def test_the_fact_film_picker_offers_films_that_have_facts_first(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The owners imported a catalogue of 40 films; the server's facts are all about The 400 Blows. A member
    opens `/fact random film:` (or `/fact search film:`) and sees the first 25 titles from A, none of which
    has a fact (each gives "There are no facts about … yet."); The 400 Blows is not among them. The picker
    of a fact command should offer the films with facts first."""
    w = discord_world
    films = [{"id": f"film-{i:02d}", "title": f"A Film Nobody Wrote About {i:02d}", "year": 1960 + i % 30}
             for i in range(40)]
    await import_pack(doinel.db, parse_pack({"format": 1, "pack": {"id": "qa21-big", "name": "Big", "version": 1},
                                             "films": films}, "qa21-big"))
    for command in ("fact random", "fact search"):
        options = {"film": ""} if command == "fact random" else {"query": "truffaut", "film": ""}
        choices = await emulator.autocomplete(w.general, w.alice, command, focused="film", **options)
        assert "The 400 Blows (1959)" in [c["name"] for c in choices][:5], command
