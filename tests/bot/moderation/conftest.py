"""Fixtures for moderation tests: a database with the mini pack."""

from __future__ import annotations

import pytest

from bot.content.pack import Pack
from bot.db import Database
from bot.db.packs import import_pack


@pytest.fixture
async def pack_db(db: Database, mini_pack: Pack) -> Database:
    await import_pack(db, mini_pack)
    return db
