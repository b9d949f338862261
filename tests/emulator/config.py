"""Emulator settings: what the fake Discord grants, and how strict and fast it is.

The config is a plain mutable dataclass so a test may tighten one knob at run time,
e.g. ``emu.config.interaction_deadline = 0.2``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Gateway intents (https://discord.com/developers/docs/topics/gateway#gateway-intents).
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``limit`` requests per ``per`` seconds in one bucket."""

    limit: int
    per: float


# Discord's published or commonly observed limits, keyed by "METHOD /route/{template}".
# Opt in with ``EmulatorConfig(bucket_limits=DISCORD_BUCKETS)``; the default stays fast.
DISCORD_BUCKETS: dict[str, RateLimit] = {
    "POST /channels/{channel_id}/messages": RateLimit(5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": RateLimit(5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": RateLimit(5, 1.0),
    "POST /channels/{channel_id}/threads": RateLimit(5, 5.0),
    "PUT /applications/{application_id}/commands": RateLimit(2, 60.0),
    "PUT /applications/{application_id}/guilds/{guild_id}/commands": RateLimit(2, 60.0),
    "POST /webhooks/{webhook_id}/{webhook_token}": RateLimit(5, 2.0),
}


@dataclass(slots=True)
class EmulatorConfig:
    """Knobs of one emulator instance."""

    token: str = "MTA.emulator.bot-token"
    bot_name: str = "Doinel"
    application_id: int | None = None
    # Privileged intents switched on "in the developer portal"; others close with 4014.
    privileged_intents: int = 0
    # A first interaction response later than this (seconds) gets 404 code 10062.
    interaction_deadline: float = 3.0
    # Followups and edits are accepted for this long (seconds) after the interaction.
    interaction_token_ttl: float = 15 * 60.0
    heartbeat_interval: float = 41.25
    # Honour ``compress=zlib-stream``; when False every frame is sent as text.
    compress: bool = True
    # Requests per token across all routes except interaction callbacks and webhooks; None = off.
    global_rate_limit: RateLimit | None = RateLimit(50, 1.0)
    default_bucket: RateLimit = RateLimit(1000, 1.0)
    bucket_limits: dict[str, RateLimit] = field(default_factory=dict)
    attachment_size_limit: int = 10 * 1024 * 1024
    # Events kept per gateway session for RESUME replay.
    resume_buffer: int = 10_000
    host: str = "127.0.0.1"
