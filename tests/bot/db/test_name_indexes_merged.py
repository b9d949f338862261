"""Migration 0012: name indexes written as many segments by earlier imports are merged into one."""

from __future__ import annotations

from pathlib import Path

from bot.db import films
from tests.bot.db.fts_index import segments
from tests.bot.db.older import database_at


async def test_an_older_databases_name_indexes_are_merged_and_find_the_same_names(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v11.sqlite3", 11)
    try:
        for i in range(1, 31):   # a statement each: FTS5 writes a segment for each, merging only some
            await db.conn.execute("INSERT INTO films (id, title, year, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
                                  (i, f"Jules et Jim {i}", 1930 + i))
            await db.conn.execute("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, 'title')",
                                  (i, f"Jules et Jim {i}", f"jules et jim {i}"))
            await db.conn.execute("INSERT INTO people (id, name, created_at, updated_at) VALUES (?, ?, 0, 0)",
                                  (i, f"Jeanne Moreau {i}"))
            await db.conn.execute("INSERT INTO person_names (person_id, name, norm) VALUES (?, ?, ?)",
                                  (i, f"Jeanne Moreau {i}", f"jeanne moreau {i}"))
        before = await segments(db, "film_names_fts"), await segments(db, "person_names_fts")
        assert before[0] > 1 and before[1] > 1
        assert [n for n in await db.migrate() if "0012" in n]
        assert (await segments(db, "film_names_fts"), await segments(db, "person_names_fts")) == (1, 1)
        for table in ("film_names_fts", "person_names_fts"):
            await db.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        found = await films.find(db, "jules et jim 17")
        assert found.single is not None and found.single.year == 1947
    finally:
        await db.close()
