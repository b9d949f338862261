"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.pack import Pack, load_pack_file
from bot.db import Database

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_pack_path() -> Path:
    return FIXTURES / "mini_pack.json"


@pytest.fixture
def mini_pack(mini_pack_path: Path) -> Pack:
    return load_pack_file(mini_pack_path)


@pytest.fixture
def lookup_pack() -> Pack:
    """Same-titled films (two Hamlets, two Breathless), a namesake pair of people, a few facts."""
    return load_pack_file(FIXTURES / "lookup_pack.json")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "test.sqlite3")
    try:
        yield database
    finally:
        await database.close()
