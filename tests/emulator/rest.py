"""What every REST route shares: JSON answers, body parsing, and the middleware that
applies auth, injected faults, rate limits and Discord's error format."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import errors
from .errors import APIError
from .messages import Upload
from .ratelimit import bucket_headers, major_key

if TYPE_CHECKING:
    from .server import EmulatorServer

API_PREFIX = "/api/v10"
SERVER_KEY: web.AppKey[EmulatorServer] = web.AppKey("emulator_server")
BODY_KEY: web.RequestKey[Any] = web.RequestKey("body")
# Routes authenticated by the interaction/webhook token in the path, exempt from the global limit.
_TOKEN_ROUTES = ("/interactions/", "/webhooks/")


@dataclass(slots=True)
class RequestRecord:
    method: str
    path: str
    route: str
    status: int
    at: float = field(default_factory=time.monotonic)


@dataclass(slots=True)
class Violation:
    """A request Discord would have refused because the bot broke a rule (a limit)."""

    method: str
    path: str
    route: str
    code: int
    message: str
    problems: list[str]
    body: dict[str, Any] | None


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """Content-Type exactly ``application/json``: discord.py compares it with ``==``."""
    return web.Response(status=status, body=json.dumps(data).encode(), content_type="application/json", headers=headers)


def no_content() -> web.Response:
    return web.Response(status=204)


def error_response(exc: APIError) -> web.Response:
    return json_response(exc.body(), status=exc.status)


def server_of(request: web.Request) -> EmulatorServer:
    return request.app[SERVER_KEY]


def snowflake(request: web.Request, key: str) -> int:
    try:
        return int(request.match_info[key])
    except ValueError:
        raise errors.not_found() from None


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[Upload]]:
    """A JSON body, or a multipart one (``payload_json`` + ``files[n]``) as discord.py sends files."""
    uploads: list[Upload] = []
    body: dict[str, Any] = {}
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            name = part.name or ""  # type: ignore[union-attr]
            if name == "payload_json":
                body = json.loads(await part.text())  # type: ignore[union-attr]
            elif name.startswith("files[") and name.endswith("]"):
                data = await part.read()  # type: ignore[union-attr]
                content_type = part.headers.get("Content-Type", "application/octet-stream")  # type: ignore[union-attr]
                uploads.append(Upload(int(name[6:-1]), part.filename or "file", bytes(data), content_type))  # type: ignore[union-attr]
    elif request.can_read_body:
        raw = await request.read()
        body = json.loads(raw) if raw else {}
    request[BODY_KEY] = body
    return body, uploads


async def read_json(request: web.Request) -> Any:
    """A JSON body of any shape (command sync sends a list)."""
    raw = await request.read()
    body = json.loads(raw) if raw else None
    request[BODY_KEY] = body
    return body


def _template(request: web.Request) -> str | None:
    route = request.match_info.route
    canonical = route.resource.canonical if route.resource is not None else ""
    return canonical[len(API_PREFIX) :] if canonical.startswith(API_PREFIX) else None


@web.middleware
async def discord_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    server = server_of(request)
    if request.match_info.http_exception is not None:
        if not request.path.startswith(API_PREFIX):
            raise request.match_info.http_exception
        server.unhandled.append(f"{request.method} {request.path}")
        return _recorded(server, request, "?", error_response(errors.not_found()))
    template = _template(request)
    if template is None:  # the gateway and the attachment "CDN"
        return await handler(request)

    route = f"{request.method} {template}"
    path = request.path[len(API_PREFIX) :]
    injected = server.faults.take(request.method, template, path)
    if injected is not None:
        return _recorded(server, request, route, injected)
    if not template.startswith(_TOKEN_ROUTES):
        if request.headers.get("Authorization") != f"Bot {server.config.token}":
            return _recorded(server, request, route, error_response(errors.unauthorized()))
        limited = server.limiter.check_global()
        if limited is not None:
            return _recorded(server, request, route, limited)
    window, limited = server.limiter.acquire(route, major_key(dict(request.match_info)))
    if limited is not None:
        return _recorded(server, request, route, limited)

    try:
        response = await handler(request)
    except APIError as exc:
        if exc.violation:
            server.record_violation(
                Violation(request.method, path, route, exc.code, exc.message, exc.problems, request.get(BODY_KEY))
            )
        response = error_response(exc)
    response.headers.update(bucket_headers(route, window))
    return _recorded(server, request, route, response)


def _recorded(
    server: EmulatorServer, request: web.Request, route: str, response: web.StreamResponse
) -> web.StreamResponse:
    server.requests.append(RequestRecord(request.method, request.path, route, response.status))
    return response
