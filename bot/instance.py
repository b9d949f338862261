"""One serving Doinel per database: two bots answering the same interactions lose members' answers."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from bot.errors import ConfigError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no guard (run one bot per database)
    fcntl = None  # type: ignore[assignment]


class InstanceLock:
    """An exclusive lock on '<database>.lock', held while a bot serves from the database.

    The system lets it go when the process ends, however it ends (no stale lock after a crash).
    ``python -m bot check``, ``import``, ``export`` and ``sync`` don't take it: they may run beside the bot.
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise ``ConfigError`` naming the process that holds it."""
        if fcntl is None or self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise ConfigError(f"DATABASE_PATH: another Doinel (process {holder}) is already running on "
                              f"{self.database}: stop it first, or give this one its own database") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)          # closing the file lets the lock go
            self._fd = None
