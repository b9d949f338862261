"""Gateway behaviour seen by a bare discord.py bot: login, intents, resume, reconnect, events."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import aiohttp
import discord
import pytest

from tests.emulator import Emulator
from tests.emulator.pytest_plugin import run_client

from .conftest import BareBot, World


async def expect(bot: discord.Client, event: str, action: Awaitable[Any], timeout: float = 3.0) -> Any:  # noqa: ASYNC109 - a test wait API takes its timeout
    """Run ``action`` and return what the bot's ``event`` listener received because of it."""
    waiter = asyncio.create_task(bot.wait_for(event, timeout=timeout))
    await asyncio.sleep(0)  # let wait_for register before anything is dispatched
    await action
    return await waiter


async def test_login_ready_and_guild_create(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    assert bare_bot.user is not None and bare_bot.user.id == emulator.world.bot_user.id
    assert bare_bot.application_id == emulator.world.application_id
    guild = bare_bot.get_guild(world.guild.id)
    assert guild is not None and guild.name == "Bare Guild"
    assert guild.get_channel(world.general.id) is not None
    assert guild.get_role(world.mods.id) is not None
    assert guild.me is not None and guild.me.guild_permissions.send_messages
    assert guild.member_count == 4  # owner, bot, alice, bob
    synced = emulator.commands(world.guild)
    assert {"ping", "echo", "fact"} <= set(synced)
    assert emulator.commands() == {}  # nothing synced globally
    assert emulator.sync_log == [(world.guild.id, len(synced))]


async def test_bad_token_fails_login(emulator: Emulator, world: World) -> None:
    bot = BareBot(world.guild.id)
    with pytest.raises(discord.LoginFailure):
        async with run_client(bot, "not-the-token"):
            pass


async def test_identify_with_revoked_token_closes_4004(emulator: Emulator, world: World) -> None:
    bot = BareBot(world.guild.id)
    await bot.login(emulator.config.token)
    emulator.reset_token("regenerated")
    try:
        with pytest.raises(discord.ConnectionClosed) as closed:
            await asyncio.wait_for(bot.connect(), 5)
        assert closed.value.code == 4004
    finally:
        await bot.close()


async def test_raw_identify_with_bad_token_closes_4004(emulator: Emulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(emulator.gateway_url + "?v=10&encoding=json") as ws,
    ):
        hello = await ws.receive_json()
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        await ws.send_json({"op": 1, "d": None})
        assert (await ws.receive_json())["op"] == 11
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0, "properties": {}}})
        message = await ws.receive()
        assert message.type is aiohttp.WSMsgType.CLOSE and message.data == 4004


async def test_privileged_intent_not_granted_closes_4014(emulator: Emulator, world: World) -> None:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = BareBot(world.guild.id, intents=intents)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with run_client(bot, emulator.config.token):
            pass


async def test_typed_message_without_content_intent(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    plain = await expect(bare_bot, "message", emulator.say(world.general, world.alice, "hello there"))
    assert plain.content == "" and plain.author.id == world.alice.id
    mention = f"<@{emulator.world.bot_user.id}> are you there?"
    mentioned = await expect(bare_bot, "message", emulator.say(world.general, world.alice, mention))
    assert mentioned.content == mention


async def test_typed_message_with_content_intent(emulator: Emulator, world: World) -> None:
    emulator.grant_intents(message_content=True)
    intents = discord.Intents.default()
    intents.message_content = True
    bot = BareBot(world.guild.id, intents=intents)
    async with run_client(bot, emulator.config.token):
        seen = await expect(bot, "message", emulator.say(world.general, world.alice, "hello there"))
    assert seen.content == "hello there"


async def test_resume_after_forced_disconnect_loses_no_event(
    emulator: Emulator, world: World, bare_bot: BareBot
) -> None:
    sessions = set(emulator.gateway.sessions)
    await emulator.gateway_disconnect(4000)
    missed = await emulator.say(world.general, world.alice, f"<@{emulator.world.bot_user.id}> while you were away")
    await asyncio.wait_for(bare_bot.resumed.wait(), 5)
    await asyncio.wait_for(bare_bot.message_seen.wait(), 5)
    assert [m.id for m in bare_bot.seen_messages] == [missed.id]
    assert set(emulator.gateway.sessions) == sessions  # resumed, not re-identified
    record = await emulator.slash(world.general, world.alice, "ping")
    assert (await record.wait_done()).content == "pong"


async def test_op7_reconnect_resumes(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    emulator.gateway_reconnect()
    await asyncio.wait_for(bare_bot.resumed.wait(), 5)
    record = await emulator.slash(world.general, world.alice, "ping")
    assert (await record.wait_done()).content == "pong"


async def test_invalid_session_makes_the_bot_identify_again(
    emulator: Emulator, world: World, bare_bot: BareBot
) -> None:
    old = set(emulator.gateway.sessions)
    ready = asyncio.create_task(bare_bot.wait_for("ready", timeout=5))
    await asyncio.sleep(0)
    emulator.gateway_invalidate(resumable=False)
    await ready
    assert set(emulator.gateway.sessions).isdisjoint(old)
    record = await emulator.slash(world.general, world.alice, "ping")
    assert (await record.wait_done()).content == "pong"


async def test_resume_of_unknown_session_is_invalid(emulator: Emulator) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(emulator.gateway_url) as ws:
        await ws.receive_json()  # HELLO
        await ws.send_json({"op": 6, "d": {"token": emulator.config.token, "session_id": "nope", "seq": 3}})
        assert await ws.receive_json() == {"op": 9, "d": False, "s": None, "t": None}


async def test_driver_changes_reach_the_bot(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    created = await expect(bare_bot, "guild_channel_create", emulator.create_text_channel(world.guild, "news"))
    assert created.name == "news"
    role = await expect(bare_bot, "guild_role_create", emulator.create_role(world.guild, "Helpers"))
    assert role.name == "Helpers"
    news = next(c for c in world.guild.channels.values() if c.name == "news")
    deleted = await expect(bare_bot, "guild_channel_delete", emulator.delete_channel(news))
    assert deleted.id == news.id and bare_bot.get_channel(news.id) is None
    removed = await expect(bare_bot, "guild_remove", emulator.delete_guild(world.guild))
    assert removed.id == world.guild.id and bare_bot.get_guild(world.guild.id) is None


async def test_member_events_need_the_members_intent(emulator: Emulator, world: World) -> None:
    emulator.grant_intents(members=True)
    intents = discord.Intents.default()
    intents.members = True
    bot = BareBot(world.guild.id, intents=intents)
    async with run_client(bot, emulator.config.token):
        guild = bot.get_guild(world.guild.id)
        assert guild is not None and guild.chunked  # the emulator answered the member chunk request
        joined = await expect(bot, "member_join", emulator.add_member(world.guild, "carol"))
        assert joined.name == "carol"
        carol = world.guild.members[joined.id]
        _before, after = await expect(bot, "member_update", emulator.update_member(carol, roles=[world.mods]))
        assert world.mods.id in [r.id for r in after.roles]
        left = await expect(bot, "raw_member_remove", emulator.remove_member(carol))
        assert left.user.id == carol.id


async def test_nothing_but_loopback_is_reachable(emulator: Emulator) -> None:
    """A bot left pointing at the real Discord fails fast instead of leaving the machine."""
    discord.http.Route.BASE = "https://discord.com/api/v10"  # the emulator fixture restores it
    bot = discord.Client(intents=discord.Intents.none())
    try:
        with pytest.raises((aiohttp.ClientError, OSError)):
            await bot.login("token")
    finally:
        await bot.close()
    assert emulator.blocked_hosts == ["discord.com"]
