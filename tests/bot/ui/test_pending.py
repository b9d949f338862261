from __future__ import annotations

import re

import discord
import pytest

from bot.ui.pending import PendingActions, PendingButton
from bot.ui.suggestions import ReviewButton


async def _noop(interaction: discord.Interaction) -> None:
    return None


def test_tokens_expire_and_are_remembered_once_used(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("bot.ui.pending.time.monotonic", lambda: clock[0])
    store = PendingActions()
    token = store.add(1, {"yes": _noop}, ttl=60)
    other = store.add(1, {"yes": _noop}, ttl=60)
    assert re.fullmatch(r"[0-9a-f]{16}", token) and token != other
    assert store.get(token) is not None
    store.discard(token)
    assert store.get(token) is None and store.was_used(token)
    clock[0] += 61
    assert store.get(other) is None                 # expired
    store.add(2, {}, ttl=60)                        # adding prunes what expired
    assert not store.was_used(token) and len(store) == 1


def test_custom_ids_fit_discord_and_match_their_templates() -> None:
    button = PendingButton("0123456789abcdef", "confirm", label="Confirm")
    review = ReviewButton("approve", 9_223_372_036_854_775_807, label="Approve")
    for item in (button, review):
        assert len(item.custom_id) <= 100 and item.template.fullmatch(item.custom_id)
    assert review.custom_id == "doinel:sugg:approve:9223372036854775807"
    assert not ReviewButton.__discord_ui_compiled_template__.fullmatch("doinel:sugg:delete:1")
