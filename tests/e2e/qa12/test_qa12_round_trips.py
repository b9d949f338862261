"""QA12: data round trips — /facts export then import (here or in another server), /trivia questions export
then import, and files as people's tools write them (BOM, CRLF, UTF-16, empty).

The promise (README): "export, edit and import again works", "re-importing updates, never duplicates",
"all or nothing". Black box: each check is what a moderator reads, or what members then get.
"""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest

from bot.client import Doinel
from bot.db import Database
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import said
from tests.e2e.qa3.support import add_film, import_file, run
from tests.e2e.qa5.support import import_list, import_preview, questions_of
from tests.e2e.test_moderation import add_fact, buttons
from tests.emulator import Channel, Emulator, Member

# Facts as a server builds them up: a film, tags, a doubtful source, several lines, a formula-looking start,
# a quote mark of its own, accents, Markdown.
SEED = json.dumps([
    {"id": "club-1", "text": "Truffaut dedicated the film to André Bazin.", "film": "the-400-blows",
     "source": "Cahiers du cinéma", "tags": ["dedication", "bazin"]},
    {"text": "=1+1 is not a formula; @everyone stays quiet.", "source": "QA"},
    {"text": "'Tis said Léaud improvised the interview.\nTruffaut kept it.", "verified": False,
     "source": "a forum", "tags": ["cast"]},
    {"text": "**Bold** claims need _sources_ — this one has one.", "source": "+33 1 23 45 67 89"},
]).encode()


async def second_server(emulator: Emulator, doinel: Doinel) -> tuple[Channel, Member]:
    """Another film server with Doinel in it, its #general and a moderator."""
    guild = await emulator.create_guild("Ciné Club")
    channel = await emulator.create_text_channel(guild, "general")
    mod = await emulator.add_member(guild, "othermod", permissions=discord.Permissions(manage_guild=True))
    doinel.tree.copy_global_to(guild=discord.Object(guild.id))
    await doinel.tree.sync(guild=discord.Object(guild.id))
    return channel, mod


async def export(emulator: Emulator, channel: Channel, mod: Member, command: str, **options: Any) -> tuple[str, bytes]:
    """A moderator's export: (file name, bytes) of the attached file."""
    record = await (await emulator.slash(channel, mod, command, **options)).wait_done()
    [upload] = record.followups[-1].files or pytest.fail(said(record))
    return upload.filename, upload.data


async def preview(emulator: Emulator, channel: Channel, mod: Member, name: str, data: bytes) -> Any:
    record = await (await emulator.slash(channel, mod, "facts import", file=(name, data))).wait_done()
    message = emulator.message(record.followups[-1].message_id)
    assert message is not None
    return message


async def confirm(emulator: Emulator, mod: Member, message: Any) -> str:
    [label] = [label for label in buttons(message) if label.startswith("Import")]
    await (await emulator.click(message, buttons(message)[label], mod)).wait_done()
    done = emulator.message(message.id)
    assert done is not None
    return done.content


async def facts_of(db: Database, guild_id: int) -> list[tuple[Any, ...]]:
    """What members get of a server's live facts: text, film, source, tags, verified (in order)."""
    rows = await db.fetchall("SELECT text, film_id, source, tags, verified FROM facts WHERE guild_id = ? "
                             "AND deleted_at IS NULL AND status = 'approved' ORDER BY id", (guild_id,))
    return [tuple(r) for r in rows]


async def import_audits(db: Database, guild_id: int) -> int:
    return int(await db.scalar("SELECT count(*) FROM audit_log WHERE guild_id = ? AND entity = 'import'",
                               (guild_id,)))


async def test_facts_exported_as_csv_or_json_arrive_identical_in_another_server_and_once_only(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    await import_file(emulator, w, "seed.json", SEED)
    mine = await facts_of(db, w.guild.id)
    assert len(mine) == 4
    channel, mod = await second_server(emulator, doinel)
    other = channel.guild_id
    for fmt in ("csv", "json"):
        name, data = await export(emulator, w.general, w.moderator, "facts export", format=fmt)
        first = await preview(emulator, channel, mod, name, data)
        if fmt == "csv":
            assert "Would be: 4 added, 0 updated, 0 restored, 0 unchanged." in first.content, first.content
            assert (await confirm(emulator, mod, first)).startswith(f"Imported {name}")
        else:        # the JSON of the same facts, after the CSV: every fact is recognised, nothing doubles
            assert "0 added, 0 updated, 0 restored, 4 unchanged" in first.content, first.content
        assert await facts_of(db, other) == mine
        again = await preview(emulator, channel, mod, name, data)
        assert "4 unchanged" in again.content and not buttons(again)
        assert again.embeds[0]["footer"]["text"] == "Nothing to import: every entry is already here."
    assert await import_audits(db, other) == 1          # one import happened, one line says so
    # Brought back home, the export changes nothing either.
    name, data = await export(emulator, w.general, w.moderator, "facts export", format="csv")
    home = await preview(emulator, w.general, w.moderator, name, data)
    assert "4 unchanged" in home.content and not buttons(home)
    assert await facts_of(db, w.guild.id) == mine


async def test_an_import_refused_at_its_last_row_changes_nothing_and_a_fixed_file_then_imports(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    await import_file(emulator, w, "seed.json", SEED)
    before = await facts_of(db, w.guild.id)
    rows = "\r\n".join(f"new-{i},Fact number {i} about the sea at Honfleur.,the-400-blows" for i in range(200))
    broken = ("id,text,film\r\n" + rows + "\r\nnew-x,The last row names a film nobody has.,Jules et Jim\r\n")
    refused = await preview(emulator, w.general, w.moderator, "big.csv", broken.encode("utf-8-sig"))
    assert refused.content.startswith("Nothing was imported from big.csv: 1 entry was rejected")
    assert "line 202" in json.dumps(refused.embeds) and not buttons(refused)
    assert await facts_of(db, w.guild.id) == before
    fixed = "id,text,film\r\n" + rows + "\r\n"
    done = await confirm(emulator, w.moderator, await preview(emulator, w.general, w.moderator, "big.csv",
                                                              fixed.encode("utf-8-sig")))
    assert done.startswith("Imported big.csv into this server's facts: 200 added")
    assert len(await facts_of(db, w.guild.id)) == 204


async def test_files_from_spreadsheets_and_editors_read_the_same_and_an_empty_file_is_named_empty(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    text = "text;source;tags\r\n\"Léaud was 14, « almost 15 ».\r\nHe lied about it.\";Truffaut;cast|age\r\n"
    for name, data in (("excel.csv", text.encode("utf-8-sig")), ("utf16.csv", text.encode("utf-16")),
                       ("unix.csv", text.replace("\r\n", "\n").encode())):
        shown = await preview(emulator, w.general, w.moderator, name, data)
        assert "Would be: 1 added" in shown.content or "1 unchanged" in shown.content, (name, shown.content)
        if buttons(shown):
            await confirm(emulator, w.moderator, shown)
    [fact] = await facts_of(db, w.guild.id)
    assert fact[0] == "Léaud was 14, « almost 15 ».\nHe lied about it." and json.loads(fact[3]) == ["cast", "age"]
    for name, data in (("empty.csv", b""), ("bom.csv", b"\xef\xbb\xbf"), ("blank.json", b"\r\n  \r\n")):
        record = await run(emulator, w, w.moderator, "facts import", file=(name, data))
        assert "the file is empty" in (record.followups[-1].content or record.content or ""), name


# -- defects -----------------------------------------------------------------------------------------------

async def two_hamlets(emulator: Emulator, w: DiscordWorld) -> int:
    """A bot owner adds Olivier's and Branagh's Hamlet; returns Branagh's film number."""
    await add_film(emulator, w, "Hamlet", year="1948")
    return await add_film(emulator, w, "Hamlet", year="1996")


async def test_a_fact_about_one_of_two_namesake_films_survives_export_and_import(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    branagh = await two_hamlets(emulator, w)
    await add_fact(emulator, w, "Branagh filmed every line of the play.", film=f"#{branagh}", source="Branagh")
    before = await facts_of(db, w.guild.id)
    assert before[0][1] == branagh
    channel, mod = await second_server(emulator, doinel)
    name, data = await export(emulator, w.general, w.moderator, "facts export", format="csv")
    shown = await preview(emulator, channel, mod, name, data)
    assert "Would be: 1 added" in shown.content, shown.content + json.dumps(shown.embeds)
    await confirm(emulator, mod, shown)
    assert await facts_of(db, channel.guild_id) == before


async def test_picking_one_of_two_namesake_films_in_facts_add_saves_the_fact_about_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    branagh = await two_hamlets(emulator, w)
    [choice] = [c for c in await emulator.autocomplete(w.general, w.moderator, "facts add", focused="film",
                                                        film="Hamlet") if c["name"] == "Hamlet (1996)"]
    opened = await run(emulator, w, w.moderator, "facts add", film=choice["value"])
    assert opened.modal is not None, opened.content
    prefilled = next(c["value"] for row in opened.modal["components"] for c in row["components"]
                     if c["custom_id"] == "film")
    saved = await (await emulator.submit_modal(opened, None, {"text": "Branagh filmed every line of the play.",
                                                              "film": prefilled})).wait_done()
    assert (saved.content or "").startswith("Saved fact #"), saved.content
    assert await doinel.db.scalar("SELECT film_id FROM facts ORDER BY id DESC LIMIT 1") == branagh


async def test_questions_exported_then_imported_back_do_not_double_the_pool(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    playable = await db.scalar("SELECT count(*) FROM questions WHERE deleted_at IS NULL")
    name, data = await export(emulator, w.general, w.moderator, "trivia questions export")
    shown = await import_preview(emulator, w, name, data)
    assert f": 0 added, 0 updated, {playable} unchanged." in shown.followups[-1].content, \
        shown.followups[-1].content
    await import_list(emulator, w, name, data)
    twice = await db.scalar("SELECT count(*) FROM (SELECT prompt FROM questions WHERE deleted_at IS NULL "
                            "GROUP BY prompt HAVING count(*) > 1)")
    assert twice == 0


CLUB = json.dumps({"response_code": 0, "results": [
    {"type": "multiple", "difficulty": "easy", "question": "Who plays Antoine Doinel?",
     "correct_answer": "Jean-Pierre L&eacute;aud", "incorrect_answers": ["Albert R&eacute;my", "Guy Decomble",
                                                                        "Patrick Auffay"]},
    {"type": "boolean", "difficulty": "easy", "question": "Is The 400 Blows in colour?",
     "correct_answer": "False", "incorrect_answers": ["True"]},
]}).encode()


async def test_a_list_exported_and_imported_back_keeps_its_wrong_choices(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    await import_list(emulator, w, "club.json", CLUB)
    before = await questions_of(db, w.guild.id)
    assert before == [("Who plays Antoine Doinel?", ["Jean-Pierre Léaud"], ["Albert Rémy", "Guy Decomble",
                                                                            "Patrick Auffay"]),
                      ("Is The 400 Blows in colour?", ["False"], ["True"])]
    name, data = await export(emulator, w.general, w.moderator, "trivia questions export", source="list:club")
    assert name == "club.yaml"
    shown = (await import_preview(emulator, w, name, data)).followups[-1].content
    # Either nothing changes, or the moderator is told before confirming what would be lost.
    assert ": 0 added, 0 updated, 2 unchanged." in shown or "wrong choices" in shown.split("\n")[0], shown
    await import_list(emulator, w, name, data)
    assert await questions_of(db, w.guild.id) == before
