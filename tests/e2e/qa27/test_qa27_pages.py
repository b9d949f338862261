"""QA27: turning pages and reading the boards' periods, with a screen reader and from another time zone."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa27.support import labels
from tests.e2e.test_facts import T0, ClockedHarness, run
from tests.emulator import Emulator

MONDAY = 1_714_348_800       # Monday 29 April 2024 00:00 UTC: the week T0 (Wednesday 1 May) is in
FIRST_OF_MAY = 1_714_521_600  # 1 May 2024 00:00 UTC


def navigation(message) -> list[dict]:
    """The page-turning buttons of a paged reply (not the page counter)."""
    return [b for b in labels(message) if b["custom_id"].startswith("pager:") and not b["custom_id"].endswith(":page")]


@pytest.mark.parametrize(("command", "options"), [("fact search", {"query": "Truffaut"}),
                                                  ("search", {"query": "Truffaut"})])
async def test_page_buttons_say_what_they_do(emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
                                             command: str, options: dict) -> None:
    """Alice uses a screen reader. She searches /fact search Truffaut and tabs to the buttons under the
    results: her reader announces "left-pointing double angle quotation mark, button, dimmed", "single
    right-pointing angle quotation mark, button"… (or nothing at all at the default punctuation level).
    The paginator's own docstring calls them First / Previous / Next / Last; the review queue labels its
    own "Next ▶" and "⏮ Oldest". Each page-turning button should say in words what it does."""
    w = discord_world
    answered = await run(emulator, w, w.alice, command, **options)
    buttons = navigation(answered.original)
    assert len(buttons) == 4, buttons
    wordless = [b["label"] for b in buttons if not any(ch.isalpha() for ch in b["label"])]
    assert not wordless, f"page buttons with no word: {wordless}"


@pytest.mark.parametrize(("period", "start"), [("week", MONDAY), ("month", FIRST_OF_MAY)])
async def test_a_period_board_says_when_it_began_in_each_members_time(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness, period: str, start: int) -> None:
    """Bob lives in Los Angeles. /trivia leaderboard period:week is titled "This week (UTC, from Monday)":
    for him that week began on Sunday at 17:00, so the points he scored on Sunday evening are on "this
    week's" board although his Monday had not begun; /trivia stats only adds "Weeks and months are UTC".
    Where a member's own time zone matters, Discord's convention is a timestamp (<t:…>) each member reads
    in their own time: the board should say when its period began that way (in the text, where Discord
    renders it)."""
    assert T0 - start < 7 * 86_400
    w = discord_world
    board = await run(emulator, w, w.bob, "trivia leaderboard", period=period)
    message = board.original
    rendered = [message.content or ""]
    for embed in message.embeds:            # Discord renders <t:…> in descriptions and field values only
        rendered += [str(embed.get("description", ""))] + [str(f.get("value", "")) for f in embed.get("fields") or []]
    assert any(f"<t:{start}:" in part for part in rendered), rendered
