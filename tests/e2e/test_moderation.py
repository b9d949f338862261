"""Moderation end to end: the real bot, driven through the emulator as moderators and members would."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import discord
import pytest

from bot.client import Doinel
from bot.db import Database
from bot.moderation import importers
from tests.bot.moderation.support import snapshot
from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator, Member, Message
from tests.emulator.appcommands import NotAllowed
from tests.factsupport import eventually

CSV_OK = ("text,film,source,tags,id\n"
          "Truffaut dedicated the film to André Bazin.,the-400-blows,Cahiers,dedication,imp-1\n"
          "=1+1 is not a formula here; @everyone stays quiet.,,,,imp-2\n").encode()


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    """Every message, embed, modal and choice list the bot sent was one Discord would accept."""
    yield
    assert emulator.violations == []


def buttons(message: Message) -> dict[str, str]:
    """label -> custom_id of every button on ``message``."""
    return {c["label"]: c["custom_id"] for c in message.iter_components() if c.get("type") == 2}


async def run(emulator: Emulator, world: DiscordWorld, member: Member, command: str, **options: Any):
    record = await emulator.slash(world.general, member, command, **options)
    return await record.wait_done()


def allow_everyone(emulator: Emulator, world: DiscordWorld) -> None:
    """What a server admin can do in Discord's settings: let every member use the moderator commands."""
    for name in ("facts", "config"):
        emulator.commands(world.guild)[name]["default_member_permissions"] = None


async def a_global_fact_id(db: Database) -> int:
    return int(await db.scalar("SELECT min(id) FROM facts WHERE guild_id = 0"))


async def add_fact(emulator: Emulator, world: DiscordWorld, text: str, **fields: str) -> int:
    opened = await run(emulator, world, world.moderator, "facts add")
    assert opened.modal is not None
    submitted = await (await emulator.submit_modal(opened, None, {"text": text, **fields})).wait_done()
    message = submitted.original
    assert message is not None and message.ephemeral and message.content.startswith("Saved fact #"), message
    return int(message.content.split("#")[1].split(".")[0])


async def suggest(emulator: Emulator, world: DiscordWorld, member: Member, text: str, **fields: str) -> int:
    """``member`` runs /fact suggest and fills in the form; returns the suggestion's number."""
    opened = await run(emulator, world, member, "fact suggest")
    assert opened.modal is not None, opened.content
    thanked = await (await emulator.submit_modal(opened, None, {"text": text, **fields})).wait_done()
    assert thanked.ephemeral and thanked.content and "is waiting for this server's moderators" in thanked.content
    return int(thanked.content.split("#")[1].split(" ")[0])


# -- permissions --------------------------------------------------------------------------------

async def test_moderator_commands_are_hidden_from_members(emulator: Emulator, discord_world: DiscordWorld,
                                                          doinel: Doinel) -> None:
    for command in ("facts queue", "facts export", "config show"):
        with pytest.raises(NotAllowed, match="hidden"):
            await emulator.slash(discord_world.general, discord_world.alice, command)


async def test_permission_matrix_members_are_refused_and_nothing_changes(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    mine = await add_fact(emulator, world, "Truffaut cast Léaud after a screen test in 1958.")
    global_id = await a_global_fact_id(db)
    await run(emulator, world, world.moderator, "facts hide", id=global_id)
    await run(emulator, world, world.moderator, "facts remove", id=mine)
    await suggest(emulator, world, world.alice, "A suggestion waiting in the queue.")
    allow_everyone(emulator, world)       # even if an admin lets everyone see the commands...
    before = await snapshot(db)
    attempts: list[tuple[str, dict[str, Any]]] = [
        ("facts add", {}), ("facts edit", {"id": mine}), ("facts remove", {"id": mine}),
        ("facts restore", {"id": mine}), ("facts hide", {"id": global_id}), ("facts unhide", {"id": global_id}),
        ("facts history", {"id": mine}), ("facts queue", {}), ("facts import", {"file": ("f.csv", CSV_OK)}),
        ("facts export", {}), ("config modrole", {"role": world.moderators}),
        ("config logchannel", {"channel": world.general}), ("config show", {}),
    ]
    for command, options in attempts:
        record = await run(emulator, world, world.bob, command, **options)
        assert record.modal is None, command
        assert record.ephemeral and record.content, command
        assert "moderators" in record.content or "Manage Server" in record.content, (command, record.content)
        assert not any(buttons(m) for m in [record.original] if m), command
    # ... the core refuses them all, and the database is exactly as it was.
    assert await snapshot(db) == before
    assert await emulator.autocomplete(world.general, world.bob, "facts restore", focused="id") == []


async def test_two_servers_cannot_touch_each_others_content(emulator: Emulator, discord_world: DiscordWorld,
                                                            doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    other = await emulator.create_guild("Other Club")
    other_channel = await emulator.create_text_channel(other, "general")
    other_mod = await emulator.add_member(other, "othermod", permissions=discord.Permissions(manage_guild=True))
    doinel.tree.copy_global_to(guild=discord.Object(other.id))
    await doinel.tree.sync(guild=discord.Object(other.id))
    mine = await add_fact(emulator, world, "Only this club knows that Doinel is Truffaut's alter ego.")
    before = await snapshot(db)
    for command in ("facts edit", "facts remove", "facts history", "facts hide"):
        record = await (await emulator.slash(other_channel, other_mod, command, id=mine)).wait_done()
        assert record.ephemeral and record.modal is None, command
        assert "another server" in (record.content or "") or "Only global facts" in (record.content or ""), command
    choices = await emulator.autocomplete(other_channel, other_mod, "facts edit", focused="id", id=str(mine))
    assert choices == []
    exported = await (await emulator.slash(other_channel, other_mod, "facts export")).wait_done()
    assert "no facts of its own" in (exported.content or "")
    assert await snapshot(db) == before


# -- adding and editing -------------------------------------------------------------------------

async def test_add_warns_of_a_likely_duplicate(emulator: Emulator, discord_world: DiscordWorld,
                                              doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    existing = await db.scalar("SELECT text FROM facts WHERE guild_id = 0 ORDER BY id LIMIT 1")
    opened = await run(emulator, world, world.moderator, "facts add")
    warned = await (await emulator.submit_modal(opened, None, {"text": existing.upper()})).wait_done()
    warning = warned.original
    assert warning is not None and warning.ephemeral and "This looks like" in warning.content
    before = await snapshot(db)
    labels = buttons(warning)
    assert set(labels) == {"Save anyway", "Edit", "Cancel"}
    # A double click: both clicks reach the bot before it answers the first.
    first = await emulator.click(warning, labels["Save anyway"], world.moderator)
    second = await emulator.click(warning, labels["Save anyway"], world.moderator)
    await first.wait_done()
    await second.wait_done()
    assert first.callback_type == 7 and "already done" in (second.content or "")
    updated = emulator.message(warning.id)
    assert updated is not None and updated.content.startswith("Saved fact #") and not buttons(updated)
    assert await db.scalar("SELECT count(*) FROM facts") == len(before["facts"]) + 1


async def test_cancel_and_expired_buttons(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
                                          restart_bot: Callable[[], Awaitable[Doinel]]) -> None:
    world, db = discord_world, doinel.db
    existing = await db.scalar("SELECT text FROM facts WHERE guild_id = 0 ORDER BY id LIMIT 1")
    warnings = []
    for _ in range(2):
        opened = await run(emulator, world, world.moderator, "facts add")
        warned = await (await emulator.submit_modal(opened, None, {"text": existing + "!"})).wait_done()
        assert warned.original is not None
        warnings.append(warned.original)
    before = await snapshot(db)
    cancel = await (await emulator.click(warnings[0], buttons(warnings[0])["Cancel"], world.moderator)).wait_done()
    assert cancel.callback_type == 7 and "Cancelled" in (emulator.message(warnings[0].id) or warnings[0]).content
    assert warnings[1].embeds[0]["description"] == existing + "!"       # the draft is shown with the warning
    bot = await restart_bot()
    late = await (await emulator.click(warnings[1], buttons(warnings[1])["Save anyway"], world.moderator)).wait_done()
    assert late.callback_type == 7
    expired = emulator.message(warnings[1].id)
    assert expired is not None and "expired" in expired.content and not buttons(expired)
    assert expired.embeds[0]["description"] == existing + "!"            # still there to copy
    assert await snapshot(bot.db) == before


async def test_the_film_option_of_facts_add_is_checked_before_the_form(emulator: Emulator, discord_world: DiscordWorld,
                                                                       doinel: Doinel) -> None:
    world = discord_world
    refused = await run(emulator, world, world.moderator, "facts add", film="x" * 1_500)
    assert refused.modal is None and refused.ephemeral and refused.content.startswith("No film is called “xxx")
    labelled = await run(emulator, world, world.moderator, "facts add", film="The 400 Blows (1959)")
    assert labelled.modal is not None
    prefilled = {c["custom_id"]: c.get("value") for row in labelled.modal["components"] for c in row["components"]}
    assert prefilled["film"] == "the-400-blows"


async def test_invalid_form_offers_a_retry_with_what_was_typed(emulator: Emulator, discord_world: DiscordWorld,
                                                              doinel: Doinel) -> None:
    world = discord_world
    opened = await run(emulator, world, world.moderator, "facts add")
    typed = {"text": "Jules et Jim was shot in 1961.", "film": "Jules et Jim"}
    refused = await (await emulator.submit_modal(opened, None, typed)).wait_done()
    assert refused.original is not None and "No film is called “Jules et Jim”" in refused.original.content
    retry = await (await emulator.click(refused.original, buttons(refused.original)["Edit and try again"],
                                        world.moderator)).wait_done()
    assert retry.modal is not None
    prefilled = {c["custom_id"]: c.get("value") for row in retry.modal["components"] for c in row["components"]}
    assert prefilled["text"] == typed["text"] and prefilled["film"] == typed["film"]
    fixed = await (await emulator.submit_modal(retry, None, {"film": "the-400-blows"})).wait_done()
    assert fixed.original is not None and fixed.original.content.startswith("Saved fact #")


async def test_edit_history_and_no_ping(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    world = discord_world
    fact_id = await add_fact(emulator, world, "@everyone Léaud improvised the psychologist scene.")
    opened = await run(emulator, world, world.moderator, "facts edit", id=fact_id)
    assert opened.modal is not None
    edited = await (await emulator.submit_modal(opened, None, {"text": "Léaud improvised the interview scene.",
                                                               "tags": "cast, improvisation"})).wait_done()
    assert edited.original is not None and edited.original.content == f"Updated fact #{fact_id}."
    history = await run(emulator, world, world.moderator, "facts history", id=fact_id)
    text = history.embeds[0]["description"]
    assert f"<@{world.moderator.id}> edited" in text and f"<@{world.moderator.id}> added" in text
    assert "psychologist" in text and "interview" in text and "tags: none → cast, improvisation" in text
    for message in [history.original, edited.original]:
        assert message is not None and not message.mention_everyone


async def test_an_edit_saved_unchanged_changes_and_logs_nothing(emulator: Emulator, discord_world: DiscordWorld,
                                                                 doinel: Doinel) -> None:
    world = discord_world
    log = await emulator.create_text_channel(world.guild, "mod-log")
    await run(emulator, world, world.moderator, "config logchannel", channel=log)
    fact_id = await add_fact(emulator, world, "Léaud improvised the interview scene.", film="the-400-blows")
    before = await snapshot(doinel.db)
    opened = await run(emulator, world, world.moderator, "facts edit", id=fact_id)
    same = await (await emulator.submit_modal(opened, None, {})).wait_done()
    assert same.original is not None and same.original.content == f"Nothing changed: fact #{fact_id} stays as it was."
    assert same.original.ephemeral and await snapshot(doinel.db) == before
    await run(emulator, world, world.moderator, "facts remove", id=fact_id)       # the log's next line
    await emulator.wait_for_message(log, lambda m: "removed" in m.content)
    assert [m for m in emulator.messages(log) if "edited" in m.content] == []


# -- suggestions --------------------------------------------------------------------------------

async def test_fact_suggest_queues_rate_limits_and_logs(emulator: Emulator, discord_world: DiscordWorld,
                                                         doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    log = await emulator.create_text_channel(world.guild, "mod-log")
    await run(emulator, world, world.moderator, "config logchannel", channel=log)
    picked = (await emulator.autocomplete(world.general, world.alice, "fact suggest", focused="film",
                                          film="400 blows"))[0]
    opened = await run(emulator, world, world.alice, "fact suggest", film=picked["value"])
    assert opened.modal is not None
    prefilled = {c["custom_id"]: c.get("value") for row in opened.modal["components"] for c in row["components"]}
    assert prefilled["film"] == "the-400-blows"
    thanked = await (await emulator.submit_modal(opened, None, {"text": "@everyone Truffaut loved Balzac."})
                     ).wait_done()
    assert thanked.ephemeral and "Your suggestion #" in (thanked.content or "")
    line = await emulator.wait_for_message(log, lambda m: "suggested a fact" in m.content)
    assert "@everyone Truffaut loved Balzac." in line.content and not line.mention_everyone
    row = await db.fetchone("SELECT user_id, status, film_id IS NOT NULL FROM suggestions")
    assert tuple(row) == (world.alice.id, "pending", 1)
    for i in range(2):
        await suggest(emulator, world, world.alice, f"Suggestion number {i + 2} about the ending.")
    before = await snapshot(db)
    limited = await run(emulator, world, world.alice, "fact suggest")
    assert limited.modal is None and limited.ephemeral and "3 facts per hour" in (limited.content or "")
    assert await snapshot(db) == before
    await suggest(emulator, world, world.bob, "Bob has suggestions of his own.")   # per member


async def test_suggestion_approved_after_a_restart(emulator: Emulator, discord_world: DiscordWorld,
                                                   doinel: Doinel, restart_bot: Callable[[], Awaitable[Doinel]]
                                                   ) -> None:
    world = discord_world
    first_text = "The final freeze-frame was an idea of the editor."
    first = await suggest(emulator, world, world.alice, first_text, film="the-400-blows")
    second = await suggest(emulator, world, world.bob, "Truffaut's own mother inspired Antoine's.")
    queue = await run(emulator, world, world.moderator, "facts queue")
    message = queue.original
    assert message is not None and "2 suggestions waiting" in message.content
    assert {f"Approve #{first}", f"Edit #{first}", f"Reject #{second}"} <= set(buttons(message))

    bot = await restart_bot()
    approve = buttons(message)[f"Approve #{first}"]
    assert approve == f"doinel:sugg:approve:{first}"
    clicked = await (await emulator.click(message, approve, world.moderator)).wait_done()
    assert clicked.callback_type == 7
    updated = emulator.message(message.id)
    assert updated is not None and f"Approved suggestion #{first}" in updated.content
    assert f"Approve #{first}" not in buttons(updated) and f"Approve #{second}" in buttons(updated)
    # The member hears privately how it went; the delivery is recorded.
    dm = await emulator.wait_for_message(emulator.dm_channel(world.alice), lambda m: "approved" in m.content)
    await eventually(lambda: bot.db.scalar("SELECT notified_at FROM suggestions WHERE id = ?", (first,)))
    row = await bot.db.fetchone("SELECT status, fact_id, notify_error, notified_at FROM suggestions WHERE id = ?",
                                (first,))
    assert row["status"] == "approved" and row["fact_id"] is not None
    assert row["notify_error"] is None and row["notified_at"] is not None
    assert dm.content.startswith(f"Your fact suggestion in **{world.guild.name}** was approved: "
                                 f"it is now fact #{row['fact_id']}. Thank you!") and f"> “{first_text}”" in dm.content
    assert not dm.mention_everyone and emulator.direct_messages(world.bob) == []
    assert clicked.followups == []  # nothing to tell the moderator
    fact = await bot.db.fetchone("SELECT guild_id, text FROM facts WHERE id = ?", (row["fact_id"],))
    assert tuple(fact) == (world.guild.id, first_text)

    # The same message goes on working: reject the other one, with a reason, for a member whose DMs
    # are closed: the moderator is told, the failure is recorded, nothing failed.
    emulator.close_dms(world.bob)
    reject = await (await emulator.click(message.id, f"doinel:sugg:reject:{second}", world.moderator)).wait_done()
    assert reject.modal is not None
    rejected = await (await emulator.submit_modal(reject, None, {"reason": "Needs a source"})).wait_done()
    assert rejected.callback_type == 7
    note = (await rejected.wait_for(lambda i: i.followups, what="the note about the DM")).followups
    assert "could not send" in note[-1].content and note[-1].ephemeral
    row = await bot.db.fetchone("SELECT review_note, notify_error FROM suggestions WHERE id = ?", (second,))
    assert tuple(row) == ("Needs a source", "direct message failed: Cannot send messages to this user")
    assert emulator.direct_messages(world.bob) == []
    final = emulator.message(message.id)
    assert final is not None and "No suggestions are waiting" in final.content and not buttons(final)


async def test_clicking_an_already_reviewed_suggestion_says_so(emulator: Emulator, discord_world: DiscordWorld,
                                                              doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    s = await suggest(emulator, world, world.alice, "Reviewed twice?")
    first = (await run(emulator, world, world.moderator, "facts queue")).original
    second = (await run(emulator, world, world.owner, "facts queue")).original
    assert first is not None and second is not None
    await (await emulator.click(first, f"doinel:sugg:approve:{s}", world.moderator)).wait_done()
    late = await (await emulator.click(second, f"doinel:sugg:approve:{s}", world.owner)).wait_done()
    assert late.ephemeral and "already reviewed: approved as fact #" in (late.content or "")
    assert await db.scalar("SELECT count(*) FROM facts WHERE text = 'Reviewed twice?'") == 1


# -- import and export --------------------------------------------------------------------------

async def test_import_dry_run_then_confirm(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    before = await snapshot(db)
    preview = await run(emulator, world, world.moderator, "facts import", file=("facts.csv", CSV_OK))
    message = preview.followups[-1]
    assert message.ephemeral and "Dry run of facts.csv" in message.content and "2 added" in message.content
    assert await snapshot(db) == before
    msg = emulator.message(message.message_id)
    assert msg is not None
    confirm = await (await emulator.click(msg, buttons(msg)["Import 2 changes"], world.moderator)).wait_done()
    assert confirm.deferred
    done = emulator.message(msg.id)
    assert done is not None and done.content.startswith("Imported facts.csv") and not buttons(done)
    keys = [r[0] for r in await db.fetchall("SELECT pack_key FROM facts WHERE guild_id = ? ORDER BY id",
                                            (world.guild.id,))]
    assert keys == ["imp-1", "imp-2"]


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("truncated.json", b'[{"text": "One."}, {"text": "Tw', "truncated"),
    ("latin1.csv", "text\nCaf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("dupes.csv", b"id,text\na,One\na,Two\n", "duplicate id"),
    ("types.json", b'[{"text": 12}]', "must be text"),
    ("film.csv", b"text,film\nOne,Jules et Jim\n", "no film is called"),
])
async def test_failed_import_leaves_the_database_unchanged(emulator: Emulator, discord_world: DiscordWorld,
                                                           doinel: Doinel, name: str, data: bytes,
                                                           expected: str) -> None:
    world, db = discord_world, doinel.db
    before = await snapshot(db)
    record = await run(emulator, world, world.moderator, "facts import", file=(name, data))
    answer = record.followups[-1]
    text = answer.content + json.dumps(answer.embeds)
    assert "Nothing was imported" in text and expected in text
    assert not answer.components            # nothing to confirm
    assert await snapshot(db) == before


async def test_export_is_spreadsheet_safe(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    world = discord_world
    await add_fact(emulator, world, "=HYPERLINK(\"http://x\") was never in the film.", tags="trap")
    record = await run(emulator, world, world.moderator, "facts export", format="csv")
    assert record.deferred                     # a big server's file takes a moment: never "interaction failed"
    message = record.original
    assert message is not None and message.ephemeral and len(message.attachments) == 1
    rows = list(csv.reader(io.StringIO(message.attachments[0].data.decode("utf-8-sig"))))
    assert rows[0] == ["id", "text", "film", "source", "tags", "verified", "version"]
    assert rows[1][1].startswith("'=HYPERLINK")


async def test_an_export_beyond_the_import_limit_comes_in_files_import_takes_back(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA12: a server with more facts than /facts import takes per file got one file that import refused."""
    world = discord_world
    for text in ("Léaud was 14 when shooting began.", "The last shot freezes on the sea.",
                 "Truffaut dedicated the film to André Bazin."):
        await add_fact(emulator, world, text)
    monkeypatch.setattr(importers, "MAX_ROWS", 2)
    record = await emulator.slash(world.general, world.moderator, "facts export", format="csv")
    await record.wait_for(lambda r: len(r.followups) == 2, what="two files")
    first, second = record.followups
    assert first.content.startswith("3 facts of this server, in 2 files: /facts import takes one at a time")
    assert second.content == "File 2 of 2."
    assert [f.filename for r in (first, second) for f in r.files] == ["film-club-facts-1-of-2.csv",
                                                                    "film-club-facts-2-of-2.csv"]
    rows = [row for r in (first, second) for row in csv.DictReader(io.StringIO(r.files[0].data.decode("utf-8-sig")))]
    assert [row["text"] for row in rows][-3:] == ["Léaud was 14 when shooting began.",
                                                  "The last shot freezes on the sea.",
                                                  "Truffaut dedicated the film to André Bazin."]
    assert all(r.data.get("flags", 0) & 64 for r in (first, second))     # ephemeral, both
    cog_module = sys.modules["cogs.moderation.facts_admin"]   # as the bot loaded it (load_extension)
    monkeypatch.setattr(cog_module, "MAX_EXPORT_FILES", 1)
    refused = await run(emulator, world, world.moderator, "facts export", format="csv")
    assert refused.ephemeral and "The export is 2 files, more than Discord accepts here" in refused.content


# -- settings -----------------------------------------------------------------------------------

async def test_config_modrole_logchannel_and_show(emulator: Emulator, discord_world: DiscordWorld,
                                                  doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    staff = await emulator.create_role(world.guild, "Film staff")
    curator = await emulator.add_member(world.guild, "curator", roles=[staff])
    allow_everyone(emulator, world)
    refused = await run(emulator, world, curator, "facts queue")
    assert "Only moderators" in (refused.content or "")
    await run(emulator, world, world.moderator, "config modrole", role=staff)
    allowed = await run(emulator, world, curator, "facts queue")
    assert "No suggestions are waiting" in (allowed.content or "")
    # The moderator role does not let its members reconfigure the server.
    denied = await run(emulator, world, curator, "config modrole")
    assert "Manage Server" in (denied.content or "")
    cleared = await run(emulator, world, world.moderator, "config modrole")
    assert cleared.content == "Moderator role cleared: only members with Manage Server are moderators now."
    await run(emulator, world, world.moderator, "config modrole", role=staff)

    log = await emulator.create_text_channel(world.guild, "mod-log")
    set_log = await run(emulator, world, world.moderator, "config logchannel", channel=log)
    assert "will be noted" in set_log.followups[-1].content
    fact_id = await add_fact(emulator, world, "Logged: the moderation log gets one line per change.")
    line = await emulator.wait_for_message(log, lambda m: f"fact #{fact_id}" in m.content)
    assert f"<@{world.moderator.id}> added fact #{fact_id}" in line.content and not line.mentions

    # The bot loses access to the log channel: changes still work, /config show says what is wrong.
    await emulator.set_overwrite(log, emulator.bot_member(world.guild), deny=discord.Permissions(send_messages=True))
    await run(emulator, world, world.moderator, "facts remove", id=fact_id)
    assert await db.scalar("SELECT deleted_at IS NOT NULL FROM facts WHERE id = ?", (fact_id,)) == 1
    # The log line is posted after the moderator's reply: wait until its failure is recorded.
    await eventually(lambda: db.scalar("SELECT log_error FROM guild_settings WHERE guild_id = ?", (world.guild.id,)),
                     within=5)
    shown = await run(emulator, world, world.moderator, "config show")
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert f"<@&{staff.id}>" in fields["Moderator role"]
    assert "Last post failed" in fields["Moderation log"] and "not allowed" in fields["Moderation log"]
    for name in ("Moderator role", "Moderation log"):        # who set each, and when
        assert f"Set by <@{world.moderator.id}> <t:" in fields[name], fields[name]

    # The moderator role is deleted in Discord: its members lose the powers, and /config show says so.
    await emulator.delete_role(staff)
    shown = await run(emulator, world, world.moderator, "config show")
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert "role set was deleted" in fields["Moderator role"] and f"<@&{staff.id}>" not in fields["Moderator role"]


async def test_edit_then_approve_a_suggestion(emulator: Emulator, discord_world: DiscordWorld,
                                              doinel: Doinel) -> None:
    world, db = discord_world, doinel.db
    typed = "truffaut was a critic befor directing"
    s = await suggest(emulator, world, world.alice, typed, film="the-400-blows", tags="career")
    queue = (await run(emulator, world, world.moderator, "facts queue")).original
    assert queue is not None
    opened = await (await emulator.click(queue, f"doinel:sugg:edit:{s}", world.moderator)).wait_done()
    assert opened.modal is not None
    prefilled = {c["custom_id"]: c.get("value") for row in opened.modal["components"] for c in row["components"]}
    assert prefilled == {"text": typed, "film": "The 400 Blows", "source": None, "tags": "career"}
    fixed = "Truffaut was a film critic before he directed."
    approved = await (await emulator.submit_modal(opened, None, {"text": fixed})).wait_done()
    assert approved.callback_type == 7
    assert f"Approved suggestion #{s}" in (emulator.message(queue.id) or queue).content
    fact = await db.fetchone("SELECT f.text, f.film_id IS NOT NULL, f.tags FROM facts f "
                             "JOIN suggestions s ON s.fact_id = f.id WHERE s.id = ?", (s,))
    assert tuple(fact) == (fixed, 1, '["career"]')
