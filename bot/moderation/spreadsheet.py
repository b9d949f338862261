"""Spreadsheet-safe CSV cells (CSV/formula injection, OWASP).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return) as a formula, so an exported fact could compute or fetch things on a
moderator's machine. Such cells are written with a leading apostrophe, which spreadsheets show
as plain text. ``unescape_cell`` undoes exactly that, so an export re-imports unchanged.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_escape(value: str) -> bool:
    # Also escape a value that only *looks* escaped ("'=x"), so unescaping is exact.
    return value.lstrip("'").startswith(FORMULA_STARTS)


def escape_cell(value: str) -> str:
    return "'" + value if _needs_escape(value) else value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_escape(value[1:]) else value
