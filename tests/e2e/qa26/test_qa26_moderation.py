"""QA26: what a moderator finds in the log channel and the queue after careless members and colleagues."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, buttons, pings, said
from tests.e2e.test_moderation import add_fact, suggest
from tests.emulator import Channel, Emulator

RED_LIST = b"""AUTHOR: Film club
Who directed The 400 Blows?:
- Fran\xc3\xa7ois Truffaut
- Truffaut
Who plays Antoine Doinel?:
- Jean-Pierre L\xc3\xa9aud
"""
WRONG_ANSWERS = RED_LIST.replace(b"- Fran\xc3\xa7ois Truffaut\n- Truffaut", b"- Jean-Luc Godard")


async def log_channel(emulator: Emulator, w: DiscordWorld) -> Channel:
    log = await emulator.create_text_channel(w.guild, "mod-log")
    await act(emulator, w.general, w.owner, "config logchannel", channel=log)
    return log


async def log_lines(emulator: Emulator, log: Channel) -> list[str]:
    await asyncio.sleep(0.3)                 # a log line is posted after the moderator's reply
    return [m.content for m in emulator.messages(log) if m.author.id == emulator.bot_user.id]


async def import_list(emulator: Emulator, w: DiscordWorld, data: bytes) -> Any:
    record = await act(emulator, w.general, w.moderator, "trivia questions import", file=("club.yaml", data))
    preview = record.followups[0]
    confirm = next(b["custom_id"] for row in preview.components for b in row["components"] if b["label"] == "Import")
    return await (await emulator.click(preview.message_id, confirm, w.moderator)).wait_done()


# -- QA26 2 -----------------------------------------------------------------------------------------

async def test_a_trivia_list_import_that_rewrites_answers_is_in_the_log_channel(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A moderator imports the club's question list, then (careless, or on purpose) imports it again with
    "Jean-Luc Godard" as the answer to "Who directed The 400 Blows?": re-importing updates the questions in
    place, so every round now marks Truffaut wrong. The owner looks at the moderation log channel to find out
    who did it: it shows the log channel being set and nothing else. Facts imports, trivia settings and
    trivia resets each post a line there ("One line per moderation change is posted there", README
    /config logchannel); an import of questions should too: who, which list, how many added and updated."""
    w = discord_world
    log = await log_channel(emulator, w)
    await import_list(emulator, w, RED_LIST)
    await import_list(emulator, w, WRONG_ANSWERS)
    stored = await doinel.db.scalar("SELECT answers FROM questions WHERE prompt = 'Who directed The 400 Blows?' "
                                    "AND list_name = 'club'")
    assert "Godard" in stored                                           # the answers were rewritten
    lines = await log_lines(emulator, log)
    imports = [line for line in lines[1:] if line.startswith(f"<@{w.moderator.id}>") and "club" in line]
    assert len(imports) == 2, lines


# -- QA26 3 -----------------------------------------------------------------------------------------

async def test_the_same_suggestion_sent_again_by_the_same_member_is_not_queued_twice(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Alice's form seems slow, so she suggests the same fact again, and again: three identical suggestions
    (#1, #2, #3) wait in /facts queue, three identical lines land in the log channel, and the moderator must
    reject two of them by hand (and Alice gets two "was not added" DMs). A troll pastes the same text every
    hour. The second identical suggestion from the same member, while the first still waits, should be
    answered "you already suggested this: #1 is waiting" and change nothing."""
    w = discord_world
    log = await log_channel(emulator, w)
    text = "Truffaut dedicated The 400 Blows to the memory of André Bazin."
    first = await suggest(emulator, w, w.alice, text)
    opened = await act(emulator, w.general, w.alice, "fact suggest")
    again = await (await emulator.submit_modal(opened, None, {"text": text})).wait_done()
    assert again.ephemeral and f"#{first}" in said(again), said(again)
    assert await doinel.db.scalar("SELECT count(*) FROM suggestions WHERE status = 'pending'") == 1
    assert sum("suggested a fact" in line for line in await log_lines(emulator, log)) == 1


# -- QA26 4 -----------------------------------------------------------------------------------------

def invisible(text: str) -> str:
    """``text`` with a zero-width space after every third character: it reads exactly the same."""
    return "".join(c + "\u200b" if i % 3 == 1 else c for i, c in enumerate(text))


async def test_a_fact_copied_with_zero_width_spaces_is_flagged_as_a_likely_duplicate(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A troll copies one of the server's facts, sprinkles zero-width spaces through it (invisible in Discord),
    and suggests it. The queue flags a plain copy as "Looks like fact #N (100% alike)", but this one shows no
    warning at all: ``bot.text.fold`` turns each invisible character into a word break ("tr uff aut de dic"),
    so the copy is 58% alike. The moderator approves what reads as a new fact, and the server now has it twice
    (and the copy is found by no search for its words). Invisible characters should not split words."""
    w = discord_world
    original = "Truffaut dedicated the film to André Bazin, who died the day after shooting began."
    fact_id = await add_fact(emulator, w, original)
    await suggest(emulator, w, w.bob, original)
    await suggest(emulator, w, w.alice, invisible(original))
    queue = await act(emulator, w.general, w.moderator, "facts queue")
    flagged = [[f["name"] for f in e["fields"] if f["name"].startswith("Looks like")] for e in queue.embeds]
    assert flagged[0] == [f"Looks like fact #{fact_id} (100% alike)"]          # the plain copy is caught
    assert flagged[1] and flagged[1][0].startswith(f"Looks like fact #{fact_id} "), flagged


async def test_a_fact_pasted_with_zero_width_characters_is_found_by_its_words(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A moderator pastes a fact from a web page that carries soft hyphens and zero-width spaces (invisible in
    Discord: "Bazin" reads as "Bazin"). Members searching for Bazin or Rossellini do not find it, nor does
    /search; the fact shows the words they typed."""
    w = discord_world
    fact_id = await add_fact(emulator, w, "Truffaut worked as an assistant to Ros\u00adsel\u00adlini and was "
                                          "taken in by Ba\u200bzin as a teenager.")
    for command, query in (("fact search", "Bazin"), ("fact search", "Rossellini"), ("search", "Rossellini")):
        found = await act(emulator, w.general, w.alice, command, query=query)
        assert f"#{fact_id}" in said(found), (command, query, said(found))


# -- QA26 6 -----------------------------------------------------------------------------------------

async def test_a_blank_film_picked_for_trivia_is_refused_in_a_whole_sentence(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Bob types spaces (or a zero-width space) in the film option of /trivia start and sends it without
    picking anything from the list. The reply reads "No film called  has trivia questions here: pick one from
    the list." — a sentence with a hole in it; /trivia settings enable/disable say the same. /film and /person
    say "Type a film's title (or part of it) and pick it from the list." for the same input."""
    w = discord_world
    replies = [await act(emulator, w.general, w.bob, "trivia start", film="   "),
               await act(emulator, w.general, w.bob, "trivia start", film="\u200b"),
               await act(emulator, w.general, w.moderator, "trivia settings", enable="   ")]
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_rounds") == 0
    for reply in replies:
        assert reply.ephemeral
        assert "called  " not in said(reply), said(reply)


# -- what holds ---------------------------------------------------------------------------------------

async def test_loud_suggestions_reach_queue_log_and_dm_without_pinging_anyone(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Suggestions full of @everyone, @here, role and member mentions, an invite link and Markdown go through the
    queue, the log channel, an approval, a rejection and the members' DMs: nobody is pinged anywhere."""
    w = discord_world
    log = await log_channel(emulator, w)
    loud = (f"@everyone @here <@&{w.moderators.id}> <@{w.owner.id}> join discord.gg/free-nitro **now** "
            "# HEADING ||spoiler|| [Léaud](https://scam.example) was fourteen.")
    kept = await suggest(emulator, w, w.alice, loud)
    dropped = await suggest(emulator, w, w.bob, loud.replace("fourteen", "fifteen"), source=loud[:300],
                            tags=f"@everyone, <@&{w.moderators.id}>, discord.gg/x, **bold**")
    queue = await act(emulator, w.general, w.moderator, "facts queue")
    await (await emulator.click(queue.original, buttons(queue.original)[f"Approve #{kept}"], w.moderator)).wait_done()
    rejecting = await (await emulator.click(queue.original, buttons(queue.original)[f"Reject #{dropped}"],
                                            w.moderator)).wait_response()
    reject = next(i for i in emulator.interactions if i.modal and i.modal["custom_id"].endswith(f":{dropped}"))
    assert rejecting.callback_type == 9
    await (await emulator.submit_modal(reject, None, {"reason": f"@everyone <@&{w.moderators.id}> no"})).wait_done()
    lines = await log_lines(emulator, log)
    assert sum("suggested a fact" in line for line in lines) == 2 and any("rejected" in line for line in lines)
    channels = [w.general, log, emulator.dm_channel(w.alice), emulator.dm_channel(w.bob)]
    assert len(emulator.direct_messages(w.alice)) == 1 and len(emulator.direct_messages(w.bob)) == 1
    assert pings(emulator, channels) == []
    assert emulator.violations == []
