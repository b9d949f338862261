"""Migration 0014: names with a fraction after a number are folded again ('81 2' -> '8 1 2')."""

from __future__ import annotations

from pathlib import Path

from bot.db import films
from bot.text import fold
from tests.bot.db.older import database_at
from tests.bot.db.test_facts_fts import index_matches_view
from tests.bot.db.test_facts_read import add_fact


async def test_eight_and_a_half_is_folded_again_and_every_index_follows(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v13.sqlite3", 13)
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO films (id, title, year, created_at, updated_at) "
                               "VALUES (1, '8½', 1963, 0, 0)")
            await conn.execute("INSERT INTO film_names (film_id, name, norm, kind) VALUES (1, '8½', '81 2', 'title')")
        await add_fact(db, "Fellini called it after the films he had made before.", film=1)
        assert not any(h.ranked.exact for h in await films.search(db, "8 1/2"))   # a close spelling, at best

        assert [n for n in await db.migrate() if "0014" in n]
        assert await db.scalar("SELECT norm FROM film_names") == fold("8½") == fold("8 1/2") == "8 1 2"
        for typed in ("8 1/2", "8½"):
            assert [(h.id, h.ranked.exact) for h in await films.search(db, typed)] == [(1, True)], typed
        await index_matches_view(db)
        assert await db.migrate() == []
    finally:
        await db.close()
