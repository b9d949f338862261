"""QA22: what members and moderators read after the moderators' changes: the audit trail of a fact
that came from a suggestion, and the member views of a posted fact that was hidden afterwards."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa22.support import moderator_team, within_limits  # noqa: F401 - fixture
from tests.e2e.test_moderation import run, suggest
from tests.emulator import Emulator

pytestmark = pytest.mark.usefixtures("within_limits")


async def test_the_history_of_an_approved_suggestion_says_whose_suggestion_it_was(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Alice suggests "truffaut was a critic befor directing"; Rosa opens the queue, presses Edit, rewrites it
    ("Truffaut wrote for Cahiers du cinéma before directing.") and approves. Weeks later the admin wonders
    where fact #N came from and runs /facts history N: "<@Rosa> added from a member's suggestion" and the
    final text. Which member, which suggestion, and what she wrote are nowhere (the suggestion's own text
    was overwritten with Rosa's). The trail should name the member (and the suggestion number)."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa = team.mods[0]
    number = await suggest(emulator, w, w.alice, "truffaut was a critic befor directing")
    queue = (await run(emulator, w, rosa, "facts queue")).original
    form = await (await emulator.click(queue, f"doinel:sugg:edit:{number}", rosa)).wait_done()
    await (await emulator.submit_modal(form, None, {"text": "Truffaut wrote for Cahiers du cinéma before "
                                                            "directing."})).wait_done()
    fact_id = await doinel.db.scalar("SELECT fact_id FROM suggestions WHERE id = ?", (number,))
    history = await run(emulator, w, team.admin, "facts history", id=fact_id)
    description = history.embeds[0]["description"]
    assert f"<@{rosa.id}>" in description                     # who approved it: there
    assert f"<@{w.alice.id}>" in description and f"#{number}" in description, description


async def test_a_posted_fact_hidden_afterwards_leaves_fact_today_and_fact_history(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The daily post goes out with a fact from the bundled pack. A member points out it gives away the
    ending, so Rosa runs /facts hide N ("Fact #N is hidden in this server"); /fact show N now answers "There is
    no fact #N here". But /fact today still shows the whole fact to anyone who asks, and /fact history keeps
    listing its text for ever. A removed fact reads "Today's fact was removed by a moderator." and
    "this fact was removed" there; a hidden one should be left out the same way."""
    w = discord_world
    team = await moderator_team(emulator, w)
    await run(emulator, w, team.admin, "daily set", channel=w.general, time="09:00", timezone="UTC")
    posted = await run(emulator, w, team.admin, "daily post-now")
    assert "Posted the fact of" in (posted.content or ""), posted.content
    fact_id = await doinel.db.scalar("SELECT fact_id FROM fact_of_day WHERE guild_id = ?", (w.guild.id,))
    text = await doinel.db.scalar("SELECT text FROM facts WHERE id = ?", (fact_id,))
    hidden = await run(emulator, w, team.mods[0], "facts hide", id=fact_id)
    assert f"Fact #{fact_id} is hidden in this server" in (hidden.content or "")
    shown = await run(emulator, w, w.alice, "fact show", id=fact_id)
    assert f"There is no fact #{fact_id} here" in (shown.content or "")
    today = await run(emulator, w, w.alice, "fact today")
    history = await run(emulator, w, w.alice, "fact history")
    seen = {"today": " ".join(e.get("description") or "" for e in today.embeds),
            "history": " ".join(e.get("description") or "" for e in history.embeds)}
    assert {k: text[:40] in v for k, v in seen.items()} == {"today": False, "history": False}, seen
