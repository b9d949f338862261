"""What every command of ``python -m bot`` shares: one-line failures, the database, files written whole."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings
from bot.db import Database

EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report as one line on stderr (exit code 1, or 2 for configuration)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


async def open_db(settings: Settings, *, migrate: bool = True) -> Database:
    """The database, or one line naming it when it cannot be opened (every command opens it this way)."""
    try:
        return await Database.open(settings.database_path, migrate=migrate)
    except Exception as exc:  # sqlite3 errors carry no path; add it
        raise CliError(f"cannot open the database at {settings.database_path}: {exc}") from exc


@contextlib.contextmanager
def writing_to(path: Path) -> Iterator[None]:
    """Report a file the command cannot write (a folder, a missing mount, no permission) as one line:
    an ``OSError``, or SQLite's error for a backup target it cannot open."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        if path.is_dir():
            raise CliError(f"cannot write {path}: it is a folder; name a file (inside it) instead") from exc
        raise CliError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from exc
