from __future__ import annotations

import dataclasses

import pytest

from bot.content.pack import Pack, PackInfo
from bot.db import Database
from bot.db.packs import export_pack, import_pack
from bot.db.stats import content_counts


async def _table_counts(db: Database) -> dict[str, int]:
    tables = ("films", "film_names", "people", "person_names", "credits", "facts", "questions", "facts_fts")
    return {t: await db.scalar(f"SELECT count(*) FROM {t}") for t in tables}


async def test_import_then_counts(db: Database, mini_pack: Pack) -> None:
    report = await import_pack(db, mini_pack)
    assert report.kinds["facts"].added == 2 and report.kinds["films"].added == 2
    counts = await content_counts(db)
    assert (counts.films, counts.people, counts.facts, counts.questions) == (2, 2, 2, 1)


async def test_reimport_is_idempotent(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    before = await _table_counts(db)
    report = await import_pack(db, mini_pack)
    assert await _table_counts(db) == before
    assert all(k.added == 0 and k.updated == 0 for k in report.kinds.values())
    assert report.kinds["facts"].unchanged == 2


async def test_reimport_updates_in_place(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    fact_id = await db.scalar("SELECT id FROM facts WHERE pack_key = 'm-f1'")
    changed = mini_pack.facts[0]._replace(text="Les Mistons was shot in Nîmes.")
    pack = dataclasses.replace(mini_pack, facts=(changed, mini_pack.facts[1]))
    report = await import_pack(db, pack)
    assert report.kinds["facts"].updated == 1
    assert await db.scalar("SELECT id FROM facts WHERE pack_key = 'm-f1'") == fact_id
    assert await db.scalar("SELECT text FROM facts WHERE id = ?", (fact_id,)) == "Les Mistons was shot in Nîmes."
    # The full-text index follows the update, accents folded.
    hits = await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'nimes'")
    assert [r[0] for r in hits] == [fact_id]


async def test_fts_indexes_film_names(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    hits = await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'americaine'")
    assert len(hits) == 1  # the Day for Night fact, found through the film's original title


async def test_dry_run_changes_nothing(db: Database, mini_pack: Pack) -> None:
    report = await import_pack(db, mini_pack, dry_run=True)
    assert report.dry_run and report.kinds["facts"].added == 2
    assert all(v == 0 for v in (await _table_counts(db)).values())


async def test_failed_import_leaves_database_unchanged(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    before = await _table_counts(db)
    broken_fact = mini_pack.facts[0]._replace(id="m-f9", film="not-a-film")
    pack = dataclasses.replace(mini_pack, info=PackInfo("other", "Other"), facts=(*mini_pack.facts, broken_fact))
    with pytest.raises(ValueError, match="unknown film"):
        await import_pack(db, pack)
    assert await _table_counts(db) == before


async def test_export_import_round_trip(db: Database, mini_pack: Pack, tmp_path) -> None:
    await import_pack(db, mini_pack)
    exported = await export_pack(db, PackInfo("export", "Export"))
    fresh = await Database.open(tmp_path / "fresh.sqlite3")
    try:
        await import_pack(fresh, exported)
        again = await export_pack(fresh, PackInfo("export", "Export"))
    finally:
        await fresh.close()
    assert again == exported
    assert {f.id for f in exported.facts} == {"m-f1", "m-f2"}
    # An alias that only differs by accents is redundant (lookups fold accents) and is not stored.
    assert exported.people[0].aliases == ("Truffaut",)


async def test_guild_scoped_import_keeps_films_global(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack, guild_id=42)
    assert await db.scalar("SELECT count(*) FROM facts WHERE guild_id = 42") == 2
    assert (await content_counts(db, 42)).facts == 2
    assert (await content_counts(db, 7)).facts == 0
