"""Import throughput: rows per second importing generated facts and films from a pack file.

Full size: 1,000,000 facts and 100,000 films (target over 100,000 rows/s). Smoke: 20,000 / 2,000.

In the same run, the floor: SQLite alone writing the same facts rows (prepared in memory, no
parsing, no Python per row beyond binding) and their full-text index, the statements the importer
runs, in one transaction. What the importer spends above it is parsing, validation and bookkeeping.

Timed as ``python -m bot import`` runs: ``parse_s`` reads the file and checks all but the facts, which
are read as they are written (``import_s``; see bot.content.pack.StreamedPack); ``release_s`` frees
the decoded file. rows/s is over the three.

Neither counts the copy of the write-ahead log back into the database: the importer commits and
leaves it to a worker thread (``Database.transaction(bulk=True)``). ``checkpoint_after_s`` is how
long that copy still ran once the import had returned.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Timer, emit, main
from bot.content.pack import collector_paused, read_pack_file
from bot.db import Database
from bot.db.catalogue import BULK_CRISIS_MERGE, FACTS_FTS_FILL, FILM_NAMES_JOINED
from bot.db.packs import import_pack

SIZES = {"smoke": (20_000, 2_000), "full": (1_000_000, 100_000)}
WORDS = ("cinema", "director", "camera", "Paris", "festival", "actor", "script", "montage", "premiere",
         "studio", "réalisateur", "Léaud", "nouvelle", "vague", "critic", "scene", "frame", "archive")


def generate(facts: int, films: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    film_rows = [{"id": f"film-{i}", "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
                  "year": 1900 + i % 120, "aliases": [f"Alias {i}"]} for i in range(films)]
    fact_rows = [{"id": f"fact-{i}", "film": f"film-{rng.randrange(films)}", "source": "generated",
                  "text": " ".join(rng.choice(WORDS) for _ in range(14)) + f" #{i}.", "tags": ["bench"]}
                 for i in range(facts)]
    return {"format": 1, "pack": {"id": "bench", "name": "Bench", "version": 1},
            "films": film_rows, "people": [], "facts": fact_rows, "questions": []}


async def sqlite_floor(path: Path, doc: dict[str, Any]) -> float:
    """Seconds for SQLite to write ``doc``'s facts and their indexes as the importer does (films already in)."""
    db = await Database.open(path)
    await db.close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # as the importer: the log is copied back by a worker
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO films (id, title, created_at, updated_at) VALUES (?, ?, 0, 0)",
                         [(i + 1, f["title"]) for i, f in enumerate(doc["films"])])
        conn.executemany("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, lower(?), ?)",
                         [(i + 1, name, name, kind) for i, f in enumerate(doc["films"])
                          for name, kind in ((f["title"], "title"), *((a, "alias") for a in f["aliases"]))])
        conn.execute("COMMIT")
        film_id = {f["id"]: i + 1 for i, f in enumerate(doc["films"])}
        rows = [(i + 1, 0, f["id"], film_id[f["film"]], f["text"], f["source"], json.dumps(f["tags"]), 1, None, None,
                 "approved", 0, 0) for i, f in enumerate(doc["facts"])]
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("DROP TRIGGER facts_fts_insert")
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'facts' "
                               "AND sql IS NOT NULL").fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.executemany("INSERT INTO facts (id, guild_id, pack_key, film_id, text, source, tags, verified, "
                         "created_by, updated_by, status, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO facts_fts(facts_fts, rank) VALUES (?, ?)",
                         [("automerge", 0), ("crisismerge", BULK_CRISIS_MERGE)])
        for sql in FILM_NAMES_JOINED:
            conn.execute(sql)
        conn.execute(FACTS_FTS_FILL, (1,))
        conn.execute("INSERT INTO facts_fts(facts_fts) VALUES ('optimize')")
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


async def run(size: str) -> None:
    n_facts, n_films = SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack.json"
        doc = generate(n_facts, n_films)
        path.write_text(json.dumps(doc), encoding="utf-8")
        floor = await sqlite_floor(Path(tmp) / "floor.sqlite3", doc)
        del doc
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        try:
            with collector_paused():    # as ``python -m bot import`` reads and writes
                with Timer() as parse:      # all but the facts, which are read as they are written
                    pack = read_pack_file(path)
                with Timer() as write:
                    report = await import_pack(db, pack)
                with Timer() as checkpoint:  # what is left of the worker's copy of the log once the import returns
                    await db.checkpointed()
                with Timer() as again:      # the facts are read again
                    await import_pack(db, pack)
                with Timer() as release:    # the decoded document, kept until the facts are read
                    del pack
        finally:
            await db.close()
    rows = n_facts + n_films
    emit("import_pack", size, facts=n_facts, films=n_films, parse_s=round(parse.seconds, 2),
         import_s=round(write.seconds, 2), release_s=round(release.seconds, 2),
         checkpoint_after_s=round(checkpoint.seconds, 2), reimport_s=round(again.seconds, 2),
         rows_per_s=round(rows / (parse.seconds + write.seconds + release.seconds)),
         added=report.kinds["facts"].added,
         target_rows_per_s=100_000, sqlite_floor_facts_s=round(floor, 2),
         sqlite_floor_facts_per_s=round(n_facts / floor))


if __name__ == "__main__":
    main("import_pack", run)
