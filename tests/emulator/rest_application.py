"""Login and application routes: the bot user, the application, the gateway URL and command sync."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from . import errors, limits, payloads
from .rest import json_response, no_content, read_body, read_json, server_of, snowflake
from .state import AppCommand

routes = web.RouteTableDef()
API = "/api/v10"


@routes.get(API + "/users/@me")
async def get_me(request: web.Request) -> web.Response:
    world = server_of(request).world
    return json_response(payloads.user(world.bot_user) | {"verified": True, "mfa_enabled": False})


@routes.get(API + "/users/{user_id}")
async def get_user(request: web.Request) -> web.Response:
    user = server_of(request).world.users.get(snowflake(request, "user_id"))
    if user is None:
        raise errors.unknown_user()
    return json_response(payloads.user(user))


@routes.post(API + "/users/@me/channels")
async def open_dm(request: web.Request) -> web.Response:
    """The bot's DM channel with ``recipient_id``. Opening always works; sending is what Discord refuses."""
    world = server_of(request).world
    body = await read_json(request)
    try:
        recipient = world.users.get(int((body or {}).get("recipient_id")))
    except (TypeError, ValueError):
        recipient = None
    if recipient is None:
        raise errors.unknown_user()
    return json_response(payloads.dm_channel(world.open_dm(recipient), recipient))


@routes.get(API + "/oauth2/applications/@me")
@routes.get(API + "/applications/@me")
async def get_application(request: web.Request) -> web.Response:
    world = server_of(request).world
    owner = payloads.user(world.bot_user)
    return json_response(
        {
            "id": str(world.application_id),
            "name": world.bot_user.username,
            "icon": None,
            "description": "",
            "summary": "",
            "rpc_origins": [],
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": owner,
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": owner,
        }
    )


@routes.get(API + "/gateway")
@routes.get(API + "/gateway/bot")
async def get_gateway(request: web.Request) -> web.Response:
    server = server_of(request)
    limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
    return json_response({"url": server.gateway_url, "shards": 1, "session_start_limit": limit})


def _scope(request: web.Request) -> int | None:
    """The guild of a guild-command route (None for global), checking the application id."""
    server = server_of(request)
    if snowflake(request, "application_id") != server.world.application_id:
        raise errors.APIError(403, 20012, "You are not authorized to perform this action on this application")
    if "guild_id" not in request.match_info:
        return None
    guild_id = snowflake(request, "guild_id")
    if guild_id not in server.world.guilds:
        raise errors.unknown_guild()
    return guild_id


def _echo(command: AppCommand, application_id: int) -> dict[str, Any]:
    data = dict(command.data)
    data.update(id=str(command.id), application_id=str(application_id), version=str(data.get("version", command.id)))
    if command.guild_id is not None:
        data["guild_id"] = str(command.guild_id)
    data.setdefault("type", 1)
    data.setdefault("description", "")
    data.setdefault("options", [])
    data.setdefault("default_member_permissions", None)
    data.setdefault("dm_permission", True)
    data.setdefault("nsfw", False)
    data.setdefault("name_localizations", None)
    data.setdefault("description_localizations", None)
    return data


def _store(
    request: web.Request, guild_id: int | None, body: dict[str, Any], keep: dict[tuple[str, int], AppCommand]
) -> AppCommand:
    world = server_of(request).world
    key = (body["name"], int(body.get("type", 1)))
    old = keep.get(key)
    command_id = old.id if old is not None else world.ids.next()
    changed = old is None or {k: v for k, v in old.data.items() if k != "version"} != body
    data = dict(body, version=str(world.ids.next()) if changed else old.data["version"])  # type: ignore[union-attr]
    return AppCommand(id=command_id, name=key[0], type=key[1], guild_id=guild_id, data=data)


@routes.put(API + "/applications/{application_id}/commands")
@routes.put(API + "/applications/{application_id}/guilds/{guild_id}/commands")
async def bulk_overwrite(request: web.Request) -> web.Response:
    server = server_of(request)
    guild_id = _scope(request)
    commands = await read_json(request)
    if not isinstance(commands, list):
        raise errors.invalid_form(
            {"_errors": [{"code": "LIST_TYPE_CONVERT", "message": "Must be an array."}]}, ["body: Must be an array."]
        )
    fe = limits.FormErrors()
    limits.check_commands(commands, fe)
    if sum(1 for c in commands if int(c.get("type", 1)) == 1) > 100:
        fe.add((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
    fe.raise_if_any()
    current = server.world.commands_for(guild_id)
    fresh = {(c["name"], int(c.get("type", 1))): _store(request, guild_id, c, current) for c in commands}
    current.clear()
    current.update(fresh)
    server.sync_log.append((guild_id, len(fresh)))
    return json_response([_echo(c, server.world.application_id) for c in fresh.values()])


@routes.get(API + "/applications/{application_id}/commands")
@routes.get(API + "/applications/{application_id}/guilds/{guild_id}/commands")
async def list_commands(request: web.Request) -> web.Response:
    server = server_of(request)
    current = server.world.commands_for(_scope(request))
    return json_response([_echo(c, server.world.application_id) for c in current.values()])


@routes.post(API + "/applications/{application_id}/commands")
@routes.post(API + "/applications/{application_id}/guilds/{guild_id}/commands")
async def upsert_command(request: web.Request) -> web.Response:
    server = server_of(request)
    guild_id = _scope(request)
    body, _ = await read_body(request)
    fe = limits.FormErrors()
    limits.check_commands([body], fe)
    fe.raise_if_any()
    current = server.world.commands_for(guild_id)
    command = _store(request, guild_id, body, current)
    existed = (command.name, command.type) in current
    current[(command.name, command.type)] = command
    return json_response(_echo(command, server.world.application_id), status=200 if existed else 201)


def _find(request: web.Request) -> tuple[dict[tuple[str, int], AppCommand], AppCommand]:
    current = server_of(request).world.commands_for(_scope(request))
    command_id = snowflake(request, "command_id")
    for command in current.values():
        if command.id == command_id:
            return current, command
    raise errors.unknown_command()


@routes.get(API + "/applications/{application_id}/commands/{command_id}")
@routes.get(API + "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
async def get_command(request: web.Request) -> web.Response:
    _, command = _find(request)
    return json_response(_echo(command, server_of(request).world.application_id))


@routes.delete(API + "/applications/{application_id}/commands/{command_id}")
@routes.delete(API + "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
async def delete_command(request: web.Request) -> web.Response:
    current, command = _find(request)
    del current[(command.name, command.type)]
    return no_content()
