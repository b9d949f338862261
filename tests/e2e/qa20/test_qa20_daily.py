"""QA20: a French film club's first month of the fact of the day — threads, deleted channels, the audit trail,
and day boundaries (Paris summer time, midnight, restarts at the posting minute).

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

import asyncio

from bot.tree import APOLOGY
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, said
from tests.e2e.qa2.test_qa2_daily import DAY, HOUR, NINE, at, fields, restart_at, utc
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.emulator import Channel, Emulator, events


def titles(emulator: Emulator, channel: Channel) -> list[str]:
    return [p.embeds[0]["title"] for p in daily_posts(emulator, channel)]


async def archive(emulator: Emulator, thread: Channel, *, locked: bool = False) -> None:
    """Discord archives a quiet thread (auto-archive), or a moderator closes and locks it."""
    thread.archived, thread.locked = True, locked
    events.channel_updated(emulator, thread)
    await asyncio.sleep(0.05)   # the bot reads the THREAD_UPDATE


# -- QA20 1 -----------------------------------------------------------------------------------------------------

async def test_daily_set_in_a_thread_discord_archived_posts_there(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The club keeps its facts in the thread "Anecdote du jour" of #général. Nobody wrote in it for a day, so
    Discord auto-archived it (24 h of silence is the usual setting). The admin picks it in /daily set: the bot
    answers "Sorry, something went wrong on my side" and nothing is saved (discord.py cannot turn an archived
    thread, which it does not keep in its cache, into a Thread). An archived thread that is not locked takes
    posts (sending one reopens it): /daily set should accept it and 09:00's fact should go there."""
    w = discord_world
    thread = await emulator.create_thread(w.general, "Anecdote du jour")
    await archive(emulator, thread)
    done = await set_daily(emulator, w, thread=thread)
    assert APOLOGY not in said(done), said(done)
    assert done.ephemeral and done.embeds and done.embeds[0]["title"] == "Daily facts are on", said(done)
    await at(harness, NINE)
    assert titles(emulator, thread) == ["Fact of the day · Wednesday 1 May 2024"]


async def test_daily_set_in_a_locked_thread_says_why_and_saves_nothing(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """A moderator closed and locked last month's thread. Picked in /daily set, it is refused with the reason
    (Discord refuses posts in a closed, locked thread), and the settings stay as they were."""
    w = discord_world
    thread = await emulator.create_thread(w.general, "Anecdote d'avril")
    await archive(emulator, thread, locked=True)
    done = await set_daily(emulator, w, thread=thread)
    assert done.ephemeral and "is locked" in said(done) and "pick another" in said(done), said(done)
    status = said(await act(emulator, w.general, w.moderator, "daily status"))
    assert "Daily facts: on" not in status, status


# -- QA20 2 -----------------------------------------------------------------------------------------------------

async def test_preview_and_status_warn_that_the_daily_channel_was_deleted(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The daily fact goes to #anecdotes at 09:00. At 08:00 an admin tidies the server and deletes #anecdotes.
    At 08:30 a moderator checks: /daily preview says "to be posted in #deleted-channel at 09:00" and
    /daily status shows the next post at 09:00 with no warning at all — though the bot already knows the
    channel is gone (it warns the same way when the ping role is deleted). The post then fails at 09:00.
    Both should say the channel no longer exists and to pick another with /daily set, before it fails."""
    w = discord_world
    doomed = await emulator.create_text_channel(w.guild, "anecdotes")
    await set_daily(emulator, w, channel=doomed)
    await emulator.delete_channel(doomed)
    await at(harness, NINE - HOUR // 2)
    preview = said(await act(emulator, w.general, w.moderator, "daily preview"))
    status = said(await act(emulator, w.general, w.moderator, "daily status"))
    for text in (preview, status):
        assert "no longer exists" in text and "/daily set" in text, text


# -- QA20 3 -----------------------------------------------------------------------------------------------------

async def test_a_post_refused_in_a_locked_thread_says_how_to_fix_it(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The facts go to the thread "Anecdote du jour". A moderator closes and locks it to start a fresh one next
    month. The next morning /daily status reads "not posted: Discord refused the post (400, error 50083): Thread
    is archived" — a code and no hint. For a deleted channel or a missing permission the bot says what to do
    ("Pick another one with /daily set", which permissions); here it should say so too (the thread is locked:
    unlock it, or pick another channel or thread with /daily set)."""
    w = discord_world
    thread = await emulator.create_thread(w.general, "Anecdote du jour")
    await set_daily(emulator, w, thread=thread)
    await at(harness, NINE)
    await archive(emulator, thread, locked=True)
    await at(harness, NINE + DAY)
    assert titles(emulator, thread) == ["Fact of the day · Wednesday 1 May 2024"]   # refused, not forced in
    today = fields(await run(emulator, w, w.moderator, "daily status"))["Today (Thursday 2 May 2024)"]
    assert "/daily set" in today and "lock" in today.lower(), today


# -- QA20 4 -----------------------------------------------------------------------------------------------------

async def test_daily_status_says_who_last_changed_the_settings(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Monday the admin sets the fact for 09:00 in #général. Wednesday members ask why it came at 23:00.
    The club has no log channel yet. /daily status shows 23:00 but not who changed it or when; the change is
    in the bot's audit log, but no command shows it. Status should name the last moderator who changed the
    daily settings (and when), as /facts history does for facts."""
    w = discord_world
    second = await emulator.add_member(w.guild, "modo2", roles=[w.moderators])
    await set_daily(emulator, w, member=w.owner)
    await set_daily(emulator, w, member=second, time="23:00")
    status = said(await act(emulator, w.general, w.moderator, "daily status"))
    assert f"<@{second.id}>" in status, status


# -- working behaviour worth keeping ------------------------------------------------------------------------

async def test_a_thread_discord_archived_after_a_post_gets_the_next_days_post(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Set while the thread was active; Discord archives it after a quiet day: the next post reopens it."""
    w = discord_world
    thread = await emulator.create_thread(w.general, "Anecdote du jour")
    await set_daily(emulator, w, thread=thread)
    await at(harness, NINE)
    await archive(emulator, thread)
    await at(harness, NINE + DAY)
    assert titles(emulator, thread) == ["Fact of the day · Wednesday 1 May 2024",
                                        "Fact of the day · Thursday 2 May 2024"]
    assert not thread.archived


async def test_a_time_in_the_spring_gap_set_that_morning_posts_once_shifted(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Sunday 31 March, 03:10 CEST (clocks jumped from 02:00 to 03:00). The fact was due at 09:00; a moderator
    sets 02:45, a time that did not exist today. It is shifted by the gap to 03:45 CEST, still to come: one
    post then, none at 09:00, and 02:45 (CEST) the next day."""
    w = discord_world
    await restart_at(harness, utc(2024, 3, 30, 12))
    await set_daily(emulator, w)
    await at(harness, utc(2024, 3, 31, 1, 10))                 # 03:10 CEST
    moved = await set_daily(emulator, w, time="02:45")
    shifted = utc(2024, 3, 31, 1, 45)                           # 03:45 CEST
    assert fields(moved)["First post"].startswith(f"<t:{shifted}:F>")
    await at(harness, shifted - 1)
    assert titles(emulator, w.general) == []
    await at(harness, shifted)
    await at(harness, utc(2024, 3, 31, 21, 59))                 # 23:59 CEST
    assert titles(emulator, w.general) == ["Fact of the day · Sunday 31 March 2024"]
    await at(harness, utc(2024, 4, 1, 0, 45))                   # 02:45 CEST on Monday
    assert titles(emulator, w.general) == ["Fact of the day · Sunday 31 March 2024",
                                           "Fact of the day · Monday 1 April 2024"]


async def test_moving_the_time_around_midnight_never_posts_twice_nor_skips_a_day(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """00:00 posts Thursday's fact at the stroke of midnight; moved to 23:59 right after, Thursday is done
    (next: Friday 23:59); moved back to 00:00 on Thursday at 23:59, Friday's comes a minute later."""
    w = discord_world
    await set_daily(emulator, w, time="00:00")
    await at(harness, utc(2024, 5, 1, 22))                      # 00:00 Thursday 2 May, Paris
    late = await set_daily(emulator, w, time="23:59")
    assert fields(late)["First post"].startswith(f"<t:{utc(2024, 5, 3, 21, 59)}:F>")
    await at(harness, utc(2024, 5, 2, 21, 59))                  # 23:59 Thursday
    back = await set_daily(emulator, w, time="00:00")
    assert fields(back)["First post"].startswith(f"<t:{utc(2024, 5, 2, 22)}:F>")
    await at(harness, utc(2024, 5, 2, 22))
    await at(harness, utc(2024, 5, 3, 22))
    assert titles(emulator, w.general) == ["Fact of the day · Thursday 2 May 2024",
                                           "Fact of the day · Friday 3 May 2024",
                                           "Fact of the day · Saturday 4 May 2024"]


async def test_two_restarts_around_the_posting_minute_post_once(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Stopped 30 s before 09:00 (an update), back 10 s after it, restarted again a minute later: one post."""
    w = discord_world
    await set_daily(emulator, w)
    await at(harness, NINE - 30)
    await restart_at(harness, NINE + 10)
    await at(harness, NINE + 70)
    await restart_at(harness, NINE + 80)
    await at(harness, NINE + 3 * HOUR)
    assert titles(emulator, w.general) == ["Fact of the day · Wednesday 1 May 2024"]
