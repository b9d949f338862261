"""QA3: the facts' full-text index follows every change moderators and owners make, end to end.

Since schema 6 the index keeps no copy of the facts: it reads the view facts_fts_source, and triggers
on facts and film_names must delete exactly what was indexed before each change. After every step a
member searches (new words found, old words gone, film names and aliases match, accents folded) and
FTS5's integrity-check compares the bot's index with the view.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import (
    add_fact,
    add_film,
    buttons,
    edit_fact,
    edit_film,
    fact_search,
    form,
    global_search_facts,
    index_matches_view,
    run,
)
from tests.emulator import Emulator


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


async def test_add_edit_move_remove_restore_a_fact_then_restart(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
        restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    w = discord_world
    plovdrix = await add_film(emulator, w, "Plovdrix Summer", year="1961", aliases="Grenvaux")
    zyx = await add_film(emulator, w, "Zyxtrobe Nights", year="1962", original_title="Les Nuits de Zyxtrobe",
                         aliases="Qwelm")
    await index_matches_view(doinel.db)   # films without facts: nothing to re-index

    tags = 'Nouvelle "Vague"; AC\\DC; café-crème; 🎬 xylofonic shots; it\'s ", " odd'
    fact = await add_fact(emulator, w, "Zabrowski filmed the quayside scenes at dawn.", film="Plovdrix Summer",
                          tags=tags)
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "zabrowski") == [fact]
    assert await fact_search(emulator, w, "QUAYSIDE dawn") == [fact]
    assert await fact_search(emulator, w, "creme") == [fact]          # a tag, accent folded
    assert await fact_search(emulator, w, "Xylofonic") == [fact]      # a tag's word after an emoji
    assert await fact_search(emulator, w, "dc") == [fact]             # a tag with a backslash
    assert await fact_search(emulator, w, "odd") == [fact]            # a tag with a quote and '", "'
    assert await fact_search(emulator, w, "grenvaux") == [fact]       # the film's alias
    assert await fact_search(emulator, w, "plovdrix summer") == [fact]
    assert await global_search_facts(emulator, w, "zabrowski") == [fact]

    # New text, new tags, another film: every old word is gone, every new one found.
    await edit_fact(emulator, w, fact, text="Wojtaszek lit the harbour with two lamps.", tags="lampwork",
                    film="Zyxtrobe Nights")
    await index_matches_view(doinel.db)
    for gone in ("zabrowski", "quayside", "creme", "xylofonic", "grenvaux", "plovdrix"):
        assert await fact_search(emulator, w, gone) == [], gone
    for found in ("wojtaszek", "harbour lamps", "lampwork", "qwelm", "zyxtrobe", "nuits zyxtrobe"):
        assert await fact_search(emulator, w, found) == [fact], found
    assert await fact_search(emulator, w, "wojtaszek", film="Zyxtrobe Nights") == [fact]

    # The owner renames the film and swaps its alias: the fact follows.
    await edit_film(emulator, w, zyx, title="Zyxtrobe Mornings", aliases="Brontavia")
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "qwelm") == []
    assert await fact_search(emulator, w, "nights") == []
    assert await fact_search(emulator, w, "brontavia") == [fact]
    assert await fact_search(emulator, w, "zyxtrobe mornings") == [fact]
    # The other film's change touches nothing of this fact.
    await edit_film(emulator, w, plovdrix, aliases="Grenvaux\nQwelm")
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "qwelm") == []

    await run(emulator, w, w.moderator, "facts remove", id=fact)
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "wojtaszek") == []
    assert await global_search_facts(emulator, w, "wojtaszek") == []

    bot = await restart_bot()
    await index_matches_view(bot.db)
    assert await fact_search(emulator, w, "wojtaszek") == []
    await run(emulator, w, w.moderator, "facts restore", id=fact)
    await index_matches_view(bot.db)
    assert await fact_search(emulator, w, "wojtaszek brontavia") == [fact]
    # A film edit after the restart still re-indexes the fact.
    await edit_film(emulator, w, zyx, aliases="")
    await index_matches_view(bot.db)
    assert await fact_search(emulator, w, "brontavia") == []
    assert await fact_search(emulator, w, "mornings") == [fact]


async def test_long_text_and_many_tags_are_indexed_and_unindexed_whole(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    filler = " ".join(f"mot{i}" for i in range(150))
    text = f"Kestrelwing opens it. {filler} It closes on Farrowgate."[:1000]
    assert text.endswith("Farrowgate.")
    tags = "; ".join(f"étiquette{i} ünïcode{i}" for i in range(10))
    fact = await add_fact(emulator, w, text, tags=tags)
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "farrowgate") == [fact]     # the last word of 1,000 characters
    assert await fact_search(emulator, w, "etiquette9 unicode9") == [fact]
    await edit_fact(emulator, w, fact, text="Short now.", tags="one")
    await index_matches_view(doinel.db)
    for gone in ("farrowgate", "kestrelwing", "mot149", "etiquette9"):
        assert await fact_search(emulator, w, gone) == [], gone


async def test_suggestions_are_searchable_once_approved_as_approved(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db

    async def suggest(text: str, **fields: str) -> int:
        opened = await run(emulator, w, w.alice, "fact suggest")
        form(opened)
        thanked = await (await emulator.submit_modal(opened, None, {"text": text, **fields})).wait_done()
        assert thanked.ephemeral and "is waiting for this server's moderators" in (thanked.content or "")
        return int(thanked.content.split("#")[1].split(" ")[0])

    edited = await suggest("Fenwarble wrote the score in a week.", film="the-400-blows", tags="musik")
    plain = await suggest("Pellucidor designed the posters.", tags="Affiche")
    rejected = await suggest("Quorbantine never existed.")
    assert await fact_search(emulator, w, "fenwarble") == []          # pending: no fact yet
    queue = (await run(emulator, w, w.moderator, "facts queue")).original
    assert queue is not None

    opened = await (await emulator.click(queue, f"doinel:sugg:edit:{edited}", w.moderator)).wait_done()
    form(opened)
    await (await emulator.submit_modal(opened, None, {"text": "Gaskolin wrote the score in a week.",
                                                      "tags": "score; Música"})).wait_done()
    await (await emulator.click(queue.id, f"doinel:sugg:approve:{plain}", w.moderator)).wait_done()
    reject = await (await emulator.click(queue.id, f"doinel:sugg:reject:{rejected}", w.moderator)).wait_done()
    await (await emulator.submit_modal(reject, None, {"reason": "Not true"})).wait_done()
    await index_matches_view(db)

    fact_of = {r[0]: r[1] for r in await db.fetchall("SELECT id, fact_id FROM suggestions")}
    assert fact_of[rejected] is None
    assert await fact_search(emulator, w, "fenwarble") == []
    assert await fact_search(emulator, w, "musik") == []
    assert await fact_search(emulator, w, "gaskolin") == [fact_of[edited]]
    assert await fact_search(emulator, w, "musica") == [fact_of[edited]]
    assert await fact_search(emulator, w, "gaskolin quatre cents coups") == [fact_of[edited]]
    assert await fact_search(emulator, w, "affiche pellucidor") == [fact_of[plain]]
    assert await fact_search(emulator, w, "quorbantine") == []
    assert buttons(emulator.message(queue.id) or queue) == {}


async def test_hidden_global_fact_leaves_search_in_this_server_only(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    leaud = await fact_search(emulator, w, "Leaud")
    assert leaud, "the bundled pack has facts about Léaud"
    target = leaud[0]
    await run(emulator, w, w.moderator, "facts hide", id=target)
    assert target not in await fact_search(emulator, w, "Leaud")
    await index_matches_view(db)
    await run(emulator, w, w.moderator, "facts unhide", id=target)
    assert await fact_search(emulator, w, "Leaud") == leaud
