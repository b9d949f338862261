from __future__ import annotations

import codecs
import csv
import io
import json

import pytest

from bot.db.fact_import import ExportFact
from bot.moderation.exporters import export_filename, to_csv, to_json
from bot.moderation.importers import parse_import
from bot.moderation.spreadsheet import escape_cell, unescape_cell

FACTS = [
    ExportFact("f-1", "=HYPERLINK(\"http://evil\")", "the-400-blows", "+33 source", ("cast", "@crew"), True),
    ExportFact("fact-7", "-- a quote", None, "", (), False),
    ExportFact("fact-8", "'=already quoted", None, "@cahiers", (), True),
    ExportFact("fact-9", "Plain, with \"quotes\" and\na new line; @everyone", "Les Mistons", "Cahiers", (), True),
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
    assert rows[0] == ["id", "text", "film", "source", "tags", "verified"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")" and rows[1][4] == "cast; @crew"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_read_back_unchanged(fmt: str) -> None:
    raw = to_csv(FACTS) if fmt == "csv" else to_json(FACTS, pack_id="server-1", name="Test")
    parsed = parse_import(f"x.{fmt}", raw)
    assert not parsed.rejected
    assert [(r.key, r.text, r.film, r.source, r.tags, r.verified) for r in parsed.rows] == [
        (f.key, f.text, f.film, f.source, f.tags, f.verified) for f in FACTS]


def test_json_export_is_a_facts_only_pack() -> None:
    doc = json.loads(to_json(FACTS[:1], pack_id="server-1", name="x" * 300))
    assert doc["format"] == 1 and doc["pack"] == {"id": "server-1", "name": "x" * 100, "version": 1}
    assert doc["facts"][0]["film"] == "the-400-blows" and "films" not in doc


def test_export_filename() -> None:
    assert export_filename("Ciné-Club: Paris!", "csv") == "cin-club-paris-facts.csv"
    assert export_filename("???", "json") == "server-facts.json"
