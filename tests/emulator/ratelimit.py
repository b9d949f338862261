"""Discord-like rate limits: one fixed window per route bucket and major parameter, plus a global one.

A bucket is identified by the route template ("POST /channels/{channel_id}/messages")
and its major parameters (channel, guild, webhook id + token), as on Discord. Every
answer carries ``X-RateLimit-*`` headers; an exhausted window answers 429 with
``Via: 1.1 google`` so discord.py retries instead of assuming a Cloudflare ban.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass

from aiohttp import web

from .config import EmulatorConfig, RateLimit

_MAJOR = ("channel_id", "guild_id", "webhook_id", "webhook_token")


@dataclass(slots=True)
class Window:
    limit: int
    per: float
    used: int = 0
    resets_at: float = 0.0  # time.time() when the window reopens

    def roll(self, now: float) -> None:
        if now >= self.resets_at:
            self.used = 0
            self.resets_at = now + self.per

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)


def bucket_hash(route: str) -> str:
    return hashlib.sha1(route.encode()).hexdigest()[:16]


def major_key(match_info: dict[str, str]) -> str:
    return "+".join(match_info[k] for k in _MAJOR if k in match_info)


class RateLimiter:
    def __init__(self, config: EmulatorConfig) -> None:
        self._config = config
        self._buckets: dict[tuple[str, str], Window] = {}
        self._global = Window(limit=0, per=0.0)

    def _rule(self, route: str) -> RateLimit:
        return self._config.bucket_limits.get(route, self._config.default_bucket)

    def check_global(self) -> web.Response | None:
        """A global 429, or None while the token is within its global budget."""
        rule = self._config.global_rate_limit
        if rule is None:
            return None
        now = time.time()
        window = self._global
        if (window.limit, window.per) != (rule.limit, rule.per):  # reconfigured: start afresh
            window = self._global = Window(rule.limit, rule.per)
        window.roll(now)
        if window.used >= window.limit:
            headers = {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
            return too_many(window.resets_at - now, is_global=True, headers=headers)
        window.used += 1
        return None

    def acquire(self, route: str, major: str) -> tuple[Window, web.Response | None]:
        """Take one request from the bucket; return it and, when exhausted, the 429 to send."""
        now = time.time()
        rule = self._rule(route)
        window = self._buckets.get((route, major))
        if window is None or (window.limit, window.per) != (rule.limit, rule.per):
            window = self._buckets[(route, major)] = Window(rule.limit, rule.per)
        window.roll(now)
        if window.used >= window.limit:
            headers = bucket_headers(route, window, now)
            headers["X-RateLimit-Scope"] = "user"
            return window, too_many(window.resets_at - now, is_global=False, headers=headers)
        window.used += 1
        return window, None


def bucket_headers(route: str, window: Window, now: float | None = None) -> dict[str, str]:
    now = time.time() if now is None else now
    return {
        "X-RateLimit-Limit": str(window.limit),
        "X-RateLimit-Remaining": str(window.remaining),
        "X-RateLimit-Reset": f"{window.resets_at:.3f}",
        "X-RateLimit-Reset-After": f"{max(0.0, window.resets_at - now):.3f}",
        "X-RateLimit-Bucket": bucket_hash(route),
    }


def too_many(retry_after: float, *, is_global: bool, headers: dict[str, str] | None = None) -> web.Response:
    """A 429 the way Discord (behind Google's load balancer) sends it."""
    retry_after = max(retry_after, 0.001)
    body = {"message": "You are being rate limited.", "retry_after": round(retry_after, 3), "global": is_global}
    all_headers = {"Via": "1.1 google", "Retry-After": str(math.ceil(retry_after))}
    all_headers.update(headers or {})
    return web.Response(
        status=429, body=json.dumps(body).encode(), content_type="application/json", headers=all_headers
    )
