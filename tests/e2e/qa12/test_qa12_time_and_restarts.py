"""QA12: time and restarts — the daily post with the bot down across a daylight-saving change, a trivia
round caught by two restarts in a row, and a server whose facts no longer fit in one Discord upload.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from pathlib import Path

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import said
from tests.e2e.qa2.test_qa2_daily import at, fields, restart_at, utc
from tests.e2e.qa3.support import import_file, run
from tests.e2e.test_facts import ClockedHarness, daily_posts, set_daily
from tests.e2e.test_trivia import click, correct_id, fast, question, recorded, start, title
from tests.emulator import Emulator

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("saturday", "sunday_late", "monday_nine", "sunday_title"), [
    # Paris falls back on Sunday 25 October 2026: 09:00 is 07:00 UTC on Saturday, 08:00 UTC from Sunday.
    (utc(2026, 10, 24, 7), utc(2026, 10, 25, 8, 30), utc(2026, 10, 26, 8), "Sunday 25 October 2026"),
    # Paris springs forward on Sunday 29 March 2026: 09:00 is 08:00 UTC on Saturday, 07:00 UTC from Sunday.
    (utc(2026, 3, 28, 8), utc(2026, 3, 29, 7, 30), utc(2026, 3, 30, 7), "Sunday 29 March 2026"),
])
async def test_down_across_a_clock_change_and_back_after_post_time_posts_sunday_once_late(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness,
        saturday: int, sunday_late: int, monday_nine: int, sunday_title: str) -> None:
    w = discord_world
    await restart_at(harness, saturday - 3600)
    await set_daily(emulator, w)                                   # 09:00 Europe/Paris
    await at(harness, saturday)
    assert len(daily_posts(emulator, w.general)) == 1
    await harness.stop()                                           # down from Saturday until after Sunday's 09:00
    await restart_at(harness, sunday_late)
    await at(harness, sunday_late + 600)
    posts = daily_posts(emulator, w.general)
    assert [p.embeds[0]["title"] for p in posts][1:] == [f"Fact of the day · {sunday_title}"]
    status = await run(emulator, w, w.moderator, "daily status")
    assert fields(status)["Next post"].startswith(f"<t:{monday_nine}:F>")
    await restart_at(harness, monday_nine - 60)                    # and a restart just before Monday's post
    await at(harness, monday_nine - 1)
    assert len(daily_posts(emulator, w.general)) == 2
    await at(harness, monday_nine)
    await at(harness, monday_nine + 3600)
    assert len(daily_posts(emulator, w.general)) == 3
    assert len({p.embeds[0]["description"] for p in daily_posts(emulator, w.general)}) == 3


async def test_a_round_caught_by_two_restarts_is_announced_once_and_the_channel_plays_again(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, restart_bot) -> None:
    w = discord_world
    fast(doinel, 0.5)
    await start(emulator, w.general, w.alice, questions=3)
    q1 = await question(emulator, w.general, 1, 3)
    await click(emulator, q1, correct_id(q1), w.alice)
    await recorded(doinel, q1)
    await restart_bot()
    await emulator.wait_for_message(w.general, lambda m: "interrupted when I restarted" in m.content)
    bot = await restart_bot()                                      # a second restart soon after
    fast(bot, 0.5)
    again = await start(emulator, w.general, w.bob, questions=1)
    assert not again.ephemeral and "already running" not in (again.content or "")
    await question(emulator, w.general, 1, 1, after=q1)            # by now any notice of this start is out too
    notices = [m for m in emulator.messages(w.general) if "interrupted when I restarted" in m.content]
    assert len(notices) == 1
    assert title(emulator.message(q1.id)) == "Question interrupted"
    assert await bot.db.scalar("SELECT count(*) FROM trivia_rounds WHERE status = 'running'") == 1


SERVER_FACTS = json.dumps([{"text": f"Fact {i}: Truffaut shot the beach scene at Villers-sur-Mer, take {i}.",
                            "source": "QA"} for i in range(30)]).encode()


async def test_an_export_too_big_to_upload_points_to_a_way_that_gets_this_servers_facts(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, tmp_path: Path) -> None:
    w = discord_world
    await import_file(emulator, w, "mine.json", SERVER_FACTS)
    emulator.config.attachment_size_limit = 1024                   # as a bigger server meets Discord's 10 MB
    answer = said(await run(emulator, w, w.moderator, "facts export", format="json"))
    assert "more than Discord accepts" in answer, answer
    told = re.search(r"`python -m bot (export[^`]*) facts\.json`", answer)
    assert told is not None, answer
    # Do what the moderator was told to ask of the bot's owners, on the bot's own database.
    env = {**os.environ, "DATABASE_PATH": str(doinel.settings.database_path), "PYTHONPATH": str(ROOT),
           "LOG_LEVEL": "WARNING"}
    for name in ("DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DEV_GUILD_ID", "OWNER_IDS"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *told[1].split(), "-", cwd=tmp_path,
                                                   env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    texts = {f["text"] for f in json.loads(out)["facts"]}
    assert "Fact 7: Truffaut shot the beach scene at Villers-sur-Mer, take 7." in texts
