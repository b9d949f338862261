"""Guild routes: the guild, its channels, roles and members, and role assignment."""

from __future__ import annotations

from aiohttp import web

from . import errors, events, payloads
from .permissions import Perm, base_permissions
from .rest import json_response, no_content, server_of, snowflake
from .state import Guild, Member

routes = web.RouteTableDef()
API = "/api/v10"


def guild_of(request: web.Request) -> Guild:
    world = server_of(request).world
    guild = world.guilds.get(snowflake(request, "guild_id"))
    if guild is None:
        raise errors.unknown_guild()
    if world.bot_member(guild) is None:
        raise errors.missing_access()
    return guild


def member_of(request: web.Request, guild: Guild) -> Member:
    member = guild.members.get(snowflake(request, "user_id"))
    if member is None:
        raise errors.unknown_member()
    return member


@routes.get(API + "/guilds/{guild_id}")
async def get_guild(request: web.Request) -> web.Response:
    guild = guild_of(request)
    data = payloads.guild(guild)
    if request.query.get("with_counts") in ("true", "1"):
        data.update(approximate_member_count=len(guild.members), approximate_presence_count=0)
    return json_response(data)


@routes.get(API + "/guilds/{guild_id}/channels")
async def list_channels(request: web.Request) -> web.Response:
    guild = guild_of(request)
    return json_response([payloads.channel(c) for c in guild.channels.values() if not c.is_thread])


@routes.get(API + "/guilds/{guild_id}/threads/active")
async def active_threads(request: web.Request) -> web.Response:
    guild = guild_of(request)
    threads = [payloads.channel(c) for c in guild.channels.values() if c.is_thread and not c.archived]
    return json_response({"threads": threads, "members": []})


@routes.get(API + "/guilds/{guild_id}/roles")
async def list_roles(request: web.Request) -> web.Response:
    guild = guild_of(request)
    return json_response([payloads.role(r) for r in guild.roles.values()])


@routes.get(API + "/guilds/{guild_id}/members")
async def list_members(request: web.Request) -> web.Response:
    guild = guild_of(request)
    limit = max(1, min(1000, int(request.query.get("limit", 1))))
    after = int(request.query.get("after", 0))
    found = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)[:limit]
    return json_response([payloads.member(m) for m in found])


@routes.get(API + "/guilds/{guild_id}/members/{user_id}")
async def get_member(request: web.Request) -> web.Response:
    guild = guild_of(request)
    return json_response(payloads.member(member_of(request, guild)))


@routes.put(API + "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
@routes.delete(API + "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def member_role(request: web.Request) -> web.Response:
    """Add or remove a role: needs Manage Roles and a higher top role than the target role."""
    server = server_of(request)
    guild = guild_of(request)
    member = member_of(request, guild)
    role = guild.roles.get(snowflake(request, "role_id"))
    if role is None:
        raise errors.unknown_role()
    bot = server.world.bot_member(guild)
    assert bot is not None
    top = max((guild.roles[r].position for r in bot.roles if r in guild.roles), default=0)
    if not base_permissions(guild, bot) & Perm.MANAGE_ROLES or role.position >= top or role.managed:
        raise errors.missing_permissions()
    if request.method == "PUT" and role.id not in member.roles:
        member.roles.append(role.id)
        events.member_updated(server, member)
    elif request.method == "DELETE" and role.id in member.roles:
        member.roles.remove(role.id)
        events.member_updated(server, member)
    return no_content()
