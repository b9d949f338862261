"""Benchmark: import a generated film catalogue, then film autocomplete and lookups through the core.

    python bench/lookup.py            # 100,000 films, about 150,000 people
    python bench/lookup.py --smoke    # 2,000 films: finishes in seconds

Prints one JSON object per line: the pack build and parse, the import (and an idempotent re-import),
then p50/p99 latency per query class of ``bot.db.films.autocomplete`` (choices for /film) and
``bot.db.films.find`` (a typed title). Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
        aliases = tuple({_title(rng) for _ in range(rng.choice((0, 0, 1, 2)))} - {title})
        credits = tuple(Credit(f"p{rng.randrange(n_people)}", ROLES[min(j, len(ROLES) - 1)],
                               f"Character {j}" if j >= 2 else "") for j in range(rng.randint(3, 10)))
        film_list.append(FilmEntry(
            id=f"f{i}", title=title, original_title=original, year=rng.randint(1900, 2024), aliases=aliases,
            runtime_minutes=rng.randint(60, 200), countries=("France",), languages=("French",),
            synopsis=" ".join(rng.choice(WORDS) for _ in range(60)), credits=credits,
        ))
    return Pack(PackInfo("bench-catalogue", "Bench catalogue"), tuple(film_list), people)


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def _latency(fn, queries: list[str], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            await fn(q)
            times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(statistics.median(times), 3), "p99_ms": round(_pct(times, 0.99), 3), "n": len(times)}


async def run(n_films: int, repeat: int) -> None:
    t = time.perf_counter()
    pack = make_pack(n_films)
    doc = pack_to_dict(pack)
    raw = json.dumps(doc)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    pack = parse_pack(json.loads(raw), "bench")
    parse_s = time.perf_counter() - t
    print(json.dumps({"bench": "pack", "films": len(pack.films), "people": len(pack.people),
                      "credits": sum(len(f.credits) for f in pack.films), "json_mb": round(len(raw) / 1e6, 1),
                      "build_s": round(build_s, 2), "parse_s": round(parse_s, 2)}), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        try:
            for label in ("import", "reimport"):
                t = time.perf_counter()
                report = await import_pack(db, pack)
                seconds = time.perf_counter() - t
                rows = len(pack.films) + len(pack.people)
                print(json.dumps({"bench": label, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
                                  "summary": report.summary()}), flush=True)
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
            }
            for name, queries in classes.items():
                figures = await _latency(lambda q: films.autocomplete(db, q), queries, repeat)
                print(json.dumps({"bench": "film_autocomplete", "class": name, **figures}), flush=True)
            for name in ("exact_title", "no_article", "typo"):
                figures = await _latency(lambda q: films.find(db, q), classes[name], repeat)
                print(json.dumps({"bench": "film_find", "class": name, **figures}), flush=True)
        finally:
            await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000, help="films in the generated catalogue")
    parser.add_argument("--smoke", action="store_true", help="2,000 films, one pass")
    parser.add_argument("--repeat", type=int, default=3, help="passes over each query class")
    args = parser.parse_args()
    asyncio.run(run(2_000 if args.smoke else args.films, 1 if args.smoke else args.repeat))


if __name__ == "__main__":
    main()
