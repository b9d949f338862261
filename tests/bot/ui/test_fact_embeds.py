from __future__ import annotations

import dataclasses
from datetime import date

from bot.db.facts import Fact
from bot.db.film_refs import FilmRef
from bot.facts.browse import FactCard, HistoryItem, SearchResult
from bot.facts.posting import OutgoingPost
from bot.ui.facts import (
    HISTORY_PER_PAGE,
    daily_post_embed,
    fact_embed,
    history_entry,
    history_page,
    history_page_count,
    long_date,
    search_entry,
    search_legend,
)

FACT = Fact(id=12, guild_id=None, pack_key=None, film_id=1, text="Léaud was *fourteen*. " * 400, source="S" * 2000,
            tags=("cast", "production"), verified=False, status="approved", created_by=None, created_at=0,
            updated_by=None, updated_at=0, deleted_at=None)
FILM = FilmRef(1, "The 400 Blows", 1959)


def test_fact_embed_shows_id_film_source_tags_and_fits() -> None:
    embed = fact_embed(FactCard(FACT, FILM))
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "Fact #12" and fields["Film"] == "The 400 Blows (1959)"
    assert fields["Tags"] == "cast, production" and "double-check" in fields["Note"]
    assert len(embed.description) <= 4096 and len(fields["Source"]) <= 1024 and len(embed) <= 6000


def test_daily_post_carries_its_marker_and_date() -> None:
    post = OutgoingPost(1, 2, None, None, date(2024, 5, 1), dataclasses.replace(FACT, text="Short."), FILM)
    embed = daily_post_embed(post)
    assert embed.title == "Fact of the day · Wednesday 1 May 2024"
    assert embed.footer.text.startswith("Fact #12 · 2024-05-01")
    fields = {f.name: f.value for f in embed.fields}
    assert "Tags" not in fields and "double-check" in fields["Note"]  # short, but never hides a doubtful source
    verified = daily_post_embed(dataclasses.replace(post, fact=dataclasses.replace(post.fact, verified=True)))
    assert "Note" not in {f.name for f in verified.fields}


def test_entries() -> None:
    checked = dataclasses.replace(FACT, verified=True)
    entry = search_entry(SearchResult(FactCard(checked, FILM), "…was **Léaud**…"))
    assert entry.startswith("**#12** · *The 400 Blows (1959)*\n…was **Léaud**…")
    fallback = search_entry(SearchResult(FactCard(checked, None), ""))
    assert fallback.startswith("**#12**\nLéaud was \\*fourteen\\*")
    posted = history_entry(HistoryItem(date(2024, 5, 1), FactCard(FACT, FILM), 2, 3), 1)
    assert "[post](https://discord.com/channels/1/2/3)" in posted and len(posted) < 400
    assert "removed" in history_entry(HistoryItem(date(2024, 5, 1), None, None, None), 1)
    assert long_date(date(2024, 12, 25)) == "Wednesday 25 December 2024"


def test_a_history_page_of_the_longest_days_fits_whole_and_counts_every_day() -> None:
    """QA29 2: a page of /fact history holds HISTORY_PER_PAGE days however long their facts and ids, none cut,
    and its footer counts every day back to the first post (3,000 days: 375 pages)."""
    big = 2**64 - 1                                                  # 20-digit server, channel and message ids
    longest = HistoryItem(date(2021, 9, 29), FactCard(dataclasses.replace(FACT, id=9_999_999_999), FILM), big, big)
    items = [longest] * HISTORY_PER_PAGE
    last = history_page(items, big, number=375, days=3_000)
    assert last.footer.text == "Page 375/375 · 3,000 days" and history_page_count(3_000) == 375
    assert last.description == "\n\n".join(history_entry(item, big) for item in items)   # whole, not cut
    assert len(last.description) <= 4096 and len(last) <= 6000
    assert history_page_count(8) == 1 and history_page_count(9) == 2 and history_page_count(230) == 29
    assert history_page(items[:1], 1, number=1, days=1).footer.text == "1 day"      # one page: no "Page 1/1"


def test_search_marks_unverified_facts_like_slash_search() -> None:
    doubtful = SearchResult(FactCard(FACT, FILM), "…was **Léaud**…")
    checked = SearchResult(FactCard(dataclasses.replace(FACT, verified=True), None), "…**Léaud**…")
    assert search_entry(doubtful).startswith("**#12** ⚠️ · *The 400 Blows (1959)*\n")
    assert "⚠️" not in search_entry(checked)
    assert search_legend([checked, doubtful]) == "⚠️ From a source we could not double-check."
    assert search_legend([checked]) == ""


def test_stored_tags_never_render_as_mentions() -> None:
    old = dataclasses.replace(FACT, text="Short.", tags=("<@&123456789012345678>", "@everyone"))
    tags = {f.name: f.value for f in fact_embed(FactCard(old, FILM)).fields}["Tags"]
    assert "<@&1" not in tags and "@everyone" not in tags and "123456789012345678" in tags


def test_a_search_page_says_which_facts_are_gone_since() -> None:
    """QA24 9: a page turned after a moderator hid (or removed) one of its facts says so instead of showing it."""
    import discord

    from bot.ui.facts import GONE_SINCE, without_gone
    from bot.ui.paginator import pages_with_ranges
    shown = [SearchResult(FactCard(dataclasses.replace(FACT, id=i, text=f"Fact {i} text."), None), "")
             for i in (1, 2, 3)]
    [(page, indices)] = pages_with_ranges([search_entry(r) for r in shown], title="Search", per_page=5)
    assert list(indices) == [0, 1, 2]
    assert without_gone(page, shown, {1, 2, 3}) is page                     # nothing gone: the page as it was
    fresh = without_gone(page, shown, {1, 3})
    assert isinstance(fresh, discord.Embed) and f"~~#2~~ {GONE_SINCE}" in fresh.description
    assert "Fact 2 text." not in fresh.description and "Fact 1 text." in fresh.description
    assert "Fact 2 text." in page.description                               # the original is not changed
