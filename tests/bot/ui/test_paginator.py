from __future__ import annotations

from types import SimpleNamespace

import discord

from bot.ui import paginator
from bot.ui.live import live_tokens
from bot.ui.paginator import Paginator, pages_from_entries


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
