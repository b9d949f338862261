"""Daily posts at scale: every server set to the same local minute, Discord's rate limits enforced.

The real bot runs in this process against the emulator (global limit 50 requests/s and Discord's
per-route buckets), with a ``ManualClock``: schedules are due at 09:00 Europe/Paris and the bench
moves the clock there instead of waiting for it. First the bot idles while the clock runs towards
the post time (its CPU time is measured: near zero is the target); then the clock reaches 09:00 and
every server must get exactly one post (checked in the emulator's channels and in the ledger). The
drain time is compared with the floor the global limit sets, servers / 50 s (target within 1.2x,
without 429 storms). Full size: 1,000 then 10,000 servers (about 5 minutes in all); smoke 200.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import emit, main
from bot.client import Doinel, apply_endpoints
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.bundled import sync_bundled_packs
from bot.db import Database
from tests.emulator import Emulator, EmulatorConfig
from tests.emulator.config import DISCORD_BUCKETS, RateLimit
from tests.emulator.pytest_plugin import run_client

SIZES = {"smoke": (200,), "full": (1_000, 10_000)}
IDLE_SECONDS = {"smoke": 3.0, "full": 15.0}
GLOBAL_LIMIT = 50                                  # requests per second, as Discord
ZONE = "Europe/Paris"
POST_AT = datetime(2024, 5, 1, 9, 0, tzinfo=ZoneInfo(ZONE))
DUE = int(POST_AT.timestamp())
START = DUE - 3600                                 # the bot starts an hour before the post time
TARGET_RATIO = 1.2
ROUTE = "POST /channels/{channel_id}/messages"


async def prepare(db_path: Path, channels: dict[int, int]) -> None:
    """The bundled facts and one schedule per server, written directly (setup is not what is measured)."""
    db = await Database.open(db_path)
    try:
        await sync_bundled_packs(db)
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO daily_schedules (guild_id, channel_id, local_time, timezone, enabled, next_post_at, "
                "updated_at) VALUES (?, ?, '09:00', ?, 1, ?, ?)",
                [(guild_id, channel_id, ZONE, DUE, START) for guild_id, channel_id in channels.items()])
    finally:
        await db.close()


def cpu_seconds() -> float:
    return time.process_time()


async def idle(bot: Doinel, clock: ManualClock, seconds: float) -> dict[str, Any]:
    """Let the clock run towards the post time (30 clock seconds every half second) and measure CPU."""
    scheduler = bot.get_cog("Daily").scheduler  # type: ignore[union-attr]
    passes, cpu, began = scheduler.passes, cpu_seconds(), time.perf_counter()
    steps = int(seconds / 0.5)
    for _ in range(steps):
        await asyncio.sleep(0.5)
        await clock.advance(30)
    spent = cpu_seconds() - cpu
    wall = time.perf_counter() - began
    return {"idle_s": round(wall, 1), "idle_clock_s": steps * 30, "idle_cpu_ms": round(spent * 1000, 1),
            "idle_cpu_percent": round(100 * spent / wall, 2), "idle_scheduler_passes": scheduler.passes - passes}


async def drain(emu: Emulator, clock: ManualClock, servers: int) -> float:
    """Move the clock to the post time; seconds until every server's post is in its channel."""
    started = time.perf_counter()
    await clock.set(DUE)
    deadline = started + servers / GLOBAL_LIMIT * 3 + 60
    while sum(1 for r in emu.requests_to(ROUTE) if r.status == 200) < servers:
        if time.perf_counter() > deadline:
            break
        await asyncio.sleep(0.05)
    return time.perf_counter() - started


async def check(emu: Emulator, db_path: Path, channels: dict[int, int]) -> dict[str, Any]:
    """Exactly one post per server, in its channel and in the ledger, with the same message id."""
    posted = {}
    duplicates = missing = 0
    for guild_id, channel_id in channels.items():
        messages = emu.messages(emu.world.channels[channel_id])
        if len(messages) > 1:
            duplicates += 1
        if not messages:
            missing += 1
        else:
            posted[guild_id] = messages[0].id
    db = await Database.open(db_path)
    try:
        rows = await db.fetchall("SELECT guild_id, state, message_id FROM daily_posts")
    finally:
        await db.close()
    ledger = {r["guild_id"]: (r["state"], r["message_id"]) for r in rows}
    mismatched = sum(ledger.get(g) != ("posted", m) for g, m in posted.items())
    statuses = [r.status for r in emu.requests]
    return {"posted": len(posted), "missing": missing, "duplicates": duplicates, "ledger_rows": len(rows),
            "ledger_mismatches": mismatched + sum(1 for g in ledger if g not in posted),
            "requests": len(statuses), "rate_limited_429": statuses.count(429), "violations": len(emu.violations)}


async def run(size: str) -> None:
    for servers in SIZES[size]:
        await run_servers(size, servers)


async def run_servers(size: str, servers: int) -> None:
    config = EmulatorConfig(compress=False, global_rate_limit=RateLimit(GLOBAL_LIMIT, 1.0),
                            bucket_limits=dict(DISCORD_BUCKETS))
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "daily.sqlite3"
        async with Emulator(config) as emu:
            channels = {}
            for i in range(servers):
                guild = await emu.create_guild(f"Film club {i}")
                channels[guild.id] = (await emu.create_text_channel(guild, "facts")).id
            await prepare(db_path, channels)
            settings = Settings.from_env({"DISCORD_TOKEN": config.token, "DATABASE_PATH": str(db_path),
                                          "DISCORD_API_BASE": emu.api_base, "DISCORD_GATEWAY_URL": emu.gateway_url},
                                         dotenv=False)
            apply_endpoints(settings)
            clock = ManualClock(START)
            bot = Doinel(settings, clock=clock, guild_ready_timeout=0.1)
            async with run_client(bot, config.token, timeout=120 + servers / 100):
                idle_figures = await idle(bot, clock, IDLE_SECONDS[size])
                seconds = await drain(emu, clock, servers)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(30):
                        await bot.get_cog("Daily").scheduler.idle()  # type: ignore[union-attr]
            figures = await check(emu, db_path, channels)
    floor = servers / GLOBAL_LIMIT
    emit("daily_posts", size, servers=servers, drain_s=round(seconds, 1), floor_s=round(floor, 1),
         ratio=round(seconds / floor, 2), target_ratio=TARGET_RATIO, **figures, **idle_figures,
         ok=seconds / floor <= TARGET_RATIO and figures["posted"] == servers and not figures["duplicates"]
         and not figures["ledger_mismatches"] and figures["rate_limited_429"] <= servers // 100)


if __name__ == "__main__":
    main("daily_posts", run)
