"""QA23: the fact of the day and the moderation log on a server whose channels and permissions keep changing.

The bot's clock is a ManualClock in the test's hands (``harness``); Discord (the emulator) runs in real time.
"""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, said
from tests.e2e.qa2.test_qa2_daily import NINE, at, fields
from tests.e2e.test_facts import ClockedHarness, daily_posts, set_daily
from tests.emulator import Emulator, Perm
from tests.emulator.state import Role


def bot_role(emulator: Emulator, world: DiscordWorld) -> Role:
    return next(r for r in world.guild.roles.values() if r.bot_id == emulator.bot_user.id)


# -- QA23 5 -----------------------------------------------------------------------------------------------------

async def test_config_show_does_not_say_posting_works_in_a_log_channel_gone_or_closed(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The owner sets #mod-log as the moderation log. Weeks later an admin deletes #mod-log while tidying the
    server. A moderator checks /config show: "Moderation log: #deleted-channel — Posting works." The owner then
    picks #mod-log-2 and, reworking permissions, takes Send Messages away from Doinel there: /config show still
    says "Posting works." Only after the next moderation change fails does it say otherwise — so the log line
    of that change is lost. The bot knows both things already (it warns the same way about a deleted daily
    channel or moderator role): /config show should say the channel is gone / that it can't post there."""
    w = discord_world
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w.general, w.owner, "config logchannel", channel=log)
    await emulator.delete_channel(log)
    await asyncio.sleep(0.05)
    gone = fields(await act(emulator, w.general, w.moderator, "config show"))["Moderation log"]
    log2 = await emulator.create_text_channel(w.guild, "mod-log-2")
    await act(emulator, w.general, w.owner, "config logchannel", channel=log2)
    await emulator.set_overwrite(log2, bot_role(emulator, w), deny=Perm.SEND_MESSAGES)
    await asyncio.sleep(0.05)
    closed = fields(await act(emulator, w.general, w.moderator, "config show"))["Moderation log"]
    assert "Posting works" not in gone and "⚠️ This channel no longer exists" in gone, gone
    assert "Posting works" not in closed and "I need Send Messages" in closed, closed


# -- QA23 6 -----------------------------------------------------------------------------------------------------

async def test_preview_and_status_warn_that_the_daily_thread_was_deleted(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The facts go to the thread "Anecdote du jour" of #general at 09:00. At 08:00 a moderator deletes the
    thread (a fresh one will be opened later). At 08:30 /daily preview still says "to be posted in
    #deleted-channel at 09:00" and /daily status shows the next post with no warning; at 09:00 the post fails.
    For a deleted channel both warn ("This channel no longer exists … Pick another with /daily set"); a deleted
    thread is the same problem and should get the same warning before the post fails."""
    w = discord_world
    thread = await emulator.create_thread(w.general, "Anecdote du jour")
    await set_daily(emulator, w, thread=thread)
    await emulator.delete_channel(thread)
    await at(harness, NINE - 1800)
    preview = said(await act(emulator, w.general, w.moderator, "daily preview"))
    status = said(await act(emulator, w.general, w.moderator, "daily status"))
    for text in (preview, status):
        assert "no longer exists" in text and "/daily set" in text, text


# -- checked, works ---------------------------------------------------------------------------------------------

async def test_daily_set_refuses_a_thread_the_bot_may_not_post_in_and_a_roles_only_channel(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """#general lets Doinel talk but not in its threads; #announcements lets only the Speakers role talk.
    /daily set refuses both, privately, naming the permission, and saves nothing."""
    w = discord_world
    thread = await emulator.create_thread(w.general, "Anecdote du jour")
    await emulator.set_overwrite(w.general, bot_role(emulator, w), deny=Perm.SEND_MESSAGES_IN_THREADS)
    in_thread = await set_daily(emulator, w, thread=thread)
    assert in_thread.ephemeral and "Send Messages in Threads" in said(in_thread), said(in_thread)
    announcements = await emulator.create_text_channel(w.guild, "announcements")
    speakers = await emulator.create_role(w.guild, "Speakers")
    await emulator.set_overwrite(announcements, w.guild.everyone, deny=Perm.SEND_MESSAGES)
    await emulator.set_overwrite(announcements, speakers, allow=Perm.SEND_MESSAGES)
    roles_only = await set_daily(emulator, w, channel=announcements)
    assert roles_only.ephemeral and "Send Messages" in said(roles_only), said(roles_only)
    status = await act(emulator, w.general, w.moderator, "daily status")
    assert "not set up" in said(status), said(status)


async def test_post_now_without_embed_links_says_why_then_posts_once_when_fixed(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """Daily facts are set for #general at 09:00; then an admin takes Embed Links from Doinel there. At 08:00 a
    moderator tries /daily post-now: a private answer names the missing permissions, nothing is posted. The
    admin gives it back; /daily post-now posts today's fact, and 09:00 posts nothing more."""
    w = discord_world
    await set_daily(emulator, w)
    await emulator.set_overwrite(w.general, bot_role(emulator, w), deny=Perm.EMBED_LINKS)
    refused = await act(emulator, w.general, w.moderator, "daily post-now")
    assert refused.ephemeral and "Embed Links" in said(refused) and "Could not post" in said(refused), said(refused)
    assert daily_posts(emulator, w.general) == []
    await emulator.clear_overwrite(w.general, bot_role(emulator, w))
    posted = await act(emulator, w.general, w.moderator, "daily post-now")
    assert posted.ephemeral and "Posted the fact of" in said(posted), said(posted)
    await at(harness, NINE + 60)
    assert len(daily_posts(emulator, w.general)) == 1
