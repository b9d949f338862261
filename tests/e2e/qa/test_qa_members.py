"""QA: a new member's first hour with Doinel — facts, trivia, odd input, threads, restarts.

Black box: every check is about what a member sees in Discord (through the emulator).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, assert_polite, buttons, hostile, pings, said
from tests.e2e.test_trivia import correct_id, fast, question, revealed, summary, title, wrong_id
from tests.emulator import Emulator, Perm

ENDED = "This round has ended."


@pytest.fixture(autouse=True)
async def within_limits_and_no_pings(emulator: Emulator, discord_world: DiscordWorld) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []
    channels = [c for c in discord_world.guild.channels.values()]
    assert pings(emulator, channels) == []


# -- /fact -----------------------------------------------------------------------------------------

async def test_odd_and_hostile_input_to_fact_commands_gets_a_clear_answer(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    for text in hostile(w.moderators.id, w.bob.id):
        for command, options in (("fact search", {"query": text}), ("fact search", {"query": "Truffaut", "film": text}),
                                 ("fact random", {"film": text})):
            record = await act(emulator, w.general, w.alice, command, **options)
            assert_polite(record)
            if not record.embeds:  # a refusal or "nothing found": private, and it says what to do
                assert record.ephemeral, (command, text)
                assert "Pick one from the list" in record.content or "Nothing found" in record.content \
                    or "Try other words" in record.content, (command, text, record.content)


async def test_fact_show_for_ids_that_do_not_exist(emulator: Emulator, discord_world: DiscordWorld,
                                                   doinel: Doinel) -> None:
    w = discord_world
    for fact_id in (72, 10**6, 2**53 - 1):  # 2**53 - 1: the largest integer a Discord client sends
        record = await act(emulator, w.general, w.alice, "fact show", id=fact_id)
        assert_polite(record)
        assert record.ephemeral and record.content == f"There is no fact #{fact_id} here."


async def test_another_servers_fact_is_invisible(emulator: Emulator, discord_world: DiscordWorld,
                                                 doinel: Doinel) -> None:
    w = discord_world
    opened = await act(emulator, w.general, w.moderator, "facts add")
    saved = await (await emulator.submit_modal(opened, None, {"text": "Our club's secret: Léaud ate a croissant."})
                   ).wait_done()
    fact_id = int(saved.original.content.split("#")[1].split(".")[0])
    other = await emulator.create_guild("Rival Club")
    lobby = await emulator.create_text_channel(other, "lobby")
    stranger = await emulator.add_member(other, "stranger")
    doinel.tree.copy_global_to(guild=discord.Object(other.id))
    await doinel.tree.sync(guild=discord.Object(other.id))
    shown = await act(emulator, lobby, stranger, "fact show", id=fact_id)
    assert shown.ephemeral and shown.content == f"There is no fact #{fact_id} here."
    found = await act(emulator, lobby, stranger, "fact search", query="croissant")
    assert found.ephemeral and "Nothing found" in found.content


async def test_search_pages_from_before_a_restart_expire_politely(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, restart_bot) -> None:
    w = discord_world
    found = await act(emulator, w.general, w.alice, "fact search", query="Truffaut")
    next_id = buttons(found.original)["Next ▶"]
    await restart_bot()  # in-process, as the harness does: the live pages are the old bot's, not the new one's
    late = await (await emulator.click(found.original, next_id, w.bob)).wait_done()
    assert late.ephemeral and "expired" in late.content and "Run the command again" in late.content


# -- /trivia ---------------------------------------------------------------------------------------

async def test_a_round_in_a_thread_stays_in_the_thread(emulator: Emulator, discord_world: DiscordWorld,
                                                       doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.1)
    thread = await emulator.create_thread(w.general, "Trivia night", owner=w.alice)
    started = await act(emulator, thread, w.alice, "trivia start", questions=2)
    assert not started.ephemeral and "2 questions" in started.content
    q1 = await question(emulator, thread, 1, 2)
    assert (await (await emulator.click(q1, correct_id(q1), w.bob)).wait_done()).content.startswith("Locked in")
    await revealed(emulator, thread, 1, 2)
    await question(emulator, thread, 2, 2)
    done = await summary(emulator, thread)
    assert title(done) == "🏁 Trivia round over" and f"Winner: <@{w.bob.id}>" in done.embeds[0]["description"]
    assert [m for m in emulator.messages(w.general) if m.embeds] == []  # nothing leaked into the parent


async def test_double_clicks_and_old_buttons(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 0.1)
    await act(emulator, w.general, w.alice, "trivia start", questions=2)
    q1 = await question(emulator, w.general, 1, 2)
    wrong = wrong_id(q1)
    first, second = await emulator.click(q1, wrong, w.bob), await emulator.click(q1, wrong, w.bob)  # a double click
    await first.wait_done()
    await second.wait_done()
    assert first.content.startswith("Locked in") and second.content.startswith("You're already locked in")
    assert first.ephemeral and second.ephemeral
    r1 = await revealed(emulator, w.general, 1, 2)
    assert buttons(r1) == {}  # revealed buttons are disabled: nobody can click a closed question
    assert "**0/1** right" in r1.embeds[0]["description"]
    await summary(emulator, w.general)


async def test_moderator_only_trivia_commands_refuse_plain_members_clearly(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    for command, options in (("trivia settings", {"seconds": 10}), ("trivia settings", {"disable": "film:1"}),
                             ("trivia reset", {}), ("trivia reset", {"member": w.bob}),
                             ("trivia questions export", {}),
                             ("trivia questions import", {"file": ("x.yaml", b"Who?:\n- me\n")})):
        record = await act(emulator, w.general, w.alice, command, **options)
        assert record.ephemeral and "Only moderators" in said(record), (command, said(record))
        assert not any(buttons(r) for r in [record.original] if r), command
    shown = await act(emulator, w.general, w.alice, "trivia settings")  # looking is for everyone
    assert shown.ephemeral and shown.embeds[0]["title"] == "Trivia settings"
    assert "Only moderators can change these." in shown.embeds[0]["description"]
    assert await doinel.db.scalar("SELECT trivia_seconds FROM guild_settings WHERE guild_id = ?", (w.guild.id,)) \
        is None


async def test_start_is_refused_where_the_bot_cannot_show_questions(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    quiet = await emulator.create_text_channel(w.guild, "quiet")
    await emulator.set_overwrite(quiet, emulator.bot_member(w.guild), deny=Perm.EMBED_LINKS)
    record = await act(emulator, quiet, w.alice, "trivia start")
    assert record.ephemeral and "Embed Links" in record.content
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_rounds") == 0


async def test_stopping_before_the_first_question_reads_sensibly(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fast(doinel, 1.0)  # the first question comes 3 s after the start
    await act(emulator, w.general, w.alice, "trivia start", questions=3)
    stopped = await act(emulator, w.general, w.alice, "trivia stop")
    done = await summary(emulator, w.general)
    assert "revealing the last question" not in stopped.content
    assert "question 0" not in done.embeds[0]["description"]
    assert not done.embeds[0]["footer"]["text"].startswith("0 of")


async def test_a_click_after_a_restart_says_the_round_ended(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, restart_bot) -> None:
    w = discord_world
    fast(doinel, 0.5)
    await act(emulator, w.general, w.alice, "trivia start", questions=3)
    q1 = await question(emulator, w.general, 1, 3)
    for _ in range(200):  # the bot notes which message carries the question just after sending it
        if await doinel.db.scalar("SELECT 1 FROM trivia_round_questions WHERE message_id = ?", (q1.id,)):
            break
        await asyncio.sleep(0.01)
    await restart_bot()
    late = await (await emulator.click(q1, correct_id(q1), w.bob)).wait_done()
    assert late.ephemeral and late.content == ENDED


# -- moderator commands opened to everyone by a server admin ------------------------------------------

async def test_daily_commands_refuse_plain_members_even_when_shown_to_them(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    emulator.commands(w.guild)["daily"]["default_member_permissions"] = None  # an admin's override
    before = await doinel.db.fetchall("SELECT * FROM daily_schedules")
    for command, options in (("daily set", {"channel": w.general, "time": "09:00", "timezone": "UTC"}),
                             ("daily off", {}), ("daily status", {}), ("daily preview", {}), ("daily post-now", {})):
        record = await act(emulator, w.general, w.alice, command, **options)
        text = said(record)
        assert record.ephemeral and ("moderators" in text or "Manage Server" in text), (command, text)
    assert await doinel.db.fetchall("SELECT * FROM daily_schedules") == before
    assert [m for m in emulator.messages(w.general) if m.embeds] == []


async def test_a_role_moderator_cannot_hand_out_the_moderator_role(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    helpers = await emulator.create_role(w.guild, "Film helpers")
    helper = await emulator.add_member(w.guild, "helper", roles=[helpers])
    await act(emulator, w.general, w.moderator, "config modrole", role=helpers)
    emulator.commands(w.guild)["config"]["default_member_permissions"] = None
    refused = await act(emulator, w.general, helper, "config modrole", role=w.moderators)
    assert refused.ephemeral and "Manage Server" in refused.content
    shown = await act(emulator, w.general, helper, "config show")
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert fields["Moderator role"].startswith(f"<@&{helpers.id}>")


async def test_the_bots_own_role_and_everyone_cannot_be_the_moderator_role(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    [own] = [r for r in w.guild.roles.values() if r.managed]  # Doinel's role, given by Discord to the bot only
    for role, why in ((own, "belongs to a bot or an integration"), (w.guild.everyone, "@everyone")):
        refused = await act(emulator, w.general, w.moderator, "config modrole", role=role)
        assert refused.ephemeral and why in refused.content, refused.content
    shown = await act(emulator, w.general, w.moderator, "config show")
    assert {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}["Moderator role"].startswith("None set")
