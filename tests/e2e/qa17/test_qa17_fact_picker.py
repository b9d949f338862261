"""QA17: the fact picker of /fact show when the words typed are a number that is in the facts."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import within_discord_limits  # noqa: F401 - a fixture
from tests.emulator import Emulator


@pytest.mark.parametrize("typed", ["1959", "400"])
async def test_a_year_or_number_from_the_facts_typed_in_the_fact_picker_offers_those_facts(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str) -> None:
    """Alice remembers a fact about the 1959 Cannes festival and types "1959" into `/fact show id:`
    (README: "One fact with its id, film, source and tags (autocomplete by number or words)"). The
    picker offers nothing at all: a typed number is only read as the start of a fact number, and no fact
    number starts with 1959 here, though a dozen facts say 1959 (and "400" — *The 400 Blows* — is in most
    of them). With no fact number to offer, it should offer the facts with that word, as `/fact search
    query:1959` finds them."""
    w = discord_world
    found = await (await emulator.slash(w.general, w.alice, "fact search", query=typed)).wait_done()
    assert found.embeds and f"**{typed}**" in found.embeds[0]["description"]      # the facts are there
    offered = await emulator.autocomplete(w.general, w.alice, "fact show", focused="id", id=typed)
    assert offered, f"nothing offered for {typed!r}"
    assert any(typed in c["name"] for c in offered), offered
