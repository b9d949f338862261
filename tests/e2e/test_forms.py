"""Forms (modals) across restarts: a form opened before a deploy still does its job when submitted after it.

Forms are answered by their custom_id (bot.ui.forms), not by an object in the old process's memory.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest

from bot.client import Doinel
from bot.tree import APOLOGY
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import add_fact, buttons, run, suggest
from tests.emulator import Emulator


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


def embed_fields(message) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f["name"]: f["value"] for e in message.embeds for f in e.get("fields", [])}


async def test_a_suggestion_typed_across_a_restart_is_saved(emulator: Emulator, discord_world: DiscordWorld,
                                                            doinel: Doinel, restart_bot) -> None:
    w = discord_world
    opened = await run(emulator, w, w.alice, "fact suggest")
    bot = await restart_bot()
    typed = "Léaud was fourteen when the film was shot."
    thanked = await (await emulator.submit_modal(opened, None, {"text": typed, "film": "the-400-blows"})).wait_done()
    assert thanked.ephemeral and "is waiting for this server's moderators" in thanked.content
    row = await bot.db.fetchone("SELECT text, film_id IS NOT NULL, user_id FROM suggestions")
    assert tuple(row) == (typed, 1, w.alice.id)


async def test_an_edit_typed_across_a_restart_is_saved_unless_someone_changed_the_fact(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, restart_bot) -> None:
    w = discord_world
    fact_id = await add_fact(emulator, w, "Léaud improvised the psychologist scene.")
    first = await run(emulator, w, w.moderator, "facts edit", id=fact_id)
    second = await run(emulator, w, w.owner, "facts edit", id=fact_id)
    bot = await restart_bot()
    saved = await (await emulator.submit_modal(first, None, {"text": "Léaud improvised the interview."})).wait_done()
    assert saved.original is not None and saved.original.content == f"Updated fact #{fact_id}."
    # The owner's form was opened on the old text: saving it would silently undo the moderator's edit.
    late = await (await emulator.submit_modal(second, None, {"text": "Léaud improvised everything."})).wait_done()
    assert late.ephemeral and "changed by someone else" in late.content
    assert embed_fields(late.original)["Fact"] == "Léaud improvised everything."  # nothing typed is lost
    assert await bot.db.scalar("SELECT text FROM facts WHERE id = ?", (fact_id,)) == "Léaud improvised the interview."


async def test_queue_forms_work_across_a_restart(emulator: Emulator, discord_world: DiscordWorld,
                                                 doinel: Doinel, restart_bot) -> None:
    w = discord_world
    keep = await suggest(emulator, w, w.alice, "truffaut was a critic befor directing")
    drop = await suggest(emulator, w, w.bob, "Truffaut hated Paris.")
    queue = (await run(emulator, w, w.moderator, "facts queue")).original
    edit = await (await emulator.click(queue, f"doinel:sugg:edit:{keep}", w.moderator)).wait_done()
    reject = await (await emulator.click(queue, f"doinel:sugg:reject:{drop}", w.moderator)).wait_done()
    bot = await restart_bot()
    fixed = "Truffaut was a film critic before he directed."
    approved = await (await emulator.submit_modal(edit, None, {"text": fixed})).wait_done()
    assert approved.callback_type == 7 and f"Approved suggestion #{keep}" in emulator.message(queue.id).content
    rejected = await (await emulator.submit_modal(reject, None, {"reason": "No source"})).wait_done()
    assert rejected.callback_type == 7 and f"Rejected suggestion #{drop}" in emulator.message(queue.id).content
    rows = await bot.db.fetchall("SELECT id, status, review_note FROM suggestions ORDER BY id")
    assert [tuple(r) for r in rows] == [(keep, "approved", None), (drop, "rejected", "No source")]
    assert await bot.db.scalar("SELECT count(*) FROM facts WHERE text = ?", (fixed,)) == 1


async def test_edit_and_try_again_works_after_a_restart(emulator: Emulator, discord_world: DiscordWorld,
                                                        doinel: Doinel, restart_bot) -> None:
    w = discord_world
    opened = await run(emulator, w, w.moderator, "facts add")
    typed = {"text": "Jules et Jim was shot in 1961.", "film": "Jules et Jim", "tags": "dates"}
    refused = await (await emulator.submit_modal(opened, None, typed)).wait_done()
    message = refused.original
    assert "No film is called “Jules et Jim”" in message.content
    assert embed_fields(message) == {"Fact": typed["text"], "Film": typed["film"], "Tags": typed["tags"]}
    bot = await restart_bot()
    retry = await (await emulator.click(message, buttons(message)["Edit and try again"], w.moderator)).wait_done()
    assert retry.modal is not None and retry.modal["title"] == "Add a fact to this server"
    prefilled = {c["custom_id"]: c.get("value") for row in retry.modal["components"] for c in row["components"]}
    assert prefilled == {"text": typed["text"], "film": typed["film"], "source": None, "tags": typed["tags"]}
    fixed = await (await emulator.submit_modal(retry, None, {"film": "the-400-blows"})).wait_done()
    assert fixed.original is not None and fixed.original.content.startswith("Saved fact #")
    assert await bot.db.scalar("SELECT count(*) FROM facts WHERE text = ?", (typed["text"],)) == 1


async def test_a_form_nobody_knows_gets_the_typed_text_back(emulator: Emulator, discord_world: DiscordWorld,
                                                            doinel: Doinel) -> None:
    w = discord_world
    opened = await run(emulator, w, w.alice, "fact suggest")
    assert opened.modal is not None
    opened.modal["custom_id"] = "5f0c1e2d3b4a59687766554433221100"  # a form from before forms were routed
    typed = "Léaud was fourteen when the film was shot."
    late = await emulator.submit_modal(opened, None, {"text": typed})
    with contextlib.suppress(TimeoutError):
        await late.wait_done(timeout=3)
    assert late.state == "answered" and late.ephemeral
    assert "Nothing was saved" in late.content and embed_fields(late.original)["Fact"] == typed
    assert APOLOGY not in late.content
    assert await doinel.db.scalar("SELECT count(*) FROM suggestions") == 0


async def test_a_form_of_a_feature_that_is_not_loaded_gets_the_typed_text_back(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    opened = await run(emulator, w, w.alice, "fact suggest")
    await doinel.unload_extension("cogs.facts")
    late = await (await emulator.submit_modal(opened, None, {"text": "Truffaut loved Balzac."})).wait_done()
    assert late.ephemeral and "Nothing was saved" in late.content
    assert embed_fields(late.original)["Fact"] == "Truffaut loved Balzac."
