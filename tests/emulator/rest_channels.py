"""Channel routes: channels, messages, threads and typing, with the bot's permissions enforced."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import errors, events, messages, payloads
from .permissions import Perm, channel_permissions, send_permission
from .rest import json_response, no_content, read_body, server_of, snowflake
from .state import Channel, ChannelType, Message

if TYPE_CHECKING:
    from .server import EmulatorServer

routes = web.RouteTableDef()
API = "/api/v10"


def channel_of(request: web.Request) -> Channel:
    channel = server_of(request).world.channels.get(snowflake(request, "channel_id"))
    if channel is None:
        raise errors.unknown_channel()
    return channel


# What a bot may do in its own DM channel (no guild, no roles, no overwrites).
DM_PERMISSIONS = (Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES | Perm.EMBED_LINKS | Perm.ATTACH_FILES
                  | Perm.READ_MESSAGE_HISTORY | Perm.ADD_REACTIONS)


def bot_permissions(server: EmulatorServer, channel: Channel) -> int:
    """The bot's permissions in ``channel``; 50001 when it cannot even see it."""
    world = server.world
    if channel.is_dm:
        return DM_PERMISSIONS
    guild = world.guild_of(channel)
    bot = world.bot_member(guild)
    perms = channel_permissions(guild, bot, channel) if bot is not None else 0
    if not perms & Perm.VIEW_CHANNEL:
        raise errors.missing_access()
    return perms


def require(perms: int, needed: int) -> None:
    if perms & needed != needed:
        raise errors.missing_permissions()


def message_of(request: web.Request, channel: Channel) -> Message:
    message = channel.messages.get(snowflake(request, "message_id"))
    if message is None or message.ephemeral:
        raise errors.unknown_message()
    return message


@routes.get(API + "/channels/{channel_id}")
async def get_channel(request: web.Request) -> web.Response:
    world = server_of(request).world
    channel = channel_of(request)
    if channel.is_dm:
        return json_response(payloads.dm_channel(channel, world.users[channel.recipient_id or 0]))
    bot_permissions(server_of(request), channel)
    return json_response(payloads.channel(channel))


@routes.patch(API + "/channels/{channel_id}")
async def edit_channel(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    perms = bot_permissions(server, channel)
    body, _ = await read_body(request)
    if not (channel.is_thread and channel.owner_id == server.world.bot_user.id):
        require(perms, Perm.MANAGE_THREADS if channel.is_thread else Perm.MANAGE_CHANNELS)
    for key in ("name", "topic", "archived", "locked", "auto_archive_duration", "rate_limit_per_user", "nsfw"):
        if key in body:
            setattr(channel, key, body[key])
    events.channel_updated(server, channel)
    return json_response(payloads.channel(channel))


@routes.delete(API + "/channels/{channel_id}")
async def delete_channel(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    require(bot_permissions(server, channel), Perm.MANAGE_THREADS if channel.is_thread else Perm.MANAGE_CHANNELS)
    for gone in server.world.remove_channel(channel):
        events.channel_deleted(server, gone)
    return json_response(payloads.channel(channel))


@routes.get(API + "/channels/{channel_id}/messages")
async def list_messages(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    require(bot_permissions(server, channel), Perm.READ_MESSAGE_HISTORY)
    limit = max(1, min(100, int(request.query.get("limit", 50))))
    before = int(request.query.get("before", 0)) or None
    after = int(request.query.get("after", 0)) or None
    public = (m for m in reversed(channel.messages.values()) if not m.ephemeral)
    found: list[Message] = []
    for message in public:  # newest first, stopping as soon as the page is full
        if before is not None and message.id >= before:
            continue
        if after is not None and message.id <= after:
            break
        found.append(message)
        if len(found) == limit and after is None:
            break
    if after is not None:
        found = found[-limit:]
    return json_response([payloads.message(m, server.world) for m in found])


@routes.get(API + "/channels/{channel_id}/messages/{message_id}")
async def get_message(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    require(bot_permissions(server, channel), Perm.READ_MESSAGE_HISTORY)
    return json_response(payloads.message(message_of(request, channel), server.world))


@routes.post(API + "/channels/{channel_id}/messages")
async def create_message(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    perms = bot_permissions(server, channel)
    require(perms, send_permission(channel))
    if channel.is_dm and not server.world.accepts_dm(channel.recipient_id or 0):
        raise errors.cannot_message_user()
    if channel.is_thread and channel.archived:
        if channel.locked:
            raise errors.thread_archived()
        channel.archived = False
        events.channel_updated(server, channel)
    body, uploads = await read_body(request)
    messages.validate(body, uploads, server)
    if body.get("embeds"):
        require(perms, Perm.EMBED_LINKS)
    if uploads:
        require(perms, Perm.ATTACH_FILES)
    world = server.world
    message = Message(id=world.ids.next(), channel_id=channel.id, guild_id=channel.guild_id, author=world.bot_user)
    _reference(server, message, body.get("message_reference"))
    messages.ensure_not_empty(message, body, uploads)
    messages.apply_body(server, message, body, uploads)
    events.message_created(server, message)
    return json_response(payloads.message(message, world))


def _reference(server: EmulatorServer, message: Message, reference: dict[str, Any] | None) -> None:
    if not reference:
        return
    target = server.world.messages.get(int(reference.get("message_id") or 0))
    if target is None and reference.get("fail_if_not_exists", True):
        raise errors.invalid_form(
            {
                "message_reference": {
                    "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                }
            },
            ["message_reference: Unknown message"],
        )
    if target is not None:
        message.type = 19
        message.message_reference = {
            "message_id": str(target.id),
            "channel_id": str(target.channel_id),
            "guild_id": str(target.guild_id),
        }


@routes.patch(API + "/channels/{channel_id}/messages/{message_id}")
async def edit_message(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    perms = bot_permissions(server, channel)
    message = message_of(request, channel)
    body, uploads = await read_body(request)
    if message.author.id != server.world.bot_user.id:
        if set(body) - {"flags"}:
            raise errors.cannot_edit_foreign_message()
        require(perms, Perm.MANAGE_MESSAGES)
    messages.validate(body, uploads, server)
    messages.ensure_not_empty(message, body, uploads)
    messages.apply_body(server, message, body, uploads)
    messages.mark_edited(message)
    events.message_updated(server, message)
    return json_response(payloads.message(message, server.world))


@routes.delete(API + "/channels/{channel_id}/messages/{message_id}")
async def delete_message(request: web.Request) -> web.Response:
    server = server_of(request)
    channel = channel_of(request)
    perms = bot_permissions(server, channel)
    message = message_of(request, channel)
    if message.author.id != server.world.bot_user.id:
        require(perms, Perm.MANAGE_MESSAGES)
    events.message_deleted(server, message)
    return no_content()


@routes.post(API + "/channels/{channel_id}/typing")
async def trigger_typing(request: web.Request) -> web.Response:
    server = server_of(request)
    require(bot_permissions(server, channel_of(request)), 0)
    return no_content()


@routes.post(API + "/channels/{channel_id}/threads")
@routes.post(API + "/channels/{channel_id}/messages/{message_id}/threads")
async def create_thread(request: web.Request) -> web.Response:
    server = server_of(request)
    world = server.world
    parent = channel_of(request)
    if parent.is_thread:
        raise errors.APIError(400, 50024, "Cannot execute action on this channel type")
    perms = bot_permissions(server, parent)
    body, _ = await read_body(request)
    starter = message_of(request, parent) if "message_id" in request.match_info else None
    kind = ChannelType.PUBLIC_THREAD if starter else ChannelType(int(body.get("type", ChannelType.PRIVATE_THREAD)))
    require(perms, Perm.CREATE_PUBLIC_THREADS if kind == ChannelType.PUBLIC_THREAD else Perm.CREATE_PRIVATE_THREADS)
    name = body.get("name") or ""
    if not 1 <= len(name) <= 100:
        raise errors.invalid_form(
            {
                "name": {
                    "_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 100 in length."}]
                }
            },
            [f"name: Must be between 1 and 100 in length. (got {len(name)})"],
        )
    thread = Channel(
        id=starter.id if starter else world.ids.next(),
        guild_id=parent.guild_id,
        name=name,
        type=kind,
        parent_id=parent.id,
        owner_id=world.bot_user.id,
        auto_archive_duration=int(body.get("auto_archive_duration", 1440)),
        rate_limit_per_user=int(body.get("rate_limit_per_user") or 0),
        thread_members={world.bot_user.id},
    )
    if thread.id in world.channels:
        raise errors.APIError(400, 160004, "A thread has already been created for this message")
    world.add_channel(thread)
    if starter is not None:
        starter.thread_id = thread.id
    events.channel_created(server, thread)
    return json_response(payloads.channel(thread), status=201)


@routes.put(API + "/channels/{channel_id}/thread-members/{user_id}")
@routes.delete(API + "/channels/{channel_id}/thread-members/{user_id}")
async def thread_member(request: web.Request) -> web.Response:
    server = server_of(request)
    thread = channel_of(request)
    bot_permissions(server, thread)
    if not thread.is_thread:
        raise errors.APIError(400, 50024, "Cannot execute action on this channel type")
    raw = request.match_info["user_id"]
    user_id = server.world.bot_user.id if raw == "@me" else snowflake(request, "user_id")
    if request.method == "PUT":
        thread.thread_members.add(user_id)
    else:
        thread.thread_members.discard(user_id)
    return no_content()


@routes.get("/attachments/{channel_id}/{attachment_id}/{filename}")
async def download_attachment(request: web.Request) -> web.Response:
    """The emulator's CDN, so ``Attachment.read()`` works in tests."""
    attachment = server_of(request).world.attachments.get(snowflake(request, "attachment_id"))
    if attachment is None:
        raise web.HTTPNotFound()
    return web.Response(body=attachment.data, content_type=attachment.content_type)
