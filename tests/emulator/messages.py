"""Turning a message body the bot sent (JSON or multipart) into a stored, validated message."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import errors, limits
from .state import Attachment, Message, MessageFlag, now_iso

if TYPE_CHECKING:
    from .server import EmulatorServer

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_MISSING = object()


@dataclass(slots=True)
class Upload:
    """A file part of a multipart request (``files[n]``)."""

    index: int
    filename: str
    data: bytes
    content_type: str


def validate(body: dict[str, Any], uploads: list[Upload], server: EmulatorServer, *, prefix: limits.Path = ()) -> None:
    """Raise 50035 (or 40005 for oversized files) if ``body`` breaks one of Discord's limits."""
    fe = limits.FormErrors()
    limits.check_message(body, fe, prefix=prefix, files=len(uploads))
    fe.raise_if_any()
    if any(len(u.data) > server.config.attachment_size_limit for u in uploads):
        raise errors.entity_too_large()


def ensure_not_empty(message: Message, body: dict[str, Any], uploads: list[Upload]) -> None:
    """Raise 50006 if ``message`` would be empty once ``body`` is applied (checked before applying)."""

    def pick(key: str, current: Any) -> Any:
        return body.get(key, current)

    has_files = bool(uploads) or bool(pick("attachments", message.attachments))
    if not (
        pick("content", message.content)
        or pick("embeds", message.embeds)
        or pick("components", message.components)
        or has_files
    ):
        raise errors.empty_message()


def apply_body(server: EmulatorServer, message: Message, body: dict[str, Any], uploads: list[Upload]) -> None:
    """Copy the fields present in ``body`` onto ``message`` (used for creates and edits)."""
    if "content" in body:
        message.content = body["content"] or ""
    if "embeds" in body:
        message.embeds = [dict(e, type=e.get("type", "rich")) for e in body["embeds"] or []]
    if "components" in body:
        message.components = list(body["components"] or [])
    if "flags" in body and body["flags"] is not None:
        message.flags = (message.flags & ~MessageFlag.SETTABLE) | (int(body["flags"]) & MessageFlag.SETTABLE)
    if "allowed_mentions" in body:
        message.allowed_mentions = body["allowed_mentions"]
    if "tts" in body:
        message.tts = bool(body["tts"])
    if "attachments" in body or uploads:
        message.attachments = _attachments(server, message, body.get("attachments", _MISSING), uploads)
    _mentions(server, message)


def _attachments(server: EmulatorServer, message: Message, spec: Any, uploads: list[Upload]) -> list[Attachment]:
    """Keep the existing attachments the body lists by id and add the uploaded files."""
    existing = {a.id: a for a in message.attachments}
    meta = {} if spec is _MISSING else {str(item.get("id")): item for item in spec or []}
    result: list[Attachment] = []
    if spec is not _MISSING:
        for item in spec or []:
            kept = existing.get(_int(item.get("id")))
            if kept is not None:
                result.append(kept)
    for upload in uploads:
        info = meta.get(str(upload.index), {})
        result.append(new_attachment(server, message.channel_id, upload, info.get("description")))
    return result


def new_attachment(
    server: EmulatorServer, channel_id: int, upload: Upload, description: str | None = None
) -> Attachment:
    attachment_id = server.world.ids.next()
    content_type = upload.content_type
    if content_type in ("", "application/octet-stream"):
        content_type = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
    attachment = Attachment(
        id=attachment_id,
        filename=upload.filename,
        data=upload.data,
        content_type=content_type,
        url=f"{server.base_url}/attachments/{channel_id}/{attachment_id}/{upload.filename}",
        description=description,
    )
    server.world.attachments[attachment_id] = attachment
    return attachment


def _mentions(server: EmulatorServer, message: Message) -> None:
    """Work out who is pinged, honouring ``allowed_mentions`` the way Discord does."""
    guild = server.world.guilds.get(message.guild_id)
    if guild is None:
        return
    allowed = message.allowed_mentions
    parse = set(allowed.get("parse", [])) if allowed is not None else {"users", "roles", "everyone"}
    users = {int(u) for u in (allowed or {}).get("users", [])}
    roles = {int(r) for r in (allowed or {}).get("roles", [])}
    content = message.content
    message.mentions = [
        uid
        for uid in dict.fromkeys(int(m) for m in _USER_MENTION.findall(content))
        if uid in guild.members and ("users" in parse or uid in users)
    ]
    message.mention_roles = [
        rid
        for rid in dict.fromkeys(int(r) for r in _ROLE_MENTION.findall(content))
        if rid in guild.roles and ("roles" in parse or rid in roles)
    ]
    message.mention_everyone = "everyone" in parse and ("@everyone" in content or "@here" in content)


def mark_edited(message: Message) -> None:
    message.edited_timestamp = now_iso()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
