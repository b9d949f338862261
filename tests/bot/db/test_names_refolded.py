"""Migration 0008: names stored by an older fold are folded again ("m a s h" -> "mash")."""

from __future__ import annotations

from pathlib import Path

from bot.db import Database, films, people
from bot.text import fold
from tests.bot.db.older import database_at
from tests.bot.db.test_facts_fts import index_matches_view
from tests.bot.db.test_facts_read import add_fact

# (film id, name, the norm an older Doinel stored, kind)
OLD_FILM_NAMES = [
    (1, "M*A*S*H", "m a s h", "title"),
    (2, "S.W.A.T.", "s w a t", "title"),
    (2, "SWAT", "swat", "alias"),           # the new form of the title is taken: the title row keeps its form
    (3, "The 400 Blows", "the 400 blows", "title"),
]


async def _old_names(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.executemany("INSERT INTO films (id, title, year, created_at, updated_at) VALUES (?, ?, 1970, 0, 0)",
                               [(i, name) for i, name, _, kind in OLD_FILM_NAMES if kind == "title"])
        await conn.executemany("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, ?)", OLD_FILM_NAMES)
        await conn.execute("INSERT INTO people (id, name, created_at, updated_at) VALUES (1, 'Sǿren Qvist', 0, 0)")
        await conn.execute("INSERT INTO person_names (person_id, name, norm) VALUES (1, 'Sǿren Qvist', 'søren qvist')")


async def test_names_are_folded_again_and_every_index_follows(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v7.sqlite3", 7)
    try:
        await _old_names(db)
        fact = await add_fact(db, "Altman shot the football game last.", film=1)
        assert await films.search(db, "mash") == []

        assert [n for n in await db.migrate() if "0008" in n]
        norms = {(r[0], r[1]): r[2] for r in await db.fetchall("SELECT film_id, name, norm FROM film_names")}
        assert norms == {(1, "M*A*S*H"): "mash", (2, "S.W.A.T."): "s w a t", (2, "SWAT"): "swat",
                         (3, "The 400 Blows"): "the 400 blows"}
        assert await db.scalar("SELECT norm FROM person_names") == fold("Sǿren Qvist") == "soren qvist"
        assert [h.id for h in await films.search(db, "mash")] == [1]
        assert [h.id for h in await films.search(db, "swat")] == [2]
        assert [h.id for h in await people.search(db, "soren")] == [1]
        # The facts' index reads film names in norm order: it was rewritten with them.
        await index_matches_view(db)
        assert await db.scalar("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'film:m'") == fact
        assert await db.migrate() == []
    finally:
        await db.close()
