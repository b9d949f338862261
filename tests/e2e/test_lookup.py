"""/film, /person, /search and /films end to end: the real bot driven through the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.client import EXTENSIONS, Doinel
from bot.content.pack import Pack
from bot.db.packs import import_pack
from bot.tree import APOLOGY
from cogs.lookup.views import NO_TRIVIA
from tests.bot.db.test_search import HOSTILE
from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.emulator import Emulator, Member, Message
from tests.emulator.appcommands import NotAllowed


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    """Every message, embed, menu, modal and choice list the bot sent was one Discord would accept."""
    yield
    assert emulator.violations == []


@pytest.fixture
async def films_bot(doinel: Doinel, lookup_pack: Pack) -> Doinel:
    """The bot with the bundled pack and the lookup test pack (two Hamlets, two Breathless, namesakes)."""
    await import_pack(doinel.db, lookup_pack)
    return doinel


async def run(emulator: Emulator, world: DiscordWorld, member: Member, command: str, **options: Any):
    record = await emulator.slash(world.general, member, command, **options)
    return await record.wait_done()


def components(message: Message) -> dict[str, dict[str, Any]]:
    return {c["custom_id"]: c for c in message.iter_components() if c.get("custom_id")}


def button(message: Message, label: str) -> str:
    return next(c["custom_id"] for c in message.iter_components() if c.get("type") == 2 and c.get("label") == label)


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def film_id(bot: Doinel, key: str) -> int:
    return int(await bot.db.scalar("SELECT id FROM films WHERE pack_key = ?", (key,)))


async def test_film_from_an_autocomplete_pick(emulator: Emulator, discord_world: DiscordWorld,
                                              films_bot: Doinel) -> None:
    w = discord_world
    for typed in ("quatre cents", "400 blows", "Les 400 coups"):
        choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title=typed)
        assert choices[0]["name"] == "The 400 Blows (1959)", typed
    choice = choices[0]
    assert choice["value"] == f"id:{await film_id(films_bot, 'the-400-blows')}"
    shown = await run(emulator, w, w.alice, "film", title=choice["value"])
    assert not shown.ephemeral
    embed = shown.embeds[0]
    assert embed["title"] == "The 400 Blows (1959)"
    assert embed["description"].startswith("Original title: *Les Quatre Cents Coups*")
    card = fields(embed)
    assert card["Directed by"] == "François Truffaut"
    assert card["Written by"] == "François Truffaut and Marcel Moussy"
    assert card["Cast"].startswith("Jean-Pierre Léaud as Antoine Doinel\nClaire Maurier as Gilberte Doinel")
    assert card["Runtime"] == "99 min" and card["Country"] == "France" and card["Language"] == "French"
    assert "Cannes Film Festival 1959 — Best Director" in card["Awards"]
    assert card["In Doinel"] == "71 facts · 75 trivia questions"
    assert "None" not in str(embed)
    assert {"Facts", "Trivia"} <= {c.get("label") for c in shown.original.iter_components()}


async def test_film_typed_without_picking(emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:
    shown = await run(emulator, discord_world, discord_world.alice, "film", title="les quatre-cents coups")
    assert shown.embeds[0]["title"] == "The 400 Blows (1959)"
    missing = await run(emulator, discord_world, discord_world.alice, "film", title="Citizen Kane")
    assert missing.ephemeral and "I don't know a film called “Citizen Kane”" in missing.content


async def test_film_with_a_year(emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:
    w = discord_world
    shown = await run(emulator, w, w.alice, "film", title="Hamlet", year=1996)
    assert shown.embeds[0]["title"] == "Hamlet (1996)"
    assert fields(shown.embeds[0])["Directed by"] == "Kenneth Branagh"
    choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="hamlet", year=1948)
    assert [c["name"] for c in choices] == ["Hamlet (1948)"]
    wrong = await run(emulator, w, w.alice, "film", title="The 400 Blows", year=1960)
    assert wrong.ephemeral
    assert wrong.content == "No film called “The 400 Blows” is from 1960. Found: The 400 Blows (1959)."


async def test_ambiguous_title_asks_which_one(emulator: Emulator, discord_world: DiscordWorld,
                                              films_bot: Doinel) -> None:
    w = discord_world
    asked = await run(emulator, w, w.alice, "film", title="Hamlet")
    message = asked.original
    assert message is not None and not message.ephemeral and not asked.embeds
    assert message.content == "Several films are called “Hamlet”: which one?"
    (menu_id, menu), = components(message).items()
    assert menu_id == f"doinel:film:pick:{w.alice.id}"
    assert [(o["label"], o.get("description")) for o in menu["options"]] == [
        ("Hamlet (1948)", "Directed by Laurence Olivier"), ("Hamlet (1996)", "Directed by Kenneth Branagh")]
    hamlet_1996 = await film_id(films_bot, "hamlet-1996")
    other = await (await emulator.select(message, menu_id, [hamlet_1996], w.bob)).wait_done()
    assert other.ephemeral and other.content.startswith("Only the member who asked can choose here")
    picked = await (await emulator.select(message, menu_id, [hamlet_1996], w.alice)).wait_done()
    assert picked.callback_type == 7                      # the menu message becomes the card
    card = emulator.message(message.id)
    assert card is not None and card.content == "" and card.embeds[0]["title"] == "Hamlet (1996)"
    assert button(card, "Facts") == f"doinel:film:facts:{hamlet_1996}"


async def test_misspelt_title_is_offered_not_imposed(emulator: Emulator, discord_world: DiscordWorld,
                                                     films_bot: Doinel) -> None:
    asked = await run(emulator, discord_world, discord_world.alice, "film", title="400 blowz")
    assert asked.content == "No film is called exactly “400 blowz”. Did you mean:"
    (menu,) = components(asked.original).values()
    assert [o["label"] for o in menu["options"]] == ["The 400 Blows (1959)"]


async def test_facts_button_pages_privately(emulator: Emulator, discord_world: DiscordWorld,
                                            films_bot: Doinel) -> None:
    w = discord_world
    card = (await run(emulator, w, w.alice, "film", title="The 400 Blows")).original
    facts = await (await emulator.click(card, button(card, "Facts"), w.bob)).wait_done()
    assert facts.ephemeral
    page = facts.embeds[0]
    assert page["title"] == "Facts about The 400 Blows (1959)"
    assert page["footer"]["text"] == "Page 1/15 · 71 facts"
    assert page["description"].startswith("**#1** · production, crew\nReleased in 1959")
    turned = await (await emulator.click(facts.original, button(facts.original, "Next ▶"), w.bob)).wait_done()
    assert turned.callback_type == 7 and "Page 2/15" in facts.original.embeds[0]["footer"]["text"]
    no_facts = (await run(emulator, w, w.alice, "film", title="Hamlet Goes Business")).original
    assert fields(no_facts.embeds[0])["In Doinel"] == "No facts or trivia questions yet"
    assert [c["label"] for c in no_facts.iter_components() if c.get("type") == 2] == ["Facts"]  # no Trivia
    empty = await (await emulator.click(no_facts, button(no_facts, "Facts"), w.bob)).wait_done()
    assert empty.ephemeral and empty.content == "There are no facts about Hamlet Goes Business (1987) yet."


async def test_trivia_button_starts_one_round_per_channel(emulator: Emulator, discord_world: DiscordWorld,
                                                          films_bot: Doinel) -> None:
    w = discord_world
    card = (await run(emulator, w, w.alice, "film", title="The 400 Blows")).original
    started = await (await emulator.click(card, button(card, "Trivia"), w.bob)).wait_done()
    assert not started.ephemeral
    assert started.content.startswith("🎬 Trivia about **The 400 Blows (1959)**! ")
    again = await (await emulator.click(card, button(card, "Trivia"), w.alice)).wait_done()
    assert again.ephemeral and again.content.startswith("A trivia round is already running in this channel")
    stopped = await run(emulator, w, w.bob, "trivia stop")
    assert not stopped.ephemeral


async def test_trivia_button_without_the_trivia_feature(emulator: Emulator, discord_world: DiscordWorld,
                                                        doinel_harness: DoinelHarness, lookup_pack: Pack) -> None:
    bot = await doinel_harness.start(extensions=[e for e in EXTENSIONS if e != "cogs.trivia"])
    await import_pack(bot.db, lookup_pack)
    w = discord_world
    card = (await run(emulator, w, w.alice, "film", title="The 400 Blows")).original
    clicked = await (await emulator.click(card, button(card, "Trivia"), w.alice)).wait_done()
    assert clicked.ephemeral and clicked.content == NO_TRIVIA


async def test_card_buttons_and_menus_work_after_a_restart(emulator: Emulator, discord_world: DiscordWorld,
                                                           films_bot: Doinel,
                                                           restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    w = discord_world
    card = (await run(emulator, w, w.alice, "film", title="The 400 Blows")).original
    menu = (await run(emulator, w, w.alice, "film", title="Breathless")).original
    await restart_bot()
    facts = await (await emulator.click(card, button(card, "Facts"), w.alice)).wait_done()
    assert facts.ephemeral and facts.embeds[0]["title"] == "Facts about The 400 Blows (1959)"
    (menu_id, options), = components(menu).items()
    chosen = options["options"][1]["value"]
    picked = await (await emulator.select(menu, menu_id, [chosen], w.alice)).wait_done()
    assert picked.callback_type == 7 and emulator.message(menu.id).embeds[0]["title"] == "Breathless (1983)"


async def test_person(emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:
    w = discord_world
    choices = await emulator.autocomplete(w.general, w.alice, "person", focused="name", name="truff")
    assert choices[0]["name"] == "François Truffaut (1932–1984)"
    shown = await run(emulator, w, w.alice, "person", name=choices[0]["value"])
    embed = shown.embeds[0]
    assert embed["title"] == "François Truffaut"
    assert fields(embed) == {"Born": "6 February 1932", "Died": "21 October 1984 (aged 52)"}
    assert "**The 400 Blows** (1959) — director, writer, cameo as Man in the funfair scene" in embed["description"]
    assert "**Breathless** (1960) — writer" in embed["description"]
    actor = (await run(emulator, w, w.alice, "person", name="leaud")).embeds[0]
    assert actor["title"] == "Jean-Pierre Léaud" and "— as Antoine Doinel" in actor["description"]


async def test_person_namesakes_ask_which_one(emulator: Emulator, discord_world: DiscordWorld,
                                              films_bot: Doinel) -> None:
    w = discord_world
    asked = await run(emulator, w, w.alice, "person", name="John Smith")
    assert asked.content == "Several people are called “John Smith”: who do you mean?"
    (menu_id, menu), = components(asked.original).items()
    assert [o["label"] for o in menu["options"]] == ["John Smith (born 1931)", "John Smith (born 1962)"]
    await (await emulator.select(asked.original, menu_id, [menu["options"][1]["value"]], w.alice)).wait_done()
    shown = emulator.message(asked.original.id)
    assert shown.embeds[0]["title"] == "John Smith"
    assert "**Breathless** (1983) — as Cop" in shown.embeds[0]["description"]


async def test_search_groups_films_people_and_facts(emulator: Emulator, discord_world: DiscordWorld,
                                                    films_bot: Doinel) -> None:
    found = await run(emulator, discord_world, discord_world.alice, "search", query="truffaut")
    assert not found.ephemeral
    page = found.embeds[0]
    assert page["title"] == "Search: truffaut"
    assert page["description"].startswith("__People__\n**François Truffaut** (1932–1984)")
    assert "__Facts__\n`#" in page["description"] and "**Truffaut**" in page["description"]
    assert page["footer"]["text"].startswith("Page 1/")
    assert "Next ▶" in {c.get("label") for c in found.original.iter_components()}
    films = (await run(emulator, discord_world, discord_world.alice, "search", query="quatre cents coups")).embeds[0]
    assert films["description"].startswith("__Films__\n**The 400 Blows** (1959) — *Quatre cents coups*")


@pytest.mark.parametrize("query", ['"unbalanced', "NEAR(a b", "truffaut OR", "*", "a)) AND NOT (", "x" * 500,
                                   "Léaud NOT", "🎬🍿", HOSTILE[-1]])
async def test_search_with_hostile_input(emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel,
                                         query: str) -> None:
    answer = await run(emulator, discord_world, discord_world.alice, "search", query=query)
    assert APOLOGY not in (answer.content or "")
    if answer.embeds:
        assert answer.embeds[0]["title"].startswith("Search: ")
    else:
        assert answer.ephemeral and answer.content.startswith("Nothing found")


async def test_owner_corrects_a_film(emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:
    w = discord_world
    blows = await film_id(films_bot, "the-400-blows")
    opened = await run(emulator, w, w.owner, "films edit", film=f"id:{blows}")
    assert opened.modal["custom_id"] == f"doinel:form:filmedit:{blows}"
    saved = await (await emulator.submit_modal(opened, None, {
        "title": "The 400 Blows", "original_title": "Les Quatre Cents Coups", "year": "1959",
        "aliases": "Les 400 coups\nSans famille", "synopsis": "Antoine runs away to the sea."})).wait_done()
    assert saved.ephemeral and saved.content == f"Saved: film #{blows}. Every server sees the change."
    assert saved.embeds[0]["description"].endswith("Antoine runs away to the sea.")
    assert (await run(emulator, w, w.alice, "film", title="sans famille")).embeds[0]["title"] == "The 400 Blows (1959)"

    details = await run(emulator, w, w.owner, "films details", film=f"id:{blows}")
    assert details.modal is not None
    await (await emulator.submit_modal(details, None, {"runtime": "101 min", "countries": "France, Italy",
                                                       "languages": "French", "format": "", "awards": ""})).wait_done()
    card = fields((await run(emulator, w, w.alice, "film", title=f"id:{blows}")).embeds[0])
    assert card["Runtime"] == "101 min" and card["Countries"] == "France and Italy" and "Format" not in card


async def test_owner_corrects_credits_and_namesakes_must_be_told_apart(
        emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:
    w = discord_world
    hamlet = await film_id(films_bot, "hamlet-1948")
    opened = await run(emulator, w, w.owner, "films credits", film=f"id:{hamlet}")
    assert opened.modal is not None
    typed = {"crew": "director: Laurence Olivier", "cast": "Laurence Olivier as Hamlet\nJohn Smith as Horatio"}
    refused = await (await emulator.submit_modal(opened, None, typed)).wait_done()
    assert refused.ephemeral and "Cast line 2: several people are called “John Smith”" in refused.content
    assert "Edit and try again" in {c.get("label") for c in refused.original.iter_components()}
    smith = int(await films_bot.db.scalar("SELECT id FROM people WHERE pack_key = 'john-smith-2'"))
    typed["cast"] = f"Laurence Olivier as Hamlet\n#{smith} John Smith as Horatio\nEileen Herlie as Gertrude"
    again = await run(emulator, w, w.owner, "films credits", film=f"id:{hamlet}")
    saved = await (await emulator.submit_modal(again, None, typed)).wait_done()
    assert saved.ephemeral and saved.content.startswith("Saved")
    cast = fields(saved.embeds[0])["Cast"]
    assert cast == "Laurence Olivier as Hamlet\nJohn Smith as Horatio\nEileen Herlie as Gertrude"
    assert (await run(emulator, w, w.alice, "person", name="Eileen Herlie")).embeds[0]["title"] == "Eileen Herlie"


async def test_only_owners_correct_films(emulator: Emulator, discord_world: DiscordWorld, films_bot: Doinel) -> None:
    w = discord_world
    with pytest.raises(NotAllowed):
        await emulator.slash(w.general, w.alice, "films add")          # hidden from members
    refused = await run(emulator, w, w.moderator, "films add")       # a moderator sees it; the core refuses
    assert refused.ephemeral and refused.modal is None and "only the bot's owners" in refused.content
    opened = await run(emulator, w, w.owner, "films add")
    added = await (await emulator.submit_modal(opened, None, {"title": "Stolen Kisses", "year": "1968",
                                                              "original_title": "Baisers volés"})).wait_done()
    assert added.ephemeral and added.content.startswith("Added: film #")
    assert (await run(emulator, w, w.alice, "film", title="baisers voles")).embeds[0]["title"] == "Stolen Kisses (1968)"
    twice = await run(emulator, w, w.owner, "films add")
    dup = await (await emulator.submit_modal(twice, None, {"title": "Stolen Kisses", "year": "1968"})).wait_done()
    assert dup.ephemeral and "already in Doinel" in dup.content
