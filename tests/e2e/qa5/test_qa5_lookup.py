"""QA5: /film, /person and /search as demanding members of a big film server meet them.

Huge casts, a prolific actor, same-titled films, titles full of Markdown or mentions, odd input, and
cards or menus left on screen while the film behind them changes. Each test says what a member sees.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.client import Doinel
from bot.tree import APOLOGY
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import assert_polite, buttons, said
from tests.e2e.qa5.support import catalogue, quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.e2e.test_lookup import components, fields, film_id, films_bot, run  # noqa: F401 - films_bot: a fixture
from tests.emulator import Emulator

PEOPLE = [{"id": f"qa5-actor-{i}", "name": f"Actor Number {i}"} for i in range(70)] + [
    {"id": "qa5-busy", "name": "Prolific Player", "born": "1900-01-02", "known_for": "*Everything*, @everyone"}]
EPIC = {"id": "qa5-epic", "title": "The Long Epic", "year": 2001, "synopsis": "An epic. " * 440,
        "awards": [f"Festival number {i} — Best picture of a long and wordy category {i}" for i in range(100)],
        "credits": [{"person": f"qa5-actor-{i}", "role": "actor", "character": f"Character {i}"}
                    for i in range(70)] + [{"person": f"qa5-actor-{i}", "role": "writer"} for i in range(30)]}
BUSY_FILMS = [{"id": f"qa5-busy-{i}", "title": f"Busy Film {i} " + "z" * 150, "year": 1900 + i % 200,
               "credits": [{"person": "qa5-busy", "role": "actor", "character": "Himself"}]} for i in range(200)]
SAME = [{"id": f"qa5-same-{i}", "title": "Nightfall", "year": 1950 + i} for i in range(30)]


@pytest.fixture
async def big_catalogue(doinel: Doinel) -> Doinel:
    await catalogue(doinel.db, [EPIC, *BUSY_FILMS, *SAME], PEOPLE)
    return doinel


# -- long data stays within Discord's limits ---------------------------------------------------------------

async def test_a_film_with_seventy_credits_and_a_hundred_awards_shows_a_tidy_card(
        emulator: Emulator, discord_world: DiscordWorld, big_catalogue: Doinel) -> None:
    """The main ten of the cast, then '… and N more'; writers and awards cut the same way; one valid embed."""
    card = await run(emulator, discord_world, discord_world.alice, "film", title="The Long Epic")
    embed = card.embeds[0]
    shown = fields(embed)
    assert embed["title"] == "The Long Epic (2001)"
    assert shown["Cast"].split("\n") == [f"Actor Number {i} as Character {i}" for i in range(10)] + ["… and 60 more"]
    assert shown["Written by"].endswith(" and 24 more")
    assert shown["Awards"].endswith("… and 92 more")
    assert embed["description"].startswith("An epic. An epic.")


async def test_a_person_credited_in_two_hundred_films_gets_one_card_that_fits(
        emulator: Emulator, discord_world: DiscordWorld, big_catalogue: Doinel) -> None:
    """As many whole film lines as fit, then '… and N more films'; the footer counts all 200."""
    card = await run(emulator, discord_world, discord_world.alice, "person", name="Prolific Player")
    embed = card.embeds[0]
    lines = embed["description"].split("\n")
    assert embed["footer"]["text"].endswith("· 200 films")
    assert lines[-1].startswith("… and ") and lines[-1].endswith(" more films")
    listed = [line for line in lines if line.startswith("**Busy Film")]
    assert len(listed) + int(lines[-1].split()[2]) == 200
    assert all(line.endswith("— as Himself") for line in listed)


async def test_thirty_films_of_one_title_give_at_most_25_choices_and_25_menu_options(
        emulator: Emulator, discord_world: DiscordWorld, big_catalogue: Doinel) -> None:
    w = discord_world
    choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="Nightfall")
    assert len(choices) == 25 and all(1 <= len(c["name"]) <= 100 for c in choices)
    long = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="Busy Film 1")
    assert long and all(len(c["name"]) <= 100 and c["name"].endswith("…") for c in long)
    asked = await run(emulator, w, w.alice, "film", title="Nightfall")
    assert asked.content == "Several films are called “Nightfall”: which one?"
    (menu,) = components(asked.original).values()
    assert len(menu["options"]) == 25
    dated = await run(emulator, w, w.alice, "film", title="Nightfall", year=1979)
    assert dated.embeds[0]["title"] == "Nightfall (1979)"       # the ones past the menu: by year


# -- Markdown and mentions ---------------------------------------------------------------------------------

async def test_markdown_and_mentions_in_a_synopsis_show_as_typed_and_ping_nobody(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    synopsis = f"A __war__ ||comedy|| with `code`, *stars* and @everyone <@&{w.moderators.id}>"
    await catalogue(doinel.db, [{"id": "qa5-md", "title": "Pipes", "year": 1999, "synopsis": synopsis,
                                 "credits": [{"person": "qa5-busy", "role": "director"}]}], PEOPLE)
    card = await run(emulator, w, w.alice, "film", title="Pipes")
    assert card.embeds[0]["description"] == (
        f"A \\_\\_war\\_\\_ \\|\\|comedy\\|\\| with \\`code\\`, \\*stars\\* and @everyone <@&{w.moderators.id}>")
    person = await run(emulator, w, w.alice, "person", name="Prolific Player")
    assert person.embeds[0]["description"].startswith("*\\*Everything\\*, @everyone*")
    # quiet_and_within_limits checks nobody was pinged


async def test_a_title_with_markdown_reads_as_typed_on_the_card_and_the_facts_page(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await catalogue(doinel.db, [{"id": "qa5-mash", "title": "M*A*S*H", "year": 1970}],
                    facts=[{"id": "qa5-mash-f", "film": "qa5-mash", "text": "Altman shot it fast.", "source": "QA"}])
    card = (await run(emulator, w, w.alice, "film", title="M*A*S*H")).original
    assert card.embeds[0]["title"] == "M\\*A\\*S\\*H (1970)"
    facts = await (await emulator.click(card, buttons(card)["Facts"], w.bob)).wait_done()
    assert facts.embeds[0]["title"] == "Facts about M\\*A\\*S\\*H (1970)"


@pytest.mark.parametrize(("title", "typed"), [("M*A*S*H", "MASH"), ("S.W.A.T.", "swat")])
async def test_a_title_spelt_with_dots_or_stars_is_found_typed_plainly(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, title: str, typed: str) -> None:
    w = discord_world
    await catalogue(doinel.db, [{"id": "qa5-dotted", "title": title, "year": 1970}])
    choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title=typed)
    assert [c["name"] for c in choices][:1] == [f"{title} (1970)"]
    card = await run(emulator, w, w.alice, "film", title=typed)
    assert card.embeds and card.embeds[0]["title"].replace("\\", "") == f"{title} (1970)", card.content
    found = await run(emulator, w, w.alice, "search", query=typed)
    assert found.embeds and "(1970)" in found.embeds[0]["description"], found.content


async def test_search_title_shows_the_query_as_typed(emulator: Emulator, discord_world: DiscordWorld,
                                                     doinel: Doinel) -> None:
    found = await run(emulator, discord_world, discord_world.alice, "search", query="**Truffaut** __Léaud__")
    assert found.embeds[0]["title"] == "Search: \\*\\*Truffaut\\*\\* \\_\\_Léaud\\_\\_"


# -- odd input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "option", "typed", "answer"), [
    ("film", "title", "   ", "Type a film's title (or part of it) and pick it from the list."),
    ("film", "title", "\u200b", "Type a film's title (or part of it) and pick it from the list."),
    ("film", "title", "?!…", "I don't know a film called “?!…”. Start typing and pick one from the list."),
    ("film", "title", "🎬🍿", "I don't know a film called “🎬🍿”. Start typing and pick one from the list."),
    ("film", "title", "id:99999999", "That film is no longer in Doinel. Look it up again with /film."),
    ("person", "name", "  ", "Type a name (or part of it) and pick a person from the list."),
    ("person", "name", "…?!", "I don't know anyone called “…?!”. Start typing and pick from the list."),
    ("search", "query", "...", "Nothing found for “...”: type a few words to look for, like Truffaut or "
                               "Quatre Cents Coups."),
])
async def test_empty_or_punctuation_only_input_gets_a_clear_private_answer(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str, option: str, typed: str,
        answer: str) -> None:
    record = await run(emulator, discord_world, discord_world.alice, command, **{option: typed})
    assert_polite(record)
    assert record.ephemeral and record.content == answer


@pytest.mark.parametrize(("member", "command", "option"), [
    ("alice", "film", "title"), ("alice", "person", "name"), ("owner", "films edit", "film")])
async def test_a_typed_id_with_a_superscript_digit_is_a_clear_not_found(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, member: str, command: str,
        option: str) -> None:
    record = await run(emulator, discord_world, getattr(discord_world, member), command, **{option: "id:²"})
    assert record.ephemeral and record.content != APOLOGY, record.content
    assert "²" in record.content


# -- cards and menus left on screen ------------------------------------------------------------------------

async def test_a_menu_and_a_card_of_a_film_deleted_meanwhile_say_so(
        emulator: Emulator, discord_world: DiscordWorld, big_catalogue: Doinel,
        restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    """Shown before the film was removed (and before a restart): a clear private note, nothing else changes."""
    w = discord_world
    menu = (await run(emulator, w, w.alice, "film", title="Nightfall")).original
    card = (await run(emulator, w, w.alice, "film", title="Nightfall", year=1950)).original
    gone = await film_id(big_catalogue, "qa5-same-0")
    bot = await restart_bot()
    async with bot.db.transaction() as conn:
        await conn.execute("DELETE FROM films WHERE id = ?", (gone,))
    (menu_id,) = components(menu)
    picked = await (await emulator.select(menu, menu_id, [gone], w.alice)).wait_done()
    assert picked.ephemeral and picked.content == "That film is no longer in Doinel. Look it up again with /film."
    assert emulator.message(menu.id).content == menu.content          # the menu is left as it was
    facts = await (await emulator.click(card, buttons(card)["Facts"], w.bob)).wait_done()
    assert facts.ephemeral and facts.content == "That film is no longer in Doinel."


async def test_a_card_shown_before_a_rename_opens_the_films_facts_under_its_new_name(
        emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:  # noqa: F811
    w = discord_world
    card = (await run(emulator, w, w.alice, "film", title="Hamlet", year=1948)).original
    hamlet = await film_id(films_bot, "hamlet-1948")
    async with films_bot.db.transaction() as conn:
        await conn.execute("UPDATE films SET title = 'Hamlet, Prince of Denmark' WHERE id = ?", (hamlet,))
    other = await (await emulator.click(card, buttons(card)["Facts"], w.bob)).wait_done()
    assert_polite(other)
    assert "Hamlet, Prince of Denmark (1948)" in said(other)


async def test_another_member_cannot_choose_in_my_person_menu(emulator: Emulator, discord_world: DiscordWorld,
                                                              films_bot: Doinel) -> None:  # noqa: F811
    w = discord_world
    asked = (await run(emulator, w, w.alice, "person", name="John Smith")).original
    (menu_id, menu), = components(asked).items()
    other = await (await emulator.select(asked, menu_id, [menu["options"][0]["value"]], w.bob)).wait_done()
    assert other.ephemeral and other.content.startswith("Only the member who asked can choose here. Run /person")
    assert emulator.message(asked.id).embeds == []                    # still the menu, for Alice
