"""Doinel: fact of the day, trivia and lookup for film discussion servers."""

from __future__ import annotations

__version__ = "0.1.0"
