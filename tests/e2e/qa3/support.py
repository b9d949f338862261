"""Helpers for the QA3 scenarios: search as a member, act as a moderator or owner, check the index.

Shared with the other suites: run, buttons and add_fact (test_moderation), index_matches_view (test_facts_fts).
"""

from __future__ import annotations

import re
from typing import Any

from bot.tree import APOLOGY
from tests.bot.db.test_facts_fts import index_matches_view
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import add_fact, buttons, run
from tests.emulator import Emulator, Member

_FACT_HIT = re.compile(r"^\*\*#(\d+)\*\*", re.MULTILINE)   # /fact search: "**#12** · *Film*"
_SEARCH_FACT = re.compile(r"^`#(\d+)`", re.MULTILINE)       # /search's Facts group: "`#12` text"


async def fact_search(emulator: Emulator, world: DiscordWorld, query: str, *, member: Member | None = None,
                      film: str | None = None) -> list[int]:
    """The facts with every word a member sees on the first page of /fact search (in order).

    [] when nothing is found, or when no fact has every word (the page then offers facts with some).
    """
    options: dict[str, Any] = {"query": query}
    if film is not None:
        options["film"] = film
    record = await run(emulator, world, member or world.alice, "fact search", **options)
    assert record.content != APOLOGY, (query, record.content)
    if not record.embeds:
        assert record.ephemeral and (record.content or "").startswith("Nothing found"), (query, record.content)
        return []
    page = record.embeds[0]
    assert page["title"].startswith("Search:"), page
    if page["description"].startswith("No fact has all of these words."):
        return []
    return [int(n) for n in _FACT_HIT.findall(page["description"])]


async def global_search_facts(emulator: Emulator, world: DiscordWorld, query: str) -> list[int]:
    """The fact numbers /search lists in its Facts group (first page)."""
    record = await run(emulator, world, world.bob, "search", query=query)
    assert record.content != APOLOGY, (query, record.content)
    if not record.embeds:
        return []
    return [int(n) for n in _SEARCH_FACT.findall(record.embeds[0].get("description") or "")]


def form(opened: Any) -> dict[str, Any]:
    """custom_id -> prefilled value of every field of the modal the bot opened."""
    assert opened.modal is not None, opened.content
    return {c["custom_id"]: c.get("value") for row in opened.modal["components"] for c in row["components"]}


async def edit_fact(emulator: Emulator, world: DiscordWorld, fact_id: int, **fields: str) -> None:
    opened = await run(emulator, world, world.moderator, "facts edit", id=fact_id)
    form(opened)
    edited = await (await emulator.submit_modal(opened, None, fields)).wait_done()
    assert edited.original is not None and edited.original.content == f"Updated fact #{fact_id}.", \
        edited.original.content


async def add_film(emulator: Emulator, world: DiscordWorld, title: str, **fields: str) -> int:
    """A bot owner adds a film through /films add; returns its number."""
    opened = await run(emulator, world, world.owner, "films add")
    form(opened)
    added = await (await emulator.submit_modal(opened, None, {"title": title, **fields})).wait_done()
    assert added.ephemeral and added.content.startswith("Added: film #"), added.content
    return int(added.content.split("#")[1].split(".")[0].split()[0])


async def edit_film(emulator: Emulator, world: DiscordWorld, film_id: int, **fields: str) -> None:
    """A bot owner corrects a film through /films edit (fields not given keep their prefilled value)."""
    opened = await run(emulator, world, world.owner, "films edit", film=f"id:{film_id}")
    form(opened)
    saved = await (await emulator.submit_modal(opened, None, fields)).wait_done()
    assert saved.ephemeral and saved.content == f"Saved: film #{film_id}. Every server sees the change.", \
        saved.content


async def import_file(emulator: Emulator, world: DiscordWorld, name: str, data: bytes) -> str:
    """/facts import: read the dry run, press its Import button; returns the final message's text."""
    preview = await run(emulator, world, world.moderator, "facts import", file=(name, data))
    message = preview.followups[-1]
    assert message.ephemeral and f"Dry run of {name}" in message.content, message.content
    msg = emulator.message(message.message_id)
    assert msg is not None
    [label] = [label for label in buttons(msg) if label.startswith("Import")]
    # Deferred first: a file at the 10,000-fact limit takes ~4 s to write here, more on a loaded machine.
    await (await emulator.click(msg, buttons(msg)[label], world.moderator)).wait_done(timeout=60)
    done = emulator.message(msg.id)
    assert done is not None and done.content.startswith(f"Imported {name}"), done.content
    return done.content


__all__ = ["add_fact", "add_film", "buttons", "edit_fact", "edit_film", "fact_search", "form", "global_search_facts",
           "import_file", "index_matches_view", "run"]
