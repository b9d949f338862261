"""QA11: Discord's limits and hostile or odd input — what already holds, guarded.

Every autocomplete answers any text within Discord's limits; a fact at every form limit, full of
mentions and Markdown, shows everywhere within limits and pings nobody; odd numbers and another
server's content are refused privately and change nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, assert_polite, pings, said
from tests.e2e.test_moderation import add_fact, suggest
from tests.emulator import Emulator

ODD = ["a" * 6000, "🎬" * 3000, "\u200d" * 100, "\u0301" * 500, "مرحبا", "\x00\x01\x1f", "a\r\nb", "'\"*()-:^",
       "#", "#0", "#-1", "#99999999999999999999999", "-5", "<@&1>", "@everyone", "NEAR(a b)", "%", "_",
       "' OR 1=1 --", "Léaud" * 400]


@pytest.fixture(autouse=True)
async def within_limits_and_no_pings(emulator: Emulator, discord_world: DiscordWorld) -> AsyncIterator[None]:
    yield
    assert [p for v in emulator.violations for p in v.problems] == []
    assert pings(emulator, [c for g in emulator.world.guilds.values() for c in g.channels.values()]) == []


def autocompleted_options(commands: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """('facts edit', 'id') for every option with autocomplete, however deep in groups."""
    found: list[tuple[str, str]] = []

    def walk(path: list[str], options: list[dict[str, Any]] | None) -> None:
        for option in options or []:
            if option["type"] in (1, 2):
                walk([*path, option["name"]], option.get("options"))
            elif option.get("autocomplete"):
                found.append((" ".join(path), option["name"]))

    for name, data in commands.items():
        walk([name], data.get("options"))
    return found


async def test_every_autocomplete_answers_odd_text_within_discords_limits(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """6,000 characters, emoji, joiners, combining marks, control characters, query syntax, huge numbers."""
    w = discord_world
    options = autocompleted_options(emulator.commands(w.guild))
    assert len(options) >= 20, options
    for command, option in options:
        for text in ODD:
            choices = await emulator.autocomplete(w.general, w.owner, command, focused=option, **{option: text})
            assert len(choices) <= 25 and all(1 <= len(c["name"]) <= 100 for c in choices), (command, text)
            assert emulator.violations == [], (command, option, text[:20], emulator.violations)


async def test_a_fact_at_every_form_limit_full_of_mentions_shows_everywhere_within_limits(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """1,000 characters of text, a 300-character source, 10 tags of 40: cards, search, history, queue, log."""
    w = discord_world
    log = await emulator.create_text_channel(w.guild, "modlog")
    await act(emulator, w.general, w.owner, "config logchannel", channel=log)
    injection = (f"@everyone @here <@&{w.moderators.id}> <@{w.bob.id}> <#{w.general.id}> "
                 "[click](https://evil.example) ```py\nprint(1)\n``` ||s|| ")
    text = (injection + "Léaud " * 200)[:1000]
    tags = ", ".join(f"t{i}" + "x" * 38 for i in range(10))
    fact_id = await add_fact(emulator, w, text, source="s" * 300, tags=tags, film="The 400 Blows")
    shown = [await act(emulator, w.general, w.alice, "fact show", id=fact_id),
             await act(emulator, w.general, w.alice, "fact search", query="Léaud"),
             await act(emulator, w.general, w.alice, "search", query="Léaud click"),
             await act(emulator, w.general, w.moderator, "facts history", id=fact_id),
             await act(emulator, w.general, w.moderator, "facts remove", id=fact_id),
             await act(emulator, w.general, w.moderator, "facts restore", id=fact_id)]
    for record in shown:
        assert_polite(record)
        assert record.embeds, said(record)
    opened = await act(emulator, w.general, w.moderator, "facts edit", id=fact_id)
    assert opened.modal is not None                       # the pre-filled form fits its fields' limits
    for n, member in enumerate((w.alice, w.bob, w.alice, w.bob, w.owner)):
        await suggest(emulator, w, member, text[:-n - 1] + str(n), source="q" * 300, tags=tags)
    queue = await act(emulator, w.general, w.moderator, "facts queue")
    assert queue.ephemeral and queue.embeds
    assert all(e["description"].endswith(str(n)) for n, e in enumerate(queue.embeds))   # each whole (QA19)
    assert len([m for m in emulator.messages(log) if "fact" in m.content]) == 8   # add, remove, restore, 5 suggestions
    # nothing typed in the fact could ping: checked by the fixture, in every channel


async def test_odd_numbers_and_another_servers_facts_are_refused_privately_and_change_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    other = await emulator.create_guild("Rival Club")
    lobby = await emulator.create_text_channel(other, "lobby")
    rival_mod = await emulator.add_member(other, "rival", permissions=discord.Permissions(manage_guild=True))
    doinel.tree.copy_global_to(guild=discord.Object(other.id))
    await doinel.tree.sync(guild=discord.Object(other.id))
    ours = await add_fact(emulator, w, "Our club's secret: Léaud ate a croissant.")
    before = [tuple(r) for r in await doinel.db.fetchall("SELECT * FROM facts ORDER BY id")]
    for command in ("facts edit", "facts remove", "facts restore", "facts hide", "facts unhide", "facts history"):
        for fact_id in (2**53 - 1, 10**9):
            record = await act(emulator, w.general, w.moderator, command, id=fact_id)
            assert_polite(record)
            assert record.ephemeral and record.modal is None and str(fact_id) in said(record), said(record)
        record = await act(emulator, lobby, rival_mod, command, id=ours)
        assert_polite(record)
        assert record.ephemeral and record.modal is None and "croissant" not in said(record), said(record)
    for fact_id in (2**53 - 1, ours):
        record = await act(emulator, lobby, rival_mod, "fact show", id=fact_id)
        assert record.ephemeral and record.content == f"There is no fact #{fact_id} here.", record.content
    assert [tuple(r) for r in await doinel.db.fetchall("SELECT * FROM facts ORDER BY id")] == before
