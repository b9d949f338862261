"""Interactions round-tripped through a bare discord.py bot: commands, components, modals, deadlines."""

from __future__ import annotations

import asyncio

import pytest

from tests.emulator import Emulator, NotAllowed
from tests.emulator.interactions import CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, UPDATE_MESSAGE
from tests.emulator.pytest_plugin import run_client

from .conftest import BareBot, World


async def test_slash_command_is_answered(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    record = await emulator.slash(world.general, world.alice, "ping")
    response = await record.wait_response()
    assert response.callback_type == CHANNEL_MESSAGE and response.content == "pong"
    assert not record.ephemeral
    assert emulator.messages(world.general)[-1].content == "pong"


async def test_options_are_typed_from_the_synced_schema(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    record = await emulator.slash(
        world.general,
        world.alice,
        "echo",
        text="hi",
        times=2,
        loud=True,
        who=world.bob,
        where=world.general,
        role=world.mods,
    )
    await record.wait_done()
    assert record.content == "HIHI bob general Mods"
    with pytest.raises(TypeError, match="missing"):
        await emulator.slash(world.general, world.alice, "echo")
    with pytest.raises(TypeError, match="unknown option"):
        await emulator.slash(world.general, world.alice, "echo", text="hi", colour="red")


async def test_subcommand_path(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    record = await emulator.slash(world.general, world.alice, "fact search", query="truffaut")
    assert (await record.wait_done()).content == "searching truffaut"
    with pytest.raises(LookupError, match="group"):
        await emulator.slash(world.general, world.alice, "fact")


async def test_defer_followup_then_edit_original(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    record = await emulator.slash(world.general, world.alice, "slow")
    await record.wait_for(lambda r: len(r.edits) == 1)
    assert record.callback_type == DEFERRED_CHANNEL_MESSAGE and record.deferred
    assert [r.kind for r in record.responses] == ["callback", "followup", "edit"]
    # The first followup after a thinking deferral replaces the loading message; the edit changes it again.
    assert record.followups[0].message_id == record.original_message_id
    original = record.original
    assert original is not None and original.content == "finished" and not original.loading


async def test_ephemeral_reply_stays_out_of_the_channel(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    record = await emulator.slash(world.general, world.alice, "secret")
    await record.wait_done()
    assert record.ephemeral and record.content == "only you"
    assert emulator.messages(world.general) == []
    assert [m.content for m in emulator.messages(world.general, include_ephemeral=True)] == ["only you"]


async def test_persistent_button_click_round_trip(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    posted = await emulator.slash(world.general, world.alice, "buttons")
    await posted.wait_done()
    message = posted.original
    assert message is not None
    click = await emulator.click(message, "bare:press", world.bob)
    await click.wait_done()
    assert click.content == "pressed by bob" and click.ephemeral


async def test_view_update_and_select(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    posted = await emulator.slash(world.general, world.alice, "counter")
    await posted.wait_done()
    message = posted.original
    assert message is not None
    for expected in (1, 2):
        click = await emulator.click(message, "bare:count", world.alice)
        await click.wait_done()
        assert click.callback_type == UPDATE_MESSAGE and click.content == f"count {expected}"
    assert message.content == "count 2" and message.component("bare:count")["label"] == "2"
    chosen = await emulator.select(message, "bare:colour", ["blue"], world.bob)
    assert (await chosen.wait_done()).content == "colour blue"
    with pytest.raises(NotAllowed):
        await emulator.select(message, "bare:colour", ["green"], world.bob)
    members = await emulator.select(message, "bare:who", [world.alice, world.bob], world.bob)
    assert (await members.wait_done()).content == "chose alice and bob"


async def test_modal_submit(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    opened = await emulator.slash(world.general, world.alice, "form")
    await opened.wait_done()
    assert opened.modal is not None and opened.modal["title"] == "Your name"
    with pytest.raises(NotAllowed, match="required"):
        await emulator.submit_modal(opened, None, {})
    submitted = await emulator.submit_modal(opened, None, {"bare:name": "Ann"})
    assert (await submitted.wait_done()).content == "hello Ann"


async def test_autocomplete_returns_the_bot_choices(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    choices = await emulator.autocomplete(world.general, world.alice, "pick", focused="fruit", fruit="ap")
    assert [c["name"] for c in choices] == ["apple", "apricot"]


async def test_default_member_permissions_hide_a_command(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    with pytest.raises(NotAllowed, match="hidden"):
        await emulator.slash(world.general, world.alice, "modonly")
    record = await emulator.slash(world.general, world.bob, "modonly")  # bob has Manage Server via Mods
    assert (await record.wait_done()).content == "welcome, moderator"


async def test_late_first_response_gets_10062(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    emulator.config.interaction_deadline = 0.2
    record = await emulator.slash(world.general, world.alice, "late", seconds=0.3)
    error = await record.wait_error()
    assert (error.status, error.code) == (404, 10062)
    assert record.callback is None
    await asyncio.wait_for(bare_bot.failed.wait(), 2)
    assert getattr(bare_bot.failures[0], "code", None) == 10062


async def test_second_bot_instance_gets_40060(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    """Two processes on one token both answer: Discord accepts one and refuses the other."""
    twin = BareBot(world.guild.id)
    async with run_client(twin, emulator.config.token):
        record = await emulator.slash(world.general, world.alice, "ping")
        error = await record.wait_error()
    assert (error.status, error.code) == (400, 40060)
    assert record.callback is not None and record.callback.content == "pong"
    assert len(emulator.messages(world.general)) == 1


async def test_files_both_ways(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    sent = await emulator.slash(world.general, world.alice, "upload")
    await sent.wait_done()
    assert sent.original is not None
    [attachment] = sent.original.attachments
    assert (attachment.filename, attachment.data, attachment.content_type) == ("hello.txt", b"hello file", "text/plain")
    measured = await emulator.slash(world.general, world.alice, "size", file=("notes.txt", b"twelve bytes"))
    assert (await measured.wait_done()).content == "notes.txt has 12 bytes: twelve bytes"
