"""Writing a server's facts as a file /facts import reads back: a facts-only JSON pack, or CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from bot.content.pack import FORMAT_VERSION
from bot.db.fact_import import ExportFact
from bot.moderation.spreadsheet import escape_cell

EXPORT_FORMATS = ("json", "csv")
CSV_COLUMNS = ("id", "text", "film", "source", "tags", "verified")


def export_filename(guild_name: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", guild_name.lower()).strip("-")[:40] or "server"
    return f"{slug}-facts.{fmt}"


def to_json(facts: Sequence[ExportFact], *, pack_id: str, name: str) -> bytes:
    doc = {
        "format": FORMAT_VERSION,
        "pack": {"id": pack_id, "name": name[:100], "version": 1},
        "facts": [
            {"id": f.key, **({"film": f.film} if f.film else {}), "text": f.text,
             **({"source": f.source} if f.source else {}), **({"tags": list(f.tags)} if f.tags else {}),
             "verified": f.verified}
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
        cells = (f.key, f.text, f.film or "", f.source, "; ".join(f.tags), "true" if f.verified else "false")
        writer.writerow([escape_cell(c) for c in cells])
    return out.getvalue().encode("utf-8-sig")
