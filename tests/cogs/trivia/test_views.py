"""Answer buttons and click replies, without Discord."""

from __future__ import annotations

import re
from types import SimpleNamespace

import discord

from bot.db import Database
from bot.trivia.session import Mode, RoundQuestion, RoundSession
from cogs.trivia.cog import Trivia
from cogs.trivia.views import (
    CONFIRM_EXPIRED,
    ENDED,
    TEMPLATE,
    ConfirmView,
    answer_expired_confirm,
    button_label,
    parse_answer,
    question_view,
    revealed_view,
)

Q = RoundQuestion(1, "Who?", ("Truffaut",), ("Godard", "Truffaut", "Chabrol", "Rivette"), 1)


async def test_custom_ids_are_namespaced_and_parse_back() -> None:
    view = question_view(42, 3, Q.choices)
    ids = [item.custom_id for item in view.children]
    assert ids == [f"doinel:trivia:42:3:{c}" for c in "abcd"]
    assert [b.label for b in view.children] == ["A · Godard", "B · Truffaut", "C · Chabrol", "D · Rivette"]
    assert all(re.fullmatch(TEMPLATE, i) for i in ids)
    assert parse_answer(ids[2]) == (42, 3, 2)
    assert parse_answer("doinel:trivia:42:3:e") is None and parse_answer("doinel:confirm:ab:yes") is None
    assert view.is_finished()  # routed by custom id: discord.py stores nothing per question message


async def test_revealed_buttons_are_disabled_and_outside_the_template() -> None:
    view = revealed_view(42, 3, Q.choices, (5, 9, 0, 1), 1)
    assert [b.label for b in view.children] == ["A · Godard (5)", "✅ B · Truffaut (9)", "C · Chabrol (0)",
                                                "D · Rivette (1)"]
    assert all(b.disabled for b in view.children) and view.is_finished()
    assert [b.style for b in view.children].count(discord.ButtonStyle.success) == 1
    assert not any(re.fullmatch(TEMPLATE, b.custom_id) for b in view.children)


def test_labels_fit_discord() -> None:
    assert len(button_label(0, "x" * 200, 12345)) == 80 and button_label(0, "x" * 200, 12345).endswith("(12345)")
    assert len(button_label(0, "x" * 200, 3, right=True)) == 80 and button_label(0, "Drama", 3, right=True) \
        == "✅ A · Drama (3)"


async def test_click_replies(db: Database) -> None:
    cog = Trivia(SimpleNamespace(db=db))  # type: ignore[arg-type]
    assert cog.answer_click(1, 7, 0, 0) == ENDED  # no such round: ended, or from before a restart
    session = RoundSession(7, [Q, Q], mode=Mode.BUTTONS, seconds=20)
    cog.runners[7] = SimpleNamespace(session=session)  # type: ignore[assignment]
    assert cog.answer_click(1, 7, 0, 1).startswith("Too late")
    session.ask(0)
    assert cog.answer_click(1, 7, 0, 1) == ("Locked in **B** · Truffaut. You can change your answer once before "
                                            "the reveal.")
    assert cog.answer_click(1, 7, 0, 1) == "You're already locked in on **B**."
    assert cog.answer_click(1, 7, 0, 2) == "Changed to **C** · Chabrol (no more changes)."
    assert cog.answer_click(1, 7, 0, 3) == "You already changed your answer once: **C** stays locked in."
    assert cog.answer_click(2, 7, 5, 0).startswith("Too late")
    session.apply(session.close())
    session.ask(1)
    assert cog.answer_click(1, 7, 0, 0) == "That question is over: answer the latest one."
    session.end()
    assert cog.answer_click(1, 7, 1, 0) == ENDED


class FakeBot:
    """A bot instance as far as per-bot state goes (weakly referenced, like discord.Client)."""


async def test_a_confirmation_belongs_to_the_bot_that_asked() -> None:
    old_bot, new_bot = FakeBot(), FakeBot()
    replies: list[str] = []

    async def send_message(text: str, **_: object) -> None:
        replies.append(text)

    async def action(_: object) -> str:
        return "done"

    view = ConfirmView(old_bot, 1, action)  # type: ignore[arg-type]

    def click(client: object) -> SimpleNamespace:
        return SimpleNamespace(type=discord.InteractionType.component, data={"custom_id": view.confirm.custom_id},
                               client=client, response=SimpleNamespace(is_done=lambda: False,
                                                                       send_message=send_message))

    await answer_expired_confirm(click(old_bot))
    assert replies == []                                   # still waiting: the view itself answers
    await answer_expired_confirm(click(new_bot))           # the bot restarted (even in the same process)
    assert replies == [CONFIRM_EXPIRED]
    view.stop()
    await answer_expired_confirm(click(old_bot))
    assert replies == [CONFIRM_EXPIRED, CONFIRM_EXPIRED]
