"""Film lookups at catalogue size: import a generated catalogue, then autocomplete and typed titles.

    python -m bench.lookup --size full     # 100,000 films, 150,000 people, about 650,000 credits
    python -m bench.lookup                 # smoke: 2,000 films, in seconds

JSON lines: the pack (build, parse), the import and an idempotent re-import, then p50/p99 per query
class of ``bot.db.films.autocomplete`` (the /film choices; also what every film picker uses through
``film_refs.autocomplete``) and ``bot.db.films.find`` (a typed title). Target: autocomplete p99 under
3 ms at 100,000 films; import well under a minute.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from bench.common import Timer, emit, main, percentiles
from bot.content.pack import Credit, FilmEntry, Pack, PackInfo, PersonEntry, pack_to_dict, parse_pack
from bot.db import Database, films
from bot.db.packs import import_pack

WORDS = (
    "love", "night", "day", "city", "man", "woman", "house", "river", "dark", "light", "blue", "red", "last",
    "first", "story", "war", "time", "king", "girl", "boy", "blood", "heart", "road", "summer", "winter", "death",
    "life", "star", "sea", "moon", "secret", "dream", "kiss", "game", "fire", "world", "stranger", "garden",
    "mother", "father", "brother", "sister", "shadow", "voyage", "train", "island", "street", "angel", "devil",
    "ghost", "wind", "rain", "paris", "rome", "tokyo", "berlin", "journey", "return", "silence", "memory", "lost",
    "forgotten", "wild", "little", "great", "golden", "black", "white", "hidden", "broken", "eternal", "final",
    "american", "french", "italian", "quiet", "strange", "happy", "beautiful",
)
ARTICLES = ("The", "A", "Les", "La", "Le", "")
ROLES = ("director", "writer", "actor", "actor", "actor", "actor", "cameo")


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))]
    article = rng.choice(ARTICLES)
    return " ".join(([article] if article else []) + [w.capitalize() for w in words])


def make_pack(n_films: int, seed: int = 7) -> Pack:
    rng = random.Random(seed)
    n_people = n_films * 3 // 2
    people = tuple(PersonEntry(f"p{i}", f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).capitalize()}son {i}",
                               born=f"{rng.randint(1880, 2000)}") for i in range(n_people))
    film_list = []
    for i in range(n_films):
        title = _title(rng)
        original = _title(rng) if rng.random() < 0.3 else None
        aliases = tuple(sorted({_title(rng) for _ in range(rng.choice((0, 0, 1, 2)))} - {title}))
        credits = tuple(Credit(f"p{rng.randrange(n_people)}", ROLES[min(j, len(ROLES) - 1)],
                               f"Character {j}" if j >= 2 else "") for j in range(rng.randint(3, 10)))
        film_list.append(FilmEntry(
            id=f"f{i}", title=title, original_title=original, year=rng.randint(1900, 2024), aliases=aliases,
            runtime_minutes=rng.randint(60, 200), countries=("France",), languages=("French",),
            synopsis=" ".join(rng.choice(WORDS) for _ in range(60)), credits=credits,
        ))
    return Pack(PackInfo("bench-catalogue", "Bench catalogue"), tuple(film_list), people)


async def _latency(fn, queries: list[str], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            await fn(q)
            times.append((time.perf_counter() - t) * 1000)
    return percentiles(times)


SIZES = {"smoke": (2_000, 1), "full": (100_000, 3)}      # films, passes over each query class


async def run(size: str) -> None:
    n_films, repeat = SIZES[size]
    with Timer() as build:
        raw = json.dumps(pack_to_dict(make_pack(n_films)))
    with Timer() as parse:
        pack = parse_pack(json.loads(raw), "bench")
    emit("lookup_pack", size, films=len(pack.films), people=len(pack.people),
         credits=sum(len(f.credits) for f in pack.films), json_mb=round(len(raw) / 1e6, 1),
         build_s=round(build.seconds, 2), parse_s=round(parse.seconds, 2))
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        try:
            for label in ("lookup_import", "lookup_reimport"):
                with Timer() as timer:
                    report = await import_pack(db, pack)
                emit(label, size, seconds=round(timer.seconds, 2), summary=report.summary(),
                     target_seconds=60)
            rng = random.Random(3)
            sample = [f.title for f in rng.sample(pack.films, 200)]
            classes = {
                "exact_title": sample,
                "prefix_3": [s.split()[-1][:3] for s in sample],
                "prefix_word": [s.rsplit(" ", 1)[0] + " " + s.split()[-1][:2] for s in sample if " " in s],
                "no_article": [s.split(" ", 1)[1] if s.split()[0] in ("The", "A", "Les", "La", "Le") and " " in s
                               else s for s in sample],
                "common_word": ["love", "night", "the", "a", "les"] * 40,
                "second_word": [s.split()[1] if len(s.split()) > 1 else s for s in sample],
                "accented": ["l\u00e9", "f\u00eate", "\u00e9t\u00e9 nuit", "r\u00eave", "r\u00eav"] * 40,
                "typo": [s[:-1] + "x" for s in sample],
                "miss": [f"zq{i}xv" for i in range(200)],
                # a number up to twenty is also read in words (and words in digits): up to three more probes
                "number": [f"{i % 20 + 1} {s.split()[-1].lower()}" for i, s in enumerate(sample)],
            }
            for name, queries in classes.items():
                figures = await _latency(lambda q: films.autocomplete(db, q), queries, repeat)
                emit("film_autocomplete", size, query_class=name, **figures, target_p99_ms=3)
            for name in ("exact_title", "no_article", "typo"):
                figures = await _latency(lambda q: films.find(db, q), classes[name], repeat)
                emit("film_find", size, query_class=name, **figures)
        finally:
            await db.close()


if __name__ == "__main__":
    main("lookup", run)
