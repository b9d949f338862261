"""QA4: words with ø, æ, œ, ß, đ, ł, ı found however they are typed, on every surface that searches facts.

Members and moderators type 'soren', 'Søren' or 'SØREN', whole or while typing; the search asks the
index how it spells the word (bot.facts.spellings). Every surface, every letter, the ranking, hostile
input, and facts that change after being found.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.client import Doinel
from bot.tree import APOLOGY
from tests.bot.db.test_facts_read import add_fact as insert_fact
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import (
    add_fact,
    add_film,
    edit_fact,
    fact_search,
    global_search_facts,
    index_matches_view,
    run,
)
from tests.e2e.qa4.support import member_picks, moderator_picks, search_page
from tests.emulator import Emulator

FILM = "Hamnen"
TEXTS = {
    "danish": "Søren Kjær filmed the harbour of Æbeltoft by night.",
    "plain": "Soren Kjaer later painted a mural for the cinema.",
    "polish": "The Łódź film school trained many directors.",
    "german": "Outdoor scenes were shot on the Großsee, then in a Straße of Dresden.",
    "turkish": "Kırık Ayna was shot in İstanbul.",
    "serbian": "Đorđe Balašević wrote the title song in Oddløkke.",
}


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


@pytest.fixture
async def facts(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> dict[str, int]:
    """The facts of TEXTS, added by a moderator (the Danish one about FILM); name -> number."""
    await add_film(emulator, discord_world, FILM, year="1964")
    added = {name: await add_fact(emulator, discord_world, text, **({"film": FILM} if name == "danish" else {}))
             for name, text in TEXTS.items()}
    await index_matches_view(doinel.db)
    return added


async def test_every_member_surface_finds_a_word_typed_without_its_letters(
        emulator: Emulator, discord_world: DiscordWorld, facts: dict[str, int]) -> None:
    w = discord_world
    both = {facts["danish"], facts["plain"]}
    assert set(await fact_search(emulator, w, "soren")) == both
    assert set(await fact_search(emulator, w, "Søren")) == both               # and 'Søren' finds the plain one
    assert await fact_search(emulator, w, "soren", film=FILM) == [facts["danish"]]
    assert await fact_search(emulator, w, "lodz", film=FILM) == []
    assert set(await global_search_facts(emulator, w, "soren kjaer")) == both
    assert await global_search_facts(emulator, w, "lodz school") == [facts["polish"]]
    assert set(await member_picks(emulator, w, "soren")) == both
    assert await member_picks(emulator, w, "aebeltoft") == [facts["danish"]]
    assert await member_picks(emulator, w, "grosssee strasse") == [facts["german"]]


async def test_every_moderator_picker_finds_them(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
                                                 facts: dict[str, int]) -> None:
    w = discord_world
    for command in ("edit", "remove", "history"):
        assert await moderator_picks(emulator, w, command, "lodz") == [facts["polish"]], command
        assert await moderator_picks(emulator, w, command, "aebeltoft kjaer") == [facts["danish"]], command
    await run(emulator, w, w.moderator, "facts remove", id=facts["polish"])
    assert await moderator_picks(emulator, w, "edit", "lodz") == []
    assert await moderator_picks(emulator, w, "restore", "lodz") == [facts["polish"]]
    assert await moderator_picks(emulator, w, "restore", "Łó") == [facts["polish"]]

    # A global fact (as a pack brings them): hidden and shown again in this server by its words.
    bundled = await insert_fact(doinel.db, "Bjørn Łukasz dubbed the Swedish version.")
    assert await moderator_picks(emulator, w, "hide", "bjorn lukasz") == [bundled]
    assert await fact_search(emulator, w, "bjorn") == [bundled]
    await run(emulator, w, w.moderator, "facts hide", id=bundled)
    assert await moderator_picks(emulator, w, "hide", "bjorn") == []
    assert await moderator_picks(emulator, w, "unhide", "bjorn luk") == [bundled]
    assert await fact_search(emulator, w, "bjorn") == []
    await run(emulator, w, w.moderator, "facts unhide", id=bundled)
    assert await fact_search(emulator, w, "BJØRN") == [bundled]


PARTLY_TYPED = [
    ("so", "danish"), ("sor", "danish"), ("sør", "danish"), ("sore", "danish"), ("kjae", "danish"),
    ("ae", "danish"), ("aeb", "danish"), ("aebel", "danish"), ("æbel", "danish"),
    ("lo", "polish"), ("lod", "polish"), ("Łó", "polish"), ("łodz", "polish"),
    ("gross", "german"), ("grosss", "german"), ("straß", "german"),
    ("ki", "turkish"), ("kiri", "turkish"), ("ıst", "turkish"), ("İst", "turkish"),
    ("do", "serbian"), ("dord", "serbian"), ("oddlo", "serbian"),
]


async def test_a_word_typed_partly_is_offered_while_typing(emulator: Emulator, discord_world: DiscordWorld,
                                                           facts: dict[str, int]) -> None:
    for typed, name in PARTLY_TYPED:
        assert facts[name] in await member_picks(emulator, discord_world, typed), typed
        assert facts[name] in await moderator_picks(emulator, discord_world, "edit", typed), typed


LETTERS = [
    ("ŁØĐ", "polish"), ("Łøđ", "polish"), ("ŁÓDŹ", "polish"), ("lodz", "polish"), ("LODZ", "polish"),
    ("ÆBELTOFT", "danish"), ("AEBELTOFT", "danish"), ("Kjær Æbeltoft", "danish"), ("KJÆR harbour", "danish"),
    ("STRAẞE", "german"), ("STRASSE", "german"), ("großsee", "german"), ("GROSSSEE", "german"),
    ("grosssee dresden", "german"),
    ("kirik", "turkish"), ("KIRIK", "turkish"), ("kırık", "turkish"), ("İSTANBUL", "turkish"),
    ("ıstanbul", "turkish"), ("KIRIK AYNA İSTANBUL", "turkish"),
    ("dorde balasevic", "serbian"), ("ĐORĐE", "serbian"), ("oddlokke", "serbian"), ("ODDLØKKE", "serbian"),
]


async def test_several_letters_uppercase_and_plain_neighbours(emulator: Emulator, discord_world: DiscordWorld,
                                                              facts: dict[str, int]) -> None:
    for typed, name in LETTERS:
        assert await fact_search(emulator, discord_world, typed) == [facts[name]], typed


async def test_ranking_snippets_duplicates_and_partial_results(emulator: Emulator, discord_world: DiscordWorld,
                                                               facts: dict[str, int]) -> None:
    w = discord_world
    phrase = await add_fact(emulator, w, "Late in the long shoot, far from the studio and from everyone who had "
                                         "started it, Søren Kjær came back to film the last reel alone.")
    apart = await add_fact(emulator, w, "Kjær and Søren.")
    page = await search_page(emulator, w, "soren kjaer")
    # Every fact with the two words side by side (however spelled) before the short one with them apart.
    assert set(page.ids[:3]) == {phrase, facts["danish"], facts["plain"]} and page.ids[3:] == [apart]
    assert "**Søren Kjær**" in page.text and "**Soren Kjaer**" in page.text   # each fact's own words in bold
    same = await search_page(emulator, w, "soren SØREN søren")
    assert sorted(same.ids) == sorted(set(same.ids)) and set(same.ids) == set(page.ids)

    # One word matches only through a respelling, the other nowhere: the facts with some of the words.
    partial = await search_page(emulator, w, "lodz zanzibar")
    assert partial.partial and partial.ids == [facts["polish"]] and "**Łódź**" in partial.text


HOSTILE = [
    "o" * 40, "l" * 40, "ø" * 40, "ss" * 20, "ae" * 20, "ł" * 200, "o" * 500 + " soren",
    " ".join("lodz" + str(i) for i in range(12)), " ".join(["o" * 40, "l" * 39, "d" * 38, "i" * 37, "ss" * 18,
                                                             "ae" * 18, "oe" * 18, "soren"]),
    '"soren"', "soren*", "*soren", "^soren", "(soren)", 'soren" OR "x', "NEAR(soren lodz)", "soren AND NOT lodz",
    "text:soren", "-soren", "soren🎬", "🎬", "so\u200bren", "\u200b", "søren\u200d", "s\u0338oren", "ø\u0301",
    "\ufe0fsoren", "\x00lodz", "'; DROP TABLE facts_terms; --",
]


async def test_hostile_input_never_fails(emulator: Emulator, discord_world: DiscordWorld,
                                         facts: dict[str, int]) -> None:
    w = discord_world
    for typed in HOSTILE:
        page = await search_page(emulator, w, typed)          # results or "Nothing found", never an error
        assert len(page.ids) == len(set(page.ids)), typed
        picks = await member_picks(emulator, w, typed)
        assert len(picks) == len(set(picks)), typed
        await moderator_picks(emulator, w, "edit", typed)
        record = await run(emulator, w, w.bob, "search", query=typed)
        assert record.content != APOLOGY and "Traceback" not in (record.content or ""), typed


OPERATORS: list[tuple[str, str]] = [   # a zero-width space inside a word splits nothing (QA26 4)
    ('"soren kjaer"', "danish"), ("soren*", "danish"), ("^søren", "danish"), ("(lodz)", "polish"),
    ("lodz🎬", "polish"), ("so\u200bren", "danish"), ("søren\u200d", "danish"),
]


async def test_operators_and_invisible_characters_are_read_as_words(
        emulator: Emulator, discord_world: DiscordWorld, facts: dict[str, int]) -> None:
    for typed, name in OPERATORS:
        found = await fact_search(emulator, discord_world, typed)
        assert facts[name] in found, (typed, found)


async def test_search_follows_facts_edited_removed_restored(emulator: Emulator, discord_world: DiscordWorld,
                                                            doinel: Doinel, facts: dict[str, int]) -> None:
    w, polish = discord_world, facts["polish"]
    assert await fact_search(emulator, w, "lodz") == [polish]
    await edit_fact(emulator, w, polish, text="The Wrocław studio trained many directors.")
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "lodz") == []
    assert await member_picks(emulator, w, "lod") == []
    assert await moderator_picks(emulator, w, "edit", "lod") == []
    assert await fact_search(emulator, w, "wroclaw") == [polish]
    assert await moderator_picks(emulator, w, "edit", "wrocl") == [polish]

    await edit_fact(emulator, w, polish, text="The Lodz studio trained many directors.")   # now written plainly
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "Łódź") == [polish]
    assert await fact_search(emulator, w, "wroclaw") == []

    await run(emulator, w, w.moderator, "facts remove", id=facts["danish"])
    assert await fact_search(emulator, w, "soren") == [facts["plain"]]
    assert await fact_search(emulator, w, "aebeltoft") == []
    assert await member_picks(emulator, w, "aebel") == []
    await run(emulator, w, w.moderator, "facts restore", id=facts["danish"])
    assert await fact_search(emulator, w, "aebeltoft") == [facts["danish"]]
    assert set(await fact_search(emulator, w, "soren")) == {facts["danish"], facts["plain"]}
