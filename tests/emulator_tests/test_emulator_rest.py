"""REST seen by a bare discord.py bot: permissions, limits, rate limits and injected faults."""

from __future__ import annotations

import asyncio
import io
import time

import aiohttp
import discord
import pytest

from tests.emulator import Emulator, Perm, RateLimit

from .conftest import BareBot, World

POST_MESSAGE = "POST /channels/{channel_id}/messages"


async def post(emulator: Emulator, world: World, text: str, channel: object = None) -> str | None:
    """Have the bot post ``text`` via /post; return its ephemeral report."""
    record = await emulator.slash(channel or world.general, world.alice, "post", text=text)
    await record.wait_done()
    return record.content


async def test_overwrite_denying_send_gives_50013(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    everyone = world.guild.everyone
    await emulator.set_overwrite(world.general, everyone, deny=Perm.SEND_MESSAGES)
    assert await post(emulator, world, "hello") == "failed 403 50013"
    assert emulator.messages(world.general) == []
    # A role overwrite allowing the bot's role beats the @everyone deny.
    bot_role = emulator.world.guilds[world.guild.id].roles[emulator.bot_member(world.guild).roles[0]]
    await emulator.set_overwrite(world.general, bot_role, allow=Perm.SEND_MESSAGES)
    assert await post(emulator, world, "hello again") == "posted"
    assert [m.content for m in emulator.messages(world.general)] == ["hello again"]


async def test_hidden_channel_gives_50001(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    await emulator.set_overwrite(world.general, emulator.bot_member(world.guild), deny=Perm.VIEW_CHANNEL)
    assert await post(emulator, world, "hello") == "failed 403 50001"


async def test_threads_use_send_messages_in_threads(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    thread = await emulator.create_thread(world.general, "spoilers")
    assert await post(emulator, world, "in the thread", channel=thread) == "posted"
    await emulator.set_overwrite(world.general, world.guild.everyone, deny=Perm.SEND_MESSAGES_IN_THREADS)
    assert await post(emulator, world, "again", channel=thread) == "failed 403 50013"
    assert await post(emulator, world, "parent still fine") == "posted"


async def test_files_and_embeds_need_their_permissions(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    channel = bare_bot.get_channel(world.general.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("see", file=discord.File(io.BytesIO(b"abc"), "a.png"), embed=discord.Embed(title="t"))
    stored = emulator.message(sent.id)
    assert stored is not None and stored.embeds[0]["title"] == "t"
    assert [(a.filename, a.data, a.content_type) for a in stored.attachments] == [("a.png", b"abc", "image/png")]
    assert sent.attachments[0].size == 3 and await sent.attachments[0].read() == b"abc"
    await emulator.set_overwrite(
        world.general, emulator.bot_member(world.guild), deny=Perm.ATTACH_FILES | Perm.EMBED_LINKS
    )
    for attempt in ({"file": discord.File(io.BytesIO(b"abc"), "a.png")}, {"embed": discord.Embed(title="t")}):
        with pytest.raises(discord.Forbidden) as denied:
            await channel.send("again", **attempt)  # type: ignore[call-overload]
        assert denied.value.code == 50013
    assert (await channel.send("plain text is fine")).content == "plain text is fine"


async def test_history_edit_delete_and_unknown_message(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    channel = bare_bot.get_channel(world.general.id)
    assert isinstance(channel, discord.TextChannel)
    said = [await emulator.say(world.general, world.alice, f"m{i}") for i in range(5)]
    assert [m.id async for m in channel.history(limit=3)] == [m.id for m in reversed(said)][:3]
    assert [m.id async for m in channel.history(limit=10, after=discord.Object(said[2].id))] == [said[3].id, said[4].id]
    with pytest.raises(discord.NotFound) as missing:
        await channel.fetch_message(12345)
    assert missing.value.code == 10008
    with pytest.raises(discord.Forbidden) as foreign:
        await (await channel.fetch_message(said[0].id)).edit(content="not mine")
    assert foreign.value.code == 50005
    draft = await channel.send("draft")
    await draft.edit(content="final")
    stored = emulator.message(draft.id)
    assert stored is not None and stored.content == "final" and stored.edited_timestamp is not None
    await draft.delete()
    assert emulator.message(draft.id) is None


async def test_reply_over_2000_characters_is_refused_and_recorded(
    emulator: Emulator, world: World, bare_bot: BareBot
) -> None:
    record = await emulator.slash(world.general, world.alice, "long")
    error = await record.wait_error()
    assert (error.status, error.code) == (400, 50035)
    violation = await emulator.wait_for_violation()
    assert violation.route == "POST /interactions/{webhook_id}/{webhook_token}/callback"
    assert violation.problems == ["data.content: Must be 2000 or fewer in length. (got 2001)"]
    assert record.callback is None and emulator.messages(world.general) == []


async def test_injected_429_is_retried_by_discord_py(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    emulator.fail_next("POST", "/channels/{channel_id}/messages", status=429, retry_after=0.05)
    assert await post(emulator, world, "after a 429") == "posted"
    assert [r.status for r in emulator.requests_to(POST_MESSAGE)] == [429, 200]
    assert [m.content for m in emulator.messages(world.general)] == ["after a 429"]


async def test_injected_500_is_retried_by_discord_py(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    emulator.fail_next("POST", "/channels/*/messages", status=500)
    assert await post(emulator, world, "after a 500") == "posted"
    assert [r.status for r in emulator.requests_to(POST_MESSAGE)] == [500, 200]


async def test_global_rate_limit_then_retry(emulator: Emulator, world: World, bare_bot: BareBot) -> None:
    channel = bare_bot.get_channel(world.general.id)
    assert isinstance(channel, discord.TextChannel)
    emulator.config.global_rate_limit = RateLimit(2, 0.5)
    await asyncio.gather(*(channel.send(f"burst {i}") for i in range(3)))
    statuses = [r.status for r in emulator.requests_to(POST_MESSAGE)]
    assert statuses.count(200) == 3 and 429 in statuses
    assert sorted(m.content for m in emulator.messages(world.general)) == [f"burst {i}" for i in range(3)]


async def test_bucket_headers_make_discord_py_wait_instead_of_429(
    emulator: Emulator, world: World, bare_bot: BareBot
) -> None:
    emulator.config.bucket_limits = {POST_MESSAGE: RateLimit(2, 0.3)}
    channel = bare_bot.get_channel(world.general.id)
    assert isinstance(channel, discord.TextChannel)
    started = time.monotonic()
    for i in range(3):
        await channel.send(f"paced {i}")
    assert time.monotonic() - started >= 0.2  # the third send waited for the window to reopen
    assert [r.status for r in emulator.requests_to(POST_MESSAGE)] == [200, 200, 200]


async def test_http_details_discord_py_depends_on(emulator: Emulator, world: World) -> None:
    headers = {"Authorization": f"Bot {emulator.config.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{emulator.api_base}/users/@me", headers=headers) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset-After"} <= set(response.headers)
        async with session.get(f"{emulator.api_base}/users/@me") as response:
            assert response.status == 401
        async with session.get(f"{emulator.api_base}/channels/1/messages", headers=headers) as response:
            assert (response.status, (await response.json())["code"]) == (404, 10003)
        async with session.get(f"{emulator.api_base}/no/such/route", headers=headers) as response:
            assert response.status == 404
    assert emulator.unhandled == ["GET /api/v10/no/such/route"]


async def test_direct_messages_reach_only_members_who_accept_them(
    emulator: Emulator, world: World, bare_bot: BareBot
) -> None:
    user = await bare_bot.fetch_user(world.alice.id)
    echoed = asyncio.ensure_future(bare_bot.wait_for("message", check=lambda m: m.guild is None, timeout=5))
    sent = await user.send("psst")
    assert isinstance(sent.channel, discord.DMChannel) and sent.guild is None
    assert (await bare_bot.fetch_channel(sent.channel.id)).type is discord.ChannelType.private
    # The bot's own DM comes back over the gateway (DIRECT_MESSAGES intent), outside any guild.
    arrived = await echoed
    assert arrived.id == sent.id and arrived.guild is None and arrived.content == "psst"
    again = await user.send("again")
    assert again.channel.id == sent.channel.id == emulator.dm_channel(world.alice).id
    assert [m.content for m in emulator.direct_messages(world.alice)] == ["psst", "again"]
    assert emulator.direct_messages(world.bob) == []

    emulator.close_dms(world.alice)
    with pytest.raises(discord.Forbidden) as closed:
        await user.send("refused")
    assert closed.value.code == 50007
    emulator.close_dms(world.alice, closed=False)
    await user.send("open again")

    elsewhere = await emulator.create_guild("No Bot Here", with_bot=False)
    stranger = await bare_bot.fetch_user((await emulator.add_member(elsewhere, "stranger")).id)
    with pytest.raises(discord.Forbidden) as no_shared_server:
        await stranger.send("hello?")
    assert no_shared_server.value.code == 50007
    assert [m.content for m in emulator.direct_messages(world.alice)] == ["psst", "again", "open again"]
    assert emulator.direct_messages(stranger) == []
