"""The aiohttp application: REST v10 under ``/api/v10``, the gateway at ``/``, on 127.0.0.1."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from aiohttp import web

from . import rest_application, rest_channels, rest_guilds, rest_interactions
from .config import EmulatorConfig
from .faults import Faults
from .gateway import Gateway
from .interactions import InteractionStore
from .ratelimit import RateLimiter
from .rest import SERVER_KEY, RequestRecord, Violation, discord_middleware
from .state import Message, World
from .waiting import Waiters

log = logging.getLogger(__name__)


class EmulatorServer:
    """State, gateway and REST of one emulated Discord; :class:`~.driver.Emulator` adds the test API."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.world = World(self.config.application_id, self.config.bot_name)
        self.gateway = Gateway(self)
        self.interactions = InteractionStore()
        self.limiter = RateLimiter(self.config)
        self.faults = Faults()
        self.violations: list[Violation] = []
        self.requests: list[RequestRecord] = []
        self.unhandled: list[str] = []
        self.blocked_hosts: list[str] = []  # filled by the loopback guard of the pytest fixture
        self.sync_log: list[tuple[int | None, int]] = []  # (guild id or None for global, command count)
        self._message_waiters: dict[int, Waiters[Message]] = {}
        self._violation_waiters: Waiters[Violation] = Waiters()
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # -- addresses -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the emulator is not started")
        return f"http://{self.config.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be set to."""
        return f"ws://{self.config.host}:{self.port}/"

    # -- lifecycle -------------------------------------------------------------------

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[discord_middleware], client_max_size=64 * 1024 * 1024)
        app[SERVER_KEY] = self
        app.router.add_get("/", self.gateway.handle)
        for module in (rest_application, rest_channels, rest_guilds, rest_interactions):
            app.router.add_routes(module.routes)
        return app

    async def start(self) -> Self:
        if self.config.host != "127.0.0.1":
            raise ValueError("the emulator only listens on 127.0.0.1")
        self._runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.debug("Discord emulator listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # -- observation hooks -----------------------------------------------------------

    def notify_message(self, message: Message) -> None:
        waiters = self._message_waiters.get(message.channel_id)
        if waiters is not None:
            waiters.notify(message)

    def message_waiters(self, channel_id: int) -> Waiters[Message]:
        return self._message_waiters.setdefault(channel_id, Waiters())

    def record_violation(self, violation: Violation) -> None:
        log.warning("Discord would refuse %s %s: %s", violation.method, violation.path, "; ".join(violation.problems))
        self.violations.append(violation)
        self._violation_waiters.notify(violation)
