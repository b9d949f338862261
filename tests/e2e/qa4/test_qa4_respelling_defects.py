"""QA4: defects QA found in the respelling search, as members and moderators meet them (fixed since).

Each test states what a member should see: the fact's own word typed exactly ('Alien³', 'Sǿren'), a
word being typed that stops inside a run ('stras' of 'Straße'), and the exact phrase first however it is
spelled.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.client import Doinel
from tests.bot.db.test_facts_read import add_fact as insert_fact
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import add_fact, fact_search, index_matches_view
from tests.e2e.qa4.support import member_picks, moderator_picks, search_page
from tests.emulator import Emulator


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


@pytest.mark.parametrize("typed", ["Sǿren", "soren", "Søren"])
async def test_a_special_letter_with_an_accent_on_top_is_found(emulator: Emulator, discord_world: DiscordWorld,
                                                               doinel: Doinel, typed: str) -> None:
    fact = await add_fact(emulator, discord_world, "Sǿren Qvistgaard wrote the dialogue in one night.")
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, discord_world, typed) == [fact]


@pytest.mark.parametrize("typed", ["Alien³", "alien³ fincher", "ﬁlm noir"])
async def test_a_word_typed_exactly_as_the_fact_writes_it_is_found(emulator: Emulator, discord_world: DiscordWorld,
                                                                   doinel: Doinel, typed: str) -> None:
    fact = await add_fact(emulator, discord_world, "Alien³ was Fincher's first feature, a bleak ﬁlm noir in space.")
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, discord_world, typed) == [fact]
    assert await moderator_picks(emulator, discord_world, "edit", typed) == [fact]


@pytest.mark.parametrize(("typed", "text"), [
    ("stras", "The Straße scenes were shot at dawn."),
    ("kja", "Mads Kjær lit every scene."),
])
async def test_a_word_partly_typed_inside_a_folded_letter_is_offered(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str, text: str) -> None:
    w = discord_world
    fact = await add_fact(emulator, w, text)
    await index_matches_view(doinel.db)
    assert await member_picks(emulator, w, typed) == [fact]
    assert await moderator_picks(emulator, w, "edit", typed) == [fact]
    assert await fact_search(emulator, w, typed) == [fact]


@pytest.mark.parametrize("typed", ["Jørgen Kjær Østergaard Løkke", "jorgen kjaer ostergaard lokke"])
async def test_the_exact_phrase_of_four_special_words_comes_first(emulator: Emulator, discord_world: DiscordWorld,
                                                                  doinel: Doinel, typed: str) -> None:
    w = discord_world
    phrase = await add_fact(emulator, w, "A long note on where the crew stayed, far from the set, and then Jørgen "
                                         "Kjær Østergaard Løkke arrived late, with many more words around his name.")
    # Short facts with the four names apart, as a pack brings them (/facts add would warn of duplicates).
    apart = [await insert_fact(doinel.db, "Løkke, Østergaard, Kjær, Jørgen."),
             await insert_fact(doinel.db, "Jørgen cast Kjær; then Løkke hired Østergaard.")]
    await index_matches_view(doinel.db)
    page = await search_page(emulator, w, typed)
    assert page.ids == [phrase, *apart] or page.ids == [phrase, *reversed(apart)], page.ids
    assert "**Jørgen Kjær Østergaard Løkke**" in page.text
