"""How facts look in Discord: one fact, the daily post, search results and history entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import discord

from bot.facts.browse import FactCard, HistoryItem, SearchResult
from bot.facts.posting import OutgoingPost
from bot.text import escape_keeping_spoilers, escape_markdown, flat, one_line, plural
from bot.ui.format import (
    BRAND_COLOUR,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_FOOTER_LIMIT,
    UNVERIFIED_MARK,
    UNVERIFIED_NOTE,
    cut,
    tags_text,
)
from bot.ui.paginator import entries_page

DAILY_COLOUR = 0xC9A227
HISTORY_PER_PAGE = 8     # /fact history days a page: 8 of the longest entries (a fact cut to 300 characters, a link
                         # with 20-digit ids: ~450 characters each) fill under 3,700 of a description's 4,096


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def long_date(day: date) -> str:
    """'Wednesday 1 May 2024' (English, the bot's language)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def fact_embed(card: FactCard, *, title: str | None = None, footer: str | None = None,
               colour: int = BRAND_COLOUR, details: bool = True) -> discord.Embed:
    """A fact with its film and source; ``details`` adds its tags. An unverified fact always says so.

    Its number is in the title, or, under a ``title`` of the caller's, in the footer (unless ``footer``).
    """
    fact = card.fact
    embed = discord.Embed(title=title or f"Fact #{fact.id}", description=cut(fact.text, EMBED_DESCRIPTION_LIMIT),
                          colour=colour)
    if card.film is not None:
        embed.add_field(name="Film", value=cut(escape_markdown(card.film.label), EMBED_FIELD_VALUE_LIMIT))
    if fact.source:
        embed.add_field(name="Source", value=cut(fact.source, EMBED_FIELD_VALUE_LIMIT))
    if details and fact.tags:
        embed.add_field(name="Tags", value=tags_text(fact.tags), inline=False)
    if not fact.verified:
        embed.add_field(name="Note", value=UNVERIFIED_NOTE, inline=False)
    if footer or title:
        embed.set_footer(text=cut(footer or f"Fact #{fact.id}", EMBED_FOOTER_LIMIT))
    return embed


def daily_post_embed(post: OutgoingPost) -> discord.Embed:
    """The daily post. Its footer carries the marker the scheduler looks for after a crash: keep it."""
    card = FactCard(post.fact, post.film)
    return fact_embed(card, title=f"Fact of the day · {long_date(post.local_date)}",
                      footer=f"{post.marker} · /fact show {post.fact.id}", colour=DAILY_COLOUR, details=False)


def search_entry(result: SearchResult) -> str:
    """One /fact search hit; an unverified fact carries the same mark as in /search."""
    fact = result.card.fact
    warning = f" {UNVERIFIED_MARK}" if not fact.verified else ""
    film = f" · *{escape_markdown(one_line(result.card.film.label, 80))}*" if result.card.film else ""
    snippet = flat(result.snippet) or escape_keeping_spoilers(cut(flat(fact.text), 300))   # flat: no direction controls
    return f"**#{fact.id}**{warning}{film}\n{snippet}"


def without_gone(page: discord.Embed, shown: Sequence[SearchResult], visible: set[int]) -> discord.Embed:
    """A search page as it should read now: each of its facts no longer ``visible`` (removed, or hidden in
    the server, since the search) said to be gone instead of shown."""
    gone = [r for r in shown if r.card.fact.id not in visible]
    if not gone or not page.description:
        return page
    description = page.description
    for result in gone:
        description = description.replace(search_entry(result), f"~~#{result.card.fact.id}~~ {GONE_SINCE}")
    fresh = page.copy()
    fresh.description = description
    return fresh


GONE_SINCE = "*removed or hidden by a moderator since this search*"


def search_legend(results: Sequence[SearchResult]) -> str:
    """The footer that explains the mark, when any result carries it ('' otherwise)."""
    return UNVERIFIED_NOTE if any(not r.card.fact.verified for r in results) else ""


def history_entry(item: HistoryItem, guild_id: int) -> str:
    when = f"**{long_date(item.day)}**"
    if item.card is None:
        return f"{when} — *this fact was removed or hidden by a moderator*"
    link = (f" · [post]({jump_url(guild_id, item.channel_id, item.message_id)})"
            if item.channel_id and item.message_id else "")
    return f"{when} — #{item.card.fact.id}{link}\n{one_line(item.card.fact.text, 300)}"


def history_page_count(days: int) -> int:
    return max(1, -(-days // HISTORY_PER_PAGE))


def history_page(items: Sequence[HistoryItem], guild_id: int, *, number: int, days: int) -> discord.Embed:
    """Page ``number`` of /fact history (its ``items``, up to ``HISTORY_PER_PAGE`` days), footed with every day
    there is to page through: "Page 1/29 · 230 days"."""
    return entries_page([history_entry(item, guild_id) for item in items], title="Facts of the day", number=number,
                        of=history_page_count(days), footer=plural(days, "day"))
