"""Writing a server's facts as a file /facts import reads back: a facts-only JSON pack, or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

from bot.content.pack import FORMAT_VERSION
from bot.db.fact_import import ExportFact
from bot.moderation.spreadsheet import escape_cell
from bot.text import slug

EXPORT_FORMATS = ("json", "csv")
CSV_COLUMNS = ("id", "text", "film", "source", "tags", "verified", "version")


def export_filename(guild_name: str, fmt: str, part: int = 1, parts: int = 1) -> str:
    """'cine-club-facts.csv', or 'cine-club-facts-2-of-3.csv' for a part of an export in several files."""
    return f"{slug(guild_name, 'server')}-facts{f'-{part}-of-{parts}' if parts > 1 else ''}.{fmt}"


def in_parts(facts: Sequence[ExportFact], render: Callable[[Sequence[ExportFact]], bytes], *,
             max_rows: int, max_bytes: int) -> list[tuple[int, bytes]]:
    """``facts`` rendered as files of at most ``max_rows`` facts and ``max_bytes`` each, in order:
    (facts, data) per file. An export /facts import takes back file by file, whatever the server's size."""
    files: list[tuple[int, bytes]] = []

    def add(chunk: Sequence[ExportFact]) -> None:
        data = render(chunk)
        if len(data) > max_bytes and len(chunk) > 1:   # long facts: halve until each half fits
            add(chunk[:len(chunk) // 2])
            add(chunk[len(chunk) // 2:])
        else:
            files.append((len(chunk), data))

    for start in range(0, len(facts), max_rows):
        add(facts[start:start + max_rows])
    return files or [(0, render(facts))]


def to_json(facts: Sequence[ExportFact], *, pack_id: str, name: str) -> bytes:
    doc = {
        "format": FORMAT_VERSION,
        "pack": {"id": pack_id, "name": name[:100], "version": 1},
        "facts": [
            {"id": f.key, **({"film": f.film} if f.film else {}), "text": f.text,
             **({"source": f.source} if f.source else {}), **({"tags": list(f.tags)} if f.tags else {}),
             "verified": f.verified, "version": f.version}
            for f in facts
        ],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_csv(facts: Sequence[ExportFact]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets read accents right), formula cells escaped."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for f in facts:
        cells = (f.key, f.text, f.film or "", f.source, "; ".join(f.tags), "true" if f.verified else "false",
                 f.version)
        writer.writerow([escape_cell(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")
