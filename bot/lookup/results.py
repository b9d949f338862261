"""/search results as pages of embed data: grouped (films, people, facts), highlighted (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.facts.search import render_snippet
from bot.lookup.cards import lifespan
from bot.lookup.embeds import EmbedData, build, one_line
from bot.text import escape_markdown, flat, plural
from bot.ui.format import UNVERIFIED_MARK

if TYPE_CHECKING:
    from bot.db.search import SearchResults

PAGE_SIZE = 8            # results per page, all groups together
LINE_LIMIT = 360         # one result never takes more than this
GROUPS = (("films", "Films"), ("people", "People"), ("facts", "Facts"))


@dataclass(frozen=True)
class Entry:
    group: str
    line: str


def entries(results: SearchResults) -> list[Entry]:
    # Every name passes through flat(): a direction control in a title would reverse the rest of its line.
    out = [Entry("films", f"**{escape_markdown(flat(h.title))}**{f' ({h.year})' if h.year else ''}"
                          + (f" — *{escape_markdown(flat(h.ranked.name))}*" if h.ranked.kind != "title" else ""))
           for h in results.films]
    for p in results.people:
        span = lifespan(p)
        extra = f" — {escape_markdown(one_line(p.known_for, 120))}" if p.known_for else ""
        out.append(Entry("people", f"**{escape_markdown(flat(p.name))}**{f' ({span})' if span else ''}{extra}"))
    for f in results.facts:
        film = f" — *{escape_markdown(flat(f.film_label))}*" if f.film_label else ""
        warning = f" {UNVERIFIED_MARK}" if not f.verified else ""
        out.append(Entry("facts", f"`#{f.id}`{warning} {one_line(render_snippet(f.snippet), LINE_LIMIT)}{film}"))
    return out


def page_count(results: SearchResults) -> int:
    return max(1, -(-results.total // PAGE_SIZE))


def search_page(results: SearchResults, page: int) -> EmbedData:
    """Page ``page`` (0-based, clamped) of the results; each group under its heading."""
    title = f"Search: {escape_markdown(one_line(results.query, 80))}"
    all_entries = entries(results)
    if not all_entries:
        return build(title, "Nothing found. Try fewer words, another spelling, or a film's original title.")
    pages = page_count(results)
    page = min(max(page, 0), pages - 1)
    shown = all_entries[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    blocks = []
    for group, heading in GROUPS:
        lines = [e.line for e in shown if e.group == group]
        if lines:
            blocks.append(f"__{heading}__\n" + "\n".join(lines))
    description = "\n\n".join(blocks)
    if results.loose:
        description = "No result has every word; these come close.\n\n" + description
    counts = [plural(n, word, many) for n, word, many in ((len(results.films), "film", "films"),
                                                          (len(results.people), "person", "people")) if n]
    if results.facts:
        counts.append(f"{len(results.facts)}+ facts (add words to narrow it down)" if results.more_facts
                      else plural(len(results.facts), "fact", "facts"))
    footer = f"Page {page + 1}/{pages} · " + ", ".join(counts) + " · open one with /film, /person or /fact show"
    return build(title, description, (), footer)
