"""Import throughput: rows per second importing generated facts and films from a pack file.

Full size: 1,000,000 facts and 100,000 films (target over 100,000 rows/s). Smoke: 20,000 / 2,000.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

from bench.common import Timer, emit, main
from bot.content.pack import load_pack_file
from bot.db import Database
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


async def run(size: str) -> None:
    n_facts, n_films = SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack.json"
        path.write_text(json.dumps(generate(n_facts, n_films)), encoding="utf-8")
        with Timer() as parse:
            pack = load_pack_file(path)
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        try:
            with Timer() as write:
                report = await import_pack(db, pack)
            with Timer() as again:
                await import_pack(db, pack)
        finally:
            await db.close()
    rows = n_facts + n_films
    emit("import_pack", size, facts=n_facts, films=n_films, parse_s=round(parse.seconds, 2),
         import_s=round(write.seconds, 2), reimport_s=round(again.seconds, 2),
         rows_per_s=round(rows / (parse.seconds + write.seconds)), added=report.kinds["facts"].added,
         target_rows_per_s=100_000)


if __name__ == "__main__":
    main("import_pack", run)
