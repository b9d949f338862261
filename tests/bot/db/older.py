"""A database as an older Doinel left it, for migration tests."""

from __future__ import annotations

from pathlib import Path

from bot.db import Database
from bot.db.connection import _migrations, _split_sql


async def database_at(path: Path, version: int) -> Database:
    """A database migrated up to ``version`` only, as releases before the migration ledger did it.

    The caller closes it; ``Database.migrate()`` then applies the newer migrations.
    """
    db = await Database.open(path, migrate=False)
    try:
        for number, _, sql in _migrations():
            if number > version:
                break
            async with db.transaction() as conn:
                for statement in _split_sql(sql):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        await db.close()
        raise
    return db
