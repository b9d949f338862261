"""Trivia rounds in Discord: the ``Trivia`` cog (``/trivia …``), its runner, views and messages."""

from __future__ import annotations

from cogs.trivia.cog import Trivia, setup

__all__ = ["Trivia", "setup"]
