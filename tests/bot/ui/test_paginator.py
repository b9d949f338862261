from __future__ import annotations

import asyncio
from types import SimpleNamespace

import discord
import pytest

from bot.ui import paginator
from bot.ui.live import live_tokens
from bot.ui.paginator import Paginator, entries_page, pages_from_entries


def test_entries_are_packed_into_numbered_pages() -> None:
    pages = pages_from_entries([f"entry {n}" for n in range(23)], title="Results", per_page=5, header="23 results")
    assert len(pages) == 5
    assert [p.footer.text for p in pages] == [f"Page {n}/5" for n in range(1, 6)]
    assert pages[0].description.startswith("23 results\n\nentry 0") and pages[-1].description.endswith("entry 22")


def test_pages_never_exceed_discords_limits() -> None:
    huge = ["x" * 3_000 for _ in range(9)] + ["y" * 900 for _ in range(20)]
    pages = pages_from_entries(huge, title="T" * 300, per_page=10, footer="f" * 100)
    for page in pages:
        assert len(page.description) <= 4_096 and len(page) <= 6_000 and len(page.title) <= 256
    assert sum(p.description.count("…") for p in pages) == 9  # only the oversized entries were cut


def test_a_single_page_has_no_page_footer() -> None:
    [page] = pages_from_entries(["one"], title="One")
    assert page.footer.text is None
    [page] = pages_from_entries(["one"], title="One", footer="1 day")
    assert page.footer.text == "1 day"


def test_a_legend_goes_under_the_pages_that_need_it() -> None:
    """QA24 7: the ⚠️ note only under pages that show a ⚠️ fact."""
    entries = [f"fact {n}{' ⚠️' if n == 7 else ''}" for n in range(12)]
    pages = pages_from_entries(entries, title="Search", per_page=5,
                               footer_for=lambda shown: "⚠️ unverified" if any("⚠️" in entries[i] for i in shown)
                               else "")
    assert [p.footer.text for p in pages] == ["Page 1/3", "Page 2/3 · ⚠️ unverified", "Page 3/3"]


def test_a_page_built_on_its_own_reads_like_a_packed_one() -> None:
    """A page read as it is turned is numbered and footed as pages_from_entries numbers and foots them."""
    packed = pages_from_entries([f"entry {n}" for n in range(12)], title="Days", per_page=5, footer="12 days")
    alone = entries_page([f"entry {n}" for n in range(10, 12)], title="Days", number=3, of=3, footer="12 days")
    assert alone.to_dict() == packed[2].to_dict() and alone.footer.text == "Page 3/3 · 12 days"
    assert entries_page(["one"], title="Days", number=1, of=1, footer="1 day").footer.text == "1 day"
    assert entries_page(["one"], title="Days", number=1, of=1).footer.text is None


def test_a_page_built_on_its_own_never_exceeds_discords_limits() -> None:
    page = entries_page(["x" * 3_000 for _ in range(8)], title="T" * 300, number=2, of=9, footer="f" * 100)
    assert len(page.description) <= 4_096 and len(page) <= 6_000
    assert page.description.count("…") == 8 and len({len(e) for e in page.description.split("\n\n")}) == 1


def fake_interaction(user_id: int) -> SimpleNamespace:
    edits: list[dict] = []
    sent: list[tuple] = []

    async def edit_message(**kwargs: object) -> None:
        edits.append(kwargs)

    async def send_message(*args: object, **kwargs: object) -> SimpleNamespace:
        sent.append((args, kwargs))
        return SimpleNamespace(message_id=None)    # discord.py's InteractionCallbackResponse, as far as used

    response = SimpleNamespace(edit_message=edit_message, send_message=send_message, is_done=lambda: False)
    return SimpleNamespace(user=SimpleNamespace(id=user_id), response=response, edits=edits, sent=sent)


async def test_buttons_turn_pages_and_disable_at_the_ends() -> None:
    pages = [discord.Embed(title=str(n)) for n in range(3)]
    view = Paginator(pages)
    assert view.first.disabled and view.previous.disabled and not view.next.disabled
    assert view.counter.label == "1/3" and view.next.custom_id.startswith(paginator.PREFIX)
    click = fake_interaction(1)
    await view.next.callback(click)
    await view.last.callback(click)
    assert [e["embed"].title for e in click.edits] == ["1", "2"]
    assert view.next.disabled and view.last.disabled and view.counter.label == "3/3"
    await view.first.callback(click)
    assert view.index == 0 and click.edits[-1]["embed"].title == "0"


async def test_pages_read_as_they_are_turned() -> None:
    """QA29 2: a paginator of 375 pages is given its first; "Last ⏭" reads the oldest, and only the pages a member
    turns to are ever read (each again when shown again, so it reads as it is now)."""
    read: list[int] = []

    async def load(index: int) -> discord.Embed:
        read.append(index)
        return discord.Embed(title=f"page {index}")

    view = Paginator([discord.Embed(title="first")], count=375, load=load)
    assert view.counter.label == "1/375" and view.first.disabled and not view.last.disabled
    click = fake_interaction(1)
    await view.last.callback(click)
    assert click.edits[-1]["embed"].title == "page 374" and view.counter.label == "375/375" and view.last.disabled
    await view.previous.callback(click)
    await view.first.callback(click)
    await view.next.callback(click)
    assert read == [374, 373, 0, 1] and [e["embed"].title for e in click.edits][-1] == "page 1"
    assert view.counter.label == "2/375" and not view.first.disabled


def test_a_paginator_that_reads_its_pages_needs_how_many_there_are() -> None:
    async def load(index: int) -> discord.Embed:  # pragma: no cover - never called
        return discord.Embed()

    with pytest.raises(ValueError):
        Paginator([discord.Embed()], load=load)
    with pytest.raises(ValueError):
        Paginator([discord.Embed()], count=3)
    with pytest.raises(ValueError):
        Paginator([discord.Embed(), discord.Embed()], count=1, load=load)


async def test_fast_clicks_each_count_and_each_answer_is_numbered_as_its_page() -> None:
    """Two quick clicks on Next while page reads are slow (the second read done first): the member ends two pages
    on, and each answer's counter is the number of the page it carries."""
    gates = {1: asyncio.Event(), 2: asyncio.Event()}
    answers: list[tuple[str, str]] = []

    async def load(index: int) -> discord.Embed:
        await gates[index].wait()
        return discord.Embed(title=f"page {index}")

    async def edit_message(*, embed: discord.Embed, view: Paginator) -> None:
        answers.append((embed.title, view.counter.label))    # as discord.py builds the message: at the call

    click = SimpleNamespace(user=SimpleNamespace(id=1), response=SimpleNamespace(edit_message=edit_message))
    view = Paginator([discord.Embed(title="first")], count=5, load=load)
    turns = [asyncio.ensure_future(view.next.callback(click)) for _ in range(2)]
    await asyncio.sleep(0)
    gates[2].set()
    await asyncio.sleep(0)
    gates[1].set()
    await asyncio.gather(*turns)
    assert answers == [("page 1", "2/5"), ("page 2", "3/5")] and view.index == 2


async def test_anyone_can_page_unless_an_owner_is_set() -> None:
    pages = [discord.Embed(title=str(n)) for n in range(2)]
    assert await Paginator(pages).interaction_check(fake_interaction(2))
    owned = Paginator(pages, owner_id=1)
    stranger = fake_interaction(2)
    assert not await owned.interaction_check(stranger)
    assert stranger.sent and stranger.sent[0][1]["ephemeral"]
    assert await owned.interaction_check(fake_interaction(1))


class FakeBot:
    """A bot instance as far as per-bot state goes (weakly referenced, like discord.Client)."""


async def test_clicks_on_a_paginator_from_before_a_restart_get_an_answer() -> None:
    replies: list[tuple] = []
    old_bot, new_bot = FakeBot(), FakeBot()

    async def send_message(*args: object, **kwargs: object) -> SimpleNamespace:
        replies.append((args, kwargs))
        return SimpleNamespace(message_id=None)

    def click(custom_id: str, client: object) -> SimpleNamespace:
        return SimpleNamespace(type=discord.InteractionType.component, data={"custom_id": custom_id}, client=client,
                               response=SimpleNamespace(is_done=lambda: False, send_message=send_message))

    live = Paginator([discord.Embed(), discord.Embed()])
    await live.start(SimpleNamespace(client=old_bot, user=SimpleNamespace(id=1),
                                     response=SimpleNamespace(is_done=lambda: False, send_message=send_message)))
    replies.clear()
    await paginator.answer_expired(click(live.next.custom_id, old_bot))
    assert replies == []  # the bot that sent the pages still answers them
    await paginator.answer_expired(click(f"{paginator.PREFIX}deadbeef0000:next", old_bot))
    await paginator.answer_expired(click("trivia:answer:1", old_bot))
    assert len(replies) == 1 and replies[0][0][0] == paginator.EXPIRED and replies[0][1]["ephemeral"]
    await paginator.answer_expired(click(live.next.custom_id, new_bot))  # restarted, in the same process
    assert len(replies) == 2 and replies[1][0][0] == paginator.EXPIRED
    live.stop()
    assert live.token not in live_tokens(old_bot, paginator.LIVE)
