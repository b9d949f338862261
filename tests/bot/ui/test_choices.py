"""One policy for every picker: choices as found, or none (logged) when finding them fails."""

from __future__ import annotations

import logging

import pytest

from bot.ui.choices import choices, offer


async def _pairs() -> list[tuple[str, int]]:
    return [("#12 — Truffaut dedicated the film to André Bazin", 12), ("#3 — Léaud was 14", 3)]


async def _broken() -> list[tuple[str, int]]:
    raise RuntimeError("database is locked")


def test_pairs_become_choices_in_order() -> None:
    made = choices([("Europe/Paris (UTC+01:00)", "Europe/Paris"), ("UTC", "UTC")])
    assert [(c.name, c.value) for c in made] == [("Europe/Paris (UTC+01:00)", "Europe/Paris"), ("UTC", "UTC")]


async def test_offer_gives_what_the_lookup_found() -> None:
    offered = await offer("fact", "truff", _pairs())
    assert [(c.name, c.value) for c in offered] == await _pairs()


async def test_a_failed_lookup_offers_nothing_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.ui.choices"):
        assert await offer("fact", "truff", _broken()) == []
    assert "fact autocomplete failed for 'truff'" in caplog.text
    assert "database is locked" in caplog.text
