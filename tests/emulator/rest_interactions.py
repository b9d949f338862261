"""Interaction callbacks and the interaction webhook (followups, original response edits).

Callbacks are answered exactly as discord.py 2.7 expects with ``?with_response=1``:
``{"interaction": {...}, "resource": {"type", "message"}}``. A second callback gets 40060,
a first callback after the deadline gets 10062, a body over a limit gets 50035; each
refusal is also written on the :class:`~.interactions.Interaction` record.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import errors, events, limits, messages, payloads
from .errors import APIError
from .interactions import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    MODAL,
    UPDATE_MESSAGE,
    BotResponse,
    ErrorRecord,
    Interaction,
)
from .messages import Upload
from .rest import json_response, no_content, read_body, server_of, snowflake
from .state import InteractionType, Message, MessageFlag

if TYPE_CHECKING:
    from .server import EmulatorServer

routes = web.RouteTableDef()
API = "/api/v10"

# Which callback types each interaction type accepts.
_ALLOWED = {
    InteractionType.APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    InteractionType.MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        MODAL,
    },
    InteractionType.AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    InteractionType.MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE},
}


def _rejecting(interaction: Interaction, kind: str, exc: APIError) -> APIError:
    interaction.reject(ErrorRecord(kind, exc.status, exc.code, exc.message))
    return exc


@routes.post(API + "/interactions/{webhook_id}/{webhook_token}/callback")
async def callback(request: web.Request) -> web.Response:
    server = server_of(request)
    interaction = server.interactions.by_id.get(snowflake(request, "webhook_id"))
    if interaction is None or interaction.token != request.match_info["webhook_token"]:
        raise errors.unknown_interaction()
    body, uploads = await read_body(request)
    try:
        message = _respond(server, interaction, body, uploads)
    except APIError as exc:
        raise _rejecting(interaction, "callback", exc) from None
    if request.query.get("with_response") not in ("1", "true", "True"):
        return no_content()
    kind = int(body["type"])
    answer: dict[str, Any] = {
        "interaction": {
            "id": str(interaction.id),
            "type": interaction.type,
            "response_message_id": str(message.id) if message else None,
            "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(message and message.ephemeral),
        }
    }
    if kind != AUTOCOMPLETE_RESULT:
        answer["resource"] = {"type": kind}
        if message is not None and kind != DEFERRED_UPDATE_MESSAGE:
            answer["resource"]["message"] = payloads.message(message, server.world)
    return json_response(answer)


def _respond(
    server: EmulatorServer, interaction: Interaction, body: dict[str, Any], uploads: list[Upload]
) -> Message | None:
    """Apply one callback; return the message it created or updated, if any."""
    if interaction.callback is not None:
        raise errors.already_acknowledged()
    if asyncio.get_running_loop().time() - interaction.created_at > server.config.interaction_deadline:
        raise errors.unknown_interaction()
    kind = int(body.get("type") or 0)
    data: dict[str, Any] = body.get("data") or {}
    if kind not in _ALLOWED.get(InteractionType(interaction.type), set()):
        fe = limits.FormErrors()
        fe.add(
            ("type",), "INTERACTION_RESPONSE_TYPE_INVALID", f"Callback type {kind} is not valid for this interaction"
        )
        fe.raise_if_any()
    _validate(server, kind, data, uploads)

    world = server.world
    message: Message | None = None
    if kind == CHANNEL_MESSAGE:
        message = _response_message(server, interaction, int(data.get("flags") or 0) & MessageFlag.EPHEMERAL)
        messages.ensure_not_empty(message, data, uploads)
        messages.apply_body(server, message, data, uploads)
        interaction.original_message_id = message.id
        events.message_created(server, message)
    elif kind == DEFERRED_CHANNEL_MESSAGE:
        flags = MessageFlag.LOADING | (int(data.get("flags") or 0) & MessageFlag.EPHEMERAL)
        message = _response_message(server, interaction, flags)
        interaction.original_message_id = message.id
        events.message_created(server, message)
    elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
        message = world.messages.get(interaction.message_id or 0)
        if message is None:
            raise errors.unknown_message()
        if kind == UPDATE_MESSAGE:
            messages.ensure_not_empty(message, data, uploads)
            messages.apply_body(server, message, data, uploads)
            messages.mark_edited(message)
            events.message_updated(server, message)
        interaction.original_message_id = message.id
    elif kind == AUTOCOMPLETE_RESULT:
        interaction.choices = list(data.get("choices") or [])
    elif kind == MODAL:
        interaction.modal = data
    files = list(message.attachments) if message is not None and uploads else []
    interaction.record(BotResponse("callback", kind, message.id if message else None, data, files))
    return message


def _validate(server: EmulatorServer, kind: int, data: dict[str, Any], uploads: list[Upload]) -> None:
    if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
        messages.validate(data, uploads, server, prefix=("data",))
        return
    fe = limits.FormErrors()
    if kind == AUTOCOMPLETE_RESULT:
        limits.check_choices(data.get("choices") or [], fe, ("data", "choices"))
    elif kind == MODAL:
        limits.check_modal(data, fe, ("data",))
    fe.raise_if_any()


def _response_message(server: EmulatorServer, interaction: Interaction, flags: int) -> Message:
    world = server.world
    metadata: dict[str, Any] = {
        "id": str(interaction.id),
        "type": interaction.type,
        "user": payloads.user(interaction.member.user),
        "authorizing_integration_owners": {"0": str(interaction.guild_id)},
    }
    if interaction.type == InteractionType.APPLICATION_COMMAND:
        metadata["name"] = interaction.data.get("name")
    if interaction.message_id is not None:
        metadata["interacted_message_id"] = str(interaction.message_id)
    return Message(
        id=world.ids.next(),
        channel_id=interaction.channel_id,
        guild_id=interaction.guild_id,
        author=world.bot_user,
        type=20 if interaction.type == InteractionType.APPLICATION_COMMAND else 0,
        flags=flags,
        webhook_id=world.application_id,
        application_id=world.application_id,
        interaction_metadata=metadata,
    )


# -- the interaction webhook -----------------------------------------------------------


def _interaction_of(request: web.Request) -> Interaction:
    server = server_of(request)
    if snowflake(request, "webhook_id") != server.world.application_id:
        raise errors.unknown_webhook()
    interaction = server.interactions.by_token.get(request.match_info["webhook_token"])
    if interaction is None or interaction.callback is None:
        raise errors.unknown_webhook()
    if asyncio.get_running_loop().time() - interaction.created_at > server.config.interaction_token_ttl:
        raise errors.invalid_webhook_token()
    return interaction


def _target(request: web.Request, interaction: Interaction) -> Message:
    server = server_of(request)
    raw = request.match_info["message_id"]
    message_id = interaction.original_message_id if raw == "@original" else snowflake(request, "message_id")
    message = server.world.messages.get(message_id or 0)
    if message is None:
        raise errors.unknown_message()
    owner = (message.interaction_metadata or {}).get("id")
    if message.id != interaction.original_message_id and owner != str(interaction.id):
        raise errors.unknown_message()
    return message


@routes.post(API + "/webhooks/{webhook_id}/{webhook_token}")
async def followup(request: web.Request) -> web.Response:
    server = server_of(request)
    interaction = _interaction_of(request)
    body, uploads = await read_body(request)
    try:
        messages.validate(body, uploads, server)
        original = interaction.original
        if interaction.callback_type == DEFERRED_CHANNEL_MESSAGE and original is not None and original.loading:
            # The first followup after a "thinking" deferral replaces the loading message.
            message = original
            messages.ensure_not_empty(message, body, uploads)
            messages.apply_body(server, message, body, uploads)
            message.flags &= ~MessageFlag.LOADING
            events.message_updated(server, message)
        else:
            message = _response_message(server, interaction, int(body.get("flags") or 0) & MessageFlag.EPHEMERAL)
            messages.ensure_not_empty(message, body, uploads)
            messages.apply_body(server, message, body, uploads)
            events.message_created(server, message)
    except APIError as exc:
        raise _rejecting(interaction, "followup", exc) from None
    interaction.record(BotResponse("followup", None, message.id, body, list(message.attachments) if uploads else []))
    if request.query.get("wait") in ("1", "true", "True"):
        return json_response(payloads.message(message, server.world))
    return no_content()


@routes.get(API + "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def get_webhook_message(request: web.Request) -> web.Response:
    interaction = _interaction_of(request)
    return json_response(payloads.message(_target(request, interaction), server_of(request).world))


@routes.patch(API + "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def edit_webhook_message(request: web.Request) -> web.Response:
    server = server_of(request)
    interaction = _interaction_of(request)
    body, uploads = await read_body(request)
    try:
        message = _target(request, interaction)
        messages.validate(body, uploads, server)
        messages.ensure_not_empty(message, body, uploads)
        messages.apply_body(server, message, body, uploads)
    except APIError as exc:
        raise _rejecting(interaction, "edit", exc) from None
    message.flags &= ~MessageFlag.LOADING
    messages.mark_edited(message)
    events.message_updated(server, message)
    interaction.record(BotResponse("edit", None, message.id, body, list(message.attachments) if uploads else []))
    return json_response(payloads.message(message, server.world))


@routes.delete(API + "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def delete_webhook_message(request: web.Request) -> web.Response:
    server = server_of(request)
    interaction = _interaction_of(request)
    message = _target(request, interaction)
    events.message_deleted(server, message)
    interaction.record(BotResponse("delete", None, message.id, {}))
    return no_content()
