"""Answer burst: N members answer the same trivia question as fast as the emulator can send the clicks.

The bot runs as its own process (``python -m bot run``), as in production, against the emulator in
this process; on a 2-core machine each gets a core. One round: a warm-up question, then ``BURSTS``
measured questions; every member clicks once per question (a quarter of them wrong, a different
quarter each time, so streaks break and resume). Per burst: latency from the emulator dispatching
INTERACTION_CREATE to it receiving the callback (p50/p99), throughput (clicks / time from the first
dispatch to the last callback) and the bot's CPU time per click. Every click must be answered, and
after the last reveal the ledger must hold exactly one row per click, right or wrong as clicked, with
the documented points (speed + streak), and the leaderboard must add up.

The floor, in the same run: ``bench.barebot``, a bare discord.py bot that only acknowledges each
click, measured the same way. Target: Doinel's throughput at least 0.8x the bare bot's, nothing lost.
Full size 1,000 members, smoke 100.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import emit, main, percentiles
from bot.db import Database
from bot.db import trivia_boards as boards
from tests.emulator import Emulator, EmulatorConfig
from tests.emulator.interactions import Interaction
from tests.emulator.state import Channel, Member, Message

SIZES = {"smoke": 100, "full": 1_000}
BURSTS = {"smoke": 3, "full": 5}
SECONDS = 120                     # the question stays open far longer than a burst takes
TARGET_RATIO = 0.8
ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "data" / "packs" / "the-400-blows.json"
CLICK_TIMEOUT = 60.0


@dataclass
class Burst:
    clicks: int
    seconds: float
    latencies_ms: list[float]
    cpu_ms: float
    answered: int
    bad: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.clicks / self.seconds


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process, in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


class BotProcess:
    """A bot started as a child process against the emulator; ready once it logged ``ready as``."""

    def __init__(self, module: str, env: dict[str, str]) -> None:
        self.module, self.env = module, env
        self.proc: asyncio.subprocess.Process | None = None
        self.log: list[str] = []
        self._reader: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self, emu: Emulator) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", *self.module.split(), cwd=ROOT, env={**os.environ, **self.env},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._ready.wait(), 60)
        while not emu.gateway.live_sessions:  # noqa: ASYNC110 - the session is attached right after READY
            await asyncio.sleep(0.01)

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            text = line.decode(errors="replace").rstrip()
            self.log.append(text)
            if "ready as" in text:
                self._ready.set()
        if not self._ready.is_set():
            raise RuntimeError(f"{self.module} exited:\n" + "\n".join(self.log[-20:]))

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            await self.proc.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


async def burst(emu: Emulator, bot: BotProcess, message: Message, members: Sequence[Member],
                pick: Callable[[int], str], expect: Callable[[Interaction], bool]) -> Burst:
    """Every member clicks once, all dispatched at once; wait for every answer."""
    # This process plays Discord: a full collection of its (large) heap in mid-burst would stall the
    # emulator for up to 200 ms and blur the bot's figures. Collect now and freeze what is left.
    gc.collect()
    gc.freeze()
    loop = asyncio.get_running_loop()
    cpu_before = cpu_ms(bot.pid)
    began = loop.time()
    records = [await emu.click(message, pick(i), m) for i, m in enumerate(members)]
    done = await asyncio.gather(*(r.wait_done(timeout=CLICK_TIMEOUT) for r in records), return_exceptions=True)
    cpu_after = cpu_ms(bot.pid)
    answered = [r for r, d in zip(records, done, strict=True) if not isinstance(d, BaseException) and r.callback]
    last = max((r.callback.at for r in answered if r.callback), default=loop.time())
    bad = [f"{r.id}: {r.content!r} {r.errors}" for r in answered if not expect(r)]
    bad += [f"{r.id}: no answer" for r, d in zip(records, done, strict=True) if isinstance(d, BaseException)]
    return Burst(len(records), last - began, [r.latency * 1000 for r in answered if r.latency is not None],
                 cpu_after - cpu_before, len(answered), bad)


async def world(emu: Emulator, n: int) -> tuple[Channel, Member, list[Member]]:
    guild = await emu.create_guild("Burst")
    channel = await emu.create_text_channel(guild, "trivia")
    members = [await emu.add_member(guild, f"player{i}") for i in range(n)]
    return channel, emu.owner(guild), members


def bot_env(emu: Emulator, guild_id: int) -> dict[str, str]:
    return {"DISCORD_TOKEN": emu.config.token, "DISCORD_API_BASE": emu.api_base,
            "DISCORD_GATEWAY_URL": emu.gateway_url, "DEV_GUILD_ID": str(guild_id), "LOG_LEVEL": "INFO",
            "OWNER_IDS": ""}


# --- the floor: a bare bot -------------------------------------------------------------------------------

async def run_bare(n: int, bursts: int) -> list[Burst]:
    async with Emulator(EmulatorConfig()) as emu:
        channel, owner, members = await world(emu, n)
        bot = BotProcess("bench.barebot", bot_env(emu, channel.guild_id))
        await bot.start(emu)
        try:
            results = []
            for number in range(bursts + 1):
                posted = await emu.slash(channel, owner, "buttons")
                await posted.wait_done()
                assert posted.original is not None
                result = await burst(emu, bot, posted.original, members,
                                     lambda i, b=number: f"bare:{'abcd'[(i + b) % 4]}",
                                     lambda r: bool(r.ephemeral and (r.content or "").startswith("Locked in")))
                if number:  # the first is the warm-up
                    results.append(result)
            return results
        finally:
            await bot.stop()


# --- Doinel ----------------------------------------------------------------------------------------------

def answers() -> dict[str, str]:
    return {q["prompt"]: q["answers"][0] for q in json.loads(PACK.read_text(encoding="utf-8"))["questions"]}


def title(message: Message) -> str:
    return message.embeds[0].get("title", "") if message.embeds else ""


def right_and_wrong(message: Message, known: dict[str, str]) -> tuple[str, str]:
    """Custom ids of the right answer and of a wrong one, found from the pack (black box)."""
    prompt = re.match(r"\*\*(.+?)\*\*", message.embeds[0]["description"]).group(1)  # type: ignore[union-attr]
    buttons = [c for row in message.components for c in row.get("components", [])]
    right = next(b["custom_id"] for b in buttons if b["label"].split(" · ", 1)[1] == known[prompt])
    return right, next(b["custom_id"] for b in buttons if b["custom_id"] != right)


def is_wrong(member_index: int, question: int) -> bool:
    """A different quarter of the members answers wrong at each question."""
    return (member_index + question) % 4 == 0


async def skip(emu: Emulator, channel: Channel, owner: Member) -> None:
    record = await emu.slash(channel, owner, "trivia skip")
    await record.wait_done(timeout=10)


async def run_doinel(n: int, bursts: int, db_path: Path) -> tuple[list[Burst], dict[str, Any]]:
    known = answers()
    questions = bursts + 1
    async with Emulator(EmulatorConfig()) as emu:
        channel, owner, members = await world(emu, n)
        bot = BotProcess("bot run", {**bot_env(emu, channel.guild_id), "DATABASE_PATH": str(db_path)})
        await bot.start(emu)
        try:
            started = await emu.slash(channel, owner, "trivia start", questions=questions, seconds=SECONDS)
            await started.wait_done(timeout=10)
            await skip(emu, channel, owner)  # no need to wait out the 3 s before the first question
            results = []
            for number in range(1, questions + 1):
                question = await emu.wait_for_message(channel, lambda m, k=number: title(m) == f"Question {k}/"
                                                      f"{questions}", timeout=15)
                right, wrong = right_and_wrong(question, known)
                result = await burst(emu, bot, question, members,
                                     lambda i, k=number, w=wrong, r=right: w if is_wrong(i, k) else r,
                                     lambda r: bool(r.ephemeral and (r.content or "").startswith("Locked in")))
                if number > 1:
                    results.append(result)
                await skip(emu, channel, owner)  # reveal now
                await emu.wait_for_message(channel, lambda m, k=number: title(m) == f"Question {k}/{questions} · "
                                           "answer", timeout=15)
                if number < questions:
                    await skip(emu, channel, owner)  # and cut the pause before the next question
            await emu.wait_for_message(channel, lambda m: title(m).startswith("🏁"), timeout=15)
        finally:
            await bot.stop()
        ledger = check_ledger(db_path, channel.guild_id, members, questions)
        ledger["board_mismatches"] = await check_board(db_path, channel.guild_id, ledger.pop("_totals"))
        ledger["violations"] = len(emu.violations)
    return results, ledger


def expected_points(answer_ms: int, streak: int) -> int:
    """The documented rule (README, bot/trivia/scoring.py), written out again: 50-100 for speed + streak bonus."""
    limit = SECONDS * 1000
    speed = 50 + round(50 * (1 - min(max(answer_ms, 0), limit) / limit))
    return speed + 10 * min(max(streak - 1, 0), 5)


def check_ledger(db_path: Path, guild_id: int, members: Sequence[Member], questions: int) -> dict[str, Any]:
    """Every click is one ledger row with the right correctness and points; the leaderboard adds up."""
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT user_id, position, correct, points, answer_ms FROM trivia_scores "
                           "WHERE guild_id = ? ORDER BY user_id, position", (guild_id,)).fetchall()
    finally:
        con.close()
    by_member: dict[int, list[tuple[int, int, int, int]]] = {}
    for user_id, position, correct, points, answer_ms in rows:
        by_member.setdefault(user_id, []).append((position, correct, points, answer_ms))
    wrong_rows = 0
    totals: dict[int, tuple[int, int]] = {}
    for index, member in enumerate(members):
        mine = by_member.get(member.id, [])
        if [p for p, *_ in mine] != list(range(questions)):
            wrong_rows += 1
            continue
        streak = points_sum = correct_sum = 0
        for position, correct, points, answer_ms in mine:
            right = not is_wrong(index, position + 1)
            streak = streak + 1 if right else 0
            if bool(correct) != right or points != (expected_points(answer_ms, streak) if right else 0) \
                    or not 0 <= answer_ms <= SECONDS * 1000:
                wrong_rows += 1
            points_sum += points
            correct_sum += right
        totals[member.id] = (points_sum, correct_sum)
    return {"ledger_rows": len(rows), "expected_rows": len(members) * questions, "wrong_rows": wrong_rows,
            "ledger_members": len(by_member), "points": sum(p for p, _ in totals.values()), "_totals": totals}


async def check_board(db_path: Path, guild_id: int, totals: dict[int, tuple[int, int]]) -> int:
    """Members whose leaderboard row disagrees with the ledger (points, correct answers)."""
    db = await Database.open(db_path)
    try:
        page = await boards.leaderboard(db, guild_id, limit=len(totals) + 10)
    finally:
        await db.close()
    shown = {r.user_id: (r.points, r.correct) for r in page.rows}
    return sum(shown.get(uid) != want for uid, want in totals.items()) + abs(page.total - len(totals))


def summary(results: list[Burst]) -> dict[str, Any]:
    latencies = [x for b in results for x in b.latencies_ms]
    clicks = sum(b.clicks for b in results)
    return {"clicks": clicks, "answered": sum(b.answered for b in results), "bad": sum(len(b.bad) for b in results),
            "latency": percentiles(latencies),
            "throughput_per_s": round(statistics.median(b.throughput for b in results), 1),
            "throughput_each": [round(b.throughput) for b in results],
            "cpu_ms_per_click": round(sum(b.cpu_ms for b in results) / clicks, 3)}


async def run(size: str) -> None:
    n, bursts = SIZES[size], BURSTS[size]
    bare = summary(await run_bare(n, bursts))
    emit("answer_burst", size, bot="bare discord.py", members=n, bursts=bursts, **bare)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "burst.sqlite3"
        results, ledger = await run_doinel(n, bursts, db_path)
    doinel = summary(results)
    ratio = doinel["throughput_per_s"] / bare["throughput_per_s"]
    emit("answer_burst", size, bot="doinel", members=n, bursts=bursts, **doinel, **ledger,
         throughput_ratio=round(ratio, 2), cpu_ratio=round(doinel["cpu_ms_per_click"] / bare["cpu_ms_per_click"], 2),
         target_ratio=TARGET_RATIO,
         ok=ratio >= TARGET_RATIO and doinel["answered"] == doinel["clicks"] and not doinel["bad"]
         and ledger["wrong_rows"] == 0 and ledger["ledger_rows"] == ledger["expected_rows"]
         and ledger["board_mismatches"] == 0)


if __name__ == "__main__":
    main("answer_burst", run)
