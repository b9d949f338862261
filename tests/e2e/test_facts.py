"""/fact and /daily end to end: the real bot, the emulator, and a clock the tests move.

The bot gets a ``ManualClock`` (its scheduler and "today" follow it); Discord itself runs in real
time. 2024-05-01 06:00 UTC is 08:00 in Paris, an hour before the 09:00 post.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("tests.emulator", reason="the Discord emulator is not in this tree yet")

from bot.client import Doinel, apply_endpoints
from bot.clock import ManualClock
from bot.facts.scheduler import DailyScheduler
from bot.tree import APOLOGY
from bot.ui.paginator import PREFIX
from tests.bot.facts.test_search import HOSTILE
from tests.e2e.conftest import READY_TIMEOUT, DiscordWorld, DoinelHarness
from tests.emulator import Channel, Emulator, Perm
from tests.emulator.appcommands import NotAllowed
from tests.emulator.pytest_plugin import run_client
from tests.emulator.state import Message

T0 = 1_714_543_200          # 2024-05-01 06:00 UTC = 08:00 Europe/Paris
NINE = T0 + 3600            # 09:00 in Paris: the post time used below
HOUR = 3600


@dataclass
class ClockedHarness(DoinelHarness):
    """The e2e harness, with the bot's clock in the test's hands."""

    clock: ManualClock | None = None

    async def start(self, *, extensions: Any = None) -> Doinel:
        """As ``DoinelHarness.start``, with ``clock`` handed to the bot."""
        if self.bot is not None:
            raise RuntimeError("Doinel is already running")
        if extensions is not None:
            self.extensions = extensions
        settings = self.settings()
        apply_endpoints(settings)
        bot = Doinel(settings, extensions=self.extensions, guild_ready_timeout=0.1, clock=self.clock)
        await self._running.enter_async_context(run_client(bot, self.emulator.config.token, timeout=READY_TIMEOUT))
        self.bot = bot
        return bot

    @property
    def scheduler(self) -> DailyScheduler:
        assert self.bot is not None
        return self.bot.get_cog("Daily").scheduler  # type: ignore[union-attr]

    async def settled(self) -> None:
        """Wait until the scheduler has looked at the clock as it is now and finished every post."""
        scheduler = self.scheduler
        async with asyncio.timeout(5):
            for _ in range(2):  # the first pass may have begun before the clock moved
                target = scheduler.passes + 1
                scheduler.wake()
                while scheduler.passes < target:  # noqa: ASYNC110 - polling the bot's progress
                    await asyncio.sleep(0.01)
        await scheduler.idle()


@pytest.fixture
async def harness(emulator: Emulator, discord_world: DiscordWorld, tmp_path: Path) -> AsyncIterator[ClockedHarness]:
    clocked = ClockedHarness(emulator, discord_world, tmp_path / "doinel.sqlite3", clock=ManualClock(T0))
    try:
        await clocked.start()
        yield clocked
    finally:
        await clocked.stop()


async def run(emulator: Emulator, world: DiscordWorld, member: Any, command: str, **options: Any) -> Any:
    record = await emulator.slash(world.general, member, command, **options)
    return await record.wait_done()


def text(record: Any) -> str:
    """What the member reads: the last followup if there is one, else the response."""
    if record.followups:
        return record.followups[-1].content or ""
    return record.content or ""


def daily_posts(emulator: Emulator, channel: Channel) -> list[Message]:
    """The scheduled posts in ``channel`` (not command answers)."""
    return [m for m in emulator.messages(channel) if m.embeds and not m.interaction_metadata
            and str(m.embeds[0].get("title", "")).startswith("Fact of the day ·")]


async def set_daily(emulator: Emulator, world: DiscordWorld, *, channel: Channel | None = None, time: str = "09:00",
                    timezone: str = "Europe/Paris", member: Any = None, **options: Any) -> Any:
    return await run(emulator, world, member or world.moderator, "daily set", channel=channel or world.general,
                     time=time, timezone=timezone, **options)


# --- /fact --------------------------------------------------------------------------------------------------

async def test_fact_today_random_show_history(emulator: Emulator, discord_world: DiscordWorld,
                                              harness: ClockedHarness) -> None:
    w = discord_world
    today = await run(emulator, w, w.alice, "fact today")
    [embed] = today.embeds
    assert embed["title"] == "Fact of the day · Wednesday 1 May 2024" and not today.ephemeral
    again = await run(emulator, w, w.bob, "fact today")
    assert again.embeds[0]["description"] == embed["description"]  # the same for everyone

    random = await run(emulator, w, w.alice, "fact random", film="Les Quatre Cents Coups")
    fields = {f["name"]: f["value"] for f in random.embeds[0]["fields"]}
    assert random.embeds[0]["title"].startswith("Fact #") and fields["Film"] == "The 400 Blows (1959)"

    fact_number = int(random.embeds[0]["title"].removeprefix("Fact #"))
    shown = await run(emulator, w, w.bob, "fact show", id=fact_number)
    assert shown.embeds[0]["description"] == random.embeds[0]["description"]
    assert {"Film", "Source", "Tags"} <= {f["name"] for f in shown.embeds[0]["fields"]}
    missing = await run(emulator, w, w.bob, "fact show", id=99_999)
    assert missing.ephemeral and missing.content == "There is no fact #99999 here."

    history = await run(emulator, w, w.alice, "fact history")
    assert history.ephemeral and "No fact of the day yet" in history.content
    assert emulator.violations == []


async def test_fact_search_pages_and_highlights(emulator: Emulator, discord_world: DiscordWorld,
                                                harness: ClockedHarness) -> None:
    w = discord_world
    found = await run(emulator, w, w.alice, "fact search", query="coups")
    page = found.embeds[0]
    assert page["title"] == "Search: “coups”" and "**coups**" in page["description"].lower()
    assert page["footer"]["text"].startswith("Page 1/")
    buttons = [c for row in found.original.components for c in row["components"]]
    next_id = next(b["custom_id"] for b in buttons if b["label"] == "Next ▶")
    assert next_id.startswith(PREFIX)
    click = await emulator.click(found.original, next_id, w.bob)  # anyone can page a public result
    await click.wait_done()
    assert found.original.embeds[0]["footer"]["text"].startswith("Page 2/")

    leaud = await run(emulator, w, w.alice, "fact search", query="Leaud")
    assert "**Léaud**" in leaud.embeds[0]["description"]
    assert emulator.violations == []


async def test_fact_search_marks_an_unverified_fact(emulator: Emulator, discord_world: DiscordWorld,
                                                   harness: ClockedHarness) -> None:
    w = discord_world
    found = await run(emulator, w, w.alice, "fact search", query="expression faire les quatre cents coups")
    page = found.embeds[0]
    first = page["description"].split("\n\n")[1]  # after the header: the best hit, the pack's unverified fact
    assert first.startswith("**#") and "⚠️" in first.split("\n")[0], first
    assert page["footer"]["text"].endswith("⚠️ From a source we could not double-check.")


async def test_search_title_shows_the_query_as_typed(emulator: Emulator, discord_world: DiscordWorld,
                                                    harness: ClockedHarness) -> None:
    w = discord_world
    record = await run(emulator, w, w.alice, "fact search", query="**Truffaut** __Léaud__")
    assert record.embeds[0]["title"] == "Search: “\\*\\*Truffaut\\*\\* \\_\\_Léaud\\_\\_”"  # not bold, not underlined


async def test_search_survives_hostile_input(emulator: Emulator, discord_world: DiscordWorld,
                                             harness: ClockedHarness) -> None:
    w = discord_world
    for query in HOSTILE:
        if not query.strip() or "\x00" in query:
            continue  # the Discord client does not send an empty or NUL option
        record = await run(emulator, w, w.alice, "fact search", query=query)
        if record.embeds:
            assert record.embeds[0]["title"].startswith("Search:")
        else:
            assert record.ephemeral and record.content.startswith("Nothing found"), (query, record.content)
        assert record.content != APOLOGY
    assert emulator.violations == []


async def test_autocomplete(emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    ids = await emulator.autocomplete(w.general, w.alice, "fact show", focused="id", id="7")
    assert [c["value"] for c in ids][:2] == [7, 70] and ids[0]["name"].startswith("#7 — ")
    films = await emulator.autocomplete(w.general, w.alice, "fact search", focused="film", query="x", film="quatre")
    assert [c["name"] for c in films] == ["The 400 Blows (1959)"]
    zones = await emulator.autocomplete(w.general, w.moderator, "daily set", focused="timezone",
                                        channel=w.general, time="09:00", timezone="kath")
    assert zones[0]["value"] == "UTC" and zones[1] == {"name": "Asia/Kathmandu (UTC+05:45)", "value": "Asia/Kathmandu"}
    everything = await emulator.autocomplete(w.general, w.moderator, "daily set", focused="timezone",
                                             channel=w.general, time="09:00", timezone="a")
    assert len(everything) == 25
    assert emulator.violations == []


# --- /daily -------------------------------------------------------------------------------------------------

async def test_daily_is_for_moderators(emulator: Emulator, discord_world: DiscordWorld,
                                       harness: ClockedHarness) -> None:
    with pytest.raises(NotAllowed):
        await emulator.slash(discord_world.general, discord_world.alice, "daily status")


async def test_daily_posts_at_the_configured_time(emulator: Emulator, discord_world: DiscordWorld,
                                                  harness: ClockedHarness) -> None:
    w = discord_world
    done = await set_daily(emulator, w)
    assert done.ephemeral and done.embeds[0]["title"] == "Daily facts are on"
    fields = {f["name"]: f["value"] for f in done.embeds[0]["fields"]}
    assert fields["First post"].startswith(f"<t:{NINE}:F>") and "Europe/Paris" in fields["When"]

    preview = await run(emulator, w, w.moderator, "daily preview")
    assert preview.ephemeral and preview.embeds[0]["footer"]["text"].startswith("Fact #")
    today = await run(emulator, w, w.alice, "fact today")
    before = {f["name"]: f["value"] for f in today.embeds[0]["fields"]}
    assert before["Daily post"] == f"Goes out <t:{NINE}:R>"  # not "Posted" before it is

    await harness.clock.set(NINE - 60)
    await harness.settled()
    assert daily_posts(emulator, w.general) == []
    await harness.clock.set(NINE)
    post = await emulator.wait_for_message(w.general, lambda m: bool(daily_posts(emulator, w.general)))
    assert post.embeds[0]["description"] == today.embeds[0]["description"] == preview.embeds[0]["description"]
    assert post.embeds[0]["footer"]["text"] == preview.embeds[0]["footer"]["text"]
    assert post.content == "" and post.mention_everyone is False and post.mention_roles == []

    status = await run(emulator, w, w.moderator, "daily status")
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert f"/{post.id})" in fields["Last post"] and fields["Next post"].startswith(f"<t:{NINE + 24 * HOUR}:F>")
    assert "Last error" not in fields
    history = await run(emulator, w, w.alice, "fact history")
    assert f"/{post.id})" in history.embeds[0]["description"]

    await harness.clock.set(NINE + 12 * HOUR)
    await harness.settled()
    assert len(daily_posts(emulator, w.general)) == 1
    assert emulator.violations == []


async def test_stopped_before_post_time_and_back_after_it_posts_once_late(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await harness.stop()
    harness.clock = ManualClock(NINE + 3 * HOUR)  # back at noon, same day
    await harness.start()
    await harness.settled()
    await harness.clock.advance(600)
    await harness.settled()
    assert len(daily_posts(emulator, w.general)) == 1


async def test_restarted_right_after_posting_posts_nothing_more(emulator: Emulator, discord_world: DiscordWorld,
                                                                harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await harness.clock.set(NINE)
    await emulator.wait_for_message(w.general, lambda m: bool(daily_posts(emulator, w.general)))
    await harness.settled()
    await harness.restart()
    await harness.settled()
    await harness.clock.advance(HOUR)
    await harness.settled()
    assert len(daily_posts(emulator, w.general)) == 1


async def test_back_the_next_day_never_posts_yesterdays(emulator: Emulator, discord_world: DiscordWorld,
                                                        harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await harness.stop()
    harness.clock = ManualClock(NINE + 20 * HOUR)  # 05:00 the next day
    await harness.start()
    await harness.settled()
    assert daily_posts(emulator, w.general) == []
    status = await run(emulator, w, w.moderator, "daily status")
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert "Missed 1 post (2024-05-01)" in fields["Last error"]
    await harness.clock.set(NINE + 24 * HOUR)
    post = await emulator.wait_for_message(w.general, lambda m: bool(daily_posts(emulator, w.general)))
    assert post.embeds[0]["title"] == "Fact of the day · Thursday 2 May 2024"


async def test_a_deleted_channel_is_reported_and_other_servers_still_post(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    other = await emulator.create_guild("Cinéphiles")
    lobby = await emulator.create_text_channel(other, "lobby")
    owner = emulator.owner(other)
    doomed = await emulator.create_text_channel(w.guild, "facts")
    await set_daily(emulator, w, channel=doomed)
    harness.bot.tree.copy_global_to(guild=harness.bot.get_guild(other.id))
    await harness.bot.tree.sync(guild=harness.bot.get_guild(other.id))
    record = await emulator.slash(lobby, owner, "daily set", channel=lobby, time="09:00", timezone="Europe/Paris")
    await record.wait_done()
    await emulator.delete_channel(doomed)
    await harness.clock.set(NINE)
    post = await emulator.wait_for_message(lobby, lambda m: bool(m.embeds))
    assert post.embeds[0]["title"].startswith("Fact of the day")
    await harness.settled()
    status = await run(emulator, w, w.moderator, "daily status")
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    today = fields["Today (Wednesday 1 May 2024)"]
    assert "no longer exists" in today and "10003" in today
    assert "Last error" not in fields and "Not posted earlier this week" not in fields  # said once, not three times
    assert fields["Next post"].startswith(f"<t:{NINE + 24 * HOUR}:F>")  # still scheduled
    assert emulator.violations == []


async def test_only_the_configured_role_is_pinged(emulator: Emulator, discord_world: DiscordWorld,
                                                  harness: ClockedHarness) -> None:
    w = discord_world
    fans = await emulator.create_role(w.guild, "Fact fans", mentionable=True)
    db = harness.bot.db
    async with db.transaction() as conn:  # a fact that tries to ping everyone
        await conn.execute("UPDATE facts SET text = '@everyone <@&' || ? || '> read this!' WHERE guild_id = 0",
                           (w.moderators.id,))
    await set_daily(emulator, w, ping_role=fans)
    await harness.clock.set(NINE)
    post = await emulator.wait_for_message(w.general, lambda m: bool(daily_posts(emulator, w.general)))
    assert post.content == f"<@&{fans.id}>" and post.mention_roles == [fans.id]
    assert post.mention_everyone is False and "@everyone" in post.embeds[0]["description"]


async def test_post_now_off_and_status(emulator: Emulator, discord_world: DiscordWorld,
                                       harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w, time="18:00")
    posted = await run(emulator, w, w.moderator, "daily post-now")
    assert posted.ephemeral and text(posted).startswith("Posted the fact of Wednesday 1 May 2024")
    assert len(daily_posts(emulator, w.general)) == 1
    again = await run(emulator, w, w.moderator, "daily post-now")
    assert "already posted" in text(again)
    off = await run(emulator, w, w.moderator, "daily off")
    assert off.ephemeral and "off" in off.content
    status = await run(emulator, w, w.moderator, "daily status")
    assert status.embeds[0]["title"] == "Daily facts: off"
    await harness.clock.set(T0 + 10 * HOUR)
    await harness.settled()
    assert len(daily_posts(emulator, w.general)) == 1
    still_off = await run(emulator, w, w.moderator, "daily post-now")
    assert still_off.ephemeral and "off" in text(still_off)


async def test_set_refuses_a_channel_it_cannot_post_in_and_posts_in_a_thread(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    locked = await emulator.create_text_channel(w.guild, "announcements")
    await emulator.set_overwrite(locked, emulator.bot_member(w.guild), deny=Perm.EMBED_LINKS)
    refused = await set_daily(emulator, w, channel=locked)
    assert refused.ephemeral and "Embed Links" in refused.content and f"<#{locked.id}>" in refused.content
    bad_time = await set_daily(emulator, w, time="25:99")
    assert bad_time.ephemeral and "not a time of day" in bad_time.content
    bad_zone = await set_daily(emulator, w, timezone="Mars/Olympus")
    assert bad_zone.ephemeral and "timezone" in bad_zone.content

    thread = await emulator.create_thread(w.general, "Fact of the day")
    done = await set_daily(emulator, w, thread=thread)
    assert done.embeds[0]["title"] == "Daily facts are on"
    await harness.clock.set(NINE)
    post = await emulator.wait_for_message(thread, lambda m: bool(m.embeds))
    assert post.embeds[0]["title"].startswith("Fact of the day")
    assert daily_posts(emulator, w.general) == []


async def test_removed_from_a_server_its_daily_posts_stop(emulator: Emulator, discord_world: DiscordWorld,
                                                          harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await emulator.delete_guild(w.guild)
    async with asyncio.timeout(5):
        while (await harness.bot.db.scalar("SELECT enabled FROM daily_schedules")) != 0:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    await harness.clock.set(NINE)
    await harness.settled()
    assert daily_posts(emulator, w.general) == []


async def test_back_days_later_posts_today_late_and_shows_what_was_missed(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await harness.stop()
    harness.clock = ManualClock(NINE + 2 * 24 * HOUR + 5 * HOUR)  # 14:00 on 3 May
    await harness.start()
    post = await emulator.wait_for_message(w.general, lambda m: bool(daily_posts(emulator, w.general)))
    assert post.embeds[0]["title"] == "Fact of the day · Friday 3 May 2024"
    await harness.settled()
    assert len(daily_posts(emulator, w.general)) == 1
    status = await run(emulator, w, w.moderator, "daily status")
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert "Wednesday 1 May 2024" in fields["Not posted earlier this week"]
    assert "Thursday 2 May 2024" in fields["Not posted earlier this week"]
    assert "offline" in fields["Not posted earlier this week"]
