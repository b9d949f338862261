"""Gateway v10: HELLO, heartbeats, IDENTIFY/READY/GUILD_CREATE, RESUME with replay, dispatches.

Each connection has one writer task fed by a queue, so dispatching is a synchronous
append (ordered, no await) and zlib-stream frames leave in the order they were compressed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import zlib
from collections import deque
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import payloads
from .config import (
    DIRECT_MESSAGES,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_PRESENCES,
    GUILDS,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
)

if TYPE_CHECKING:
    from .server import EmulatorServer
    from .state import Guild

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

_EVENT_INTENT = {
    "GUILD_CREATE": GUILDS,
    "GUILD_UPDATE": GUILDS,
    "GUILD_DELETE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS,
    "GUILD_ROLE_UPDATE": GUILDS,
    "GUILD_ROLE_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS,
    "CHANNEL_UPDATE": GUILDS,
    "CHANNEL_DELETE": GUILDS,
    "THREAD_CREATE": GUILDS,
    "THREAD_UPDATE": GUILDS,
    "THREAD_DELETE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
    "MESSAGE_CREATE": GUILD_MESSAGES,
    "MESSAGE_UPDATE": GUILD_MESSAGES,
    "MESSAGE_DELETE": GUILD_MESSAGES,
}
_CONTENT_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE"}
_MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}
# Close codes after which Discord forgets the session.
_FINAL_CLOSES = {1000, 1001}


class Connection:
    """One websocket: a queue of outgoing frames drained by a writer task."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self.session: Session | None = None
        self._compressor = zlib.compressobj() if compress else None
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write(), name="emulator-gateway-writer")

    def send(self, frame: str) -> None:
        self._queue.put_nowait(frame)

    def send_op(self, op: int, data: Any) -> None:
        self.send(json.dumps({"op": op, "d": data, "s": None, "t": None}))

    async def _write(self) -> None:
        while True:
            frame = await self._queue.get()
            if frame is None or self.ws.closed:
                return
            try:
                if self._compressor is None:
                    await self.ws.send_str(frame)
                else:
                    data = self._compressor.compress(frame.encode()) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
            except (ConnectionError, RuntimeError):
                return

    async def close(self, code: int) -> None:
        """Flush what is queued, then close with ``code``; later events wait in the session for RESUME."""
        if self.session is not None and self.session.connection is self:
            self.session.connection = None
        self._queue.put_nowait(None)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._writer, 1.0)
        await self.ws.close(code=code)

    async def stop(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


class Session:
    """A gateway session: survives disconnects and remembers events for RESUME."""

    def __init__(self, intents: int, buffer_size: int) -> None:
        self.id = secrets.token_hex(16)
        self.intents = intents
        self.seq = 0
        self.buffer: deque[tuple[int, str]] = deque(maxlen=buffer_size)
        self.connection: Connection | None = None

    def dispatch(self, event: str, data_json: str) -> None:
        self.seq += 1
        frame = f'{{"op":0,"s":{self.seq},"t":"{event}","d":{data_json}}}'
        self.buffer.append((self.seq, frame))
        if self.connection is not None:
            self.connection.send(frame)

    def wants(self, event: str, *, direct: bool = False) -> bool:
        """Whether this session's intents ask for ``event`` (``direct``: a message event outside any guild)."""
        needed = DIRECT_MESSAGES if direct else _EVENT_INTENT.get(event)
        return needed is None or bool(self.intents & needed)


class Gateway:
    def __init__(self, server: EmulatorServer) -> None:
        self._server = server
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()

    # -- dispatching -------------------------------------------------------------------

    @property
    def live_sessions(self) -> list[Session]:
        """Sessions with a socket attached (closed ones stay resumable, as on Discord)."""
        return [s for s in self.sessions.values() if s.connection is not None]

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to every session whose intents ask for it (buffered while disconnected)."""
        plain: str | None = None
        direct = event in _MESSAGE_EVENTS and "guild_id" not in data
        for session in list(self.sessions.values()):
            if not session.wants(event, direct=direct):
                continue
            if event in _CONTENT_EVENTS and self._hide_content(session, data):
                session.dispatch(event, json.dumps(_without_content(data)))
                continue
            if plain is None:
                plain = json.dumps(data)
            session.dispatch(event, plain)

    def _hide_content(self, session: Session, data: dict[str, Any]) -> bool:
        """Without MESSAGE_CONTENT a bot sees content only of its own messages and of mentions."""
        if session.intents & MESSAGE_CONTENT or "guild_id" not in data:  # DMs keep their content
            return False
        bot_id = str(self._server.world.bot_user.id)
        author = data.get("author", {}).get("id")
        return author != bot_id and all(u.get("id") != bot_id for u in data.get("mentions", []))

    # -- the websocket ----------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        compress = self._server.config.compress and request.query.get("compress") == "zlib-stream"
        conn = Connection(ws, compress=compress)
        self.connections.add(conn)
        conn.send_op(HELLO, {"heartbeat_interval": int(self._server.config.heartbeat_interval * 1000)})
        try:
            async for msg in ws:
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    await conn.close(4002)  # decode error
                    break
                await self._on_frame(conn, frame)
        finally:
            await self._forget(conn, ws.close_code)
        return ws

    async def _forget(self, conn: Connection, code: int | None) -> None:
        self.connections.discard(conn)
        session = conn.session
        if session is not None and session.connection is conn:  # the client closed or dropped
            session.connection = None
            if code in _FINAL_CLOSES:
                self.sessions.pop(session.id, None)
        await conn.stop()

    async def _on_frame(self, conn: Connection, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            conn.send_op(HEARTBEAT_ACK, None)
        elif op in (IDENTIFY, RESUME) and conn.session is not None:
            await conn.close(4005)  # already authenticated
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif conn.session is None:
            await conn.close(4003)  # not authenticated
        elif op == REQUEST_MEMBERS:
            self._chunk(conn.session, data or {})
        elif op in (PRESENCE, VOICE_STATE):
            return
        else:
            await conn.close(4001)  # unknown opcode

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        config = self._server.config
        if data.get("token") != config.token:
            await conn.close(4004)
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~config.privileged_intents:
            await conn.close(4014)
            return
        session = Session(intents, config.resume_buffer)
        self.sessions[session.id] = session
        session.connection = conn
        conn.session = session
        world = self._server.world
        guilds = [g for g in world.guilds.values() if world.bot_member(g) is not None]
        session.dispatch("READY", json.dumps(self._ready(session, guilds)))
        for guild in guilds:
            self._guild_create(session, guild)

    def guild_create(self, guild: Guild) -> None:
        """GUILD_CREATE to every session (its member list depends on each session's intents)."""
        for session in list(self.sessions.values()):
            if session.wants("GUILD_CREATE"):
                self._guild_create(session, guild)

    def _guild_create(self, session: Session, guild: Guild) -> None:
        bot_id = self._server.world.bot_user.id
        data = payloads.guild_create(guild, bot_id, all_members=bool(session.intents & GUILD_PRESENCES))
        session.dispatch("GUILD_CREATE", json.dumps(data))

    def _ready(self, session: Session, guilds: list[Guild]) -> dict[str, Any]:
        world = self._server.world
        granted = self._server.config.privileged_intents
        flags = (1 << 12 if granted & GUILD_PRESENCES else 1 << 13) | (1 << 14 if granted & GUILD_MEMBERS else 1 << 15)
        flags |= 1 << 18 if granted & MESSAGE_CONTENT else 1 << 19
        return {
            "v": 10,
            "user": payloads.user(world.bot_user) | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self._server.gateway_url,
            "application": {"id": str(world.application_id), "flags": flags},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "auth": {},
            "geo_ordered_rtc_regions": [],
        }

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self._server.config.token:
            await conn.close(4004)
            return
        session = self.sessions.get(str(data.get("session_id")))
        seq = int(data.get("seq") or 0)
        if session is None or (session.buffer and seq < session.buffer[0][0] - 1):
            conn.send_op(INVALID_SESSION, False)
            return
        old = session.connection
        if old is not None and old is not conn:  # a zombie connection still holds the session
            old.session = None
            session.connection = None
            await old.close(4009)
        session.connection = conn
        conn.session = session
        for number, frame in session.buffer:
            if number > seq:
                conn.send(frame)
        session.dispatch("RESUMED", "{}")

    def _chunk(self, session: Session, data: dict[str, Any]) -> None:
        world = self._server.world
        guild = world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        user_ids = [int(u) for u in data.get("user_ids") or []]
        if user_ids:
            members = [guild.members[u] for u in user_ids if u in guild.members]
        else:
            query = str(data.get("query") or "").lower()
            members = [m for m in guild.members.values() if m.user.username.lower().startswith(query)]
            limit = int(data.get("limit") or 0)
            members = members[:limit] if limit else members
        chunk = {
            "guild_id": str(guild.id),
            "members": [payloads.member(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in user_ids if u not in guild.members],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", json.dumps(chunk))

    # -- faults on demand -------------------------------------------------------------

    async def disconnect(self, code: int = 4000) -> None:
        """Close every socket with ``code``; sessions stay resumable unless the code is 1000/1001."""
        for conn in list(self.connections):
            if code in _FINAL_CLOSES and conn.session is not None:
                self.sessions.pop(conn.session.id, None)
            await conn.close(code)

    def reconnect(self) -> None:
        """op 7: ask every client to reconnect and resume."""
        for conn in list(self.connections):
            conn.send_op(RECONNECT, None)

    def invalidate(self, *, resumable: bool = False) -> None:
        """op 9: invalidate every session; without ``resumable`` the client must identify again."""
        for conn in list(self.connections):
            if conn.session is not None and not resumable:
                self.sessions.pop(conn.session.id, None)
            conn.send_op(INVALID_SESSION, resumable)

    async def close(self) -> None:
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await conn.close(1001)
            await conn.stop()
        self.connections.clear()
        self.sessions.clear()


def _without_content(data: dict[str, Any]) -> dict[str, Any]:
    return dict(data, content="", embeds=[], attachments=[], components=[])
