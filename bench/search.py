"""Search and autocomplete: ``/fact search`` through the core and film autocomplete, per query class.

Generated data (``bench.searchdata``): full size 100,000 and 1,000,000 facts with 100,000 films;
smoke 10,000 facts and 10,000 films. For every class (rare word, common word, two words, phrase,
prefix, accented input) the product path ``bot.facts.browse.search`` (what ``/fact search`` runs,
minus Discord) is timed next to the plain baseline, an FTS5 ``MATCH ... ORDER BY rank LIMIT 10``
on an index of the same facts with FTS5's default options (``searchdata.PLAIN_FTS``: it keeps the
column sizes bm25 reads, which the product's index leaves out).
Ranking is checked as a reader would: facts with the exact phrase first, and when no fact has every
word, the facts with the rare word first. Targets at full size: p99 under 10 ms for every class,
film autocomplete p99 under 3 ms.

Set ``DOINEL_BENCH_CACHE`` to a directory to keep the generated databases between runs.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench import searchdata
from bench.common import emit, main, percentiles
from bench.searchdata import PLAIN_FTS
from bot.db import Database, fact_search
from bot.errors import NotFound
from bot.facts import browse
from bot.facts.search import match_query
from bot.lookup.ranking import ARTICLES
from bot.text import fold

SIZES = {"smoke": ((10_000, 10_000),), "full": ((100_000, 100_000), (1_000_000, 100_000))}
ROUNDS = {"smoke": 3, "full": 20}
BASELINE_ROUNDS = {"smoke": 2, "full": 4}
TARGET_P99_MS, TARGET_AUTOCOMPLETE_P99_MS = 10.0, 3.0
COMMON = ("film", "director", "camera", "premiere", "festival", "paris", "music", "was")
TWO_WORDS = ("director camera", "paris night", "film festival", "actor studio", "young woman", "black white",
             "train station", "léaud truffaut", "summer love", "studio script")
PREFIXES = ("dire", "came", "truff", "léa", "nouv", "festi", "scen", "prem", "réalis", "cinéa", "godar", "photo")
ACCENTED = ("Léaud", "réalisateur", "CINÉASTE", "Première", "écran", "Cléo", "lumière caméra", "Truffaut Léaud",
            "Générique", "décor costume")
TYPED_TITLES = 12        # film titles typed one keystroke at a time for autocomplete
_RARE = re.compile(r"\b([A-Z][a-z]+x)\b")


def database_for(facts: int, films: int, tmp: Path) -> Path:
    """A migrated database filled with generated data (reused from DOINEL_BENCH_CACHE when set)."""
    cache = os.environ.get("DOINEL_BENCH_CACHE")
    key = f"search-{facts}-{films}-{searchdata.schema_key()}-v{searchdata.VERSION}.sqlite3"
    if cache and (Path(cache) / key).exists():
        return Path(cache) / key
    path = (Path(cache) if cache else tmp) / key
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def prepare(path: Path, facts: int, films: int) -> float:
    if path.exists():
        return 0.0
    started = time.perf_counter()
    building = path.with_suffix(".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    asyncio.run(migrate(building))
    searchdata.build(building, facts, films)
    shutil.move(building, path)
    return time.perf_counter() - started


async def migrate(path: Path) -> None:
    db = await Database.open(path)
    await db.close()


def df(con: sqlite3.Connection, match: str) -> int:
    return int(con.execute("SELECT count(*) FROM facts_fts WHERE facts_fts MATCH ?", (match,)).fetchone()[0])


def choose_queries(con: sqlite3.Connection) -> tuple[dict[str, list[str]], list[tuple[str, str]], list[str], list[str]]:
    """Query classes, (rare, common) pairs no fact has together, film-title keystrokes, and the ends of
    titles (typed from their second word: only a look inside the names finds them)."""
    highest = int(con.execute("SELECT max(id) FROM facts").fetchone()[0])
    rare: list[str] = []
    for fid in range(highest // 3, highest, max(1, highest // 97)):
        row = con.execute("SELECT text FROM facts WHERE id = ? AND guild_id = 0", (fid,)).fetchone()
        found = _RARE.search(row[0]) if row else None
        if found and found[1] not in rare and df(con, f'"{found[1]}"') <= 20:
            rare.append(found[1])
        if len(rare) == 12:
            break
    partial = []
    for word in rare:
        for common in ("léaud", "festival", "night"):
            if df(con, f'"{word}" "{common}"') == 0:
                partial.append((word, common))
                break
        if len(partial) == 6:
            break
    classes = {"rare word": rare, "common word": list(COMMON), "two words": list(TWO_WORDS),
               "phrase": list(searchdata.PHRASES), "prefix": list(PREFIXES), "accented": list(ACCENTED)}
    titles = [r[0] for r in con.execute(
        "SELECT name FROM film_names WHERE film_id % 997 = 3 AND length(name) > 8 ORDER BY film_id, kind DESC "
        "LIMIT ?", (TYPED_TITLES,))]
    typing = [title[:i] for title in titles for i in range(1, len(title) + 1)]
    inside = []  # the end of a title from its second word on: no name starts so, the picker must look inside
    for (name,) in con.execute("SELECT norm FROM film_names WHERE film_id % 499 = 7 AND norm LIKE '% % %' LIMIT 200"):
        rest = name.split(" ", 1)[1]
        starts = [rest, *(f"{article} {rest}" for article in ARTICLES)]
        if not any(con.execute("SELECT 1 FROM film_names WHERE norm >= ? AND norm < ? || char(1114111) LIMIT 1",
                               (s, s)).fetchone() for s in starts) and rest not in inside:
            inside.append(rest)
        if len(inside) == 10:
            break
    return classes, partial, typing, inside


async def timed(samples: list[float], call: Callable[[], Awaitable[Any]]) -> Any:
    started = time.perf_counter()
    try:
        return await call()
    finally:
        samples.append((time.perf_counter() - started) * 1000)


def baseline(con: sqlite3.Connection, text: str, *, any_word: bool = False) -> list[int]:
    match = match_query(text, any_word=any_word)
    if match is None:
        return []
    rows = con.execute(f"SELECT rowid FROM {PLAIN_FTS} WHERE {PLAIN_FTS} MATCH ? ORDER BY rank LIMIT 10", (match,))
    return [r[0] for r in rows]


def has_phrase(text: str, phrase: str) -> bool:
    return f" {fold(phrase)} " in f" {fold(text)} "


async def run_size(size: str, facts: int, films: int, tmp: Path) -> None:
    path = database_for(facts, films, tmp)
    built_s = await asyncio.to_thread(prepare, path, facts, films)
    con = sqlite3.connect(path)
    classes, partial, typing, inside = choose_queries(con)
    db = await Database.open(path)
    product: dict[str, list[float]] = {name: [] for name in classes}
    plain: dict[str, list[float]] = {name: [] for name in classes}
    autocomplete: list[float] = []
    autocomplete_inside: list[float] = []
    try:
        for _ in range(2):  # warm-up: every query, before and after the search vocabulary is read
            for query in (q for queries in classes.values() for q in queries):
                await search(db, query)
            await fact_search.vocabularies.ready(db)
        for _ in range(ROUNDS[size]):
            for name, queries in classes.items():
                for query in queries:
                    await timed(product[name], lambda q=query: search(db, q))
            for typed in typing:
                await timed(autocomplete, lambda t=typed: browse.film_choices(db, t))
            for typed in inside:
                await timed(autocomplete_inside, lambda t=typed: browse.film_choices(db, t))
        # The baseline apart: its full scans would evict the product's pages from SQLite's cache.
        for _ in range(BASELINE_ROUNDS[size]):
            for name, queries in classes.items():
                for query in queries:
                    started = time.perf_counter()
                    baseline(con, query)
                    plain[name].append((time.perf_counter() - started) * 1000)
        ranking = await check_ranking(db, con, partial)
    finally:
        await db.close()
        con.close()
    for name in classes:
        emit("search", size, facts=facts, query_class=name, queries=len(classes[name]), **percentiles(product[name]),
             baseline=percentiles(plain[name]), target_p99_ms=TARGET_P99_MS)
    emit("search", size, facts=facts, films=films, query_class="film autocomplete", keystrokes=len(typing),
         **percentiles(autocomplete), target_p99_ms=TARGET_AUTOCOMPLETE_P99_MS)
    emit("search", size, facts=facts, films=films, query_class="film autocomplete, inside a title",
         queries=len(inside), **percentiles(autocomplete_inside), target_p99_ms=TARGET_AUTOCOMPLETE_P99_MS)
    emit("search", size, facts=facts, query_class="ranking", **ranking, generated_s=round(built_s, 1))


async def search(db: Database, text: str) -> browse.SearchResults | None:
    try:
        return await browse.search(db, searchdata.GUILD, text, None)
    except NotFound:
        return None


async def check_ranking(db: Database, con: sqlite3.Connection, partial: list[tuple[str, str]]) -> dict[str, Any]:
    """Share of the first 10 results a reader expects there: exact phrases, then the rare word's facts."""
    phrase_product, phrase_plain = [], []
    for phrase in searchdata.PHRASES:
        found = await search(db, phrase)
        top = [r.card.fact.text for r in (found.results if found else ())][:10]
        phrase_product.append(sum(has_phrase(t, phrase) for t in top) / max(1, len(top)))
        texts = [con.execute("SELECT text FROM facts WHERE id = ?", (i,)).fetchone()[0] for i in baseline(con, phrase)]
        phrase_plain.append(sum(has_phrase(t, phrase) for t in texts) / max(1, len(texts)))
    rare_product, rare_plain = [], []
    for rare, common in partial:
        expected = min(10, df(con, f'"{rare}"'))
        found = await search(db, f"{rare} {common}")
        top = [r.card.fact.text for r in (found.results if found else ())][:expected]
        rare_product.append(sum(rare.lower() in t.lower() for t in top) / expected)
        texts = [con.execute("SELECT text FROM facts WHERE id = ?", (i,)).fetchone()[0]
                 for i in baseline(con, f"{rare} {common}", any_word=True)][:expected]
        rare_plain.append(sum(rare.lower() in t.lower() for t in texts) / expected)
    return {"phrase_first_min": round(min(phrase_product), 2), "phrase_first_mean": round(mean(phrase_product), 2),
            "baseline_phrase_first_mean": round(mean(phrase_plain), 2),
            "rare_first_min": round(min(rare_product), 2) if rare_product else None,
            "baseline_rare_first_mean": round(mean(rare_plain), 2) if rare_plain else None}


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


async def run(size: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for facts, films in SIZES[size]:
            await run_size(size, facts, films, Path(tmp))


if __name__ == "__main__":
    main("search", run)
