"""QA8: a new server's first day with Doinel — the command list, first lookups and searches, and a
moderator setting up the daily fact (times and timezones as people type them).

Black box: every check is about what a member or moderator sees in Discord (through the emulator).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, assert_polite, buttons, said
from tests.e2e.qa5.support import quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.e2e.test_facts import ClockedHarness, harness  # noqa: F401 - a fixture
from tests.emulator import Emulator

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
MOD_GROUPS = {"daily", "facts", "config", "films"}


def walk(options: list[dict[str, Any]] | None, path: str, out: list[tuple[str, dict[str, Any]]]) -> None:
    for option in options or []:
        out.append((f"{path} {option['name']}", option))
        walk(option.get("options"), f"{path} {option['name']}", out)


async def test_every_command_and_option_is_named_and_described_as_discord_requires(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """What a new member reads in the command picker: a short description on every command and option."""
    commands = emulator.commands(discord_world.guild)
    assert {"fact", "search", "film", "person", "trivia", "about"} <= set(commands)
    everything: list[tuple[str, dict[str, Any]]] = []
    for name, data in commands.items():
        everything.append((name, data))
        walk(data.get("options"), name, everything)
        needed = data.get("default_member_permissions")
        assert (needed is not None) == (name in MOD_GROUPS), (name, needed)   # hidden from members by default
    for path, item in everything:
        assert NAME.match(item["name"]), path
        description = item.get("description") or ""
        assert 1 <= len(description) <= 100 and description.strip() == description, (path, description)
        assert len(item.get("options") or []) <= 25 and len(item.get("choices") or []) <= 25, path
        if item.get("type") == 4 and not item.get("autocomplete"):   # a count or a duration: bounds shown
            assert item.get("min_value") is not None and item.get("max_value") is not None, path


async def test_a_new_member_gets_clear_private_answers_to_odd_searches_and_names(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    odd = ["", "   ", "...", "?!", "🎬🍿", "a" * 100, "zq" * 50, "@everyone", f"<@&{w.moderators.id}>"]
    for text in odd:
        for command, option in (("fact search", "query"), ("search", "query"), ("film", "title"),
                                ("person", "name")):
            record = await act(emulator, w.general, w.alice, command, **{option: text})
            assert_polite(record)
            assert record.ephemeral and not record.embeds, (command, text, said(record))
            told = record.content or ""
            assert 0 < len(told) <= 2000, (command, text, told)
            assert "pick" in told.lower() or "type" in told.lower() or "try" in told.lower(), (command, text, told)


async def test_film_card_buttons_still_work_after_a_restart(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
        restart_bot: Callable[[], Any]) -> None:
    w = discord_world
    card = await act(emulator, w.general, w.alice, "film", title="400 blows")
    await restart_bot()
    facts = await (await emulator.click(card.original, buttons(card.original)["Facts"], w.bob)).wait_done()
    assert_polite(facts)
    assert facts.ephemeral and facts.embeds and "71 facts" in facts.embeds[0]["footer"]["text"]
    trivia = await (await emulator.click(card.original, buttons(card.original)["Trivia"], w.bob)).wait_done()
    assert "Trivia about **The 400 Blows (1959)**" in (trivia.content or ""), trivia.content
    await act(emulator, w.general, w.bob, "trivia stop")


# -- /daily set: times and timezones as moderators type them ----------------------------------------

def when(record: Any) -> str:
    return next(f["value"] for e in record.embeds for f in e.get("fields", []) if f["name"] == "When")


@pytest.mark.parametrize(("typed", "meant"), [
    ("7pm", "19:00"), ("7 pm", "19:00"), ("07:30 PM", "19:30"), ("12am", "00:00"), ("12pm", "12:00"),
    ("midnight", "00:00"), ("noon", "12:00"), ("21h30", "21:30"), ("9", "09:00"), ("0:00", "00:00"),
])
async def test_daily_set_reads_the_times_people_type(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
                                                   typed: str, meant: str) -> None:
    w = discord_world
    done = await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time=typed,
                     timezone="Europe/Paris")
    assert done.ephemeral and re.fullmatch(rf"{meant} Europe/Paris \(UTC\+0[12]:00\)", when(done)), said(done)


async def test_daily_set_refuses_impossible_times_and_zones_and_keeps_the_schedule(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time="09:00", timezone="Europe/Paris")
    kept = tuple(await doinel.db.fetchone("SELECT * FROM daily_schedules WHERE guild_id = ?", (w.guild.id,)))
    for time, zone, reason in (("24:00", "UTC", "is not a time of day"), ("13pm", "UTC", "from 1 to 12"),
                               ("9:5", "UTC", "is not a time of day"), ("0900", "UTC", "is not a time of day"),
                               ("09:00", "Mars/Olympus", "not a timezone I know"),
                               ("09:00", "EST", "Did you mean America/New_York?"),
                               ("09:00", "GMT+2", "is an offset"), ("09:00", "", "Type a timezone")):
        refused = await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time=time, timezone=zone)
        assert refused.ephemeral and reason in (refused.content or ""), (time, zone, refused.content)
    assert tuple(await doinel.db.fetchone("SELECT * FROM daily_schedules WHERE guild_id = ?", (w.guild.id,))) == kept


@pytest.mark.parametrize(("typed", "city"), [("EST", "America/New_York"), ("PST", "America/Los_Angeles"),
                                             ("CET", "Europe/Paris")])
async def test_the_timezone_picker_offers_the_city_for_an_abbreviation(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str, city: str) -> None:
    w = discord_world
    offered = [c["value"] for c in await emulator.autocomplete(w.general, w.moderator, "daily set",
                                                                focused="timezone", channel=w.general, time="9",
                                                                timezone=typed)]
    assert city in offered[:2], offered           # UTC first, then the city the refusal would suggest
    assert not {"Europe/Bucharest", "Europe/Budapest", "Europe/Stockholm"} & set(offered), offered


@pytest.mark.parametrize(("typed", "zone"), [("Buenos Aires", "America/Argentina/Buenos_Aires"),
                                             ("São Paulo", "America/Sao_Paulo"), ("Zürich", "Europe/Zurich")])
async def test_daily_set_accepts_a_city_typed_with_its_accents_or_shared_by_a_legacy_name(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str, zone: str) -> None:
    w = discord_world
    offered = [c["value"] for c in await emulator.autocomplete(w.general, w.moderator, "daily set",
                                                                focused="timezone", channel=w.general, time="9",
                                                                timezone=typed)]
    assert zone in offered                         # the picker knows it ...
    done = await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time="9", timezone=typed)
    assert done.embeds and when(done).startswith(f"09:00 {zone} "), done.content   # ... so typing it works too


# -- fact cards -------------------------------------------------------------------------------------

async def test_a_fact_card_names_its_number_once(emulator: Emulator, discord_world: DiscordWorld,
                                                 doinel: Doinel) -> None:
    w = discord_world
    for command, options in (("fact show", {"id": 1}), ("fact random", {})):
        embed = (await act(emulator, w.general, w.alice, command, **options)).embeds[0]
        texts = [embed.get("title", ""), (embed.get("footer") or {}).get("text", "")]
        number = re.search(r"#\d+", " ".join(texts))
        assert number is not None
        assert " ".join(texts).count(number.group()) == 1, texts


async def test_hiding_todays_fact_replaces_it_for_members_and_in_the_preview(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:  # noqa: F811
    """On the bot's clock (2024-05-01 06:00 UTC), so that no midnight passes between two looks."""
    w = discord_world
    first = await act(emulator, w.general, w.alice, "fact today")
    hidden = int(first.embeds[0]["footer"]["text"].removeprefix("Fact #"))
    await act(emulator, w.general, w.moderator, "facts hide", id=hidden)
    again = await act(emulator, w.general, w.bob, "fact today")
    shown = int(again.embeds[0]["footer"]["text"].removeprefix("Fact #"))
    assert shown != hidden and not again.ephemeral
    assert (await act(emulator, w.general, w.alice, "fact today")).embeds[0] == again.embeds[0]   # one for everyone
    await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time="09:00", timezone="UTC")
    preview = await act(emulator, w.general, w.moderator, "daily preview")
    assert preview.embeds[0]["footer"]["text"].startswith(f"Fact #{shown} · "), preview.embeds[0]["footer"]
