"""Autocomplete answers: one policy for every picker.

A picker whose lookup fails offers nothing (and the failure is logged) rather than leaving the
member with Discord's "Loading options failed": the command still works with typed text.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Iterable
from typing import TypeVar

from discord import app_commands

log = logging.getLogger(__name__)

V = TypeVar("V", str, int)


def choices(pairs: Iterable[tuple[str, V]]) -> list[app_commands.Choice[V]]:
    """(name, value) pairs as autocomplete choices (names already within Discord's 100 characters)."""
    return [app_commands.Choice(name=name, value=value) for name, value in pairs]


async def offer(what: str, current: str, pairs: Awaitable[Iterable[tuple[str, V]]]) -> list[app_commands.Choice[V]]:
    """The choices ``pairs`` gives once awaited; none if finding them failed."""
    try:
        return choices(await pairs)
    except Exception:
        log.exception("%s autocomplete failed for %r", what, current)
        return []
