"""QA3: "accents and case don't matter" in fact search, for every letter bot.text.fold treats as accented.

/film and the film pickers fold names with bot.text.fold, which maps ø, æ, œ, ß, ł, đ, ı to o, ae, oe,
ss, l, d, i. The facts' full-text index folds with FTS5's unicode61 tokenizer (remove_diacritics 2),
which only strips combining accents: 'Søren', 'Cœur', 'Straße' and 'Łódź' are indexed as 'søren',
'cœur', 'straße' and 'łodz'. Typed the way /film accepts them ('soren', 'lodz'), the search looks up
the index's spellings of each word (bot.facts.spellings) and finds them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import add_fact, add_film, fact_search, global_search_facts, index_matches_view, run
from tests.emulator import Emulator

TEXT = "Søren Æbeltoft shot the Straße scenes of Cœurs brisés in Łódź."
FILM = "Le Cœur de Łódź"


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


@pytest.fixture
async def special_letters(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> int:
    """A film and a fact written with letters that have no combining accent; returns the fact's number."""
    await add_film(emulator, discord_world, FILM, year="1990")
    fact = await add_fact(emulator, discord_world, TEXT, film=FILM)
    await index_matches_view(doinel.db)
    return fact


async def test_typed_with_the_same_letters_or_plain_accents_it_is_found(
        emulator: Emulator, discord_world: DiscordWorld, special_letters: int) -> None:
    w = discord_world
    card = await run(emulator, w, w.alice, "film", title="le coeur de lodz")      # /film folds them
    assert card.embeds[0]["title"] == f"{FILM} (1990)"
    for query in ("Søren", "ÆBELTOFT", "straße", "cœurs", "Łódź", "łodz", "brises"):
        assert await fact_search(emulator, w, query) == [special_letters], query


@pytest.mark.parametrize("query", ["soren", "aebeltoft", "strasse", "coeurs", "lodz", "coeur de lodz"])
async def test_typed_without_the_special_letters_it_is_found(
        emulator: Emulator, discord_world: DiscordWorld, special_letters: int, query: str) -> None:
    assert await fact_search(emulator, discord_world, query) == [special_letters]


async def test_global_search_finds_the_fact_typed_without_them(
        emulator: Emulator, discord_world: DiscordWorld, special_letters: int) -> None:
    assert await global_search_facts(emulator, discord_world, "soren lodz") == [special_letters]


async def moderator_picks(emulator: Emulator, world: DiscordWorld, typed: str) -> list[int]:
    """The fact numbers /facts edit's id autocomplete offers a moderator for ``typed``."""
    choices = await emulator.autocomplete(world.general, world.moderator, "facts edit", focused="id", id=typed)
    return [c["value"] for c in choices]


async def test_moderator_autocomplete_finds_plain_words(emulator: Emulator, discord_world: DiscordWorld,
                                                         special_letters: int) -> None:
    assert await moderator_picks(emulator, discord_world, "brises shot") == [special_letters]
    assert await moderator_picks(emulator, discord_world, "Brisés") == [special_letters]
    assert await moderator_picks(emulator, discord_world, "soren strasse") == [special_letters]
    assert await moderator_picks(emulator, discord_world, "aebel") == [special_letters]


@pytest.mark.parametrize("typed", ["Søren", "Straße scenes", "Cœurs", "Łódź", "Æbelt"])
async def test_moderator_autocomplete_finds_the_words_typed_as_written(
        emulator: Emulator, discord_world: DiscordWorld, special_letters: int, typed: str) -> None:
    assert await moderator_picks(emulator, discord_world, typed) == [special_letters]


async def test_moderator_autocomplete_with_an_ampersand(emulator: Emulator, discord_world: DiscordWorld,
                                                        doinel: Doinel) -> None:
    w = discord_world
    fact = await add_fact(emulator, w, "Moullard & Vennick restored the print.")
    assert await fact_search(emulator, w, "Moullard & Vennick") == [fact]      # the member's search is fine
    assert await moderator_picks(emulator, w, "Moullard") == [fact]
    assert await moderator_picks(emulator, w, "Moullard & Vennick") == [fact]
