"""QA6: film titles full of Markdown (M*A*S*H, *batteries not included) read exactly as typed.

A member should see each title once, with no backslash anywhere: Markdown rendering hides one escape,
so a doubled escape shows as a stray backslash, and text where Markdown does not render (autocomplete
choices, menu options, form values) must not be escaped at all.
"""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_trivia import got_it, typed_bot
from tests.e2e.qa5.support import catalogue, quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.e2e.test_lookup import film_id, run
from tests.e2e.test_trivia import question
from tests.emulator import Emulator

MASH = {"id": "qa6-mash", "title": "M*A*S*H", "year": 1970}
MASH_TOO = {"id": "qa6-mash-tv", "title": "M*A*S*H", "year": 1972}
BATTERIES = {"id": "qa6-batteries", "title": "*batteries not included", "year": 1987}


@pytest.fixture
async def markdown_films(doinel: Doinel) -> Doinel:
    await catalogue(doinel.db, [MASH, MASH_TOO, BATTERIES])
    return doinel


async def test_a_film_card_shows_the_title_as_typed_and_the_picker_shows_it_bare(
        emulator: Emulator, discord_world: DiscordWorld, markdown_films: Doinel) -> None:
    """The card's title is escaped once (Discord shows 'M*A*S*H (1970)'); the autocomplete, where
    Markdown never renders, lists the plain title with no backslash."""
    w = discord_world
    choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="mash")
    names = [c["name"] for c in choices]
    assert "M*A*S*H (1970)" in names and not any("\\" in n for n in names), names
    mash = await film_id(markdown_films, "qa6-mash")
    card = await run(emulator, w, w.alice, "film", title=f"id:{mash}")
    assert card.embeds[0]["title"] == "M\\*A\\*S\\*H (1970)"


async def test_namesakes_menu_names_the_typed_title_once(
        emulator: Emulator, discord_world: DiscordWorld, markdown_films: Doinel) -> None:
    """/film title:M*A*S*H typed without picking: 'Several films are called “M*A*S*H”: which one?',
    the stars shown as stars (escaped once), never as '\\*'."""
    w = discord_world
    menu = await run(emulator, w, w.alice, "film", title="M*A*S*H")
    assert menu.content == "Several films are called “M\\*A\\*S\\*H”: which one?", menu.content


async def test_facts_add_with_a_shared_title_lists_the_films_as_typed(
        emulator: Emulator, discord_world: DiscordWorld, markdown_films: Doinel) -> None:
    """The moderator is told which ids to type; each film reads 'M*A*S*H (1970)' (stars escaped once)."""
    w = discord_world
    refused = await run(emulator, w, w.moderator, "facts add", film="M*A*S*H")
    assert refused.modal is None and refused.ephemeral
    assert "2 films are called “M\\*A\\*S\\*H”" in refused.content, refused.content
    assert "M\\*A\\*S\\*H (1970) (type" in refused.content, refused.content


async def test_a_typed_trivia_answer_with_stars_is_confirmed_as_typed_behind_a_spoiler(
        emulator: Emulator, discord_world: DiscordWorld, doinel_harness) -> None:
    """With spoilers on, 'mash' typed for the answer M*A*S*H is confirmed as '**||M*A*S*H||**': stars
    escaped once, inside the spoiler, and the round's start names the film as typed."""
    w = discord_world
    bot = await typed_bot(emulator, doinel_harness)
    await catalogue(bot.db, [MASH], questions=[{"id": "qa6-q", "film": "qa6-mash", "prompt": "Which film is set "
                                               "in the 4077th?", "answers": ["M*A*S*H"]}])
    settings = await run(emulator, w, w.moderator, "trivia settings", spoilers=True)
    assert settings.ephemeral
    picks = await emulator.autocomplete(w.general, w.alice, "trivia start", focused="film", film="mash")
    assert [c["name"] for c in picks] == ["M*A*S*H (1970) · 1 question"], picks   # bare: no Markdown here
    started = await emulator.slash(w.general, w.alice, "trivia start", film=picks[0]["value"], questions=1,
                                   mode="typed", seconds=30)
    await started.wait_done()
    assert "Trivia about **M\\*A\\*S\\*H (1970)**!" in started.content, started.content
    await question(emulator, w.general, 1, 1)
    said = await emulator.say(w.general, w.bob, "MASH")
    confirm = await got_it(emulator, w, said)
    assert f"<@{w.bob.id}> got it: **||M\\*A\\*S\\*H||**" in confirm.content, confirm.content


async def test_fact_search_titled_with_a_long_starred_query_stays_within_limits(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A 200-character query of stars and words still gives a title Discord accepts (256 at most)."""
    w = discord_world
    query = "Léaud " + "*Léaud* " * 24
    record = await run(emulator, w, w.alice, "fact search", query=query[:200])
    assert record.embeds, record.content
    title = record.embeds[0]["title"]
    assert title.startswith("Search: “Léaud \\*Léaud\\*") and len(title) <= 256
