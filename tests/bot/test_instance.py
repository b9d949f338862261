"""One serving bot per database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.instance import InstanceLock


def test_a_second_bot_on_the_same_database_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    database = tmp_path / "data" / "doinel.sqlite3"
    first, second = InstanceLock(database), InstanceLock(database)
    first.acquire()
    with pytest.raises(ConfigError, match=f"another Doinel \\(process {os.getpid()}\\) is already running on"):
        second.acquire()
    other = InstanceLock(tmp_path / "other.sqlite3")
    other.acquire()                                          # another database: no conflict
    other.release()
    first.release()
    second.acquire()
    second.release()
    assert (tmp_path / "data" / "doinel.sqlite3.lock").exists()
