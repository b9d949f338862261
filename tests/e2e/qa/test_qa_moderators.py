"""QA: a new moderator sets Doinel up — /daily, /config, /facts, the review queue — and the bot restarts.

Black box: every check is about what a moderator or member sees in Discord (through the emulator).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, assert_polite, buttons, pings, said
from tests.e2e.test_facts import NINE, ClockedHarness, daily_posts, set_daily
from tests.emulator import Emulator, Perm

CSV = b"text,source\nTruffaut wrote to Henri Langlois every week during the shoot.,A letter\n"


@pytest.fixture(autouse=True)
async def within_limits_and_no_pings(emulator: Emulator, discord_world: DiscordWorld) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []
    assert pings(emulator, list(discord_world.guild.channels.values())) == []


def fields(record_or_message) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f["name"]: f["value"] for f in record_or_message.embeds[0].get("fields", [])}


# -- /daily set: what a moderator types ---------------------------------------------------------

async def test_daily_set_accepts_the_ways_people_write_a_time(emulator: Emulator, discord_world: DiscordWorld,
                                                              harness: ClockedHarness) -> None:
    w = discord_world
    for typed, shown in (("9pm", "21:00"), ("21h", "21:00"), ("9:00 AM", "09:00"), ("noon", "12:00"),
                         ("12am", "00:00"), ("９:３０", "09:30")):
        record = await set_daily(emulator, w, time=typed, timezone="europe/paris")
        assert record.embeds and record.embeds[0]["title"] == "Daily facts are on", (typed, said(record))
        assert fields(record)["When"].startswith(f"{shown} Europe/Paris"), (typed, fields(record))
        assert fields(record)["First post"].startswith("<t:")
    for typed in ("24:00", "-1", "09:00:30", "a" * 6000):
        record = await set_daily(emulator, w, time=typed)
        assert record.ephemeral and "is not a time of day" in record.content and len(record.content) < 300


async def test_daily_set_refuses_places_it_cannot_post(emulator: Emulator, discord_world: DiscordWorld,
                                                       harness: ClockedHarness) -> None:
    w = discord_world
    staff = await emulator.create_text_channel(w.guild, "staff")
    await emulator.set_overwrite(staff, emulator.bot_member(w.guild), deny=Perm.VIEW_CHANNEL)
    hidden = await set_daily(emulator, w, channel=staff)
    assert hidden.ephemeral and "View Channel" in hidden.content and f"<#{staff.id}>" in hidden.content
    elsewhere = await emulator.create_text_channel(w.guild, "elsewhere")
    foreign_thread = await emulator.create_thread(elsewhere, "not here")
    mismatch = await set_daily(emulator, w, thread=foreign_thread)
    assert mismatch.ephemeral and "is not a thread of" in mismatch.content
    everyone = await set_daily(emulator, w, ping_role=w.guild.everyone)
    assert everyone.ephemeral and "@everyone can't be the ping role" in everyone.content
    status = await act(emulator, w.general, w.moderator, "daily status")
    assert status.content.startswith("Daily posts are not set up")  # nothing was saved by the refusals


async def test_gmt_plus_two_means_two_hours_ahead(emulator: Emulator, discord_world: DiscordWorld,
                                                  harness: ClockedHarness) -> None:
    record = await set_daily(emulator, discord_world, timezone="GMT+2")
    assert record.ephemeral
    # Either refused with a pointer to a real zone, or understood as UTC+02:00.
    assert "not a timezone" in (record.content or "") or "(UTC+02:00)" in fields(record)["When"]


async def test_the_hosts_localtime_is_not_a_timezone_choice(emulator: Emulator, discord_world: DiscordWorld,
                                                            harness: ClockedHarness) -> None:
    w = discord_world
    offered = await emulator.autocomplete(w.general, w.moderator, "daily set", focused="timezone",
                                          channel=w.general, time="09:00", timezone="local")
    assert "localtime" not in [c["value"] for c in offered]
    record = await set_daily(emulator, w, timezone="localtime")
    assert record.ephemeral and "not a timezone" in (record.content or "")


async def test_an_unverified_fact_of_the_day_keeps_its_warning(emulator: Emulator, discord_world: DiscordWorld,
                                                               harness: ClockedHarness) -> None:
    w = discord_world
    async with harness.bot.db.transaction() as conn:  # every fact comes from a doubtful source
        await conn.execute("UPDATE facts SET verified = 0, source = 'A listicle' WHERE guild_id = 0")
    await set_daily(emulator, w)
    today = await act(emulator, w.general, w.alice, "fact today")
    assert "could not double-check" in said(today)  # /fact today warns the member ...
    await harness.clock.set(NINE)
    post = await emulator.wait_for_message(w.general, lambda m: bool(daily_posts(emulator, w.general)))
    assert post.embeds[0]["description"] == today.embeds[0]["description"]
    assert "could not double-check" in str(post.embeds[0])  # ... and so should the post everyone reads


# -- forms and buttons across a restart -------------------------------------------------------------

async def test_a_suggestion_form_sent_after_a_restart_is_answered(emulator: Emulator, discord_world: DiscordWorld,
                                                                  doinel: Doinel, restart_bot) -> None:
    w = discord_world
    opened = await act(emulator, w.general, w.alice, "fact suggest")
    assert opened.modal is not None
    await restart_bot()  # a deploy while alice is typing
    submitted = await emulator.submit_modal(opened, None, {"text": "Léaud was fourteen when the film was shot."})
    with contextlib.suppress(TimeoutError):
        await submitted.wait_done(timeout=3.2)
    assert submitted.state == "answered", "unanswered: Discord shows 'This interaction failed'"
    assert submitted.ephemeral


async def test_an_import_confirm_from_before_a_restart_changes_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, restart_bot) -> None:
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "facts import", file=("club.csv", CSV))
    message = emulator.message(preview.followups[0].message_id)
    confirm = buttons(message)["Import 1 change"]
    bot = await restart_bot()
    late = await (await emulator.click(message, confirm, w.moderator)).wait_done()
    assert late.ephemeral and "expired" in late.content and "Nothing was changed" in late.content
    assert await bot.db.scalar("SELECT count(*) FROM facts WHERE guild_id = ?", (w.guild.id,)) == 0


async def test_a_double_click_on_import_confirm_imports_once(emulator: Emulator, discord_world: DiscordWorld,
                                                             doinel: Doinel) -> None:
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "facts import", file=("club.csv", CSV))
    message = emulator.message(preview.followups[0].message_id)
    confirm = buttons(message)["Import 1 change"]
    first, second = (await emulator.click(message, confirm, w.moderator),
                     await emulator.click(message, confirm, w.moderator))
    await first.wait_done()
    await second.wait_done()
    assert_polite(first)
    assert "already done" in said(second)
    assert await doinel.db.scalar("SELECT count(*) FROM facts WHERE guild_id = ?", (w.guild.id,)) == 1


# -- /config and /trivia reset ---------------------------------------------------------------------

async def test_a_log_channel_the_bot_cannot_see_is_saved_with_a_clear_warning(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    staff = await emulator.create_text_channel(w.guild, "staff-log")
    await emulator.set_overwrite(staff, emulator.bot_member(w.guild), deny=Perm.VIEW_CHANNEL)
    saved = await act(emulator, w.general, w.moderator, "config logchannel", channel=staff)
    text = said(saved)
    assert saved.ephemeral and text.startswith("Saved, but I could not post in") and "View Channel" in text
    shown = await act(emulator, w.general, w.moderator, "config show")
    assert "⚠️ Last post failed <t:" in fields(shown)["Moderation log"]


async def test_reset_confirmation_reads_well_for_one_answer(emulator: Emulator, discord_world: DiscordWorld,
                                                            doinel: Doinel) -> None:
    from tests.e2e.test_trivia import correct_id, fast, question, summary
    w = discord_world
    fast(doinel, 0.1)
    await act(emulator, w.general, w.alice, "trivia start", questions=1)
    q1 = await question(emulator, w.general, 1, 1)
    await (await emulator.click(q1, correct_id(q1), w.alice)).wait_done()
    await summary(emulator, w.general)
    reset = await act(emulator, w.general, w.moderator, "trivia reset", member=w.alice)
    await (await emulator.click(reset.original, buttons(reset.original)["Reset"], w.moderator)).wait_done()
    await asyncio.sleep(0)
    assert "1 answer no longer counts" in emulator.message(reset.original_message_id).content


# -- never twice ------------------------------------------------------------------------------------

async def test_post_now_double_clicked_at_post_time_posts_once(emulator: Emulator, discord_world: DiscordWorld,
                                                               harness: ClockedHarness) -> None:
    w = discord_world
    await set_daily(emulator, w)
    await harness.clock.set(NINE)  # the scheduler wakes for the 09:00 post ...
    first = await emulator.slash(w.general, w.moderator, "daily post-now")  # ... while a moderator double-clicks
    second = await emulator.slash(w.general, w.moderator, "daily post-now")
    await first.wait_done()
    await second.wait_done()
    await harness.settled()
    assert len(daily_posts(emulator, w.general)) == 1
    for record in (first, second):
        text = said(record)
        assert record.ephemeral and ("Posted the fact" in text or "already posted" in text
                                     or "being sent right now" in text), text


def hostile_opentdb(world: DiscordWorld) -> bytes:
    def q(prompt: str, right: str, wrong: list[str]) -> dict[str, object]:
        return {"type": "multiple", "difficulty": "easy", "category": "Film", "question": prompt,
                "correct_answer": right, "incorrect_answers": wrong}
    return json.dumps({"response_code": 0, "results": [
        q(f"@everyone <@&{world.moderators.id}> **who** directed ||this||?", f"<@{world.bob.id}>",
          ["@here", "**Godard**", "`Chabrol`"]),
        q("Which film? " + "é" * 488, "x" * 80, ["y" * 80, "z" * 80, "w" * 80]),   # the longest an import takes
        q("مرحبا: which year?", "1959", ["1958", "1960", "1961"]),
    ]}).encode()


async def test_an_imported_list_with_hostile_text_plays_within_discord_limits(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    from tests.e2e.test_trivia import fast, question, revealed, summary
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "trivia questions import",
                        file=("hostile.json", hostile_opentdb(w)), name="hostile")
    message = emulator.message(preview.followups[0].message_id)
    await (await emulator.click(message, buttons(message)["Import"], w.moderator)).wait_done()
    await act(emulator, w.general, w.moderator, "trivia settings", disable="film:1")
    fast(doinel, 0.05)
    started = await act(emulator, w.general, w.alice, "trivia start", questions=3)
    assert not started.ephemeral and "3 questions" in started.content, started.content
    for n in (1, 2, 3):
        asked = await question(emulator, w.general, n, 3, timeout=10)
        assert len(buttons(asked)) == 4
        await revealed(emulator, w.general, n, 3)
    await summary(emulator, w.general)


async def test_a_one_question_round_reads_well(emulator: Emulator, discord_world: DiscordWorld,
                                               doinel: Doinel) -> None:
    from tests.e2e.test_trivia import description, fast, revealed
    w = discord_world
    fast(doinel, 0.05)
    started = await act(emulator, w.general, w.alice, "trivia start", questions=1)
    last = await revealed(emulator, w.general, 1, 1)
    assert "more unanswered question" not in description(last)
    assert "1 questions" not in started.content
