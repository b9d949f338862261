"""Pages of embeds with First / Previous / Next / Last buttons, within Discord's limits.

    pages = pages_from_entries(lines, title="Search: “leaud”", per_page=5)
    await Paginator(pages).start(interaction)

A list too long to build up front (years of facts of the day) is read a page at a time as the pages are turned:
``Paginator([first_page], count=pages, load=page_at)``, each page built with ``entries_page``.

Anyone can turn the pages of a public result (pass ``owner_id`` to keep them to one member). After
``timeout`` the buttons are removed. Buttons of a paginator that no longer exists (the bot restarted)
get a polite "run the command again" instead of Discord's "This interaction failed": call
``install(bot)`` once (cogs using the paginator do it in ``cog_load``; it is idempotent).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.ui.base import BaseView
from bot.ui.deadline import reply
from bot.ui.format import BRAND_COLOUR, EMBED_DESCRIPTION_LIMIT, EMBED_FOOTER_LIMIT, EMBED_TITLE_LIMIT, cut
from bot.ui.live import live_tokens

log = logging.getLogger(__name__)

PREFIX = "pager:"
EXPIRED = "These pages have expired. Run the command again to see them."
EMBED_BUDGET = 5_900          # under the 6,000-character total, with room for the page footer
ENTRY_LIMIT = 1_000           # a single entry is cut to this

LIVE = "pager"                # bot.ui.live kind: tokens of paginators still answering


def pages_from_entries(entries: Sequence[str], *, title: str, per_page: int = 10, header: str = "",
                       colour: int = BRAND_COLOUR, footer: str = "", separator: str = "\n\n",
                       entry_limit: int = ENTRY_LIMIT,
                       footer_for: Callable[[range], str] | None = None) -> list[discord.Embed]:
    """Pack ``entries`` into embeds: at most ``per_page`` each, never over the description or total limits.

    Footers read "Page 2/5" (plus ``footer``, or ``footer_for`` the indices of the page's entries: a legend
    only the pages that need it carry). At least one page is returned.
    """
    return [page for page, _ in pages_with_ranges(entries, title=title, per_page=per_page, header=header,
                                                  colour=colour, footer=footer, separator=separator,
                                                  entry_limit=entry_limit, footer_for=footer_for)]


def pages_with_ranges(entries: Sequence[str], *, title: str, per_page: int = 10, header: str = "",
                      colour: int = BRAND_COLOUR, footer: str = "", separator: str = "\n\n",
                      entry_limit: int = ENTRY_LIMIT,
                      footer_for: Callable[[range], str] | None = None) -> list[tuple[discord.Embed, range]]:
    """``pages_from_entries``, each page with the indices of the entries it shows."""
    title = cut(title, EMBED_TITLE_LIMIT)
    budget = _budget(title, footer_for(range(len(entries))) if footer_for else footer)
    chunks: list[list[str]] = [[]]
    starts = [0]                  # index of each page's first entry
    used = len(header) + 2 if header else 0
    for i, raw in enumerate(entries):
        entry = cut(raw, min(entry_limit, budget))
        size = len(entry) + len(separator)
        if chunks[-1] and (len(chunks[-1]) >= per_page or used + size > budget):
            chunks.append([])
            starts.append(i)
            used = len(header) + 2 if header else 0
        chunks[-1].append(entry)
        used += size
    pages = []
    for number, (chunk, start) in enumerate(zip(chunks, starts, strict=True), start=1):
        if footer_for is not None:
            footer = footer_for(range(start, start + len(chunk)))
        body = separator.join(chunk)
        description = f"{header}\n\n{body}" if header and body else (header or body)
        pages.append((_page(title, description, colour, number, len(chunks), footer), range(start, start + len(chunk))))
    return pages


def entries_page(entries: Sequence[str], *, title: str, number: int, of: int, footer: str = "",
                 colour: int = BRAND_COLOUR, separator: str = "\n\n", entry_limit: int = ENTRY_LIMIT) -> discord.Embed:
    """Page ``number`` of ``of``, all of its ``entries`` on it, footed as ``pages_from_entries``' pages are: a page
    of a paginator that reads its pages as they are turned (``Paginator(load=...)``). Choose how many entries a
    page gets so that they fit; should they not, each is cut to its share, never past Discord's limits."""
    title = cut(title, EMBED_TITLE_LIMIT)
    budget = _budget(title, footer)
    cut_to = min(entry_limit, budget)
    if entries and sum(len(cut(e, cut_to)) for e in entries) + len(separator) * (len(entries) - 1) > budget:
        cut_to = min(cut_to, (budget - len(separator) * (len(entries) - 1)) // len(entries))
    return _page(title, separator.join(cut(e, cut_to) for e in entries), colour, number, of, footer)


def _budget(title: str, footer: str) -> int:
    """Characters a page's description may use beside its title and footer ("Page 2/5 · ``footer``")."""
    return min(EMBED_DESCRIPTION_LIMIT, EMBED_BUDGET - len(title) - len(footer) - 24)


def _page(title: str, description: str, colour: int, number: int, of: int, footer: str) -> discord.Embed:
    embed = discord.Embed(title=title, description=description or None, colour=colour)
    if of > 1:
        embed.set_footer(text=cut(f"Page {number}/{of}" + (f" · {footer}" if footer else ""), EMBED_FOOTER_LIMIT))
    elif footer:
        embed.set_footer(text=cut(footer, EMBED_FOOTER_LIMIT))
    return embed


class Paginator(BaseView):
    def __init__(self, pages: Sequence[discord.Embed], *, owner_id: int | None = None, timeout: float = 600,
                 refresh: Callable[[int, discord.Embed], Awaitable[discord.Embed]] | None = None,
                 count: int | None = None, load: Callable[[int], Awaitable[discord.Embed]] | None = None) -> None:
        """``refresh``: the page as it should read now (given its index and embed), before it is shown again.

        ``load`` and ``count``: pages read as they are turned, for lists too long to build up front (years of
        facts of the day). ``pages`` is the first page (or the first few); the paginator has ``count`` pages, and
        each page turned to, built or not, is ``await load(index)`` then: only what a member looks at is read.
        """
        super().__init__(timeout=timeout)
        if not pages:
            raise ValueError("a paginator needs at least one page")
        if (load is None) != (count is None) or (count is not None and count < len(pages)):
            raise ValueError("a paginator that loads its pages needs both load and count (at least the pages given)")
        self.pages = list(pages)
        self.count = count if count is not None else len(self.pages)
        self.owner_id = owner_id
        self.refresh = refresh
        self.load = load
        self.index = 0
        self._turning = asyncio.Lock()
        self.token = secrets.token_hex(6)
        self._interaction: discord.Interaction | None = None
        self._live: set[str] | None = None
        for button, action in ((self.first, "first"), (self.previous, "prev"), (self.counter, "page"),
                               (self.next, "next"), (self.last, "last")):
            button.custom_id = f"{PREFIX}{self.token}:{action}"
        self._sync()

    async def start(self, interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
        """Send the first page (buttons only when there is more than one)."""
        view: Any = self if self.count > 1 else discord.utils.MISSING
        await reply(interaction, embed=self.pages[0], view=view, ephemeral=ephemeral)
        if self.count > 1:
            self._interaction = interaction
            self._live = live_tokens(interaction.client, LIVE)
            self._live.add(self.token)
        else:
            self.stop()

    def _sync(self) -> None:
        self.first.disabled = self.previous.disabled = self.index == 0
        self.next.disabled = self.last.disabled = self.index == self.count - 1
        self.counter.label = f"{self.index + 1}/{self.count}"

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.owner_id is not None and interaction.user.id != self.owner_id:
            await interaction.response.send_message("Only the member who ran the command can turn these pages.",
                                                    ephemeral=True)
            return False
        return True

    async def _page(self, index: int) -> discord.Embed:
        if self.load is not None:
            return await self.load(index)
        if self.refresh is not None:
            self.pages[index] = await self.refresh(index, self.pages[index])
        return self.pages[index]

    async def _show(self, interaction: discord.Interaction, to: Callable[[int], int]) -> None:
        """Turn to page ``to(current index)``. One turn at a time: each of several fast clicks counts, from the page
        the one before it turned to, and each answer carries its page with that page's number (the message is
        built before the lock is let go)."""
        async with self._turning:
            index = max(0, min(to(self.index), self.count - 1))
            page = await self._page(index)
            self.index = index
            self._sync()
        await interaction.response.edit_message(embed=page, view=self)

    @discord.ui.button(label="⏮ First", style=discord.ButtonStyle.secondary)
    async def first(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, lambda _: 0)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.primary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, lambda index: index - 1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:  # pragma: no cover
        await interaction.response.defer()

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, lambda index: index + 1)

    @discord.ui.button(label="Last ⏭", style=discord.ButtonStyle.secondary)
    async def last(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, lambda _: self.count - 1)

    def _forget(self) -> None:
        if self._live is not None:
            self._live.discard(self.token)

    async def on_timeout(self) -> None:
        self._forget()
        if self._interaction is not None:
            try:
                await self._interaction.edit_original_response(view=None)
            except discord.HTTPException as exc:
                log.debug("could not remove expired page buttons: %s", exc)

    def stop(self) -> None:
        self._forget()
        super().stop()


async def answer_expired(interaction: discord.Interaction) -> None:
    """Listener: a click on the buttons of a paginator this process does not know (restarted) is answered."""
    if interaction.type is not discord.InteractionType.component:
        return
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    if not custom_id.startswith(PREFIX):
        return
    token = custom_id[len(PREFIX):].split(":", 1)[0]
    if token in live_tokens(interaction.client, LIVE) or interaction.response.is_done():
        return
    try:
        await interaction.response.send_message(EXPIRED, ephemeral=True)
    except discord.HTTPException as exc:  # answered meanwhile, or expired
        log.debug("could not answer an expired page button: %s", exc)


def install(bot: commands.Bot) -> None:
    """Answer clicks on expired paginators (idempotent)."""
    if not getattr(bot, "_paginator_installed", False):
        bot.add_listener(answer_expired, "on_interaction")
        bot._paginator_installed = True  # type: ignore[attr-defined]
