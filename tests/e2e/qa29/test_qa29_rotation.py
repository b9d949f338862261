"""QA29: a year of the fact of the day — the pool is used up and starts over, whatever moderators and Discord do.

Promise (README, Fact of the day): "No fact repeats in a server until every eligible fact (all, or the chosen
film's) has been posted; then a new cycle starts."
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest

from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa2.test_qa2_daily import DAY, HOUR, NINE, at, fields, restart_at
from tests.e2e.qa3.support import edit_fact
from tests.e2e.qa29.support import FIRST_DAY, paris_nine, posted_ids
from tests.e2e.test_facts import ClockedHarness, daily_posts, run, set_daily
from tests.e2e.test_moderation import add_fact
from tests.emulator import Emulator, Perm

CLUB_FACTS = [
    "Fenwarble the projectionist kept every reel of the premiere in his attic.",
    "Gaskolin painted the cinema's marquee letters by hand in 1961.",
    "Pellucidor ran the ticket booth for forty years without a day off.",
    "Quorbantine the usher knew every line of the film by heart.",
    "Drovalisk bought the club's first projector at a flea market.",
    "Mirtheval wrote the club's newsletter on a typewriter like Antoine's.",
]


async def only_club_facts(emulator: Emulator, w: DiscordWorld, harness: ClockedHarness, count: int) -> list[int]:
    """The club posts its own facts only: the bundled pack's are set aside, ``count`` of the club's are added."""
    async with harness.bot.db.transaction() as conn:
        await conn.execute("UPDATE facts SET deleted_at = 1")
    return [await add_fact(emulator, w, text, source="Club archive") for text in CLUB_FACTS[:count]]


async def test_a_year_of_mornings_posts_every_day_once_and_each_cycle_uses_the_whole_pool(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The Paris club set 09:00 Europe/Paris on 1 May 2024 and never touched it again. A year later (both clock
    changes, the new year, a leap day) it has had 365 posts, one per local day in order, and the bundled pool of
    facts was used up and started over several times, each cycle posting every fact exactly once."""
    w = discord_world
    await set_daily(emulator, w)
    pool = int(fields(await run(emulator, w, w.moderator, "daily status"))["Facts"].split()[0])
    for day in range(365):
        await at(harness, paris_nine(day))
    posts = daily_posts(emulator, w.general)
    titles = [p.embeds[0]["title"] for p in posts]
    expected = [FIRST_DAY + timedelta(days=d) for d in range(365)]
    assert titles == [f"Fact of the day · {d:%A} {d.day} {d:%B %Y}" for d in expected]
    ids = posted_ids(emulator, w)
    cycles = [ids[i:i + pool] for i in range(0, len(ids), pool)]
    assert all(len(set(c)) == len(c) for c in cycles)             # no repeat inside a cycle
    assert all(set(c) == set(cycles[0]) for c in cycles[:-1])     # each full cycle is the whole pool
    assert all(a[-1] != b[0] for a, b in pairwise(cycles))       # never the same fact two days running
    status = fields(await run(emulator, w, w.moderator, "daily status"))
    assert status["Facts"] == (f"{pool} facts to draw from · cycle {len(cycles)}: {len(cycles[-1])} used, "
                               f"about {pool - len(cycles[-1])} to go")


async def test_facts_removed_added_edited_and_restored_mid_cycle_keep_each_cycle_whole(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness) -> None:
    """The club posts its own five facts. After two days a moderator removes one not yet posted, adds a sixth and
    corrects one already posted; the bot restarts for an update. The cycle goes on with the facts that are there;
    the removed fact is restored later and posted in that cycle; then the next cycle posts all six, once each."""
    w = discord_world
    keep = await only_club_facts(emulator, w, harness, 5)
    await set_daily(emulator, w)
    for day in range(2):
        await at(harness, NINE + day * DAY)
    first_two = posted_ids(emulator, w)
    removed = next(i for i in keep if i not in first_two)
    await run(emulator, w, w.moderator, "facts remove", id=removed)
    added = await add_fact(emulator, w, CLUB_FACTS[5], source="Club archive")
    await edit_fact(emulator, w, first_two[0],
                    text="Zembrotal the critic reviewed the club's first screening in verse.")
    await restart_at(harness, NINE + DAY + 3 * HOUR)
    for day in range(2, 5):
        await at(harness, NINE + day * DAY)
    ids = posted_ids(emulator, w)
    assert sorted(ids) == sorted(set(keep) - {removed} | {added})      # the pool as it now is, once each
    await run(emulator, w, w.moderator, "facts restore", id=removed)
    for day in range(5, 12):
        await at(harness, NINE + day * DAY)
    ids = posted_ids(emulator, w)
    everything = sorted(set(keep) | {added})
    assert ids[5] == removed                                            # its place in the first cycle
    assert sorted(ids[6:12]) == everything                              # then six days, six facts
    history = (await run(emulator, w, w.alice, "fact history")).embeds[0]["description"]
    assert "reviewed the club's first screening in verse" in history


async def test_a_fact_whose_post_failed_is_posted_before_any_fact_repeats(
        emulator: Emulator, discord_world: DiscordWorld, harness: ClockedHarness,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The club posts its own four facts. On Thursday someone tidying the channel permissions takes Send
    Messages from Doinel's role: Thursday's post is refused, /daily status says so, and the permission is put
    back that evening. The club then reads Friday's and Saturday's facts, and on Sunday Wednesday's fact comes
    round again, though Thursday's fact has never appeared in the channel: Doinel counted it as posted. It comes
    only on Monday, after a repeat. Nobody saw it; it should be posted before any fact comes back."""
    from bot.db import day_facts

    monkeypatch.setattr(day_facts, "day_seed", lambda guild_id, day: 0)   # each day's walk starts at the lowest id
    w = discord_world
    pool = await only_club_facts(emulator, w, harness, 4)
    await set_daily(emulator, w)
    await at(harness, NINE)                                                # Wednesday: posted
    bot_role = next(r for r in w.guild.roles.values() if r.bot_id == emulator.bot_user.id)
    await emulator.set_overwrite(w.general, bot_role, deny=Perm.SEND_MESSAGES)
    await at(harness, NINE + DAY)                                          # Thursday: refused
    status = fields(await run(emulator, w, w.moderator, "daily status"))
    assert "not posted" in status["Today (Thursday 2 May 2024)"]
    await emulator.clear_overwrite(w.general, bot_role)
    for day in range(2, 5):                                                # Friday, Saturday, Sunday
        await at(harness, NINE + day * DAY)
    ids = posted_ids(emulator, w)
    assert len(ids) == 4
    assert sorted(ids) == pool, ids                                        # four posts, four different facts
