"""QA9: /facts history pages through the latest 200 changes, within Discord's limits, to moderators only."""

from __future__ import annotations

import json

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act
from tests.e2e.qa5.support import quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.e2e.qa8.test_qa8_audit_trail import add, history
from tests.emulator import Emulator

LONG = ("@everyone **Truffaut** asked Léaud to run to the sea, <@&1> `filmed` ||from a car||. " * 12)[:1000]


async def audit_rows(doinel: Doinel, fact_id: int, rows: list[tuple[int, str, dict, dict]]) -> None:
    """Entries as the bot records them: (guild id, action, before, after)."""
    async with doinel.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO audit_log (guild_id, actor_id, action, entity, entity_id, before_json, after_json, "
            "created_at) VALUES (?, 42, ?, 'fact', ?, ?, ?, 1700000000)",
            [(g, action, fact_id, json.dumps(b), json.dumps(a)) for g, action, b, a in rows])


def page_buttons(emulator: Emulator, message_id: int) -> dict[str, str]:
    message = emulator.message(message_id)
    return {b["custom_id"].rsplit(":", 1)[-1]: b["custom_id"] for row in message.components for b in row["components"]}


async def test_250_long_changes_page_within_limits_newest_first_to_the_200th(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add(emulator, w, LONG)
    await audit_rows(doinel, fact_id, [(w.guild.id, "edit", {"text": f"{LONG[:-5]} {n:04}"},
                                        {"text": f"{LONG[:-5]} {n + 1:04}"}) for n in range(250)])
    shown = await history(emulator, w, fact_id)
    first = shown.embeds[0]
    assert first["footer"]["text"].startswith("Page 1/") and "0249” → “…" in first["description"]
    pages = int(first["footer"]["text"].split("/")[1].split(" ")[0])
    assert pages * 8 >= 201                                   # 200 changes and the note, 8 a page at most
    turned = await emulator.click(shown.original_message_id, page_buttons(emulator, shown.original_message_id)["last"],
                                  w.moderator)
    await turned.wait_done()
    last = emulator.message(shown.original_message_id).embeds[0]
    assert last["footer"]["text"].startswith(f"Page {pages}/{pages}")
    assert last["description"].endswith("… older changes are not shown: these are the latest 200.")
    assert " added" not in last["description"]                 # the add is the 251st change back


async def test_the_added_text_is_shown_in_full_and_pings_nobody(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add(emulator, w, LONG)
    shown = await history(emulator, w, fact_id)
    assert " ".join(LONG.split()) in shown.embeds[0]["description"]
    assert shown.original.components == []                     # one page: no buttons


async def test_a_global_fact_shows_this_servers_changes_and_not_another_servers(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await act(emulator, w.general, w.moderator, "facts hide", id=3)
    await audit_rows(doinel, 3, [(987654321, "hide", {}, {"hidden": True})])   # a moderator elsewhere
    lines = (await history(emulator, w, 3)).embeds[0]["description"].splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"<@{w.moderator.id}> hid in this server"), lines


async def test_another_servers_moderator_cannot_read_a_facts_history(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add(emulator, w, "Léaud was fourteen.")
    async with doinel.db.transaction() as conn:                 # a fact of another server
        await conn.execute("UPDATE facts SET guild_id = 987654321 WHERE id = ?", (fact_id,))
    other = await act(emulator, w.general, w.moderator, "facts history", id=fact_id)
    assert other.ephemeral and not other.embeds and "Léaud" not in other.content, other.content
