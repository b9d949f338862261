"""QA30 helpers: Sam's shell. The CLI and the bot run as real processes (``python -m bot ...``), as Sam runs them."""

from __future__ import annotations

import asyncio
import os
import resource
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import DiscordWorld
from tests.emulator import Emulator

REPO = Path(__file__).resolve().parents[3]
BUNDLED_PACK = REPO / "data" / "packs" / "the-400-blows.json"
SETTINGS = ("DISCORD_TOKEN", "DATABASE_PATH", "DEV_GUILD_ID", "OWNER_IDS", "LOG_LEVEL", "DISCORD_API_BASE",
            "DISCORD_GATEWAY_URL", "MESSAGE_CONTENT_INTENT")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.strip().splitlines() if line.strip()]


def base_env(**settings: str) -> dict[str, str]:
    """The process environment without any Doinel setting of the test runner's, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(settings)
    return env


def limit_file_size(max_bytes: int) -> Callable[[], None]:
    """A pre-exec hook: the process may write no file beyond ``max_bytes`` (a disk that fills up)."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


async def cli(*args: str, env: Mapping[str, str], cwd: Path, timeout: float = 60,  # noqa: ASYNC109
              preexec_fn: Callable[[], None] | None = None) -> Result:
    """Run ``python -m bot ARGS`` the way Sam does in a shell and wait for it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=dict(env), preexec_fn=preexec_fn,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return Result(process.returncode, out.decode(errors="replace"), err.decode(errors="replace"))


def emulated_env(emulator: Emulator, world: DiscordWorld, database: Path, **extra: str) -> dict[str, str]:
    """Sam's .env, pointed at the local emulator instead of Discord."""
    settings = {"DISCORD_TOKEN": emulator.config.token, "DATABASE_PATH": str(database),
                "DEV_GUILD_ID": str(world.guild.id), "DISCORD_API_BASE": emulator.api_base,
                "DISCORD_GATEWAY_URL": emulator.gateway_url, "LOG_LEVEL": "INFO"}
    return base_env(**{**settings, **extra})


async def start_bot_process(env: Mapping[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """``python -m bot run`` as systemd would start it (stderr is the journal)."""
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=cwd, env=dict(env),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def wait_until(predicate: Callable[[], bool], timeout: float = 30,  # noqa: ASYNC109
                     what: str = "condition") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
