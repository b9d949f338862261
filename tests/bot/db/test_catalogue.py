"""The bulk importer: same semantics as row by row (idempotent, all or nothing), indexes kept right."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from bot.content import pack as pack_module
from bot.content.pack import (
    Credit,
    FactEntry,
    FilmEntry,
    Pack,
    PackError,
    PackInfo,
    PersonEntry,
    pack_to_dict,
    read_pack,
)
from bot.db import Database, catalogue, films, people
from bot.db.packs import import_pack
from tests.bot.db.fts_index import segments


async def fts_ok(db: Database) -> None:
    for table in ("film_names_fts", "person_names_fts", "facts_fts"):
        await db.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


async def schema(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetchall("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY 2")
    return [tuple(r) for r in rows]


def generated(n: int, *, prefix: str = "g") -> Pack:
    people_ = tuple(PersonEntry(f"{prefix}p{i}", f"Person {i}") for i in range(n))
    films_ = tuple(FilmEntry(f"{prefix}f{i}", f"Generated Film {i}", year=1950 + i % 50,
                             aliases=(f"Alias {i}",) if i % 3 == 0 else (),
                             credits=(Credit(f"{prefix}p{i}", "director"),
                                      Credit(f"{prefix}p{(i + 1) % n}", "actor", "Lead")))
                   for i in range(n))
    return Pack(PackInfo(f"{prefix}-pack", "Generated"), films_, people_)


async def test_reimport_writes_nothing(db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    before = await db.fetchall("SELECT id, updated_at FROM films UNION ALL SELECT id, updated_at FROM people")
    all_names = "SELECT * FROM film_names UNION ALL SELECT id, person_id, name, norm, '' FROM person_names"
    names = await db.fetchall(all_names)
    report = await import_pack(db, lookup_pack)
    assert report.summary().count("0 added, 0 updated") == 4
    assert await db.fetchall("SELECT id, updated_at FROM films UNION ALL SELECT id, updated_at FROM people") == before
    assert await db.fetchall(all_names) == names
    await fts_ok(db)


async def test_alias_change_counts_as_an_update_and_reindexes(db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    breathless = lookup_pack.films[3]
    changed = dataclasses.replace(breathless, aliases=("Out of Breath",))
    pack = dataclasses.replace(lookup_pack, films=(*lookup_pack.films[:3], changed, lookup_pack.films[4]))
    report = await import_pack(db, pack)
    assert (report.kinds["films"].added, report.kinds["films"].updated, report.kinds["films"].unchanged) == (0, 1, 4)
    assert (await films.find(db, "out of breath")).single is not None
    assert (await films.find(db, "a bout de souffle")).single is not None      # the original title stays
    hits = await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'breath'")
    assert len(hits) == 1                                                      # the fact knows the new alias
    await fts_ok(db)


async def test_credit_change_counts_as_an_update(db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    hamlet = lookup_pack.films[0]
    recast = dataclasses.replace(hamlet, credits=(*hamlet.credits[:2], Credit("john-smith-1", "actor", "Horatio")))
    pack = dataclasses.replace(lookup_pack, films=(recast, *lookup_pack.films[1:]))
    report = await import_pack(db, pack)
    assert report.kinds["films"].updated == 1
    details = await films.get_details(db, int(await db.scalar("SELECT id FROM films WHERE pack_key = 'hamlet-1948'")))
    assert details is not None and [(c.name, c.character) for c in details.cast] == [
        ("Laurence Olivier", "Hamlet"), ("John Smith", "Horatio")]


async def test_person_rename_is_searchable(db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    renamed = dataclasses.replace(lookup_pack.people[1], name="Jean Merilyn Simmons")
    pack = dataclasses.replace(lookup_pack, people=(lookup_pack.people[0], renamed, *lookup_pack.people[2:]))
    assert (await import_pack(db, pack)).kinds["people"].updated == 1
    assert (await people.find(db, "merilyn")).single is not None
    await fts_ok(db)


async def test_failure_rolls_back_and_keeps_triggers_and_indexes(db: Database, lookup_pack: Pack) -> None:
    shape = await schema(db)
    broken = dataclasses.replace(lookup_pack, facts=(*lookup_pack.facts,
                                                     lookup_pack.facts[0]._replace(id="x", film="nope")))
    with pytest.raises(ValueError, match="unknown film"):
        await import_pack(db, broken)
    assert await schema(db) == shape
    assert await db.scalar("SELECT count(*) FROM films") == 0
    assert await db.scalar("SELECT count(*) FROM film_names_fts") == 0


async def test_big_import_suspends_indexes_then_restores_them(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    shape = await schema(db)
    report = await import_pack(db, generated(300))
    assert report.kinds["films"].added == 300 and report.kinds["people"].added == 300
    assert await schema(db) == shape
    await fts_ok(db)
    assert (await films.find(db, "generated film 123")).single.label == "Generated Film 123 (1973)"  # type: ignore[union-attr]
    assert (await films.find(db, "alias 123")).single is not None
    # A small import into the now big tables keeps the indexes (and still works).
    small = await import_pack(db, generated(5, prefix="s"))
    assert small.kinds["films"].added == 5 and await schema(db) == shape
    await fts_ok(db)


async def name_index_settings(db: Database) -> dict[str, dict[str, int]]:
    return {t: {r[0]: r[1] for r in await db.fetchall(f"SELECT k, v FROM {t}_config WHERE k LIKE '%merge'")}
            for t in ("film_names_fts", "person_names_fts")}


async def test_big_import_leaves_each_name_index_in_one_segment(db: Database, monkeypatch) -> None:
    """Autocomplete's word pass looks a word up in every segment: 21 segments after 100,000 films made it
    1.2-2.4x slower than one (measured). A bulk load of names is merged once, as the facts' index is."""
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    monkeypatch.setattr(catalogue, "CHUNK_ROWS", 7)       # a statement each 7 names: FTS5 writes a segment for each
    await db.conn.execute("INSERT INTO film_names_fts(film_names_fts, rank) VALUES ('automerge', 8)")
    await import_pack(db, generated(300))
    assert await segments(db, "film_names_fts") == 1 and await segments(db, "person_names_fts") == 1
    assert await name_index_settings(db) == {"film_names_fts": {"automerge": 8, "crisismerge": 16},
                                             "person_names_fts": {"automerge": 4, "crisismerge": 16}}
    await fts_ok(db)
    assert (await films.find(db, "alias 123")).single is not None
    # A small import into the now big tables merges as FTS5 usually does: its names are a segment of their own.
    await import_pack(db, generated(5, prefix="s"))
    assert await segments(db, "film_names_fts") == 2
    assert len((await films.find(db, "generated film 4")).hits) == 2   # the first pack's and the second's


async def test_big_import_with_a_duplicate_key_fails_whole_with_its_unique_index_back(db: Database,
                                                                                       monkeypatch) -> None:
    """The pack reader refuses duplicate ids; should one reach the writer, the set-aside unique index
    catches it when it is re-built, and the import rolls back as the row's own insert would have."""
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    shape = await schema(db)
    pack = with_facts(generated(30), 40)
    twice = dataclasses.replace(pack, facts=(*pack.facts, pack.facts[7]._replace(text="Another text")))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await import_pack(db, twice)
    assert await schema(db) == shape
    assert await db.scalar("SELECT count(*) FROM facts") == 0
    assert await db.scalar("SELECT count(*) FROM films") == 0
    report = await import_pack(db, pack)
    assert report.kinds["facts"].added == 40 and await schema(db) == shape
    await fts_ok(db)


async def test_single_name_triggers_still_work_after_a_bulk_import(db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    new = await films.create(db, title="Stolen Kisses", original_title="Baisers volés", year=1968, actor_id=1)
    assert (await films.find(db, "baisers voles")).single.id == new  # type: ignore[union-attr]
    await fts_ok(db)


async def test_unknown_person_in_credits_fails_cleanly(db: Database) -> None:
    pack = Pack(PackInfo("p", "P"), (FilmEntry("f", "F", credits=(Credit("ghost", "actor"),)),))
    with pytest.raises(ValueError, match="unknown person 'ghost'"):
        await import_pack(db, pack)
    assert await db.scalar("SELECT count(*) FROM films") == 0


async def test_credits_may_name_people_from_an_earlier_pack(db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    pack = Pack(PackInfo("later", "Later"), (FilmEntry("later-film", "Later Film",
                                                       credits=(Credit("kenneth-branagh", "director"),)),))
    await import_pack(db, pack)
    details = await films.get_details(db, int(await db.scalar("SELECT id FROM films WHERE pack_key = 'later-film'")))
    assert details is not None and [c.name for c in details.directors] == ["Kenneth Branagh"]


def with_facts(pack: Pack, n: int) -> Pack:
    # The bulk fill indexes the tags' JSON as it is stored: quotes, commas, backslashes and escapes
    # inside a tag must give the trigger's words all the same.
    tags = ((), ("paris",), ("paris", "new wave"), ('the "nouvelle" vague', "a\\b", "été", "x, y", '", "'),
            ("tab\there", "\\u00e9t\\u00e9", "[cahiers]"))
    facts_ = tuple(FactEntry(f"fact-{i}", f"Fact number {i} about Léaud and the crew", "generated",
                             pack.films[i % len(pack.films)].id if i % 4 else None, tags[i % len(tags)])
                   for i in range(n))
    return dataclasses.replace(pack, facts=facts_)


async def index_entries(db: Database) -> list[tuple]:
    """Every (term, fact, column, position) in the facts' full-text index itself (not the view it reads)."""
    await db.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.facts_index "
                          "USING fts5vocab(main, facts_fts, instance)")
    rows = await db.conn.execute_fetchall("SELECT term, doc, col, offset FROM temp.facts_index ORDER BY 1, 2, 3, 4")
    return [tuple(r) for r in rows]                            # a temp table: only the connection that made it sees it


@pytest.mark.parametrize("batch", [None, 7], ids=["one batch", "batches of 7 read from a file"])
async def test_bulk_fact_index_is_what_the_trigger_writes(tmp_path, monkeypatch, batch: int | None) -> None:
    pack = with_facts(generated(12), 40)
    row_by_row = await Database.open(tmp_path / "rows.sqlite3")
    bulk = await Database.open(tmp_path / "bulk.sqlite3")
    try:
        await import_pack(row_by_row, pack)
        before = await schema(bulk)
        monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
        if batch:
            monkeypatch.setattr(pack_module, "FACT_BATCH", batch)     # 6 batches, the last of 5
        report = await import_pack(bulk, read_pack(pack_to_dict(pack), "pack.json") if batch else pack)
        assert report.kinds["facts"].added == 40
        rows = await bulk.fetchall("SELECT id, pack_key FROM facts ORDER BY id")
        assert [tuple(r) for r in rows] == [(i + 1, f"fact-{i}") for i in range(40)]
        assert await fts_settings(bulk) == catalogue.FTS_MERGE_DEFAULTS
        assert await index_entries(bulk) == await index_entries(row_by_row)
        entries = await index_entries(bulk)
        assert ("wave", 3, "tags", 2) in entries and ("generated", 2, "film", 0) in entries
        await fts_ok(row_by_row)
        assert await schema(bulk) == before                                    # the trigger is back
        await bulk.conn.execute("INSERT INTO facts (text, created_at, updated_at) VALUES ('a later fact', 0, 0)")
        assert (await bulk.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'later'"))
        await fts_ok(bulk)
    finally:
        await row_by_row.close()
        await bulk.close()


async def test_failed_bulk_fact_import_keeps_the_trigger(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    before = await schema(db)
    pack = with_facts(generated(12), 40)
    broken = dataclasses.replace(pack, facts=(*pack.facts, FactEntry("bad", "Names a film no one has", "x", "nope")))
    with pytest.raises(ValueError):
        await import_pack(db, broken)
    assert await schema(db) == before
    assert await db.scalar("SELECT count(*) FROM facts") == 0


async def fts_settings(db: Database) -> dict[str, int]:
    return {r[0]: r[1] for r in await db.fetchall("SELECT k, v FROM facts_fts_config WHERE k LIKE '%merge'")}


async def test_bulk_fact_index_is_merged_once_and_settings_restored(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    await db.conn.execute("INSERT INTO facts_fts(facts_fts, rank) VALUES ('automerge', 8)")
    await import_pack(db, with_facts(generated(12), 400))
    assert await fts_settings(db) == {"automerge": 8, "crisismerge": 16}        # as they were, or FTS5's default
    merged = await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'leaud AND paris'")
    assert len(merged) == 400 * 2 // 5           # tags 1 and 2 of the five name paris
    await fts_ok(db)


async def test_import_failing_after_the_fact_index_keeps_its_settings(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    real = catalogue.bulk_upsert

    async def questions_fail(conn, table, *args, **kwargs):
        if table == "questions":
            raise RuntimeError("disk full")
        return await real(conn, table, *args, **kwargs)
    monkeypatch.setattr(catalogue, "bulk_upsert", questions_fail)
    with pytest.raises(RuntimeError):
        await import_pack(db, with_facts(generated(12), 40))
    assert await fts_settings(db) == {}
    assert await db.scalar("SELECT count(*) FROM facts_fts") == 0
    await fts_ok(db)


async def test_small_bulk_load_into_a_big_index_keeps_merging_as_usual(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    await import_pack(db, with_facts(generated(12), 400))
    calls: list[bool] = []
    real = catalogue.merges_deferred

    def spy(conn, fts, *, when):
        calls.append((fts, when))
        return real(conn, fts, when=when)
    monkeypatch.setattr(catalogue, "merges_deferred", spy)
    more = dataclasses.replace(with_facts(generated(12), 20), facts=tuple(
        f._replace(id=f"more-{i}") for i, f in enumerate(with_facts(generated(12), 20).facts)))
    await import_pack(db, more)
    assert [call for call in calls if call[0] == "facts_fts"] == [("facts_fts", False)]
    await fts_ok(db)


async def test_renaming_films_on_reimport_reindexes_their_facts(db: Database) -> None:
    pack = with_facts(generated(12), 40)
    await import_pack(db, pack)
    before = await schema(db)
    renamed = dataclasses.replace(pack, films=tuple(
        dataclasses.replace(f, title=f"Renamed Picture {i}", aliases=(f"Otherwise {i}",))
        for i, f in enumerate(pack.films)))
    report = await import_pack(db, renamed)
    assert report.kinds["films"].updated == 12
    assert await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'generated'") == []
    with_film = await db.scalar("SELECT count(*) FROM facts WHERE film_id IS NOT NULL")
    assert len(await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'film:renamed'")) == with_film
    assert len(await db.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'otherwise'")) == with_film
    assert await schema(db) == before                                           # the name triggers are back
    await fts_ok(db)


async def test_a_bad_fact_in_a_later_batch_rolls_the_whole_import_back(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    monkeypatch.setattr(pack_module, "FACT_BATCH", 7)
    doc = pack_to_dict(with_facts(generated(12), 40))
    doc["facts"][30]["id"] = doc["facts"][2]["id"]         # batch 5 repeats an id of batch 1
    doc["facts"][38]["text"] = " "                          # and batch 6 has a fact without text
    before = await schema(db)
    streamed = read_pack(doc, "pack.json")
    with pytest.raises(PackError) as failed:
        await import_pack(db, streamed)
    assert failed.value.problems == ['pack.json: facts[30]: field "id": duplicate id \'fact-2\'',
                                     'pack.json: facts[38] (id \'fact-38\'): field "text": must not be empty']
    assert await db.scalar("SELECT count(*) FROM films") == await db.scalar("SELECT count(*) FROM facts") == 0
    assert await schema(db) == before and await fts_settings(db) == {}
    await fts_ok(db)


@pytest.mark.parametrize("bulk", [False, True])
async def test_every_inserted_fact_gets_the_imports_scope_author_and_time(db: Database, monkeypatch,
                                                                        bulk: bool) -> None:
    if bulk:
        monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    await import_pack(db, with_facts(generated(12), 40), guild_id=77, actor_id=5)
    rows = await db.fetchall("SELECT DISTINCT guild_id, created_by, updated_by, status, created_at = updated_at, "
                             "created_at > 0 FROM facts")
    assert [tuple(r) for r in rows] == [(77, 5, 5, "approved", 1, 1)]


def test_constants_are_written_into_sql_as_literals_and_nothing_else() -> None:
    assert [catalogue._literal(v) for v in (None, 0, -3, "approved", "it's")] == \
        ["NULL", "0", "-3", "'approved'", "'it''s'"]
    for bad in (True, 1.5, b"x", ["a"]):
        with pytest.raises(TypeError):
            catalogue._literal(bad)
