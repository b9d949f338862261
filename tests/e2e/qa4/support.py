"""Helpers for the QA4 scenarios: a search page as a member reads it, and every fact picker.

The rest (run, add_fact, add_film, fact_search, ...) comes from the QA3 helpers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.tree import APOLOGY
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import run
from tests.emulator import Emulator, Member

_FACT_HIT = re.compile(r"^\*\*#(\d+)\*\*", re.MULTILINE)   # /fact search: "**#12** · *Film*"


@dataclass(frozen=True)
class Page:
    """The first page of /fact search as a member sees it."""

    header: str              # the first line ('2 results, best first.'), or the ephemeral 'Nothing found...'
    ids: list[int]           # the facts listed, in order
    text: str                # the whole description (snippets included)

    @property
    def partial(self) -> bool:
        return self.header.startswith("No fact has all of these words.")


async def search_page(emulator: Emulator, world: DiscordWorld, query: str, *, member: Member | None = None,
                      film: str | None = None) -> Page:
    options: dict[str, Any] = {"query": query}
    if film is not None:
        options["film"] = film
    record = await run(emulator, world, member or world.alice, "fact search", **options)
    content = record.content or ""
    assert content != APOLOGY and "Traceback" not in content, (query, content)
    if not record.embeds:
        assert record.ephemeral and content.startswith("Nothing found"), (query, content)
        return Page(content, [], content)
    description = record.embeds[0]["description"]
    assert "Traceback" not in description
    return Page(description.split("\n", 1)[0], [int(n) for n in _FACT_HIT.findall(description)], description)


async def member_picks(emulator: Emulator, world: DiscordWorld, typed: str) -> list[int]:
    """The facts /fact show's id autocomplete offers a member for ``typed``."""
    choices = await emulator.autocomplete(world.general, world.alice, "fact show", focused="id", id=typed)
    return [c["value"] for c in choices]


async def moderator_picks(emulator: Emulator, world: DiscordWorld, command: str, typed: str) -> list[int]:
    """The facts the id autocomplete of ``/facts <command>`` offers a moderator for ``typed``."""
    choices = await emulator.autocomplete(world.general, world.moderator, f"facts {command}", focused="id", id=typed)
    return [c["value"] for c in choices]
