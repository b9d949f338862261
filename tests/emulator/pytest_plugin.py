"""Fixtures for tests that run a discord.py client against the emulator.

``emulator`` starts a fresh emulator per test, points discord.py at it and refuses any
address but 127.0.0.1 for the test's duration; ``run_client`` starts any discord.py
client in the test's loop and waits for ``on_ready``. Teardown closes the client, the
websockets and the runner, then fails the test if a task or a keep-alive thread outlived
it. Import the fixtures into a conftest::

    from tests.emulator.pytest_plugin import emulator, emulator_config  # noqa: F401
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import discord
import pytest
import yarl

from .config import EmulatorConfig
from .driver import Emulator

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class NetworkBlocked(ConnectionRefusedError):
    """A test tried to reach something other than the loopback address."""


@contextlib.contextmanager
def loopback_only(refused: list[str] | None = None) -> Iterator[list[str]]:
    """Refuse every name lookup and connection to anything but 127.0.0.1; collect the refused hosts."""
    refused = [] if refused is None else refused
    real_connect, real_connect_ex, real_getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def check(host: object) -> None:
        if isinstance(host, bytes):
            host = host.decode()
        if host not in _LOOPBACK:
            refused.append(str(host))
            raise NetworkBlocked(f"tests may only reach 127.0.0.1, not {host!r}")

    def connect(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            check(address[0])
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            check(address[0])
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None:
            check(host)
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo  # type: ignore[method-assign,assignment]
    try:
        yield refused
    finally:
        socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo


@contextlib.contextmanager
def pointed_at(emu: Emulator) -> Iterator[None]:
    """Point discord.py's REST base and gateway at ``emu`` for the duration of the block."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = emu.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(emu.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def run_client(client: discord.Client, token: str, *, timeout: float = 10.0) -> AsyncIterator[discord.Client]:  # noqa: ASYNC109 - a test wait API takes its timeout
    """Start ``client`` in this loop, wait until it is ready, and close it on exit.

    A start-up failure (LoginFailure, PrivilegedIntentsRequired, ConnectionClosed ...)
    is raised here instead of hanging until the timeout.
    """
    runner = asyncio.create_task(client.start(token), name="emulated-client")
    ready = asyncio.create_task(client.wait_until_ready(), name="emulated-client-ready")
    try:
        done, _ = await asyncio.wait({runner, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()  # raises the start-up error
            raise RuntimeError("the client stopped before it was ready")
        if ready not in done:
            raise TimeoutError(f"the client was not ready after {timeout}s")
        yield client
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(runner, 5.0)


# discord.py never cancels the timeout timers of views still waiting when the client closes.
_DISCORD_LEFTOVERS = ("BaseView.__timeout_task_impl",)


def _leftover(task: asyncio.Task[object]) -> bool:
    coro = task.get_coro()
    return getattr(coro, "__qualname__", "").endswith(_DISCORD_LEFTOVERS)


async def assert_no_leaks(grace: float = 1.0) -> None:
    """Fail if a task (other than the caller) or a discord.py keep-alive thread is still alive.

    View timeout timers that discord.py leaves behind on close are cancelled, not reported.
    """
    current = asyncio.current_task()
    for task in asyncio.all_tasks():
        if _leftover(task):
            task.cancel()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    while True:
        tasks = [t for t in asyncio.all_tasks() if t is not current and not t.done() and not _leftover(t)]
        threads = [t for t in threading.enumerate() if t.name.startswith("keep-alive-handler") and t.is_alive()]
        if not tasks and not threads:
            return
        if loop.time() >= deadline:
            break
        await asyncio.sleep(0.02)
    for task in tasks:
        task.cancel()
    names = [t.get_name() for t in tasks] + [t.name for t in threads]
    pytest.fail(f"leaked after the test: {names}")


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Override in a test module to change the emulator's knobs."""
    return EmulatorConfig()


@pytest.fixture
async def emulator(emulator_config: EmulatorConfig) -> AsyncIterator[Emulator]:
    """A started emulator with discord.py pointed at it and every non-loopback address refused."""
    emu = Emulator(emulator_config)
    with loopback_only(emu.blocked_hosts):
        async with emu:
            with pointed_at(emu):
                yield emu
        await assert_no_leaks()
