"""QA5: bot owners correcting films with /films add, edit, details and credits.

Whatever an owner types wrong gets a clear private message and changes nothing; members and
moderators are refused by the bot itself, even holding a form; a correction shows at once
everywhere a member looks a film up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.client import Doinel
from bot.tree import APOLOGY
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import fact_search
from tests.e2e.qa5.support import (  # noqa: F401 - quiet_and_within_limits: an autouse fixture
    catalogue,
    film_row,
    owner_form,
    quiet_and_within_limits,
    take_violations,
    unfindable_films,
)
from tests.e2e.test_lookup import fields, film_id, run
from tests.emulator import Emulator

BLOWS = "the-400-blows"


@pytest.mark.parametrize(("command", "typed", "told"), [
    ("edit", {"title": "   "}, "The title can't be empty."),
    ("edit", {"year": "1869"}, "Year must be a number from 1870 to 2100, like 1959 (got “1869”)."),
    ("edit", {"year": "59"}, "Year must be a number from 1870 to 2100, like 1959 (got “59”)."),
    ("edit", {"year": "abcd"}, "Year must be a number from 1870 to 2100, like 1959 (got “abcd”)."),
    ("edit", {"aliases": "x" * 301}, "Other titles: “" + "x" * 40 + "…” is longer than 300 characters."),
    ("details", {"runtime": "0"}, "Runtime must be a number of minutes, like 99 (got “0”)."),
    ("details", {"runtime": "an hour"}, "Runtime must be a number of minutes, like 99 (got “an hour”)."),
    ("credits", {"crew": "boom operator: Jo Doe"}, "Crew line 1: start with a role, like “director: François "
                                                  "Truffaut”."),
    ("credits", {"crew": "grip: Jo Doe"}, "Crew line 1: “grip” is not a role; use one of"),
    ("credits", {"cast": "#999999 Nobody as Ghost"}, "Cast line 1: there is no person #999999."),
    ("credits", {"cast": " as Ghost"}, "Cast line 1: who? Write a name, or #id for a person already in Doinel."),
])
async def test_a_wrong_entry_is_explained_privately_and_changes_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str, typed: dict[str, str],
        told: str) -> None:
    blows = await film_id(doinel, BLOWS)
    before = await film_row(doinel.db, blows)
    refused = await owner_form(emulator, discord_world, command, typed, film=f"id:{blows}")
    assert refused.ephemeral and refused.content.startswith(told), refused.content
    assert refused.embeds[0]["title"] == "What you typed"            # nothing typed is lost
    assert "Edit and try again" in {c.get("label") for c in refused.original.iter_components()}
    assert await film_row(doinel.db, blows) == before


async def test_a_form_opened_by_an_owner_but_sent_by_a_moderator_changes_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The owner check is made again on the submission, whoever holds the form."""
    w = discord_world
    blows = await film_id(doinel, BLOWS)
    before = await film_row(doinel.db, blows)
    for command, typed in (("edit", {"title": "Hijacked"}), ("details", {"runtime": "1"}),
                           ("credits", {"crew": "director: Someone Else"})):
        refused = await owner_form(emulator, w, command, typed, member=w.moderator, film=f"id:{blows}")
        assert refused.ephemeral and "only the bot's owners can add or correct them" in refused.content
    refused = await owner_form(emulator, w, "add", {"title": "Intruder"}, member=w.alice)
    assert refused.ephemeral and "only the bot's owners" in refused.content
    assert await film_row(doinel.db, blows) == before
    assert await doinel.db.scalar("SELECT count(*) FROM films WHERE title = 'Intruder'") == 0
    for command in ("films edit", "films details", "films credits"):   # nor can they open the forms
        opened = await run(emulator, w, w.moderator, command, film=f"id:{blows}")
        assert opened.modal is None and opened.ephemeral and "only the bot's owners" in opened.content


async def test_a_rename_shows_at_once_in_autocomplete_film_search_and_fact_search(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    blows = await film_id(doinel, BLOWS)
    saved = await owner_form(emulator, w, "edit", {"title": "Antoine Zorglub", "aliases": "Les Mistons Zorglub"},
                             film=f"id:{blows}")
    assert saved.content == f"Saved: film #{blows}. Every server sees the change."
    for typed in ("antoine zorg", "mistons zorglub", "quatre cents coups"):      # new names and the original title
        choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title=typed)
        assert choices[0] == {"name": "Antoine Zorglub (1959)", "value": f"id:{blows}"}, typed
    assert not await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="the 400 blo")
    assert (await run(emulator, w, w.alice, "film", title="Antoine Zorglub")).embeds[0]["title"] == \
        "Antoine Zorglub (1959)"
    assert len(await fact_search(emulator, w, "zorglub")) == 5                  # its facts, by the film's new name
    assert "Antoine Zorglub" in (await run(emulator, w, w.alice, "search", query="zorglub")).embeds[0]["description"]
    details = await owner_form(emulator, w, "details", {"runtime": "101", "countries": "France, Italy"},
                               film=f"id:{blows}")
    card = fields(details.embeds[0])
    assert card["Runtime"] == "101 min" and card["Countries"] == "France and Italy"


async def test_a_credits_form_sent_after_a_restart_still_saves(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
        restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    w = discord_world
    blows = await film_id(doinel, BLOWS)
    opened = await run(emulator, w, w.owner, "films credits", film=f"id:{blows}")
    bot = await restart_bot()
    saved = await (await emulator.submit_modal(opened, None, {
        "crew": "director: François Truffaut", "cast": "Jean-Pierre Léaud as Antoine\ncameo: Ann Newcomer as Nurse",
    })).wait_done()
    assert saved.ephemeral and saved.content == f"Saved: film #{blows}. Every server sees the change."
    card = fields(saved.embeds[0])
    assert card["Cast"] == "Jean-Pierre Léaud as Antoine" and card["Cameos"] == "Ann Newcomer as Nurse"
    assert "Written by" not in card
    newcomer = await run(emulator, w, w.alice, "person", name="Ann Newcomer")
    assert "**The 400 Blows** (1959) — cameo as Nurse" in newcomer.embeds[0]["description"]
    assert await bot.db.scalar("SELECT count(*) FROM audit_log WHERE entity = 'film_credits' AND entity_id = ?",
                               (blows,)) == 1


async def test_a_year_in_superscript_digits_is_refused_clearly(emulator: Emulator, discord_world: DiscordWorld,
                                                               doinel: Doinel) -> None:
    refused = await owner_form(emulator, discord_world, "add", {"title": "Stolen Kisses", "year": "¹⁹⁶⁸"})
    assert refused.ephemeral and refused.content.startswith("Year must be a number from 1870 to 2100"), \
        refused.content
    assert await doinel.db.scalar("SELECT count(*) FROM films WHERE title = 'Stolen Kisses'") == 0


@pytest.mark.parametrize("command", ["add", "edit"])
async def test_a_film_is_never_saved_where_no_lookup_can_find_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str) -> None:
    """'?' (2011) is a real title: either it can be looked up afterwards, or the owner is told why not."""
    w = discord_world
    options = {"film": f"id:{await film_id(doinel, BLOWS)}"} if command == "edit" else {}
    answer = await owner_form(emulator, w, command, {"title": "?", "year": "2011", "original_title": "",
                                                     "aliases": ""}, **options)
    assert answer.ephemeral and answer.content != APOLOGY
    assert await unfindable_films(doinel.db) == 0
    if answer.content.startswith(("Added", "Saved")):
        choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="?")
        assert [c["name"] for c in choices] == ["? (2011)"]


@pytest.mark.parametrize("command", ["edit", "details"])
async def test_a_film_with_a_hundred_awards_or_aliases_can_still_be_corrected(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, command: str) -> None:
    """A form that fits, or a clear private pointer to content packs (as /films credits does)."""
    await catalogue(doinel.db, [{
        "id": "qa5-decorated", "title": "Decorated", "year": 2019,
        "aliases": [f"International release title number {i} of this decorated film" for i in range(100)],
        "awards": [f"Festival number {i} — Best picture in a long and wordy category {i}" for i in range(100)]}])
    opened = await run(emulator, discord_world, discord_world.owner, f"films {command}", film="Decorated")
    problems = take_violations(emulator)
    assert problems == [] and opened.content != APOLOGY, (problems, opened.content)
    assert opened.modal is not None or (opened.ephemeral and "content pack" in opened.content)
