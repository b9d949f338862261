"""Ranked fact search in bounded time, whatever the size of the index and however common the words.

1. The words (``bot.facts.search.terms``) become groups. Every word must match; the last one may be
   partly typed, so it also matches longer words: through FTS5's own prefix merge when that is cheap,
   or, for a prefix of frequent words ("dire", "cam"), as its most frequent completions. A word
   is also searched as the index spells it with ø, æ, œ, ß, đ, ł or ı ("soren": "søren"), as
   /film folds names (``bot.facts.spellings``).
   An "and" between two words may also be an "&" the index cannot hold: facts need not have it. When no
   fact has every word, a word may be two an apostrophe joined, typed without it ("palme dor", "antoines
   mother"): read so where the index holds both parts.
2. Candidates, newest first and at most ``CANDIDATES`` per read: the facts with every word. With two
   words or more, the facts with the exact phrase in their text or tags among them and, when more facts have every word,
   among the ``PHRASE_REACH`` times as many before them. When no fact has every word, each word's
   facts, rarest word first.
3. ``bot.facts.ranking`` orders them: phrase, then every word, then some; BM25 within a tier.

When more than ``CANDIDATES`` facts match, the ranking covers the most recent of them: the first
page is as relevant as before and the member is told there are more (add words to narrow it down).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice, product

from bot.db import fact_search, facts
from bot.db.connection import Database
from bot.db.fact_search import Candidate, Vocabulary
from bot.db.facts import SearchHit
from bot.db.film_refs import FilmRef
from bot.facts.ranking import TIER_ALL, TIER_PHRASE, TIER_SOME, Scorer, WordGroup, fold_token, snippet, tokens
from bot.facts.search import MAX_TERMS, MIN_PREFIX_CHARS, any_spelling, terms

CANDIDATES = 80            # facts with every word ranked per search: more than the 50 results it shows
PHRASE_REACH = 6           # the phrase is looked for among this many times CANDIDATES facts with every word
COUNT_CAP = 20_000         # document frequencies are counted up to this (beyond it idf hardly changes)
PREFIX_BUDGET = 20_000     # facts with a completion under which FTS5's prefix merge is cheap (< 1 ms)
MAX_COMPLETIONS = 8        # frequent completions searched for a partly typed last word
MAX_PHRASES = 8            # ways of spelling the phrase looked for
AMPERSAND_WORD = "and"     # how bot.text.fold reads "&"; the facts' index drops the "&" itself
ELIDING = frozenset("cdjlmnst")   # letters elided before a vowel in French and Italian: d'Or, l'enfant, s'il
ELIDED_MIN = 3             # 'do' is not "d'o"
POSSESSIVE_MIN = 4         # 'its' is not "it's" here: 'antoines' is "Antoine's"


@dataclass(frozen=True)
class Found:
    hits: list[SearchHit]      # best first
    partial: bool              # no fact has every word: these have some of them
    films: dict[int, FilmRef] = field(default_factory=dict)  # the hits' films, by id


@dataclass
class _Group:
    word: str                  # as typed (lower case)
    folded: str                # as /film folds it ('søren' -> 'soren'); the ranking counts hits so
    match: str                 # FTS5 expression for this word alone
    forms: tuple[str, ...]     # the folded words that count as hits (the word, or its completions)
    prefix: bool               # FTS5 prefix query: any word starting with it
    facts: int | None          # document frequency; None until counted
    spellings: tuple[str, ...] = ()  # how the index spells it ('søren' and 'soren'), best first
    optional: bool = False     # "and" between words: the index has no "&" to match ("Sight & Sound")

    def ranking(self) -> WordGroup:
        return WordGroup(self.folded, frozenset(self.forms), self.prefix, self.facts or 0)


def _group(word: str, *, last: bool, vocab: Vocabulary | None, spellings: Sequence[str] = ()) -> _Group:
    """``spellings``: how the index spells the word (``fact_search.spellings``); the folded word if not given."""
    folded = fold_token(word)
    spelled = tuple(spellings) or (folded,)
    plain = spelled == (folded,)   # document frequencies from the vocabulary are for the folded word
    if not last or len(word) < MIN_PREFIX_CHARS:
        return _Group(word, folded, any_spelling(spelled), (folded,), False,
                      vocab.count(folded) if vocab and plain else None, spelled)
    completions = vocab.completions(folded) if vocab else []
    frequent = sum(n for _, n in completions)
    if frequent > PREFIX_BUDGET:  # FTS5 would merge them all before the first row: search the most frequent
        chosen = completions[:MAX_COMPLETIONS]
        forms = [term for term, _ in chosen] + ([] if folded in dict(chosen) else [folded])
        match = any_spelling(forms)
        if respelled := [s for s in spelled if s != folded]:   # rare words: FTS5 reads them at once
            match = f"({match} OR {any_spelling(respelled, prefix=True)})"
        return _Group(word, folded, match, tuple(forms), False,
                      sum(n for _, n in chosen) if plain else None, spelled)
    return _Group(word, folded, any_spelling(spelled, prefix=True), (folded,), True,
                  (frequent or None) if plain else None, spelled)


def _phrase(groups: list[_Group]) -> str:
    """The words in order, adjacent: '"a b c"', '"a b c"*', or one phrase per completion of the last word,
    and per way the index spells the words (at most ``MAX_PHRASES`` in all)."""
    heads = [" ".join(w for w in words if w) for words in islice(
        product(*((*g.spellings, "") if g.optional else g.spellings for g in groups[:-1])), MAX_PHRASES)]
    last = groups[-1]
    if last.prefix:
        ends = [f'{s}"*' for s in last.spellings]
    elif len(last.word) >= MIN_PREFIX_CHARS:   # partly typed, searched as its frequent completions
        ends = [f'{form}"' for form in last.forms] + [f'{s}"*' for s in last.spellings if s != last.folded]
    else:
        ends = [f'{s}"' for s in last.spellings]
    phrases = " OR ".join(f'"{head} {end}' for head, end in islice(product(heads, ends), MAX_PHRASES))
    # In the fact's own words: a film known as "Les 400 coups" does not put every fact about it in the tier.
    return f"{{text tags}} : ({phrases})"


async def find(db: Database, guild_id: int | None, text: str, *, film_id: int | None = None,
               limit: int = 50) -> Found:
    """The best ``limit`` visible facts for what a member typed (words, as in ``terms``)."""
    words = terms(text)[:MAX_TERMS]
    if not words:
        return Found([], False)
    vocab = fact_search.vocabularies.current(db)
    partly = [False] * (len(words) - 1) + [len(words[-1]) >= MIN_PREFIX_CHARS]   # the last word may be typing
    spellings = await fact_search.spellings(db, words, partly)
    groups = [_group(w, last=i == len(words) - 1, vocab=vocab, spellings=s)
              for i, (w, s) in enumerate(zip(words, spellings, strict=True))]
    for group in groups[1:-1]:   # "sight and sound" finds "Sight & Sound" (names read "&" as "and" too)
        group.optional = group.word == AMPERSAND_WORD
    cap = fact_search.VOCAB_MIN_DF if vocab else COUNT_CAP
    total = await _count(db, groups, cap)
    await fact_search.vocabularies.get(db, total)  # read (or refresh) it in the background when due

    def every_word() -> str:
        return " AND ".join(g.match for g in groups if not g.optional)

    tiers: dict[int, tuple[int, Candidate]] = {}
    every = [] if any(g.facts == 0 for g in groups) and len(groups) == 1 else await fact_search.candidates(
        db, guild_id, every_word(), limit=CANDIDATES, film_id=film_id)
    if not every and (split := await _apostrophes_left_out(db, groups, vocab)) is not None:
        groups = split                 # "palme dor" is "Palme d'Or", "antoines" is "Antoine's"
        total = await _count(db, groups, cap)
        every = await fact_search.candidates(db, guild_id, every_word(), limit=CANDIDATES, film_id=film_id)
    if any(g.facts == 0 for g in groups) and len(groups) == 1:
        return Found([], False)
    for candidate in every:
        tiers[candidate.id] = (TIER_ALL, candidate)
    if every and len(groups) > 1:
        # The phrase among the facts with every word just read, and, when more facts have every word,
        # a little further back (PHRASE_REACH times as many ids): newest first, as many as are shown.
        oldest, newest = every[-1].id, every[0].id
        reach = oldest - PHRASE_REACH * (newest - oldest + 1) if len(every) == CANDIDATES else oldest
        for candidate in await fact_search.candidates(db, guild_id, _phrase(groups), limit=limit, film_id=film_id,
                                                      from_id=reach):
            tiers[candidate.id] = (TIER_PHRASE, candidate)
    partial = False
    if not tiers and len(groups) > 1:
        partial = True
        for group in sorted(groups, key=lambda g: g.facts or 0):  # the rarest word's facts first
            if group.facts:
                for candidate in await fact_search.candidates(db, guild_id, group.match, limit=CANDIDATES,
                                                              film_id=film_id):
                    tiers.setdefault(candidate.id, (TIER_SOME, candidate))
    if not tiers:
        return Found([], False)
    return _rank(tiers, groups, total, limit, partial)


async def _count(db: Database, groups: list[_Group], cap: int) -> int:
    """Count the facts of each group not counted yet; returns the facts in the index."""
    uncounted = [g for g in groups if g.facts is None]
    total, found = await fact_search.counts(db, [g.match for g in uncounted], cap)
    for group, count in zip(uncounted, found, strict=True):
        group.facts = count
    return total


def apostrophe_splits(word: str) -> list[str]:
    """How ``word`` (folded) may be words an apostrophe joined, typed without it (the index splits at
    apostrophes): an elided article or pronoun ('dor' -> 'd or', 'lenfant' -> 'l enfant') and a
    possessive ('antoines' -> 'antoine s')."""
    splits = []
    if len(word) >= ELIDED_MIN and word[0] in ELIDING and word[1].isalpha():
        splits.append(f"{word[0]} {word[1:]}")
    if len(word) >= POSSESSIVE_MIN and word.endswith("s") and word[-2].isalpha():
        splits.append(f"{word[:-1]} s")
    return splits


async def _apostrophes_left_out(db: Database, groups: list[_Group], vocab: Vocabulary | None) -> list[_Group] | None:
    """When no fact has every word: the groups again with each word also read as words an apostrophe joined
    ("dor" as "d or"), where the index holds those words; None when no word can be read so."""
    splits = [[s for s in apostrophe_splits(g.folded) if s not in g.spellings] for g in groups]
    parts = sorted({p for found in splits for s in found for p in s.split()})
    if not parts:
        return None
    _, known = await fact_search.indexed(db, [], parts)
    out, changed = [], False
    for i, (group, found) in enumerate(zip(groups, splits, strict=True)):
        extra = [s for s in found if all(p in known for p in s.split())]
        if not extra:
            out.append(group)
            continue
        changed = True
        again = _group(group.word, last=i == len(groups) - 1, vocab=vocab, spellings=[*group.spellings, *extra])
        again.optional = group.optional
        out.append(again)
    return out if changed else None


def _rank(tiers: dict[int, tuple[int, Candidate]], groups: list[_Group], total: int, limit: int,
          partial: bool) -> Found:
    lengths = {fid: tokens(c.text) + tokens(c.tags) + tokens(c.film) for fid, (_, c) in tiers.items()}
    scorer = Scorer([g.ranking() for g in groups], total, sum(lengths.values()) / len(lengths))
    ranked = sorted((tier, -scorer.score((c.text, c.tags, c.film), lengths[fid]), fid, c)
                    for fid, (tier, c) in tiers.items())[:limit]
    films = {ref.id: ref for *_, c in ranked if (ref := c.film_ref) is not None}
    return Found([SearchHit(facts.row_to_fact(c.row), snippet(c.text), s) for _, s, _, c in ranked], partial, films)
