"""QA19: what moderators approve in /facts queue is what gets published."""

from __future__ import annotations

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import buttons, run, suggest
from tests.emulator import Emulator

LINK = "[free screening tickets](https://scam.example/claim)"
# A source of 300 characters (the form's and the pack's limit) whose last words are a link.
SOURCE = ("Truffaut by Truffaut, Harry N. Abrams, 1987, pages 12 to 19; the interview with Serge Daney; "
          "the Cahiers du cinéma issue of May 1959 and its review of the film by Jean Domarchi; see also ")
SOURCE = (SOURCE + "x" * 300)[: 300 - len(LINK) - 1] + " " + LINK
PLAIN_SOURCE = ("Truffaut by Truffaut, Harry N. Abrams, 1987, pages 12 to 19, and the interview with Serge Daney "
                * 4)[:300]
TAGS = "ending, locations, beach, normandy, camera, freeze frame, leaud, cinematography, production, crew"
WORDS = "Antoine Doinel runs along the beach toward the sea and turns to face the camera in a freeze frame. "


async def test_the_queue_shows_the_whole_source_moderators_approve(emulator: Emulator, discord_world: DiscordWorld,
                                                                   doinel: Doinel) -> None:
    """Alice suggests a fact with a 300-character source (the form allows 300) whose last words are a link.
    The moderator opens /facts queue: the Source field is cut at 150 characters ("…"), so the link is not
    there; they press Approve, and /fact show now shows everyone the link the moderator never saw. The
    queue is the only place a suggestion is reviewed: what Approve publishes should be shown in full
    (the queue has the room: one suggestion's embed is far under Discord's 6,000)."""
    w = discord_world
    number = await suggest(emulator, w, w.alice, "Truffaut shot the final scene on the beach at Villers-sur-Mer.",
                           source=SOURCE)
    queue = await run(emulator, w, w.moderator, "facts queue")
    [embed] = queue.embeds
    shown = {f["name"]: f["value"] for f in embed["fields"]}
    approved = await (await emulator.click(queue.original, buttons(queue.original)[f"Approve #{number}"],
                                           w.moderator)).wait_done()
    assert not approved.errors
    fact_id = await doinel.db.scalar("SELECT max(id) FROM facts WHERE guild_id = ?", (w.guild.id,))
    published = await run(emulator, w, w.bob, "fact show", id=fact_id)
    assert LINK in {f["name"]: f["value"] for f in published.embeds[0]["fields"]}["Source"]   # published whole
    assert LINK in shown["Source"], shown["Source"]                                             # ... but never shown


async def test_a_full_queue_shows_each_whole_text_moderators_approve(emulator: Emulator, discord_world: DiscordWorld,
                                                                     doinel: Doinel) -> None:
    """Five members each suggest a fact of 1,000 characters (the form's limit), with a 300-character source and
    ten tags (also within the form's limits). /facts queue showed the oldest
    five, each text cut to about 870 characters ("…"): the last sentence of each, here a link, is hidden,
    and Approve publishes it. A moderator should see every word they approve (fewer per page, or the
    whole text another way than opening Edit)."""
    w = discord_world
    for i in range(5):
        member = await emulator.add_member(w.guild, f"member{i}")
        text = (f"Suggestion {i}: " + WORDS * 20)[: 1000 - len(LINK) - 1] + " " + LINK
        await suggest(emulator, w, member, text, source=PLAIN_SOURCE, tags=TAGS)
    queue = await run(emulator, w, w.moderator, "facts queue")
    shown = len(queue.embeds)
    assert 1 <= shown < 5 and f"showing 1–{shown}, oldest first" in queue.content, queue.content   # fewer, whole
    hidden = [e["title"] for e in queue.embeds if LINK not in e["description"]]
    assert hidden == [], hidden
