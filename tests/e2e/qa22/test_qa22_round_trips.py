"""QA22: a moderator exports the server's facts, fixes a typo in a spreadsheet and imports the file back,
while the other moderators go on editing and removing facts. Their work must survive the round trip."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa22.support import (
    confirm_import,
    csv_bytes,
    export_rows,
    import_preview,
    moderator_team,
    within_limits,  # noqa: F401 - fixture
)
from tests.e2e.test_moderation import add_fact, run
from tests.emulator import Emulator

pytestmark = pytest.mark.usefixtures("within_limits")

PARIS = "Truffaut shot the film in Paris in 1958."
AUDITION = "Leaud was fourteen at the audition."
CANNES = "The film won the director prize at Cannes."
FIXED_BY_MILO = "Léaud was fourteen at his audition in 1958."


async def test_an_old_export_imported_back_does_not_undo_a_colleagues_edit(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Rosa runs /facts export at 10:00 to fix a typo in a spreadsheet. At 10:05 Milo corrects fact
    "Leaud was fourteen…" with /facts edit ("Updated fact #N."). At 10:10 Rosa imports her file, where she
    changed only the Paris fact's row. The dry run reads "2 updated" and lists Milo's fact as an ordinary
    "update fact #N (text)"; Rosa presses Import, and Milo's correction is silently gone (the old "Leaud"
    is back for every member). The edit form refuses exactly this ("changed by someone else while you were
    editing it"); the import should too: leave Milo's fact as he left it, or at least say in the dry run
    that it changed since the export, and by whom."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa, milo = team.mods[0], team.mods[1]
    paris, audition = await add_fact(emulator, w, PARIS), await add_fact(emulator, w, AUDITION)
    rows = export_rows(await run(emulator, w, rosa, "facts export"))

    opened = await run(emulator, w, milo, "facts edit", id=audition)
    saved = await (await emulator.submit_modal(opened, None, {"text": FIXED_BY_MILO})).wait_done()
    assert saved.content == f"Updated fact #{audition}."

    for row in rows:
        if row["text"] == PARIS:
            row["text"] = "Truffaut shot the film in Paris in the winter of 1958."
    preview = await import_preview(emulator, w, rosa, "facts.csv", csv_bytes(rows))
    lines = [line for line in (preview.embeds[0].get("description") or "").split("\n") if f"#{audition}" in line]
    warned = any(("since" in line or "changed" in line) and f"<@{milo.id}>" in line for line in lines)
    await confirm_import(emulator, preview, rosa)
    assert await doinel.db.scalar("SELECT text FROM facts WHERE id = ?", (paris,)) != PARIS    # Rosa's fix is in
    kept = await doinel.db.scalar("SELECT text FROM facts WHERE id = ?", (audition,))
    assert kept == FIXED_BY_MILO and warned, (kept, preview.content, preview.embeds[0].get("description"))


async def test_an_old_export_imported_back_does_not_bring_back_a_fact_a_colleague_removed(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Rosa exports at 10:00. At 10:05 Ines removes "The film won the director prize at Cannes." (it is wrong:
    "Removed fact #N."). At 10:10 Rosa imports her file back with one typo fixed: the dry run counts
    "1 restored", the Import puts the wrong fact back in front of every member (/fact show, search, the
    daily rotation), and nobody removed-it-again knows. A row Rosa never touched should not undo a removal
    made after her export (or the dry run should say it was removed since, and by whom)."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa, ines = team.mods[0], team.mods[2]
    await add_fact(emulator, w, PARIS)
    cannes = await add_fact(emulator, w, CANNES)
    rows = export_rows(await run(emulator, w, rosa, "facts export"))

    removed = await run(emulator, w, ines, "facts remove", id=cannes)
    assert removed.content.startswith(f"Removed fact #{cannes}.")

    for row in rows:
        if row["text"] == PARIS:
            row["text"] = "Truffaut shot the film in Paris in the winter of 1958."
    preview = await import_preview(emulator, w, rosa, "facts.csv", csv_bytes(rows))
    lines = [line for line in (preview.embeds[0].get("description") or "").split("\n") if f"#{cannes}" in line]
    warned = any("since" in line and f"<@{ines.id}>" in line for line in lines)
    await confirm_import(emulator, preview, rosa)
    shown = await run(emulator, w, w.alice, "fact show", id=cannes)
    still_removed = f"There is no fact #{cannes}" in (shown.content or "")
    assert still_removed and warned, (shown.content, preview.content, preview.embeds[0].get("description"))


async def test_a_file_of_ids_and_new_texts_keeps_each_facts_film_source_tags_and_warning(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """An admin fixes typos the quick way: a CSV with just the two columns "id,text" (the id as the export
    writes it, fact-N). The dry run says "1 updated"; after Import the fact has lost its film, its source and
    its tags, and a fact marked unverified is now shown as checked (the "From a source we could not
    double-check" note is gone). Columns a file does not have should leave those fields as they are (an
    empty cell in a column the file has can still clear one)."""
    w = discord_world
    fact_id = await add_fact(emulator, w, "Truffaut shot the flim in Paris in 1958.", film="the-400-blows",
                             source="de Baecque & Toubiana, Truffaut (1996)", tags="production, paris")
    async with doinel.db.transaction() as conn:      # as an import with verified=false leaves it
        await conn.execute("UPDATE facts SET verified = 0 WHERE id = ?", (fact_id,))
    data = f"id,text\nfact-{fact_id},Truffaut shot the film in Paris in 1958.\n".encode()
    preview = await import_preview(emulator, w, w.moderator, "typos.csv", data)
    assert "1 updated" in preview.content, preview.content
    await confirm_import(emulator, preview, w.moderator)
    row = await doinel.db.fetchone("SELECT text, film_id IS NOT NULL AS film, source, tags, verified FROM facts "
                                   "WHERE id = ?", (fact_id,))
    assert row["text"] == "Truffaut shot the film in Paris in 1958."
    assert (row["film"], row["source"], row["verified"]) == (1, "de Baecque & Toubiana, Truffaut (1996)", 0), \
        tuple(row)
    assert "paris" in (row["tags"] or ""), row["tags"]


async def test_the_log_line_of_an_import_says_it_brought_facts_back(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Ines removes a fact; later Rosa imports a file that brings it back ("Imported facts.csv into this
    server's facts: 0 added, 0 updated, 1 restored"). The log channel, where Ines and the admin follow who
    did what, says "<@Rosa> imported facts.csv: 0 facts added, 1 updated": nothing tells them the fact Ines
    removed is live again. The line should say restored, as the import's own answer does."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa, ines = team.mods[0], team.mods[2]
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await run(emulator, w, team.admin, "config logchannel", channel=log)
    cannes = await add_fact(emulator, w, CANNES)
    await run(emulator, w, ines, "facts remove", id=cannes)
    preview = await import_preview(emulator, w, rosa, "facts.csv", f"id,text\nfact-{cannes},{CANNES}\n".encode())
    done = await confirm_import(emulator, preview, rosa)
    assert "1 restored" in done, done
    line = await emulator.wait_for_message(log, lambda m: "imported" in m.content)
    assert "restored" in line.content, line.content
