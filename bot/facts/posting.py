"""What the scheduler hands to Discord, and what Discord can answer (no discord import here).

The cog implements ``Poster``: it renders an ``OutgoingPost`` as an embed and sends it, and it can
look for an earlier post in a channel by its marker (the footer carries the fact id and the local
date), which is how a claim left unconfirmed by a crash is resolved without posting twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.db.facts import Fact
from bot.db.film_refs import FilmRef

NONCE_CHARS = 25  # Discord's limit for a message nonce


@dataclass(frozen=True)
class OutgoingPost:
    guild_id: int
    channel_id: int
    thread_id: int | None
    ping_role_id: int | None
    local_date: date
    fact: Fact
    film: FilmRef | None

    @property
    def target_id(self) -> int:
        return self.thread_id or self.channel_id

    @property
    def marker(self) -> str:
        """Written in the post's footer; finding it in a channel proves the post went out."""
        return post_marker(self.fact.id, self.local_date)

    @property
    def nonce(self) -> str:
        """The same for every try of one day's post: Discord returns the first message for a repeated nonce."""
        digest = hashlib.sha256(f"daily:{self.guild_id}:{self.local_date.isoformat()}".encode()).hexdigest()
        return digest[:NONCE_CHARS]


def post_marker(fact_id: int, day: date) -> str:
    return f"Fact #{fact_id} · {day.isoformat()}"


class PostFailed(Exception):
    """Sending or checking failed. ``permanent``: retrying the same thing will not help (no channel, no access)."""

    def __init__(self, reason: str, *, permanent: bool, code: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.code = code


class Poster(Protocol):
    async def send(self, post: OutgoingPost) -> int:
        """Post it; return the message id. Raises ``PostFailed``."""
        ...

    def newest_message(self, channel_id: int) -> int | None:
        """The newest message in ``channel_id`` as Doinel's cache knows it (no request; 0: the channel has
        none; None: Doinel does not know): a post sent after this call is after it, on Discord's clock."""
        ...

    async def find(self, post: OutgoingPost, channel_id: int, since: int, after_message: int | None) -> int | None:
        """The id of our message carrying ``post.marker`` among the messages of ``channel_id`` after
        ``after_message`` (``newest_message`` before the claim), or, without it, posted since ``since`` (Unix
        seconds: when the post was claimed, by the host's clock; it can only have been sent after that).

        None when it is not there; raises ``PostFailed`` when the channel cannot be read.
        """
        ...
