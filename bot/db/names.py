"""Finding films and people by any of their names: candidates for bot.lookup.ranking.

Up to three passes, each only when the ones before found too little, all on indexes:
1. exact names, with or without a leading article, and names starting with the query; when no
   name starts with it, names starting with all but its last letter (a slip on the key just
   typed: "les quatre cents coupx"); and a title's elided article typed without its apostrophe
   ("latalante" reads names starting "l atalante") (B-tree on ``*_names.norm``); all of it also
   with the query's numbers written the other ways ("7 samurai" reads "seven samurai" and "sept
   samurai", "twelve angry men" reads "12 angry men": bot.numbers);
2. the query's words as words of a name, the last one as a prefix, a number in any of its
   spellings (FTS5 with prefix indexes);
3. abbreviations and misspellings: the first letters of every word, then of any word
   ("quat cen" finds "les quatre cents coups"); the ranking (rapidfuzz for spellings) decides.

Each pass reads a few dozen rows at most, so autocomplete stays around a millisecond at
100,000 films (see bench/lookup.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.db.connection import Database
from bot.facts.search import MAX_TERMS, terms
from bot.lookup.ranking import Candidate, Ranked, Ranker, Tier, article_variants
from bot.numbers import spellings, word_spellings
from bot.text import fold, without_discord_markup

# Rows read by each pass: enough for 25 choices after de-duplication, few enough to rank quickly.
EXACT_ROWS = 40
PREFIX_ROWS = 40
WORD_ROWS = 60
LOOSE_ROWS = 50
LOOSE_PREFIX = 3        # letters of each word kept by the misspelling pass
SLIP_MIN = 4            # a query this short has too many names one letter shorter to read
ELIDED_MIN = 4          # 'lata' may be L'Atalante typed without its apostrophe; 'lat' is too short
MAX_INPUT = 300         # no name is longer (packs allow 200); the rest of a pasted blob is ignored


@dataclass(frozen=True)
class NameSource:
    """Where one kind of entity keeps its names."""

    names: str           # the name table, aliased n; its owner column is selected as n.owner
    owner: str
    inner_kind: str      # kind of a name, from the name table alone
    entity: str          # the owners' table, aliased e
    columns: str         # owner, name, norm, kind, year, label, original title (from n and e)
    year_column: str | None

    @property
    def fts(self) -> str:
        return f"{self.names}_fts"

    def inner(self) -> str:
        return f"SELECT n.id, n.{self.owner} AS owner, n.name, n.norm, {self.inner_kind} AS kind FROM {self.names} n"

    def outer(self, inner: str) -> str:
        return f"SELECT {self.columns} FROM ({inner}) n JOIN {self.entity} e ON e.id = n.owner"


FILMS = NameSource(
    names="film_names", owner="film_id", inner_kind="n.kind", entity="films",
    columns="n.owner, n.name, n.norm, n.kind, e.year, e.title, e.original_title", year_column="e.year",
)
PEOPLE = NameSource(
    names="person_names", owner="person_id", inner_kind="'alias'", entity="people",
    columns="n.owner, n.name, n.norm, CASE WHEN n.name = e.name THEN 'title' ELSE 'alias' END, NULL, e.name, NULL",
    year_column=None,
)
# When more names are exact matches than are read: the very name first, then main titles, short ones.
_EXACT_ORDER = "ORDER BY n.norm <> ?, CASE kind WHEN 'title' THEN 0 WHEN 'original' THEN 1 ELSE 2 END, " \
               "length(n.norm), n.id"


@dataclass(frozen=True)
class Row:
    """A ranked film or person with what a list of choices needs to show it."""

    id: int
    label_name: str          # the film's title or the person's name
    year: int | None
    original_title: str | None
    ranked: Ranked


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (binary collation)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _name_pass_sql(source: NameSource, year: int | None) -> str:
    """Pass 1. Parameters: ``_name_pass_params``."""
    exact = f"{source.inner()} WHERE n.norm IN (SELECT value FROM json_each(?))"
    prefix = f"{source.inner()} WHERE n.norm > ? AND n.norm < ?"
    # The same range one letter shorter, read only when nothing starts with the query itself
    # (one index seek): the name being typed, but for the key just hit. The seek decides the range's
    # end, so when names do start with the query the range is empty: as a filter on each row, it
    # walked every name starting with "the " to find none for "the h" (2 ms at 100,000 films).
    slip = (f"{source.inner()} WHERE n.norm >= ? AND n.norm < "
            f"iif(EXISTS (SELECT 1 FROM {source.names} WHERE norm >= ? AND norm < ?), ?, ?)")
    ranges = (prefix, slip, prefix)   # starting with the query; one letter back; "latalante" as "l atalante"
    if year is None or source.year_column is None:
        # Choose the exact names from the norm index alone (it covers norm and id), then read only
        # the kept names and their owners: a common title shared by hundreds of films stays cheap.
        kept = (f"SELECT n.id FROM {source.names} n WHERE n.norm IN (SELECT value FROM json_each(?)) "
                f"ORDER BY n.norm <> ?, length(n.norm), n.id LIMIT {EXACT_ROWS}")
        exact_kept = f"{source.inner()} WHERE n.id IN ({kept})"
        return " UNION ALL ".join([source.outer(exact_kept), *(
            source.outer(f"SELECT * FROM ({part} ORDER BY n.norm LIMIT {PREFIX_ROWS})") for part in ranges
        )])
    where = f" WHERE {source.year_column} = ?"
    return " UNION ALL ".join([f"SELECT * FROM ({source.outer(exact)}{where} {_EXACT_ORDER} LIMIT {EXACT_ROWS})", *(
        f"SELECT * FROM ({source.outer(part)}{where} ORDER BY n.norm LIMIT {PREFIX_ROWS})" for part in ranges
    )])


def _name_pass_params(q: str, year_args: tuple[Any, ...]) -> tuple[Any, ...]:
    slip = q[:-1] if len(q) > SLIP_MIN else None      # NULL: no rows
    elided = _elided(q)
    return (json.dumps([q, *article_variants(q), *filter(None, [elided])]), *year_args, q,  # exact, the very name first
            q, _upper_bound(q), *year_args,                            # names starting with the query
            slip, q, _upper_bound(q), slip, slip and _upper_bound(slip), *year_args,  # the slip, if none do
            elided, elided and _upper_bound(elided), *year_args)      # "latalante": names starting "l atalante"


def _elided(q: str) -> str | None:
    """'latalante' -> 'l atalante': a title's elided article typed without its apostrophe (L'Atalante,
    L'Avventura) folds to a word of its own; None when the query cannot be one ('la roa', 'lo', 'lxyz')."""
    first = q.split(" ", 1)[0]
    if len(first) >= ELIDED_MIN and first[0] == "l" and first[1] in "aeiouh":
        return f"l {q[1:]}"
    return None


def _any_spelling(word: str, *, prefix: bool = False) -> str:
    """An FTS5 term for a sanitised word, or for any of its spellings when it is a number:
    '"7"' -> '("7" OR "seven" OR "sept")'."""
    star = "*" if prefix else ""
    spelled = [f'"{w}"{star}' for w in (word, *word_spellings(word))]
    return spelled[0] if len(spelled) == 1 else f"({' OR '.join(spelled)})"


async def candidates(db: Database, source: NameSource, text: str, *, year: int | None = None,
                     limit: int = 25) -> list[Row]:
    """Films or people matching ``text`` (optionally of ``year``), ranked best first, at most ``limit``."""
    q = fold(without_discord_markup(text[:MAX_INPUT]))
    if not q:
        return []
    with_year = year is not None and source.year_column is not None
    year_args: tuple[Any, ...] = (year,) if with_year else ()
    ranker = Ranker(q, year=year)
    info: dict[int, tuple] = {}

    async def read(sql: str, params: tuple[Any, ...]) -> list[Ranked]:
        # One thread hop instead of three: autocomplete runs this on every keystroke.
        rows = await db.reads.execute_fetchall(sql, params)
        ranker.add(Candidate(r[0], r[1], r[2], r[3], r[4]) for r in rows)
        for r in rows:
            info.setdefault(r[0], (r[5], r[4], r[6]))
        return ranker.best(limit)

    # "7 samurai" is also "seven samurai" and "sept samurai": one statement reads them all.
    typed = [q, *spellings(q)]
    ranked = await read(" UNION ALL ".join([_name_pass_sql(source, year)] * len(typed)),
                        tuple(p for t in typed for p in _name_pass_params(t, year_args)))
    # Words for the FTS passes come from the shared sanitiser (bot.facts.search): letters and digits
    # only, each quoted, so nothing typed is ever read as FTS5 syntax.
    words = terms(q)[:MAX_TERMS]
    if words and not (ranked and ranked[0].exact):
        fts_sql = (f"SELECT {source.columns} FROM {source.fts} JOIN ({source.inner()}) n "
                   f"ON n.id = {source.fts}.rowid JOIN {source.entity} e ON e.id = n.owner "
                   f"WHERE {source.fts} MATCH ?{f' AND {source.year_column} = ?' if with_year else ''} LIMIT ?")
        if sum(1 for r in ranked if r.tier <= Tier.PREFIX) < limit:
            # Words before the last were finished with a space: whole words (much cheaper than prefixes
            # on a big index); the last may still be being typed. "quat cen" is left to the next pass.
            # (FTS5 needs an explicit AND beside a parenthesised OR.)
            ranked = await read(fts_sql, (" AND ".join([*(_any_spelling(w) for w in words[:-1]),
                                                        _any_spelling(words[-1], prefix=True)]),
                                          *year_args, WORD_ROWS))
        if not ranked:
            # Misspellings and abbreviations: first the finished words as typed and the last one's first
            # letters (a slip in the word being typed: "les road losx" -> "les" "road" "los"*, few
            # rows, the right one among them), then each word's first letters ("quat cen" -> "qua"*
            # "cen"*, "truffault" -> "tru"*), all words, then any; the ranking decides what is close enough.
            stems = [f'"{w[:LOOSE_PREFIX]}"*' for w in words]
            typed = (" ".join([*(f'"{w}"' for w in words[:-1]), stems[-1]])
                     if len(words) > 1 and len(words[-1]) > LOOSE_PREFIX else None)  # else the word pass did it
            for match in dict.fromkeys(m for m in (typed, " ".join(stems), " OR ".join(stems)) if m):
                ranked = await read(fts_sql, (match, *year_args, LOOSE_ROWS))
                if ranked:
                    break
    return [Row(r.entity_id, *info[r.entity_id], r) for r in ranked]
