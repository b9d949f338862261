"""/facts import and export through the core: dry run, all or nothing, round trips."""

from __future__ import annotations

import json

import pytest

from bot.db import Database, audit, fact_writes
from bot.db import fact_import as fact_import_db
from bot.db.fact_writes import FactFields
from bot.errors import PermissionDenied
from bot.moderation import bulk, importers
from bot.moderation.importers import ImportFileError, parse_import
from tests.bot.moderation.support import MEMBER, MOD, OTHER_MOD, OWNER, ROLE_MOD, ctx, snapshot

OTHER_ID = ROLE_MOD.actor.user_id    # a second moderator of the same server

CSV = ("text,film,source,tags,id\n"
       "Truffaut cast Léaud after an open call.,les-mistons,Cahiers,cast,imp-1\n"
       "Day for Night won the Oscar for foreign language film.,Day for Night,AMPAS,awards,imp-2\n"
       "A fact without a film or an id.,,,,\n").encode()


async def _server_facts(db: Database, guild: int = MOD.guild_id or 0) -> list[tuple]:
    rows = await db.fetchall("SELECT pack_key, text, film_id, deleted_at IS NULL FROM facts WHERE guild_id = ? "
                             "ORDER BY id", (guild,))
    return [tuple(r) for r in rows]


async def test_dry_run_then_confirm(pack_db: Database) -> None:
    before = await snapshot(pack_db)
    report = await bulk.preview(pack_db, MOD, "facts.csv", CSV)
    assert report.can_confirm and report.plan is not None and report.plan.count("add") == 3
    assert await snapshot(pack_db) == before                            # a dry run writes nothing
    done = await bulk.apply(pack_db, ROLE_MOD, report.parsed)
    assert done.plan is not None and done.plan.applied and done.plan.count("add") == 3
    assert [r[0] for r in await _server_facts(pack_db)] == ["imp-1", "imp-2", None]
    [summary] = [e for e in await audit.recent(pack_db, MOD.guild_id) if e.entity == "import"]
    assert summary.after == {"file": "facts.csv", "added": 3, "updated": 0, "restored": 0, "left": 0}
    ids = [row.fact_id for row in done.plan.rows]                       # the plan names the facts it added
    assert ids == [r[0] for r in await pack_db.fetchall("SELECT id FROM facts WHERE guild_id = ? ORDER BY id",
                                                        (MOD.guild_id,))]
    for fact_id in ids:                                                 # each with its own audit entry
        [entry] = await audit.history(pack_db, "fact", fact_id)
        assert entry.action == "import" and entry.actor_id == ROLE_MOD.actor.user_id and entry.after["text"]


async def test_reimport_updates_in_place_and_restores(pack_db: Database) -> None:
    await bulk.apply(pack_db, MOD, parse_import("facts.csv", CSV))
    again = await bulk.preview(pack_db, MOD, "facts.csv", CSV)
    assert again.plan is not None and again.plan.count("unchanged") == 3 and not again.can_confirm
    imp1 = await pack_db.scalar("SELECT id FROM facts WHERE pack_key = 'imp-1'")
    await pack_db.conn.execute("UPDATE facts SET deleted_at = 1 WHERE id = ?", (imp1,))
    changed = CSV.replace(b"after an open call", b"after an audition")
    report = await bulk.apply(pack_db, MOD, parse_import("facts.csv", changed))
    assert report.plan is not None
    assert [(r.action, r.changed) for r in report.plan.rows] == [("restore", ("text",)), ("unchanged", ()),
                                                                ("unchanged", ())]
    assert (await _server_facts(pack_db))[0] == ("imp-1", "Truffaut cast Léaud after an audition.", 1, 1)


async def test_export_then_import_round_trip(pack_db: Database) -> None:
    await bulk.apply(pack_db, MOD, parse_import("facts.csv", CSV))
    for fmt in ("csv", "json"):
        [exported] = await bulk.export(pack_db, MOD, fmt, guild_name="Ciné Club")
        assert exported.count == 3 and exported.filename == f"cine-club-facts.{fmt}"
        report = await bulk.preview(pack_db, MOD, exported.filename, exported.data)
        assert report.plan is not None and report.plan.count("unchanged") == 3, fmt
    # Another server imports the same export: new facts of its own, the first server's untouched.
    [exported] = await bulk.export(pack_db, MOD, "json", guild_name="x")
    mine = await _server_facts(pack_db)
    report = await bulk.apply(pack_db, OTHER_MOD, parse_import("x.json", exported.data))
    assert report.plan is not None and report.plan.count("add") == 3
    assert await _server_facts(pack_db) == mine
    assert len(await _server_facts(pack_db, OTHER_MOD.guild_id or 0)) == 3


async def test_an_update_changes_only_what_the_file_has(pack_db: Database) -> None:
    """QA22 3: a file of ids and texts fixes texts and keeps each fact's film, source, tags and verified mark."""
    await bulk.apply(pack_db, MOD, parse_import("facts.csv", CSV))
    await pack_db.conn.execute("UPDATE facts SET verified = 0 WHERE pack_key = 'imp-1'")
    fixed = "id,text\nimp-1,Truffaut cast Léaud after an open casting call.\n".encode()
    report = await bulk.apply(pack_db, MOD, parse_import("typos.csv", fixed))
    assert report.plan is not None and [(r.action, r.changed) for r in report.plan.rows] == [("update", ("text",))]
    row = await pack_db.fetchone("SELECT text, film_id IS NOT NULL, source, tags, verified FROM facts "
                                 "WHERE pack_key = 'imp-1'")
    assert tuple(row) == ("Truffaut cast Léaud after an open casting call.", 1, "Cahiers", '["cast"]', 0)
    cleared = "id,text,source,film\nimp-1,Truffaut cast Léaud after an open casting call.,,\n".encode()
    report = await bulk.apply(pack_db, MOD, parse_import("clear.csv", cleared))   # an empty cell clears
    assert report.plan is not None and report.plan.rows[0].changed == ("film_id", "source")
    listed = json.dumps([{"id": "imp-2", "text": "Day for Night won the Oscar for foreign language film.",
                          "film": None}]).encode()
    report = await bulk.apply(pack_db, MOD, parse_import("list.json", listed))   # so does null in JSON
    assert report.plan is not None and report.plan.rows[0].changed == ("film_id",)
    assert await pack_db.scalar("SELECT source FROM facts WHERE pack_key = 'imp-2'") == "AMPAS"


async def test_an_export_leaves_what_others_changed_or_removed_since(pack_db: Database) -> None:
    """QA22 1, 2: the export carries each fact's version; a fact edited or removed after it stays as left."""
    await bulk.apply(pack_db, MOD, parse_import("facts.csv", CSV))
    [exported] = await bulk.export(pack_db, MOD, "csv", guild_name="Ciné Club")
    ids = {key: fact_id for key, fact_id in await pack_db.fetchall(
        "SELECT pack_key, id FROM facts WHERE guild_id = ? AND pack_key IS NOT NULL", (MOD.guild_id,))}
    edited = await fact_writes.edit_fact(pack_db, ids["imp-1"], actor_id=OTHER_ID,
                                         fields=FactFields("Truffaut cast Léaud after an audition.", None, "Cahiers"))
    await fact_writes.remove_fact(pack_db, ids["imp-2"], actor_id=OTHER_ID)
    data = exported.data.replace(b"A fact without a film or an id.", b"A fact with neither a film nor an id.")
    data = data.replace(b"after an open call", b"after an open call in 1958")      # both changed imp-1
    preview = await bulk.preview(pack_db, MOD, "old.csv", data)
    assert preview.plan is not None
    assert [(r.action, r.fact_id, r.by) for r in preview.plan.rows] == [
        ("changed-since", ids["imp-1"], OTHER_ID), ("removed-since", ids["imp-2"], OTHER_ID),
        ("update", preview.plan.rows[2].fact_id, None)]
    assert preview.plan.rows[0].at == edited.updated_at and preview.changes == 1
    await bulk.apply(pack_db, MOD, preview.parsed)
    assert await pack_db.scalar("SELECT text FROM facts WHERE id = ?", (ids["imp-1"],)) == edited.text
    assert await pack_db.scalar("SELECT deleted_at IS NOT NULL FROM facts WHERE id = ?", (ids["imp-2"],)) == 1
    # Without the version (a hand-made file), the row is the moderator's word: it updates and restores.
    plain = importers.parse_import("plain.csv", b"id,text\nimp-2,Day for Night won an Oscar.\n")
    report = await bulk.apply(pack_db, MOD, plain)
    assert report.plan is not None and report.plan.rows[0].action == "restore"


def test_a_version_is_as_the_export_wrote_it() -> None:
    ok = parse_import("x.csv", b"id,text,version\na,Some text.,v0123456789AB\nb,Other text.,\n")
    assert not ok.rejected and [r.version for r in ok.rows] == ["0123456789ab", None]
    bad = parse_import("x.csv", b"id,text,version\na,Some text.,1.23457E+11\n")
    assert [(r.where, r.field) for r in bad.rejected] == [("line 2", "version")]


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_an_export_beyond_the_import_limit_comes_in_files_each_imported_back(pack_db: Database, monkeypatch,
                                                                                  fmt: str) -> None:
    await bulk.apply(pack_db, MOD, parse_import("facts.csv", CSV))
    monkeypatch.setattr(importers, "MAX_ROWS", 2)
    files = await bulk.export(pack_db, MOD, fmt, guild_name="Ciné Club")
    assert [(f.filename, f.count) for f in files] == [(f"cine-club-facts-1-of-2.{fmt}", 2),
                                                      (f"cine-club-facts-2-of-2.{fmt}", 1)]
    for f in files:
        report = await bulk.preview(pack_db, MOD, f.filename, f.data)
        assert report.plan is not None and report.plan.count("unchanged") == f.count, f.filename
    with pytest.raises(ImportFileError, match="limit is 2 per import"):    # what the split avoids
        await bulk.preview(pack_db, MOD, "whole.csv", CSV)


async def test_rejected_rows_block_the_whole_import(pack_db: Database) -> None:
    before = await snapshot(pack_db)
    bad = CSV + b"Unknown film here.,Jules et Jim,,,\n"
    report = await bulk.preview(pack_db, MOD, "facts.csv", bad)
    assert not report.can_confirm and report.plan is None
    assert [str(r) for r in report.rejected] == ["line 5: field \"film\": no film is called “Jules et Jim”"]
    report = await bulk.apply(pack_db, MOD, parse_import("facts.csv", bad))
    assert report.plan is None and await snapshot(pack_db) == before


async def test_a_failure_midway_leaves_the_database_unchanged(pack_db: Database,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = await snapshot(pack_db)
    calls = 0
    original = fact_import_db.insert_facts

    async def failing(*args: object, **kwargs: object) -> list[int]:
        nonlocal calls
        calls += 1
        await original(*args, **kwargs)  # type: ignore[arg-type]   # the new facts are written…
        raise RuntimeError("disk I/O error")                        # …then the disk fails

    monkeypatch.setattr(fact_import_db, "insert_facts", failing)
    with pytest.raises(RuntimeError):
        await bulk.apply(pack_db, MOD, parse_import("facts.csv", CSV))
    assert calls == 1 and await snapshot(pack_db) == before


async def test_permissions_are_checked_at_preview_and_again_at_confirm(pack_db: Database) -> None:
    before = await snapshot(pack_db)
    with pytest.raises(PermissionDenied):
        await bulk.preview(pack_db, MEMBER, "facts.csv", CSV)
    report = await bulk.preview(pack_db, ROLE_MOD, "facts.csv", CSV)
    demoted = ctx(ROLE_MOD.actor.user_id, roles=ROLE_MOD.actor.role_ids, mod_role=None)  # role unset meanwhile
    with pytest.raises(PermissionDenied):
        await bulk.apply(pack_db, demoted, report.parsed)
    with pytest.raises(PermissionDenied, match="owners"):
        await bulk.preview(pack_db, MOD, "facts.csv", CSV, global_scope=True)
    with pytest.raises(PermissionDenied):
        await bulk.export(pack_db, MEMBER, "csv", guild_name="x")
    assert await snapshot(pack_db) == before
    report = await bulk.apply(pack_db, OWNER, report.parsed, global_scope=True)
    assert report.plan is not None and report.plan.count("add") == 3
    assert await pack_db.scalar("SELECT count(*) FROM facts WHERE guild_id = 0") == 5


async def test_preview_warns_of_likely_duplicates(pack_db: Database) -> None:
    text = await pack_db.scalar("SELECT text FROM facts WHERE pack_key = 'm-f2'")
    report = await bulk.preview(pack_db, MOD, "f.json", json.dumps([{"text": text + "!"}]).encode())
    assert [(where, s.score) for where, s in report.similar] == [("facts[0]", 100.0)]


async def test_unreadable_file_is_a_named_error(pack_db: Database) -> None:
    with pytest.raises(ImportFileError, match="truncated"):
        await bulk.preview(pack_db, MOD, "f.json", b'[{"text": "x"}')
