"""Generated search data for ``bench.search``: facts and films written with bulk SQL, and the queries to ask.

The text follows a Zipf law like real prose: a few words are in most facts ("the", "film"), a long
tail is in a handful, and a pool of one-off names makes truly rare words. Phrases that readers type
("nouvelle vague", "jean pierre léaud") are planted in some facts while their words also occur
apart in many others, so a ranking that ignores word order shows. Tables are written directly (the
facts_fts triggers still index every row); the measured code paths are the product's own.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.text import fold

VERSION = 3  # bump when the generated data changes (cached databases are keyed by it)
# The baseline's index: the facts as the product indexes them, with FTS5's default options. The
# product's facts_fts keeps no column sizes (schema 10); bm25 without them re-reads every match.
PLAIN_FTS = "bench_plain_fts"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Real words at the head of the distribution (rank 1 = most frequent), so queries read naturally.
HEAD = _words("the of and in a was to his film for on with by as at her director from camera scene first "
               "shot actor studio script premiere festival critic cinema frame producer editor screen music "
               "score role set night light paris city love war story young woman man house black white blue "
               "red summer winter train station street river sea island garden letter mirror window door "
               "réalisateur cinéaste première léaud truffaut godard varda chabrol rohmer resnais rivette bazin "
               "cléo écran générique tournage montage décor costume lumière caméra nouvelle vague jean pierre "
               "quatre cents coups cahiers antoine doinel")
SYLLABLES = _words("ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me mi mo mu "
                    "na ne ni no pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi vo za zo")
PHRASES = ("nouvelle vague", "jean pierre léaud", "quatre cents coups", "cahiers du cinéma", "antoine doinel",
           "black and white", "first shot")
TAGS = ("casting", "music", "locations", "censorship", "budget", "awards", "trivia", "remake", "sequel",
        "cameo", "improvisation", "restoration", "box office", "premiere", "festival")
TITLE_WORDS = ("night", "day", "love", "blue", "lost", "last", "city", "river", "summer", "winter", "dark",
               "house", "road", "dream", "woman", "man", "children", "fire", "silent", "golden", "secret",
               "king", "garden", "paris", "rome", "sea", "train", "letter", "mirror", "shadow", "stranger")
FRENCH_TITLE_WORDS = ("nuit", "jour", "été", "hiver", "rivière", "maison", "rêve", "femme", "enfants", "feu",
                      "secret", "roi", "jardin", "mer", "lettre", "miroir", "ombre", "étranger", "cœur", "château")
ARTICLES = ("the", "a", "les", "la", "le", "l'", "")
GUILD = 111  # the server the queries come from: it has its own facts and hides some global ones


@dataclass(frozen=True)
class Queries:
    """What members type, per class, and the phrases whose exact occurrences should rank first."""

    by_class: dict[str, list[str]]
    film_typing: list[str]                       # every keystroke of typing some film titles
    phrases: tuple[str, ...] = PHRASES
    partial: list[tuple[str, str]] = field(default_factory=list)   # (rare word, common word) never together


def _pseudo_words(count: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))))
    words -= set(HEAD)
    return sorted(words)


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    vocab = list(HEAD) + _pseudo_words(40_000, rng)
    weights = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))))
    return vocab, weights


def _fact_text(rng: random.Random, vocab: list[str], cum: list[float], rare: Iterator[str]) -> str:
    words = rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 30))
    if rng.random() < 0.02:
        phrase = rng.choice(PHRASES).split()
        at = rng.randrange(len(words))
        words[at:at] = phrase
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), next(rare).capitalize())
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _film_names(i: int, rng: random.Random) -> list[tuple[str, str]]:
    words = [rng.choice(TITLE_WORDS) for _ in range(rng.randint(1, 3))]
    article = rng.choice(("the", "a", ""))
    title = " ".join(w for w in (article, *words) if w).title()
    if rng.random() < 0.2:
        title += f" {rng.randint(2, 9)}"
    names = [(title, "title")]
    if rng.random() < 0.4:
        french = " ".join(rng.choice(FRENCH_TITLE_WORDS) for _ in range(rng.randint(1, 3)))
        article = rng.choice(ARTICLES[2:])
        names.append(((f"{article} " if article and article != "l'" else article) + french, "original"))
    if rng.random() < 0.1:
        names.append((f"{title} ({rng.choice(('US', 'UK', 'director'))} cut)", "alias"))
    return names


def schema_key() -> str:
    """Changes when a migration does: a cached database built by an older schema is not reused."""
    digest = hashlib.sha256()
    for entry in sorted(resources.files("bot.db").joinpath("migrations").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


def build(path: Path, facts: int, films: int, seed: int = 8) -> None:
    """Fill an empty, migrated database at ``path`` with ``facts`` facts and ``films`` films."""
    rng = random.Random(seed)
    vocab, cum = _vocabulary(rng)
    rare = (f"{a}{b}{c}x" for a, b, c in itertools.product(SYLLABLES, repeat=3))
    rare = (w for w in (f"{rng.choice(SYLLABLES)}{w}" for w in _shuffled(rng, rare)))
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -200000")
        con.execute("BEGIN")
        rng_names = random.Random(seed + 1)
        film_rows, name_rows = [], []
        for i in range(1, films + 1):
            names = _film_names(i, rng_names)
            film_rows.append((i, names[0][0], 1900 + i % 124))
            seen = set()
            for name, kind in names:
                norm = fold(name)
                if norm and norm not in seen:
                    seen.add(norm)
                    name_rows.append((i, name, norm, kind))
        con.executemany("INSERT INTO films (id, title, year, created_at, updated_at) VALUES (?, ?, ?, 0, 0)", film_rows)
        con.executemany("INSERT INTO film_names (film_id, name, norm, kind) VALUES (?, ?, ?, ?)", name_rows)
        # Merged into one segment, as a catalogue import leaves it (bot.db.catalogue.merges_deferred).
        con.execute("INSERT INTO film_names_fts(film_names_fts) VALUES ('optimize')")
        con.execute("COMMIT")
        for start in range(0, facts, 50_000):
            rows = []
            for i in range(start + 1, min(facts, start + 50_000) + 1):
                guild = GUILD if i % 100 == 0 else (222 if i % 100 == 1 else 0)
                tags = json.dumps(rng.sample(TAGS, rng.choice((0, 1, 1, 2))))
                film = rng.randint(1, films) if films and rng.random() < 0.9 else None
                rows.append((i, guild, film, _fact_text(rng, vocab, cum, rare), tags))
            con.execute("BEGIN")
            con.executemany("INSERT INTO facts (id, guild_id, film_id, text, tags, source, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, 'generated', 0, 0)", rows)
            con.execute("COMMIT")
        con.execute("BEGIN")
        con.executemany("INSERT INTO fact_hidden (guild_id, fact_id, hidden_at) VALUES (?, ?, 0)",
                        ((GUILD, i) for i in range(7, facts + 1, 500)))
        con.execute("COMMIT")
        con.execute("INSERT INTO facts_fts(facts_fts) VALUES ('optimize')")
        con.execute(f"CREATE VIRTUAL TABLE {PLAIN_FTS} USING fts5(text, tags, film, content = 'facts_fts_source', "
                    "content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')")
        con.execute(f"INSERT INTO {PLAIN_FTS}({PLAIN_FTS}) VALUES ('rebuild')")
        con.execute(f"INSERT INTO {PLAIN_FTS}({PLAIN_FTS}) VALUES ('optimize')")
        con.execute("ANALYZE")
    finally:
        con.close()


def _shuffled(rng: random.Random, items: Iterator[str]) -> Iterator[str]:
    pool = list(items)
    rng.shuffle(pool)
    while True:
        yield from pool
        rng.shuffle(pool)
