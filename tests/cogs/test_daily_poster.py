"""The Discord side of the daily post: what is sent, what may ping, how failures are classified."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.db.facts import Fact
from bot.db.film_refs import FilmRef
from bot.facts.posting import OutgoingPost, PostFailed
from cogs.daily import ChannelPoster

ME = 999


class FakeChannel(discord.abc.Messageable):
    def __init__(self, history: list[Any] | None = None, error: Exception | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self._history = history or []
        self.error = error
        self.history_asked: dict[str, Any] = {}

    async def _get_channel(self) -> Any:  # pragma: no cover - not used: send is replaced
        return self

    async def send(self, content: str | None = None, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.error:
            raise self.error
        self.sent.append({"content": content, **kwargs})
        return SimpleNamespace(id=1234)

    async def history(self, **kwargs: Any) -> Any:  # type: ignore[override]
        self.history_asked = kwargs
        if self.error:
            raise self.error
        for message in self._history:
            yield message


def fake_bot(channel: Any, guild: Any = None) -> Any:
    """``guild``: the server as the gateway sent it (None: not sent yet, as while Doinel connects)."""
    async def fetch_channel(channel_id: int) -> Any:
        raise http_error(discord.NotFound, 404, 10003)

    return SimpleNamespace(get_channel=lambda cid: channel, fetch_channel=fetch_channel, user=SimpleNamespace(id=ME),
                           get_guild=lambda gid: guild)


def http_error(cls: type[discord.HTTPException], status: int, code: int) -> discord.HTTPException:
    return cls(SimpleNamespace(status=status, reason="x"), {"code": code, "message": "nope"})


def post(role: int | None = None) -> OutgoingPost:
    fact = Fact(id=12, guild_id=None, pack_key=None, film_id=1, text="@everyone look! <@&55> and <@42> too",
                source="A book", tags=(), verified=True, status="approved", created_by=None, created_at=0,
                updated_by=None, updated_at=0, deleted_at=None)
    return OutgoingPost(1, 2, None, role, date(2024, 5, 1), fact, FilmRef(1, "The 400 Blows", 1959))


async def test_fact_text_never_pings() -> None:
    channel = FakeChannel()
    assert await ChannelPoster(fake_bot(channel)).send(post()) == 1234
    [sent] = channel.sent
    assert sent["content"] is None
    mentions = sent["allowed_mentions"].to_dict()
    assert mentions == {"parse": []}
    embed = sent["embed"]
    assert "@everyone" in embed.description and post().marker in embed.footer.text
    assert sent["nonce"] == post().nonce and len(sent["nonce"]) <= 25


async def test_a_role_is_only_taken_for_deleted_by_a_server_the_gateway_sent() -> None:
    """QA25 1: a post sent while Doinel connects (the server not known yet) still pings; a known server
    without the role gets no ping."""
    for guild, pinged in ((None, [77]), (SimpleNamespace(get_role=lambda rid: None), [])):
        channel = FakeChannel()
        await ChannelPoster(fake_bot(channel, guild)).send(post(role=77))
        assert channel.sent[0]["allowed_mentions"].to_dict().get("roles", []) == pinged


async def test_only_the_configured_role_is_pinged() -> None:
    channel = FakeChannel()
    await ChannelPoster(fake_bot(channel)).send(post(role=77))
    [sent] = channel.sent
    assert sent["content"] == "<@&77>"
    assert sent["allowed_mentions"].to_dict() == {"parse": [], "roles": [77]}


@pytest.mark.parametrize(("error", "permanent", "words"), [
    (http_error(discord.NotFound, 404, 10003), True, "no longer exists"),
    (http_error(discord.Forbidden, 403, 50013), True, "missing a permission"),
    (http_error(discord.DiscordServerError, 503, 0), False, "server error (503)"),
    (http_error(discord.HTTPException, 400, 50035), True, "refused"),
    (TimeoutError(), False, "Network error"),
])
async def test_failures_are_classified(error: Exception, permanent: bool, words: str) -> None:
    with pytest.raises(PostFailed) as caught:
        await ChannelPoster(fake_bot(FakeChannel(error=error))).send(post())
    assert caught.value.permanent is permanent and words in caught.value.reason


async def test_a_deleted_channel_not_in_cache() -> None:
    with pytest.raises(PostFailed, match="no longer exists") as caught:
        await ChannelPoster(fake_bot(None)).send(post())
    assert caught.value.code == 10003


async def test_find_looks_for_our_marker() -> None:
    def message(author: int, footer: str | None) -> Any:
        embed = discord.Embed()
        if footer:
            embed.set_footer(text=footer)
        return SimpleNamespace(id=author * 10, author=SimpleNamespace(id=author), embeds=[embed])

    marker, claimed = post().marker, 1_714_554_000
    channel = FakeChannel(history=[message(5, marker), message(ME, "other"), message(ME, f"{marker} · x")])
    assert await ChannelPoster(fake_bot(channel)).find(post(), 2, claimed, None) == ME * 10
    # Everything since the claim, oldest first, however busy the channel was since (QA16 6).
    after = discord.utils.snowflake_time(channel.history_asked["after"].id).timestamp()
    assert channel.history_asked["limit"] is None and channel.history_asked["oldest_first"] is True
    assert claimed - 3600 < after < claimed
    quiet = FakeChannel(history=[message(5, marker)])
    assert await ChannelPoster(fake_bot(quiet)).find(post(), 2, claimed, None) is None
    # QA25 2: with the message known before the claim, from there, whatever the host's clock said.
    assert await ChannelPoster(fake_bot(channel)).find(post(), 2, claimed + 3600, 1234) == ME * 10
    assert channel.history_asked["after"].id == 1234
    await ChannelPoster(fake_bot(channel)).find(post(), 2, claimed + 3600, 0)     # an empty channel: from its start
    assert channel.history_asked["after"].id == 1
    with pytest.raises(PostFailed, match="Read Message History"):
        await ChannelPoster(fake_bot(FakeChannel(error=http_error(discord.Forbidden, 403, 50001)))).find(
            post(), 2, claimed, None)
