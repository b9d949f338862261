"""Failures injected on demand: the next N requests to a route answer 500 or 429."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass

from aiohttp import web

from .ratelimit import too_many


@dataclass(slots=True)
class Fault:
    method: str
    pattern: str  # a route template ("/channels/{channel_id}/messages") or a glob on the path
    status: int
    remaining: int
    retry_after: float = 0.05
    hits: int = 0

    def matches(self, method: str, template: str, path: str) -> bool:
        if self.method not in ("*", method):
            return False
        return self.pattern == template or fnmatch.fnmatchcase(path, self.pattern)

    def response(self) -> web.Response:
        if self.status == 429:
            return too_many(self.retry_after, is_global=False, headers={"X-RateLimit-Scope": "shared"})
        body = json.dumps({"message": "500: Internal Server Error", "code": 0}).encode()
        return web.Response(status=self.status, body=body, content_type="application/json")


class Faults:
    def __init__(self) -> None:
        self._pending: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self._pending.append(fault)
        return fault

    def clear(self) -> None:
        self._pending.clear()

    def take(self, method: str, template: str, path: str) -> web.Response | None:
        """The injected answer for this request, if a pending fault matches it."""
        for fault in self._pending:
            if fault.matches(method, template, path):
                fault.remaining -= 1
                fault.hits += 1
                if fault.remaining <= 0:
                    self._pending.remove(fault)
                return fault.response()
        return None
