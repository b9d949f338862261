"""QA8: first steps of a new server — the owner's first `python -m bot check`, a member's first suggestion
(naming the film the way the bot itself names it), and the moderator reviewing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import main
from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, buttons
from tests.e2e.qa5.support import quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.emulator import Emulator

TEXT = "Truffaut dedicated The 400 Blows to the memory of André Bazin, who died the day after shooting began."


@pytest.fixture
def fresh_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean environment whose database does not exist yet; no .env is read from the repo."""
    for name in ("DISCORD_TOKEN", "DEV_GUILD_ID", "OWNER_IDS", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL",
                 "MESSAGE_CONTENT_INTENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "doinel.sqlite3"))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return tmp_path


def test_the_first_check_counts_the_bundled_film_in_good_english(fresh_install: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    content = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("content:"))
    assert content.startswith("content: 1 film, "), content


async def suggestion_reply(emulator: Emulator, world: DiscordWorld, film: str, member: Any = None) -> str:
    opened = await act(emulator, world.general, member or world.alice, "fact suggest")
    sent = await (await emulator.submit_modal(opened, None, {"text": TEXT, "film": film})).wait_done()
    return sent.content or ""


async def test_a_suggestion_names_its_film_by_title_key_or_number_and_is_reviewed(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    for film, member in (("les quatre cents coups", w.alice), ("the-400-blows", w.bob)):  # one each: QA26 3
        told = await suggestion_reply(emulator, w, film, member)
        assert "is waiting for this server's moderators" in told, (film, told)
    unknown = await suggestion_reply(emulator, w, "The 401 Blows")
    assert unknown.startswith("No film is called “The 401 Blows”. Did you mean The 400 Blows (1959)"), unknown
    films = await doinel.db.fetchall("SELECT film_id FROM suggestions ORDER BY id")
    assert [row[0] for row in films] == [1, 1]
    queue = (await act(emulator, w.general, w.moderator, "facts queue")).original
    assert queue.content.startswith("**2 suggestions waiting**"), queue.content
    approved = await (await emulator.click(queue, buttons(queue)["Approve #1"], w.moderator)).wait_done()
    assert approved.content.startswith("Approved suggestion #1: it is now fact #72."), approved.content
    shown = await act(emulator, w.general, w.bob, "fact show", id=72)
    assert shown.embeds[0]["description"] == TEXT and not shown.ephemeral


async def test_a_suggestion_may_name_its_film_as_the_card_shows_it(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    card = await act(emulator, w.general, w.alice, "film", title="400 blows")
    assert card.embeds[0]["footer"]["text"].startswith("Film #1 ")
    told = await suggestion_reply(emulator, w, "#1")
    assert "is waiting for this server's moderators" in told, told
