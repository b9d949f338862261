"""QA24: the views members page through — a film's Facts, search pages — as a busy international server uses them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.client import Doinel
from bot.facts import browse
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa24.test_qa24_search import pack_fact, result_ids
from tests.e2e.test_moderation import add_fact, buttons
from tests.emulator import Emulator, Member, Message

SECRET = "Antoine reaches the sea and the picture freezes on his face"


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


async def run(emulator: Emulator, w: DiscordWorld, member: Member, command: str, **options: Any) -> Any:
    record = await emulator.slash(w.general, member, command, **options)
    return await record.wait_done()


async def click(emulator: Emulator, message: Message, label: str, member: Member) -> Any:
    return await (await emulator.click(message, buttons(message)[label], member)).wait_done()


def spoiler_leaks(text: str) -> bool:
    """Part of the secret is readable as Discord renders ``text``: outside every ||…|| pair."""
    return "Antoine reaches the sea" in re.sub(r"\|\|.*?\|\|", "", text, flags=re.S)


def footer(message: Message) -> str:
    return message.embeds[0]["footer"]["text"]


async def test_the_film_cards_facts_keep_a_spoiler_hidden(emulator: Emulator, discord_world: DiscordWorld,
                                                          doinel: Doinel) -> None:
    """QA24 8. A moderator adds "The ending: ||Antoine reaches the sea …||" to The 400 Blows, hiding the ending the
    way film servers do; /fact show, the daily post and /fact search all keep it behind the spoiler. Bob, who has
    not seen the film, opens `/film The 400 Blows` and presses **Facts**, then the last page: the list prints
    "\\|\\|Antoine reaches the sea and the picture freezes on his face\\|\\|" in clear. The film's facts should keep
    a fact's spoiler hidden like every other view of it."""
    w = discord_world
    fact_id = await add_fact(emulator, w, f"The ending: ||{SECRET}.||", film="The 400 Blows")
    shown = await run(emulator, w, w.bob, "fact show", id=fact_id)
    assert not spoiler_leaks(shown.embeds[0]["description"])
    card = await run(emulator, w, w.alice, "film", title="The 400 Blows")
    facts = await click(emulator, card.original, "Facts", w.bob)
    assert facts.ephemeral
    await click(emulator, facts.original, "Last ⏭", w.bob)
    page = facts.original.embeds[0]["description"]
    assert f"**#{fact_id}**" in page
    assert "\\|\\|" not in page and not spoiler_leaks(page), page


async def test_a_fact_hidden_meanwhile_is_not_shown_when_the_pages_are_turned(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """QA24 9. Alice runs `/fact search query:antoine` in #general (8 pages, public). A member points out that the
    sixth result gives the ending away; the moderator hides it at once (/facts hide), and /fact show now says
    "There is no fact #N here". For the next ten minutes anyone who presses › on Alice's results still reads it on
    page 2, in public. Pages turned after the change should leave a hidden (or removed) fact out, or say it is
    gone, as /fact history does."""
    w = discord_world
    ranked = await browse.search(doinel.db, w.guild.id, "antoine", None)
    hidden = ranked.results[5].card.fact.id           # the first fact of page 2 (5 a page)
    found = await run(emulator, w, w.alice, "fact search", query="antoine")
    assert hidden not in result_ids(found.embeds[0]["description"])
    gone = await run(emulator, w, w.moderator, "facts hide", id=hidden)
    assert gone.ephemeral
    refused = await run(emulator, w, w.bob, "fact show", id=hidden)
    assert refused.ephemeral and "no fact" in refused.content.lower()
    await click(emulator, found.original, "Next ▶", w.bob)
    assert footer(found.original).startswith("Page 2/")
    assert hidden not in result_ids(found.original.embeds[0]["description"]), found.original.embeds[0]["description"]


async def test_pages_turn_for_anyone_stop_at_the_edges_and_the_facts_button_is_private(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """What works: Bob turns the pages of Alice's public search; six fast clicks on › end on page 7 of 8 and
    two more on the last page keep it there with › and » disabled; « goes back to page 1 with « and ‹ disabled.
    The card's Facts button gives whoever presses it a private copy that pages on its own (15 pages of 5), and the
    public card is unchanged. Nothing pings."""
    w = discord_world
    found = await run(emulator, w, w.alice, "fact search", query="antoine")
    message = found.original
    assert not message.ephemeral and footer(message).startswith("Page 1/8")
    await click(emulator, message, "Next ▶", w.bob)
    assert footer(message).startswith("Page 2/8")
    clicks = [await emulator.click(message, buttons(message)["Next ▶"], w.alice) for _ in range(5)]
    for record in clicks:
        await record.wait_done()
        assert not record.errors
    assert footer(message).startswith("Page 7/8")
    await click(emulator, message, "Last ⏭", w.bob)
    assert footer(message).startswith("Page 8/8")
    state = {c.get("label"): c.get("disabled", False) for c in message.iter_components() if c.get("type") == 2}
    assert state["Next ▶"] and state["Last ⏭"] and not state["◀ Previous"] and not state["⏮ First"], state
    await click(emulator, message, "⏮ First", w.alice)
    state = {c.get("label"): c.get("disabled", False) for c in message.iter_components() if c.get("type") == 2}
    assert footer(message).startswith("Page 1/8") and state["⏮ First"] and state["◀ Previous"], state

    card = await run(emulator, w, w.alice, "film", title="quatre cents coups")
    before = card.original.embeds
    mine = await click(emulator, card.original, "Facts", w.bob)
    theirs = await click(emulator, card.original, "Facts", w.alice)
    assert mine.ephemeral and theirs.ephemeral and mine.original.id != theirs.original.id
    await click(emulator, mine.original, "Last ⏭", w.bob)
    assert footer(mine.original).startswith("Page 15/15 · 71 facts")
    assert footer(theirs.original).startswith("Page 1/15")
    assert card.original.embeds == before
    first = await pack_fact(doinel, "400b-f001")
    assert result_ids(theirs.original.embeds[0]["description"])[:1] == [first]
    nothing = await run(emulator, w, w.alice, "fact search", query=f"@everyone <@{w.bob.id}> zzzq")
    assert nothing.ephemeral and "@everyone" in nothing.content, nothing.content
    for sent in emulator.messages(w.general, include_ephemeral=True):
        assert not sent.mentions and not sent.mention_roles and not sent.mention_everyone, sent.content
