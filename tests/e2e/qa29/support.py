"""Helpers for QA29: a film club that has run Doinel's fact of the day every morning for a year.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_facts import daily_posts
from tests.emulator import Emulator, Member, Message

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY = date(2024, 5, 1)          # a Wednesday; the harness starts at 08:00 Paris that morning


def paris_nine(day: int) -> int:
    """09:00 in Paris, ``day`` days after Wednesday 1 May 2024, whatever the clocks did (UTC+2 in summer, +1 in
    winter)."""
    return int(datetime.combine(FIRST_DAY + timedelta(days=day), time(9, 0), PARIS).timestamp())


def posted_ids(emulator: Emulator, world: DiscordWorld) -> list[int]:
    """The fact numbers of the daily posts in #general, oldest first (the footer reads 'Fact #12 · …')."""
    return [int(re.search(r"Fact #(\d+)", p.embeds[0]["footer"]["text"])[1])
            for p in daily_posts(emulator, world.general)]


def buttons(message: Message) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in message.components for c in row["components"] if "label" in c}


async def click(emulator: Emulator, message: Message, label: str, member: Member) -> None:
    await (await emulator.click(message, buttons(message)[label], member)).wait_done()
