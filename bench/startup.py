"""Start-up and memory: a real ``python -m bot`` process against the emulator, with a large database.

Measures process start -> first slash command answered (what a member notices) and -> on_ready,
and the process's peak RSS. Full size: 1,000,000 facts and 1,000 servers (target: ready < 3 s,
RSS < 150 MB). Smoke: 20,000 facts, 50 servers.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import emit, main
from bench.import_pack import generate
from bot.content.pack import parse_pack
from bot.db import Database
from bot.db.packs import import_pack
from tests.emulator import Emulator, EmulatorConfig

SIZES = {"smoke": (20_000, 50), "full": (1_000_000, 1_000)}
ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


async def prepare_db(path: Path, facts: int) -> None:
    db = await Database.open(path)
    try:
        await import_pack(db, parse_pack(generate(facts, max(1, facts // 10)), "bench"))
    finally:
        await db.close()


async def wait_for_log(stream: asyncio.StreamReader, needle: str, seen: list[str]) -> float:
    while True:
        line = await stream.readline()
        if not line:
            raise RuntimeError("the bot exited:\n" + "".join(seen[-20:]))
        text = line.decode(errors="replace")
        seen.append(text)
        if needle in text:
            return time.perf_counter()


async def run(size: str) -> None:
    n_facts, n_servers = SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "startup.sqlite3"
        await prepare_db(db_path, n_facts)
        config = EmulatorConfig(compress=False, global_rate_limit=None)
        async with Emulator(config) as emu:
            guilds = [await emu.create_guild(f"Server {i}") for i in range(n_servers)]
            channel = await emu.create_text_channel(guilds[0], "general")
            member = await emu.add_member(guilds[0], "member")
            env = {**os.environ, "DISCORD_TOKEN": config.token, "DATABASE_PATH": str(db_path),
                   "DEV_GUILD_ID": str(guilds[0].id), "DISCORD_API_BASE": emu.api_base,
                   "DISCORD_GATEWAY_URL": emu.gateway_url, "LOG_LEVEL": "INFO", "OWNER_IDS": ""}
            started = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )
            seen: list[str] = []
            try:
                assert proc.stderr is not None
                synced = await asyncio.wait_for(wait_for_log(proc.stderr, "synced", seen), 60)
                while not emu.gateway.live_sessions:  # noqa: ASYNC110 - IDENTIFY follows the sync in ms
                    await asyncio.sleep(0.005)
                record = await emu.slash(channel, member, "about")
                await record.wait_done(timeout=30)
                answered = time.perf_counter()
                ready = await asyncio.wait_for(wait_for_log(proc.stderr, "ready as", seen), 60)
                rss = peak_rss_mb(proc.pid)
            finally:
                proc.terminate()
                await proc.wait()
    emit("startup", size, facts=n_facts, servers=n_servers,
         commands_synced_s=round(synced - started, 2), first_answer_s=round(answered - started, 2),
         on_ready_s=round(ready - started, 2), peak_rss_mb=rss, target_ready_s=3, target_rss_mb=150,
         note="on_ready includes discord.py's guild_ready_timeout (2 s) after the last GUILD_CREATE")


if __name__ == "__main__":
    main("startup", run)
