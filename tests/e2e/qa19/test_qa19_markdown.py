"""QA19: Markdown a moderator wrote in a fact (a spoiler) must survive the views that shorten the fact."""

from __future__ import annotations

import re

from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_facts import ClockedHarness, run, set_daily
from tests.e2e.test_moderation import add_fact
from tests.emulator import Emulator

FILM = "Antoine and Colette"
SECRET = "Antoine runs away from the reform school and reaches the sea"
# The spoiler starts before the 300th character and ends after it: /fact history shows 300 characters.
SPOILER_FACT = ("Truffaut filmed the last scene on the beach at Villers-sur-Mer with a single camera on a truck, "
                "following Jean-Pierre Léaud for more than a minute while the crew ran behind it; the shot was "
                "planned for weeks and done in two takes on a cold winter morning. The ending itself: "
                f"||{SECRET}, then turns to the camera in a freeze frame.||")


def spoiler_leaks(text: str) -> bool:
    """Part of the secret is readable as Discord renders ``text``: outside every ||…|| pair."""
    return "Antoine runs away" in re.sub(r"\|\|.*?\|\|", "", text, flags=re.S)


async def test_fact_history_keeps_a_spoiler_hidden(emulator: Emulator, discord_world: DiscordWorld,
                                                   harness: ClockedHarness) -> None:
    """A moderator writes a fact whose end is a spoiler (||…||), the usual way film servers hide endings.
    It is posted as the fact of the day (the post hides it). A member then runs /fact history: the entry
    is cut to 300 characters inside the spoiler, the closing || is gone, and the film's ending is shown in
    clear ("||Antoine runs away from the reform school and reaches the…"). They should see it hidden (the
    cut closing the spoiler, or falling before it)."""
    w = discord_world
    opened = await run(emulator, w, w.owner, "films add")
    await (await emulator.submit_modal(opened, None, {"title": FILM, "year": "1962"})).wait_done()
    await add_fact(emulator, w, SPOILER_FACT, film=FILM, source="Truffaut by Truffaut")
    await set_daily(emulator, w, film=FILM)
    await run(emulator, w, w.moderator, "daily post-now")
    [post] = [m for m in emulator.messages(w.general) if m.embeds and not m.interaction_metadata]
    assert not spoiler_leaks(post.embeds[0]["description"])          # the post itself hides it
    history = await run(emulator, w, w.alice, "fact history")
    description = history.embeds[0]["description"]
    assert "Villers-sur-Mer" in description
    assert not spoiler_leaks(description), description


async def test_facts_history_keeps_a_spoiler_hidden(emulator: Emulator, discord_world: DiscordWorld,
                                                    harness: ClockedHarness) -> None:
    """A moderator adds "The ending: ||Antoine runs away … freeze frame.||" and later edits its source text.
    /facts history shows the change as text: “The ending: ||Antoine runs away from the reform school and…” →
    “The ending of the film: ||Antoine runs away from the reform…”: both quotes are cut inside the spoiler,
    the first quote's bars pair with the second's, and the second telling of the ending is in clear for
    every moderator who opens the history. The quotes should keep the spoiler hidden (close it, or cut before it)."""
    w = discord_world
    fact_id = await add_fact(emulator, w, f"The ending: ||{SECRET}, then turns to the camera in a freeze frame.||")
    opened = await run(emulator, w, w.moderator, "facts edit", id=fact_id)
    edited = f"The ending of the film: ||{SECRET}, then turns to face the camera.||"
    await (await emulator.submit_modal(opened, None, {"text": edited})).wait_done()
    history = await run(emulator, w, w.moderator, "facts history", id=fact_id)
    description = history.embeds[0]["description"]
    lines = [line for line in description.split("\n") if "Antoine runs away" in line]
    assert lines, description
    assert not any(spoiler_leaks(line) for line in lines), description


async def test_fact_search_keeps_a_spoiler_hidden(emulator: Emulator, discord_world: DiscordWorld,
                                                  harness: ClockedHarness) -> None:
    """A member searches /fact search query:freeze. The hit is the fact "The ending: ||Antoine runs away …||":
    /fact show and the daily post hide the ending behind a spoiler, but the search result escapes the bars
    and prints "\\|\\|Antoine runs away from the reform school and reaches the sea…" in clear. A search
    result should not reveal what the fact itself hides."""
    w = discord_world
    fact_id = await add_fact(emulator, w, f"The ending: ||{SECRET}, then turns to the camera in a freeze frame.||")
    shown = await run(emulator, w, w.alice, "fact show", id=fact_id)
    assert not spoiler_leaks(shown.embeds[0]["description"])
    found = await run(emulator, w, w.alice, "fact search", query="reform school")
    description = found.embeds[0]["description"]
    assert f"#{fact_id}" in description
    assert "\\|\\|" not in description and not spoiler_leaks(description), description
