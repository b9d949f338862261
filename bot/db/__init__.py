"""Storage: the only package that speaks SQL.

``Database`` owns the connection; each repository module handles one aggregate and returns
plain dataclasses.
"""

from __future__ import annotations

from bot.db.connection import Database

__all__ = ["Database"]
