"""QA8: the audit trail as a moderator reads it in /facts history — who changed a fact, when, and what it
was before (README: "Who changed a fact, when, and what it was before").
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, buttons
from tests.e2e.qa5.support import quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.emulator import Emulator

BASE = ("During the shooting of the final scene on the beach at Villers-sur-Mer, Truffaut asked Léaud to run "
        "without stopping until he reached the water, filmed from a car driving along the road in 1958.")


async def add(emulator: Emulator, world: DiscordWorld, text: str) -> int:
    opened = await act(emulator, world.general, world.moderator, "facts add")
    saved = await (await emulator.submit_modal(opened, None, {"text": text, "source": "Book p. 12"})).wait_done()
    return int(saved.content.split("#")[1].split(".")[0])


async def edit(emulator: Emulator, world: DiscordWorld, fact_id: int, text: str) -> None:
    opened = await act(emulator, world.general, world.moderator, "facts edit", id=fact_id)
    saved = await (await emulator.submit_modal(opened, None, {"text": text, "source": "Book p. 12"})).wait_done()
    assert saved.content == f"Updated fact #{fact_id}.", saved.content


async def history(emulator: Emulator, world: DiscordWorld, fact_id: int) -> Any:
    shown = await act(emulator, world.general, world.moderator, "facts history", id=fact_id)
    assert shown.ephemeral and shown.embeds[0]["title"] == f"History of fact #{fact_id}"
    return shown


async def test_history_names_who_and_when_with_discord_timestamps_and_short_edits_in_full(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add(emulator, w, "Léaud was fourteen.")
    await edit(emulator, w, fact_id, "Léaud was fourteen when shooting began.")
    await act(emulator, w.general, w.moderator, "facts remove", id=fact_id)
    lines = (await history(emulator, w, fact_id)).embeds[0]["description"].splitlines()
    mod = f"<@{w.moderator.id}>"
    stamp = r"<t:\d+:f>"
    assert [re.sub(stamp, "<t>", line) for line in lines] == [
        f"<t> · {mod} removed",
        f"<t> · {mod} edited",
        "  text: “Léaud was fourteen.” → “Léaud was fourteen when shooting began.”",
        f"<t> · {mod} added",
        "  “Léaud was fourteen.”",
    ]


async def test_history_shows_what_an_edit_changed_in_a_long_fact(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add(emulator, w, BASE)
    await edit(emulator, w, fact_id, BASE.replace("1958", "1959"))
    entry = (await history(emulator, w, fact_id)).embeds[0]["description"].split("\n<t:")[0]
    assert "1958" in entry and "1959" in entry, entry


async def test_a_long_history_keeps_its_oldest_entries_readable(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add(emulator, w, BASE)
    for number in range(40):
        await edit(emulator, w, fact_id, f"{BASE} ({number})")
        shown = await history(emulator, w, fact_id)
        if shown.embeds[0].get("footer", {}).get("text", "").startswith("Page 1/"):
            break
    else:
        pytest.fail("the history never grew past one page")
    assert "older change" not in shown.embeds[0]["description"]        # nothing is left out: it has pages
    last_id = next(b["custom_id"] for row in shown.original.components for b in row["components"]
                   if b["custom_id"].endswith(":last"))
    turned = await emulator.click(shown.original_message_id, last_id, w.moderator)
    await turned.wait_done()
    last = emulator.message(shown.original_message_id).embeds[0]
    oldest = last["description"].splitlines()[-2:]                     # the fact as it was added, in full
    assert oldest[0].endswith(f"<@{w.moderator.id}> added") and oldest[1] == f"  “{BASE}”", last


async def log_lines(emulator: Emulator, channel: Any) -> list[str]:
    await asyncio.sleep(0.3)          # the log line is posted after the moderator's reply
    return [m.content for m in emulator.messages(channel) if m.author.id == emulator.bot_user.id]


async def test_fact_changes_get_one_quiet_line_each_in_the_log_channel(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w.general, w.moderator, "config logchannel", channel=log)
    fact_id = await add(emulator, w, "Léaud was fourteen.")
    await act(emulator, w.general, w.moderator, "facts remove", id=fact_id)
    await act(emulator, w.general, w.moderator, "facts hide", id=3)
    mod = f"<@{w.moderator.id}>"
    assert await log_lines(emulator, log) == [
        f"{mod} set the moderation log channel to <#{log.id}>",
        f"{mod} added fact #{fact_id}: “Léaud was fourteen.”",
        f"{mod} removed fact #{fact_id}: “Léaud was fourteen.”",
        f"{mod} hid global fact #3 in this server: “The 400 Blows was photographed in DyaliScope, an anamorphic "
        "widescreen process.”",
    ]


async def test_daily_and_trivia_setting_changes_are_in_the_log_channel(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w.general, w.moderator, "config logchannel", channel=log)
    audited = await doinel.db.scalar("SELECT count(*) FROM audit_log")
    await act(emulator, w.general, w.moderator, "daily set", channel=w.general, time="9pm", timezone="Europe/Paris")
    await act(emulator, w.general, w.moderator, "daily off")
    await act(emulator, w.general, w.moderator, "trivia settings", seconds=30, spoilers=True)
    asked = await act(emulator, w.general, w.moderator, "trivia reset", member=w.alice)
    await (await emulator.click(asked.original, buttons(asked.original)["Reset"], w.moderator)).wait_done()
    assert await doinel.db.scalar("SELECT count(*) FROM audit_log") == audited + 4     # the audit log has them...
    mod = f"<@{w.moderator.id}>"
    assert (await log_lines(emulator, log))[1:] == [                                   # ... the log channel too
        f"{mod} changed the daily fact: 21:00 Europe/Paris in <#{w.general.id}>",
        f"{mod} changed the daily fact: off",
        f"{mod} changed the trivia settings: seconds per question 30, answers in spoilers on",
        f"{mod} changed the trivia boards: reset <@{w.alice.id}>'s history (0 answers)",
    ]
