"""QA4: a database from before migration 0007 (facts_terms) searches its old facts by their respellings."""

from __future__ import annotations

from pathlib import Path

from bot.db import Database, fact_writes
from bot.facts import finder
from tests.bot.db.older import database_at
from tests.bot.db.test_facts_fts import index_matches_view
from tests.bot.db.test_facts_read import add_fact

GUILD = 111


async def found(db: Database, query: str) -> set[int]:
    return {h.fact.id for h in (await finder.find(db, GUILD, query)).hits}


async def test_a_version_6_database_upgraded_to_7_finds_its_facts_either_way(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v6.sqlite3", 6)
    try:
        danish = await add_fact(db, "Søren Kjær filmed the harbour of Æbeltoft.")
        plain = await add_fact(db, "Soren Kjaer painted the Strasse mural.", guild_id=GUILD)
        german = await add_fact(db, "The Straße scenes were shot in Łódź.")
        gone = await add_fact(db, "Bjørn left the project.", deleted=True)
        assert await db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'facts_terms'") == 0

        applied = await db.migrate()
        assert [name for name in applied if "0007" in name] and await db.schema_version() >= 7
        await index_matches_view(db)
        assert await found(db, "soren kjaer") == {danish, plain}
        assert await found(db, "SØREN") == {danish, plain}
        assert await found(db, "aebeltoft") == {danish}
        assert await found(db, "strasse") == {plain, german}
        assert await found(db, "lodz strass") == {german}
        assert await found(db, "bjorn") == set()                          # removed before the upgrade
        picks = await fact_writes.choices(db, GUILD, "bjorn", pool="deleted", include_global=True)
        assert [f.id for f in picks] == [gone]                            # ...but a moderator can restore it

        # Written after the upgrade: the term table reads the live index.
        later = await add_fact(db, "Đorđe scored it.")
        assert await found(db, "dorde") == {later}
        assert await db.migrate() == []                                   # nothing to apply twice
    finally:
        await db.close()
