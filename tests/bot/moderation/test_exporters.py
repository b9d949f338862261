from __future__ import annotations

import codecs
import csv
import io
import json

import pytest

from bot.db.fact_import import ExportFact
from bot.moderation.exporters import export_filename, in_parts, to_csv, to_json
from bot.moderation.importers import parse_import
from bot.moderation.spreadsheet import escape_cell, unescape_cell

FACTS = [
    ExportFact("f-1", "=HYPERLINK(\"http://evil\")", "the-400-blows", "+33 source", ("cast", "@crew"), True,
               "v0123456789ab"),
    ExportFact("fact-7", "-- a quote", None, "", (), False, "v1e5000000000"),    # not a number to a spreadsheet
    ExportFact("fact-8", "'=already quoted", None, "@cahiers", (), True, "vffffffffffff"),
    ExportFact("fact-9", "Plain, with \"quotes\" and\na new line; @everyone", "Les Mistons", "Cahiers", (), True,
               "v000000000000"),
]


@pytest.mark.parametrize(("value", "escaped"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), ("'quoted", "'quoted"), ("'=x", "''=x"), ("", ""), ("a=b", "a=b"),
])
def test_escape_cell(value: str, escaped: str) -> None:
    assert escape_cell(value) == escaped
    assert unescape_cell(escaped) == value


def test_csv_cells_never_start_a_formula() -> None:
    raw = to_csv(FACTS)
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["id", "text", "film", "source", "tags", "verified", "version"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")" and rows[1][4] == "cast; @crew"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_read_back_unchanged(fmt: str) -> None:
    raw = to_csv(FACTS) if fmt == "csv" else to_json(FACTS, pack_id="server-1", name="Test")
    parsed = parse_import(f"x.{fmt}", raw)
    assert not parsed.rejected
    assert [(r.key, r.text, r.film, r.source, r.tags, r.verified, f"v{r.version}") for r in parsed.rows] == [
        (f.key, f.text, f.film, f.source, f.tags, f.verified, f.version) for f in FACTS]


def test_json_export_is_a_facts_only_pack() -> None:
    doc = json.loads(to_json(FACTS[:1], pack_id="server-1", name="x" * 300))
    assert doc["format"] == 1 and doc["pack"] == {"id": "server-1", "name": "x" * 100, "version": 1}
    assert doc["facts"][0]["film"] == "the-400-blows" and "films" not in doc


def test_export_filename() -> None:
    assert export_filename("Ciné-Club: Paris!", "csv") == "cine-club-paris-facts.csv"
    assert export_filename("???", "json") == "server-facts.json"


def test_a_big_export_is_split_into_files_import_takes_whole() -> None:
    """QA12: a server with more facts than /facts import takes per file exported one file it refused."""
    facts = [ExportFact(f"fact-{i}", f"Fact {i} " + "long " * (40 if i % 3 == 0 else 2), None, "x", (), True,
                        f"v{i:012x}") for i in range(23)]
    limit = len(to_csv(facts[:3]))        # three facts, or fewer when they are long
    files = in_parts(facts, to_csv, max_rows=5, max_bytes=limit)
    assert sum(n for n, _ in files) == 23 and all(n <= 5 and len(data) <= limit for n, data in files)
    assert len(files) > 23 // 5 + 1                                           # the long facts split their chunk
    keys = [row.key for _, data in files for row in parse_import("part.csv", data).rows]
    assert keys == [f.key for f in facts]                                    # every fact once, in order
    assert in_parts(facts, to_csv, max_rows=100, max_bytes=10**6) == [(23, to_csv(facts))]
    assert in_parts([], to_csv, max_rows=5, max_bytes=limit) == [(0, to_csv([]))]
    assert export_filename("Ciné Club", "csv", 2, 3) == "cine-club-facts-2-of-3.csv"
    assert export_filename("Ciné Club", "csv") == "cine-club-facts.csv"
