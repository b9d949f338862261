from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.db import Database, daily, facts
from bot.errors import InvalidInput, NotFound
from bot.facts import browse
from bot.text import escape_markdown
from tests import factsupport
from tests.bot.facts.test_scheduler import T0, schedule
from tests.bot.facts.test_search import HOSTILE
from tests.factsupport import CHANNEL, GUILD, OTHER_GUILD, fact_id, film_id

content_db = factsupport.content_db
HOUR = 3600


async def test_today_is_stable_and_is_what_gets_posted(content_db: Database) -> None:
    await schedule(content_db)
    first = await browse.today(content_db, GUILD, T0 - 2 * HOUR)
    again = await browse.today(content_db, GUILD, T0 - HOUR)
    assert first.card.fact.id == again.card.fact.id and first.day.isoformat() == "2024-05-01"
    assert first.timezone == "Europe/Paris" and first.next_post_at == T0 and first.post is None
    claim = await daily.claim(content_db, GUILD, "2024-05-01", target_id=CHANNEL, film_id=None, next_post_at=None,
                              now=T0)
    assert claim.fact_id == first.card.fact.id
    await daily.complete(content_db, GUILD, "2024-05-01", channel_id=CHANNEL, message_id=42, now=T0)
    posted = await browse.today(content_db, GUILD, T0 + HOUR)
    assert posted.card.fact.id == first.card.fact.id and posted.post.message_id == 42 and posted.next_post_at is None


async def test_today_without_daily_uses_the_utc_date(content_db: Database) -> None:
    late = 1_714_604_000  # 2024-05-01 22:53 UTC: already 2 May in Paris, still 1 May in UTC
    first = await browse.today(content_db, OTHER_GUILD, late)
    assert first.day.isoformat() == "2024-05-01" and first.timezone == "UTC" and first.next_post_at is None
    assert (await browse.today(content_db, OTHER_GUILD, late + 600)).card.fact.id == first.card.fact.id
    tomorrow = await browse.today(content_db, OTHER_GUILD, late + 2 * HOUR)
    assert tomorrow.day.isoformat() == "2024-05-02" and tomorrow.card.fact.id != first.card.fact.id


async def test_today_with_no_facts(content_db: Database) -> None:
    await content_db.conn.execute("UPDATE facts SET status = 'pending'")
    with pytest.raises(NotFound, match="no approved facts"):
        await browse.today(content_db, GUILD, T0)


async def test_search_results_and_nothing_found(content_db: Database) -> None:
    found = await browse.search(content_db, GUILD, "Leaud", None)
    assert found.results and all("**Léaud**" in r.snippet for r in found.results[:3])
    assert found.results[0].card.film.title == "The 400 Blows" and not found.more
    many = await browse.search(content_db, GUILD, "coups", None)
    assert len(many.results) == browse.MAX_RESULTS and many.more
    with pytest.raises(NotFound, match="Nothing found for “zzzqqq”"):
        await browse.search(content_db, GUILD, "zzzqqq", None)
    with pytest.raises(NotFound, match="type a few words"):
        await browse.search(content_db, GUILD, '"*" (^) -- :', None)


async def test_hostile_search_gives_results_or_nothing_found(content_db: Database) -> None:
    for text in HOSTILE:
        try:
            await browse.search(content_db, GUILD, text, None)
        except NotFound as exc:
            assert exc.message.startswith("Nothing found")


async def test_search_with_a_film(content_db: Database) -> None:
    found = await browse.search(content_db, GUILD, "film", "Les Mistons")
    assert [r.card.fact.id for r in found.results] == [await fact_id(content_db, "m-f1")]
    with pytest.raises(NotFound, match="about Day for Night"):
        await browse.search(content_db, GUILD, "zzzqqq", f"id:{await film_id(content_db, 'day-for-night')}")


async def test_resolve_film(content_db: Database) -> None:
    blows = await film_id(content_db, "the-400-blows")
    assert (await browse.resolve_film(content_db, f"id:{blows}")).id == blows
    assert (await browse.resolve_film(content_db, "les quatre cents coups")).id == blows
    assert (await browse.resolve_film(content_db, "LES 400 COUPS")).id == blows
    assert (await browse.resolve_film(content_db, "mistons")).title == "Les Mistons"  # one close match
    assert await browse.resolve_film(content_db, None) is None
    with pytest.raises(NotFound, match="I don't know a film"):
        await browse.resolve_film(content_db, "Citizen Kane")
    async with content_db.transaction() as conn:
        await conn.execute("INSERT INTO films (title, year, created_at, updated_at) VALUES ('Les Mistons', 2001, 0, 0)")
        await conn.execute("INSERT INTO film_names (film_id, name, norm, kind) "
                           "SELECT id, 'Les Mistons', 'les mistons', 'title' FROM films "
                           "WHERE year = 2001")
    with pytest.raises(InvalidInput, match="Several films"):
        await browse.resolve_film(content_db, "les mistons")


@pytest.mark.parametrize("typed", ["🎬🍿", "*", "#", "0", "é", "--"])
async def test_nonsense_names_no_film(tmp_path: Path, typed: str) -> None:
    # With one film (the bundled pack alone), an empty or one-character search used to match it.
    db = await Database.open(tmp_path / "one-film.sqlite3")
    try:
        await sync_bundled_packs(db)
        assert await db.scalar("SELECT count(*) FROM films") == 1
        with pytest.raises(NotFound, match=re.escape(f"I don't know a film called “{escape_markdown(typed)}”")):
            await browse.resolve_film(db, typed)
        with pytest.raises(NotFound, match="I don't know a film"):
            await browse.random_card(db, GUILD, typed)
        assert (await browse.resolve_film(db, "blows")).key == "the-400-blows"
    finally:
        await db.close()


async def test_a_short_start_of_a_name_still_finds_the_film(content_db: Database) -> None:
    assert (await browse.resolve_film(content_db, "400")).id == await film_id(content_db, "the-400-blows")
    for blank in ("", "   ", "\u200b"):  # nothing visible typed: no film filter, as if left empty
        assert await browse.resolve_film(content_db, blank) is None


async def test_nothing_typed_is_not_quoted_back(content_db: Database) -> None:
    for blank in ("\u200b", " \u200b "):
        with pytest.raises(NotFound) as refused:
            await browse.search(content_db, GUILD, blank, None)
        assert refused.value.message.startswith("Nothing found: type a few words") and "“" not in refused.value.message


async def test_random_and_show(content_db: Database) -> None:
    card = await browse.random_card(content_db, GUILD, "Day for Night")
    assert card.fact.id == await fact_id(content_db, "m-f2") and card.film.title == "Day for Night"
    shown = await browse.show(content_db, GUILD, card.fact.id)
    assert shown == card
    with pytest.raises(NotFound, match="no fact #99999"):
        await browse.show(content_db, GUILD, 99_999)
    await content_db.conn.execute("UPDATE facts SET status = 'pending'")
    with pytest.raises(NotFound, match="no facts yet"):
        await browse.random_card(content_db, GUILD, None)


async def test_history(content_db: Database) -> None:
    await schedule(content_db)
    for n, day in enumerate(("2024-04-29", "2024-04-30")):
        claim = await daily.claim(content_db, GUILD, day, target_id=CHANNEL, film_id=None, next_post_at=None, now=T0)
        await daily.complete(content_db, GUILD, day, channel_id=CHANNEL, message_id=100 + n, now=T0)
    await content_db.conn.execute("UPDATE facts SET deleted_at = 1 WHERE id = ?", (claim.fact_id,))
    await browse.today(content_db, GUILD, T0 - HOUR)  # planned for today, not posted: not history yet
    found = await browse.history(content_db, GUILD, T0)
    assert (found.days, found.today, found.newest) == (2, "2024-05-01", "2024-04-30")
    items = await browse.history_items(content_db, found, offset=0, limit=8)
    assert [i.day.isoformat() for i in items] == ["2024-04-30", "2024-04-29"]
    assert items[0].card is None and items[1].card is not None and items[1].message_id == 100
    [oldest] = await browse.history_items(content_db, found, offset=1, limit=8)
    assert oldest == items[1]


async def test_history_of_a_server_that_never_posted(content_db: Database) -> None:
    found = await browse.history(content_db, GUILD, T0)
    assert found.days == 0 and await browse.history_items(content_db, found, offset=0, limit=8) == []


async def test_fact_choices(content_db: Database) -> None:
    by_id = await browse.fact_choices(content_db, GUILD, "#7")
    assert [v for _, v in by_id] == [7, 70, 71, 72, 73]
    assert all(len(n) <= 100 and n.startswith(f"#{v} — ") for n, v in by_id)
    by_text = await browse.fact_choices(content_db, GUILD, "moussy")
    texts = [(await facts.get(content_db, v)).text.lower() for _, v in by_text]
    assert texts and all("moussy" in t for t in texts)
    assert len(await browse.fact_choices(content_db, GUILD, "")) == 25
    assert await browse.fact_choices(content_db, GUILD, '"(*') == await browse.fact_choices(content_db, GUILD, "")
    near = await browse.fact_choices(content_db, GUILD, 'NEAR("')  # a word here, not an operator
    near_texts = [(await facts.get(content_db, v)).text.lower() for _, v in near]
    assert near_texts and all("near" in t for t in near_texts)


async def test_film_choices(content_db: Database) -> None:
    choices = await browse.film_choices(content_db, "quatre")
    assert choices == [("The 400 Blows (1959)", f"id:{await film_id(content_db, 'the-400-blows')}")]
    assert [n for n, _ in await browse.film_choices(content_db, "")] == ["Day for Night (1973)", "Les Mistons (1957)",
                                                                        "The 400 Blows (1959)"]
    assert [n for n, _ in await browse.film_choices(content_db, "nuit amer")] == ["Day for Night (1973)"]
    assert await browse.film_choices(content_db, "citizen kane") == []
    assert [n for n, _ in await browse.film_choices(content_db, "americaine")] == ["Day for Night (1973)"]


@pytest.mark.parametrize(("typed", "first_after_utc"), [
    ("", "Europe/London"), ("paris", "Europe/Paris"), ("new york", "America/New_York"),
    ("kathmandu", "Asia/Kathmandu"), ("lord", "Australia/Lord_Howe"), ("europe/pa", "Europe/Paris"),
    ("york", "America/New_York"), ("NST", "America/St_Johns"), ("nzdt", "Pacific/Auckland"), ("JST", "Asia/Tokyo"),
])
def test_zone_choices(typed: str, first_after_utc: str) -> None:
    choices = browse.zone_choices(typed, T0)
    assert choices[0] == ("UTC (UTC+00:00)", "UTC") and choices[1][1] == first_after_utc
    assert len(choices) <= 25 and all(len(name) <= 100 for name, _ in choices)


def test_letters_inside_a_zones_word_are_not_a_match() -> None:
    """QA25 6: 'nst' is not in Pacific/Johnston's name as a word; 'ndt' not in America/Grand_Turk's."""
    for typed, wrong in (("nst", "Pacific/Johnston"), ("ndt", "America/Grand_Turk")):
        assert wrong not in [value for _, value in browse.zone_choices(typed, T0)]


def test_zone_choices_show_the_current_offset() -> None:
    assert ("Asia/Kathmandu (UTC+05:45)", "Asia/Kathmandu") in browse.zone_choices("kathmandu", T0)
    assert len(browse.zone_choices("a", T0)) == 25


async def test_search_falls_back_to_some_of_the_words(content_db: Database) -> None:
    found = await browse.search(content_db, GUILD, "Léaud zzzqqq", None)
    assert found.partial and found.results and "**Léaud**" in found.results[0].snippet
    exact = await browse.search(content_db, GUILD, "Léaud Doinel", None)
    assert not exact.partial
