"""The SQL side of ranked fact search: bounded candidate reads and the term vocabulary.

Why not ``ORDER BY rank``: FTS5's bm25 scores every matching row, and before the first one it counts
every row of every term (its idf), so a word in one fact out of five costs ~200 ms at 1,000,000 facts
even with ``LIMIT 10``. Here every read is bounded: candidates come newest first with a ``LIMIT``
(FTS5 walks its doclists in rowid order and stops), document frequencies are counted up to a cap, and
ranking happens on the candidates (``bot.facts.ranking``).

A prefix (``"dire"*``) makes FTS5 merge the doclists of every completion before it returns a row:
~7 ms for "dire" (director) and ~30 ms for "di" at 1,000,000 facts. So large indexes keep a
vocabulary of their frequent terms (read once from ``fts5vocab`` in a worker thread, on a separate
connection, refreshed every few minutes while searches come in); a prefix whose completions are
frequent is searched as those completions, ORed, which FTS5 reads lazily.

The index keeps letters such as ø and ß, so a word is also looked for as the index spells it with
them (``spellings``: a few seeks in ``facts_terms`` per word, about 0.1-0.3 ms a search at 1,000,000
facts, measured).
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.db.connection import Database
from bot.db.facts import VISIBLE
from bot.db.film_refs import FilmRef
from bot.facts.spellings import SpellingWalk

log = logging.getLogger(__name__)

VOCAB_MIN_FACTS = 50_000     # smaller indexes merge prefixes in well under a millisecond: no vocabulary
VOCAB_MIN_DF = 64            # terms in fewer facts are left out of the vocabulary
VOCAB_TTL = 600.0            # seconds before a vocabulary is read again (new frequent words appear by then)
HIGHLIGHT = "highlight(facts_fts, {col}, char(2), char(3))"
FILM_COLUMNS = ", fm.title AS film_title, fm.year AS film_year, fm.pack_key AS film_key"
FILM_JOIN = "LEFT JOIN films fm ON fm.id = f.film_id "


@dataclass(frozen=True)
class Candidate:
    """A visible fact matching a query, with its hits marked in each indexed column and its film."""

    row: aiosqlite.Row           # facts.* (build the Fact with ``facts.row_to_fact``)
    text: str                    # the fact's text, hits between HIT_START/HIT_END
    tags: str                    # tags, space-separated, hits marked
    film: str                    # the film's names, hits marked

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def film_ref(self) -> FilmRef | None:
        """The fact's film as pickers and cards show it (read with the fact: no second query)."""
        row = self.row
        return FilmRef(row["film_id"], row["film_title"], row["film_year"], row["film_key"]) \
            if row["film_title"] is not None else None


async def candidates(db: Database, guild_id: int | None, match: str, *, limit: int, film_id: int | None = None,
                     below: int | None = None, from_id: int | None = None) -> list[Candidate]:
    """Up to ``limit`` visible facts matching the FTS5 expression ``match``, newest first.

    FTS5 returns rows in descending rowid order without sorting and the ``LIMIT`` stops the walk, so
    the cost follows ``limit`` (and how many non-visible facts are skipped), not the number of matches.
    ``below``/``from_id`` bound the ids walked. With ``film_id`` the film's facts are walked instead,
    each checked against the index.
    """
    marks = ", ".join(f"{HIGHLIGHT.format(col=c)} AS h{c}" for c in range(3)) + FILM_COLUMNS
    bounds = "".join([" AND facts_fts.rowid < :below" if below is not None else "",
                      " AND facts_fts.rowid >= :from_id" if from_id is not None else ""])
    if film_id is None:
        sql = (f"SELECT f.*, {marks} FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid {FILM_JOIN}"
               f"WHERE facts_fts MATCH :q{bounds} AND {VISIBLE} ORDER BY facts_fts.rowid DESC LIMIT :n")
    else:
        sql = (f"SELECT f.*, {marks} FROM facts f CROSS JOIN facts_fts ON facts_fts.rowid = f.id {FILM_JOIN}"
               f"WHERE f.film_id = :film AND facts_fts MATCH :q{bounds} AND {VISIBLE} ORDER BY f.id DESC LIMIT :n")
    params = {"q": match, "g": guild_id or 0, "film": film_id, "n": limit, "below": below, "from_id": from_id}
    rows = await db.reads.execute_fetchall(sql, params)  # one trip to the database thread, not two
    return [Candidate(r, r["h0"] or "", r["h1"] or "", r["h2"] or "") for r in rows]


async def matching_ids(db: Database, match: str, *, from_id: int) -> set[int]:
    """Ids of facts (visible or not) from ``from_id`` up matching ``match``: a check on a known window."""
    rows = await db.reads.execute_fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? AND rowid >= ?",
                                          (match, from_id))
    return {int(r[0]) for r in rows}


async def counts(db: Database, matches: list[str], cap: int) -> tuple[int, list[int]]:
    """About how many facts there are (the highest id: one index lookup, unlike count(*)), and how many
    match each expression, counting no further than ``cap``; in one round trip."""
    parts = ["(SELECT max(id) FROM facts)"]
    cap_param = len(matches) + 1
    parts += [f"(SELECT count(*) FROM (SELECT 1 FROM facts_fts WHERE facts_fts MATCH ?{i + 1} LIMIT ?{cap_param}))"
              for i in range(len(matches))]
    (row,) = await db.reads.execute_fetchall("SELECT " + ", ".join(parts), (*matches, cap) if matches else ())
    return int(row[0] or 0), [int(v) for v in tuple(row)[1:]]


async def indexed(db: Database, prefixes: Sequence[str], terms: Sequence[str]) -> tuple[set[str], set[str]]:
    """Which ``prefixes`` begin an indexed term, and which ``terms`` are indexed terms; in one round trip.

    Each is a seek in the index (facts_terms), ~10-80 µs at 1,000,000 facts however common the term.
    """
    if not prefixes and not terms:
        return set(), set()
    rows = await db.reads.execute_fetchall(
        "SELECT 0, value FROM json_each(?1) AS p WHERE EXISTS (SELECT 1 FROM facts_terms "
        "WHERE term >= p.value AND term < p.value || char(1114111)) "
        "UNION ALL "
        "SELECT 1, value FROM json_each(?2) AS t WHERE EXISTS (SELECT 1 FROM facts_terms WHERE term = t.value)",
        (json.dumps(list(prefixes), ensure_ascii=False), json.dumps(list(terms), ensure_ascii=False)))
    found: tuple[set[str], set[str]] = (set(), set())
    for kind, value in rows:
        found[kind].add(value)
    return found


async def spellings(db: Database, words: Sequence[str], prefix: Sequence[bool]) -> list[list[str]]:
    """How to search for each word (as ``terms`` gives them): the spellings the index holds, with or
    without ø, æ, œ, ß, đ, ł or ı, best first; never empty (``bot.facts.spellings``)."""
    walk = SpellingWalk(list(words), list(prefix))
    while True:
        prefixes, terms = walk.lookups()
        if not prefixes and not terms:
            return [walk.forms(i) for i in range(len(words))]
        walk.found_in_index(*await indexed(db, prefixes, terms))


# --- The vocabulary of frequent terms --------------------------------------------------------------------

@dataclass(frozen=True)
class Vocabulary:
    """Terms in at least ``VOCAB_MIN_DF`` facts (as the index folds them), sorted, with their fact counts."""

    terms: tuple[str, ...]
    counts: tuple[int, ...]
    facts: int
    read_at: float

    def count(self, term: str) -> int | None:
        """The term's fact count, or None when it is rarer than ``VOCAB_MIN_DF`` (or unknown)."""
        i = bisect.bisect_left(self.terms, term)
        return self.counts[i] if i < len(self.terms) and self.terms[i] == term else None

    def completions(self, prefix: str) -> list[tuple[str, int]]:
        """Frequent terms starting with ``prefix``, most frequent first."""
        lo = bisect.bisect_left(self.terms, prefix)
        hi = bisect.bisect_left(self.terms, prefix + "\U0010ffff")
        found = list(zip(self.terms[lo:hi], self.counts[lo:hi], strict=True))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found


def read_vocabulary(path: str, min_df: int | None = None) -> Vocabulary:
    """Read the frequent terms on a connection of its own (blocking: run it in a worker thread)."""
    min_df = VOCAB_MIN_DF if min_df is None else min_df
    started = time.perf_counter()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.execute("CREATE VIRTUAL TABLE temp.facts_vocab USING fts5vocab(main, facts_fts, row)")
        rows = con.execute("SELECT term, doc FROM temp.facts_vocab WHERE doc >= ?", (min_df,)).fetchall()
        facts = int(con.execute("SELECT max(id) FROM facts").fetchone()[0] or 0)
    finally:
        con.close()
    log.info("read %d frequent search terms in %.0f ms", len(rows), (time.perf_counter() - started) * 1000)
    return Vocabulary(tuple(r[0] for r in rows), tuple(int(r[1]) for r in rows), facts, time.monotonic())


class _Vocabularies:
    """One vocabulary per database file, read when first needed and again after ``VOCAB_TTL``."""

    def __init__(self) -> None:
        self.known: dict[str, Vocabulary] = {}
        self.reading: dict[str, asyncio.Task[None]] = {}

    def current(self, db: Database) -> Vocabulary | None:
        """The vocabulary last read for this database, if any (however old)."""
        return self.known.get(str(db.path))

    async def get(self, db: Database, facts: int) -> Vocabulary | None:
        """The current vocabulary, or None (small index, in-memory database, or the first read under way).

        A stale vocabulary is still returned while a fresh one is read in the background.
        """
        path = str(db.path)
        if facts < VOCAB_MIN_FACTS or path == ":memory:" or not path:
            return None
        current = self.known.get(path)
        if (current is None or time.monotonic() - current.read_at > VOCAB_TTL) and path not in self.reading:
            self.reading[path] = asyncio.create_task(self._read(path), name="fact-search-vocabulary")
        return current

    async def _read(self, path: str) -> None:
        try:
            self.known[path] = await asyncio.to_thread(read_vocabulary, path)
        except Exception:  # no vocabulary only means slower prefixes
            log.exception("could not read the search vocabulary of %s", path)
        finally:
            self.reading.pop(path, None)

    async def ready(self, db: Database) -> Vocabulary | None:
        """Wait for a read under way (benchmarks and tests)."""
        task = self.reading.get(str(db.path))
        if task is not None:
            await task
        return self.known.get(str(db.path))


vocabularies = _Vocabularies()
