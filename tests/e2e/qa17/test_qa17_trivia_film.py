"""QA17: naming the film of a trivia round the way every other film option accepts it."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.test_moderation import run, within_discord_limits  # noqa: F401 - a fixture
from tests.emulator import Emulator


@pytest.mark.parametrize("typed", ["Les Quatre Cents Coups", "400 blows", "Les 400 coups"])
async def test_a_round_about_a_film_named_by_its_original_title_or_without_its_article_starts(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str) -> None:
    """Alice types `/trivia start film:Les Quatre Cents Coups` (or "400 blows", or the alias "Les 400 coups")
    and presses Enter without picking from the list. She is told privately
    "No film called “Les Quatre Cents Coups” has trivia questions here: pick one from the list." — untrue:
    the film has 75 questions, and `/fact random film:` and `/film` take those very names (README, Looking
    things up: "Films are found by their title, original title or any alias"; "'400 blows' equals *The 400
    Blows*"). The round should start about The 400 Blows."""
    w = discord_world
    assert (await run(emulator, w, w.alice, "fact random", film=typed)).embeds      # the same name works here
    record = await run(emulator, w, w.alice, "trivia start", film=typed, questions=1, seconds=5)
    assert not record.ephemeral, record.content
    assert "The 400 Blows" in (record.content or "")
    await run(emulator, w, w.alice, "trivia stop")


@pytest.mark.parametrize("typed", ["quatre", "les quatre cents", "400 coups"])
async def test_the_trivia_film_picker_offers_the_film_for_its_original_title(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str) -> None:
    """In `/trivia start film:` Alice types "quatre" (the film is *Les Quatre Cents Coups* in French): the
    picker offers nothing, while /film and /fact random's film pickers offer The 400 Blows (1959) for it.
    It should offer The 400 Blows (1959) · 75 questions."""
    w = discord_world
    elsewhere = await emulator.autocomplete(w.general, w.alice, "fact random", focused="film", film=typed)
    assert any("The 400 Blows" in c["name"] for c in elsewhere)
    offered = await emulator.autocomplete(w.general, w.alice, "trivia start", focused="film", film=typed)
    assert any("The 400 Blows" in c["name"] for c in offered), offered


@pytest.mark.parametrize("typed", ["The 400 Blows", "Les Quatre Cents Coups"])
async def test_a_moderator_turns_a_film_off_by_typing_its_title(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, typed: str) -> None:
    """The moderator types `/trivia settings disable:The 400 Blows` — the film's exact title (or its original
    title) — and presses Enter instead of picking "Film · The 400 Blows (1959) · 75 questions". They are told
    "No film or question list called “The 400 Blows” has questions here: pick one from the list." though the
    settings card lists "The 400 Blows (1959) (75)" under "Films and lists on". The film should be turned
    off (as `/trivia start film:The 400 Blows` accepts that title)."""
    w = discord_world
    record = await run(emulator, w, w.moderator, "trivia settings", disable=typed)
    assert "turned off" in str(record.embeds), record.content
