"""QA24: an international film server looks facts, films and people up the way readers type on a phone."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.client import Doinel
from bot.content.pack import Pack
from bot.db.packs import import_pack
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator

NO_FACT_HAS_ALL = "No fact has all of these words"


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


async def run(emulator: Emulator, w: DiscordWorld, command: str, **options: Any) -> Any:
    record = await emulator.slash(w.general, w.alice, command, **options)
    return await record.wait_done()


async def pack_fact(bot: Doinel, key: str) -> int:
    return int(await bot.db.scalar("SELECT id FROM facts WHERE pack_key = ?", (key,)))


def result_ids(description: str) -> list[int]:
    """The fact numbers of a /fact search page (``**#12**``) or of /search's Facts lines (`` `#12` ``), in order."""
    return [int(n) for n in re.findall(r"^(?:\*\*#|`#)(\d+)", description, flags=re.MULTILINE)]


async def test_a_film_named_with_its_year_is_found_by_search(emulator: Emulator, discord_world: DiscordWorld,
                                                             doinel: Doinel, lookup_pack: Pack) -> None:
    """QA24 1. Two films are called *Breathless* (Godard 1960, McBride 1983), two *Hamlet* (1948, 1996). A member
    types `/search hamlet 1948`, as the README says names may be typed ("hamlet 1948" counts as a year), and reads
    "No result has every word; these come close." above one fact: no Hamlet at all. `/search breathless 1960`
    lists both Breathless under the same notice, then an unrelated fact about a 1960 Oscar nomination; `/search
    the 400 blows 1959` lists no film. /film finds each from the same words: /search should list the film of
    that year under Films (and not its namesake of another year), without the "come close" notice."""
    w = discord_world
    await import_pack(doinel.db, lookup_pack)
    for typed, film, other in [("hamlet 1948", "**Hamlet** (1948)", "**Hamlet** (1996)"),
                               ("breathless 1960", "**Breathless** (1960)", "**Breathless** (1983)"),
                               ("the 400 blows 1959", "**The 400 Blows** (1959)", None)]:
        card = await run(emulator, w, "film", title=typed)
        assert card.embeds and card.embeds[0]["title"] == film.replace("*", ""), typed   # /film reads the year
        found = await run(emulator, w, "search", query=typed)
        description = found.embeds[0]["description"]
        assert "No result has every word" not in description, (typed, description)
        assert "__Films__" in description and film in description, (typed, description)
        assert other is None or other not in description, (typed, description)


async def test_a_mention_or_server_emoji_in_a_query_is_not_part_of_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """QA24 2. On a phone, Alice types `/search` "truffaut" and taps @Bob to show him (Discord puts `<@id>` in the
    option), or adds the server's :popcorn: emoji (`<:popcorn:id>`). /search then drops François Truffaut from
    People and says "No result has every word; these come close."; /fact search says "No fact has all of these
    words" above the very facts that have it. The README says emoji and mentions beside a trivia answer are not
    part of it; a search should ignore them the same way (or at least not let them hide the person)."""
    w = discord_world
    mention = f"<@{w.bob.id}>"
    emoji = "<:popcorn:1234567890123456789>"
    for query, person in [(f"truffaut {mention}", "**François Truffaut**"), (f"{emoji} godard", "**Jean-Luc Godard**")]:
        found = await run(emulator, w, "search", query=query)
        description = found.embeds[0]["description"]
        assert "No result has every word" not in description, (query, description)
        assert "__People__" in description and person in description, (query, description)
    found = await run(emulator, w, "fact search", query=f"truffaut {mention}")
    assert not found.embeds[0]["description"].startswith(NO_FACT_HAS_ALL), found.embeds[0]["description"]
    assert found.embeds[0]["description"].startswith("20 results"), found.embeds[0]["description"]


async def test_the_french_title_typed_as_digits_ranks_the_fact_that_says_it_first(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """QA24 3. A French member types `/fact search query:les 400 coups` (how the film is known in France). The first
    results are "Among Antoine's misdeeds, he even manages to start a small fire.", "Philip Dale puts Antoine at
    about twelve…" — facts with none of the words in them, nothing in bold — and the one fact whose text says
    "Les Quatre Cents Coups, The 400 Blows" (all three words) is not among the first 30. The alias "Les 400 coups"
    in the film's names puts every fact of the film in the "exact phrase" tier, and the text's own hits are then
    not counted. The fact that has the words should come first, in /fact search and in /search."""
    w = discord_world
    known_as = await pack_fact(doinel, "400b-f069")   # "Known in French as Les Quatre Cents Coups, The 400 Blows …"
    found = await run(emulator, w, "fact search", query="les 400 coups")
    ids = result_ids(found.embeds[0]["description"])
    assert ids[:1] == [known_as], found.embeds[0]["description"]
    found = await run(emulator, w, "search", query="les 400 coups")
    facts = found.embeds[0]["description"].split("__Facts__", 1)[-1]
    assert result_ids(facts.strip())[:1] == [known_as], found.embeds[0]["description"]


async def test_and_typed_for_an_ampersand_finds_the_facts(emulator: Emulator, discord_world: DiscordWorld,
                                                          doinel: Doinel) -> None:
    """QA24 4. Bob remembers the "Sight and Sound" poll and types `/fact search query:sight and sound`. He reads
    "No fact has all of these words. 29 results, with some of them." — two facts about Sight & Sound, then 27
    facts that merely contain "and". Names fold "&" to "and" everywhere else (films, people, trivia answers);
    the facts that say "Sight & Sound" have all his words and should be the only results, without the notice."""
    w = discord_world
    polls = {await pack_fact(doinel, "400b-f018"), await pack_fact(doinel, "400b-f019")}
    found = await run(emulator, w, "fact search", query="sight and sound")
    description = found.embeds[0]["description"]
    assert not description.startswith(NO_FACT_HAS_ALL), description
    assert set(result_ids(description)) == polls, description


async def test_words_joined_by_an_apostrophe_typed_without_it_are_found(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """QA24 5. Phone keyboards hide the apostrophe: Inès types `/fact search query:palme dor` and gets "No fact has all
    of these words" with, second, a fact about reform-school **dor**mitories; "antoines mother" gets the same
    notice. /film finds "latalante" for *L'Atalante* (QA21): the fact search should read "dor" as "d'Or" and
    "antoines" as "Antoine's", as members type them."""
    w = discord_world
    palme = await pack_fact(doinel, "400b-f014")   # "… competed for the Palme d'Or at Cannes in 1959 …"
    found = await run(emulator, w, "fact search", query="palme dor")
    description = found.embeds[0]["description"]
    assert not description.startswith(NO_FACT_HAS_ALL), description
    assert result_ids(description) == [palme], description
    found = await run(emulator, w, "fact search", query="antoines mother")
    assert not found.embeds[0]["description"].startswith(NO_FACT_HAS_ALL), found.embeds[0]["description"]


async def test_search_does_not_state_a_capped_fact_count_as_the_count(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """QA24 6. `/fact search query:antoine` says "37 results"; `/search antoine` says "30 facts" in its footer, and
    "the" says "3 films, 30 facts" where 60-odd facts have the word. /search reads 30 facts at most, then states
    that as the number found, with no hint that there are more (/fact search says "50+ … Add words to narrow it
    down"). The footer should give the real number, or say there are more."""
    w = discord_world
    found = await run(emulator, w, "fact search", query="antoine")
    total = int(found.embeds[0]["description"].split(" ", 1)[0])
    assert total > 30
    found = await run(emulator, w, "search", query="antoine")
    footer = found.embeds[0]["footer"]["text"]
    assert "30+ facts" in footer, footer


async def test_the_unverified_legend_is_only_under_pages_that_show_the_mark(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """QA24 7. `/fact search query:400 blows`: page 1 shows five facts, none marked ⚠️, and its footer reads
    "Page 1/10 · ⚠️ From a source we could not double-check." A reader looks for the doubtful fact on the page
    and finds none (it is on another page). The legend should be under the pages that show the mark."""
    w = discord_world
    found = await run(emulator, w, "fact search", query="400 blows")
    page = found.embeds[0]
    assert "⚠️" not in page["description"]
    assert "⚠️" not in page["footer"]["text"], page["footer"]["text"]


async def test_what_readers_type_finds_the_fact_they_mean(emulator: Emulator, discord_world: DiscordWorld,
                                                          doinel: Doinel) -> None:
    """What works: no accents or shouting, hyphens typed as spaces and spaces as hyphens, a decimal comma, an
    ordinal, a decade, several words in any order, a typed apostrophe, and pure punctuation or emoji refused
    privately with an example. Each finds the one fact meant, first."""
    w = discord_world
    for typed, key in [("ZERO DE CONDUITE", "400b-f020"), ("coming of age", "400b-f060"),
                       ("jean pierre leaud", "400b-f005"), ("4,1 million", "400b-f016"), ("50th", "400b-f018"),
                       ("1950s", "400b-f045"), ("bazin truffaut", "400b-f021"), ("harsh critic truffaut", "400b-f044"),
                       ("palme d'or", "400b-f014"), ("antoine's mother", "400b-f030")]:
        found = await run(emulator, w, "fact search", query=typed)
        assert not found.ephemeral, typed
        ids = result_ids(found.embeds[0]["description"])
        assert ids[:1] == [await pack_fact(doinel, key)], (typed, found.embeds[0]["description"])
    for typed in ("🎬🍿", "?!", "…"):
        refused = await run(emulator, w, "fact search", query=typed)
        assert refused.ephemeral and "type a few words to look for, like Léaud" in refused.content, typed
