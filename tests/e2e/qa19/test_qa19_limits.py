"""QA19: content at the limits the bot itself accepts, carried through every view and file."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import add_fact, buttons, run
from tests.emulator import Emulator

# /films add takes a title of up to 200 characters (bot/lookup/editing.py MAX_TITLE).
LONG_TITLE = ("The Extraordinarily Long and Winding Adventures of Antoine Doinel in Paris and Honfleur "
              * 3)[:200].strip()


async def add_long_film(emulator: Emulator, w: DiscordWorld) -> None:
    opened = await run(emulator, w, w.owner, "films add")
    added = await (await emulator.submit_modal(opened, None, {"title": LONG_TITLE, "year": "1999"})).wait_done()
    assert added.ephemeral and added.content.startswith("Added: film #"), added.content


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_an_export_about_a_long_titled_film_imports_back(emulator: Emulator, discord_world: DiscordWorld,
                                                               doinel: Doinel, fmt: str) -> None:
    """An owner adds a film with a 200-character title (/films add accepts it); a moderator adds a fact
    about it, runs /facts export, and uploads the file unchanged with /facts import.

    The moderator sees "Nothing was imported from …: 1 entry was rejected … field "film": is longer than
    200 characters": the export names the film "Title (Year)", 207 characters, and the import refuses
    what the export wrote. README: "`/facts export` writes files in these formats, so export, edit and
    import again works". The file should import back with the fact "unchanged"."""
    w = discord_world
    await add_long_film(emulator, w)
    await add_fact(emulator, w, "Truffaut shot the beach scene in Villers-sur-Mer in one long take.",
                   film=LONG_TITLE, source="Truffaut by Truffaut")
    exported = await run(emulator, w, w.moderator, "facts export", format=fmt)
    message = exported.original
    assert message is not None and len(message.attachments) == 1, exported.content
    attachment = message.attachments[0]
    preview = await run(emulator, w, w.moderator, "facts import", file=(attachment.filename, attachment.data))
    told = emulator.message(preview.followups[-1].message_id)
    assert told is not None
    shown = told.content + " ".join(e.get("description", "") for e in told.embeds)
    assert "rejected" not in shown and "1 unchanged" in shown, shown
    assert not [label for label in buttons(told) if label.startswith("Import")]   # nothing to change
