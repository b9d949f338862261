"""Import files: good ones in every format, and every way a file can be bad."""

from __future__ import annotations

import codecs
import json

import pytest

from bot.moderation.importers import MAX_ROWS, ImportFileError, ParsedImport, parse_import


def _problems(name: str, data: bytes) -> str:
    with pytest.raises(ImportFileError) as info:
        parse_import(name, data)
    assert "Nothing was imported" in str(info.value)
    return "\n".join(info.value.problems)


def _rejected(parsed: ParsedImport) -> list[str]:
    return [str(r) for r in parsed.rejected]


# -- good files -----------------------------------------------------------------------------------

def test_csv_with_bom_optional_columns_and_both_tag_separators() -> None:
    data = codecs.BOM_UTF8 + (
        "text,film,source,tags,id\n"
        "Léaud was 14.,the-400-blows,Cahiers,cast; casting | youth,f-1\n"
        "\"A fact, with a comma\nand a second line\",,,,\n"
        "Third fact,The 400 Blows,,,\n"
    ).encode()
    parsed = parse_import("facts.csv", data)
    assert parsed.format == "csv" and not parsed.rejected
    first, second, third = parsed.rows
    assert (first.where, first.key, first.film, first.tags) == ("line 2", "f-1", "the-400-blows",
                                                               ("cast", "casting", "youth"))
    assert second.text == "A fact, with a comma\nand a second line" and second.film is None
    assert third.where == "line 5"  # the quoted cell above spans lines 3-4


def test_csv_semicolons_utf16_and_formula_escapes_are_read_back() -> None:
    data = "text;source\n'=SUM(A1);'-- Truffaut\n".encode("utf-16")
    parsed = parse_import("facts.csv", data)
    assert [(r.text, r.source) for r in parsed.rows] == [("=SUM(A1)", "-- Truffaut")]


def test_json_pack_takes_facts_and_notes_what_it_ignores() -> None:
    doc = {"format": 1, "pack": {"id": "p", "name": "P"},
           "films": [{"id": "x", "title": "X"}], "questions": [{"id": "q"}],
           "facts": [{"id": "a", "film": "the-400-blows", "text": "One.", "source": "s", "tags": ["Cast"],
                      "verified": False}]}
    parsed = parse_import("pack.json", json.dumps(doc).encode())
    assert not parsed.rejected and parsed.rows[0].tags == ("cast",) and parsed.rows[0].verified is False
    assert any("1 films" in n for n in parsed.notes) and any("/trivia questions import" in n for n in parsed.notes)


def test_json_list_and_yaml_list_and_yaml_pack() -> None:
    assert parse_import("l.json", b'[{"text": "One."}, {"text": "Two.", "id": 7}]').rows[1].key == "7"
    yaml_list = "- text: One.\n  film: The 400 Blows\n  tags: [cast, crew]\n- text: Two.\n"
    assert [r.tags for r in parse_import("l.yaml", yaml_list.encode()).rows] == [("cast", "crew"), ()]
    yaml_pack = "format: 1\nfacts:\n  - id: a\n    text: One.\n"
    assert parse_import("p.yml", yaml_pack.encode()).rows[0].key == "a"


def test_exactly_the_row_limit_is_accepted() -> None:
    data = ("text\n" + "".join(f"fact {i}\n" for i in range(MAX_ROWS))).encode()
    assert len(parse_import("big.csv", data).rows) == MAX_ROWS


# -- bad files: nothing can be imported -----------------------------------------------------------

def test_truncated_json() -> None:
    data = json.dumps([{"text": "One."}, {"text": "Two."}]).encode()[:-8]
    assert "truncated" in _problems("facts.json", data)


def test_bad_encoding_names_the_line() -> None:
    data = "text\nok\nCaf\xe9 Truffaut\n".encode("latin-1")
    assert "not UTF-8" in (problems := _problems("facts.csv", data)) and "line 3" in problems


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("big.csv", b"text\n" + b"x" * (5 * 1024 * 1024), "limit is 5 MB"),
    ("many.csv", ("text\n" + "".join(f"f{i}\n" for i in range(MAX_ROWS + 1))).encode(), "10,001 rows"),
    ("many.json", json.dumps([{"text": f"f{i}"} for i in range(MAX_ROWS + 1)]).encode(), "10,001 rows"),
    ("book.xlsx", b"PK\x03\x04rest", "unknown file type"),
    ("book.csv", b"PK\x03\x04rest", "save it as CSV"),
    ("empty.csv", b"", "empty"),
    ("noheader.csv", b"Truffaut was born in Paris.,cahiers\n", 'at least "text"'),
    ("cols.csv", b"text,flim\nx,y\n", 'column "flim": unknown'),
    ("twice.csv", b"text,text\nx,y\n", 'column "text" appears twice'),
    ("open.csv", b'text\n"never closed\n', "never closed"),
    ("header.csv", b"text,film\n", "no facts"),
    ("shape.json", b'"just text"', "top level"),
    ("section.json", b'{"fakts": []}', 'field "fakts": unknown section'),
    ("format.json", b'{"format": 2, "facts": []}', 'field "format"'),
    ("facts.json", b'{"facts": {"text": "x"}}', 'field "facts": must be a list'),
    ("bad.yaml", b"- text: [unclosed\n", "invalid YAML at line"),
    ("colon.yaml", b"- text: Truffaut : un premier film\n", "a colon followed by a space starts a new field"),
    ("quoted.csv", b'text\n"Jules et Jim" was shot in 1961.\n', "must be quoted whole"),
    ("bomb.yaml", b"- &a {text: x}\n- *a\n", "aliases"),
    ("nul.csv", b"text\nx\x00y\n", "NUL"),
])
def test_unusable_files(name: str, data: bytes, expected: str) -> None:
    assert expected in _problems(name, data)


# -- bad entries: named, and the import cannot be confirmed ---------------------------------------

def test_wrong_types_name_the_entry_and_field() -> None:
    doc = [{"id": "a", "text": 123}, {"id": "b", "text": "ok", "tags": 5}, {"id": "c", "text": "ok2",
                                                                            "verified": "maybe"},
           "not an object", {"text": "ok3", "sauce": "x"}, {"id": True, "text": "ok4"}]
    parsed = parse_import("facts.json", json.dumps(doc).encode())
    assert _rejected(parsed) == [
        "facts[0] (id 'a'): field \"text\": must be text, got a number",
        "facts[1] (id 'b'): field \"tags\": must be a list of text, got a number",
        "facts[2] (id 'c'): field \"verified\": must be true or false, got 'maybe'",
        "facts[3]: must be an object with a text, got text",
        'facts[4]: field "sauce": unknown field (check the spelling)',
        'facts[5]: field "id": must be text, got true/false',
    ]
    assert parsed.rows == ()


def test_a_number_in_a_tag_list_is_a_tag_as_typed_and_anything_else_is_named() -> None:
    doc = [{"text": "Léaud had fourteen.", "tags": ["new wave", 1959]},
           {"text": "Shot in Paris.", "tags": ["paris", {"year": 1958}]}]
    parsed = parse_import("facts.json", json.dumps(doc).encode())
    assert [r.tags for r in parsed.rows] == [("new wave", "1959")]
    assert _rejected(parsed) == ['facts[1]: field "tags[1]": must be text, got an object']


def test_duplicate_ids_and_repeated_texts() -> None:
    data = b"id,text\nf-1,First\nf-2,Second\nF-1,Third\n,first!\n"
    assert _rejected(parse_import("facts.csv", data)) == [
        "line 4: field \"id\": duplicate id 'f-1' (also line 2)",
        'line 5: field "text": the same text as line 2',
    ]


def test_rule_breaks_are_rejections() -> None:
    data = ("text,source,tags,id\n"
            f"{'x' * 1001},,,\n"
            f"ok,{'s' * 301},,\n"
            f"ok2,,{';'.join(str(i) for i in range(11))},\n"
            ",,,\n"            # blank row: skipped
            "ok3,,,not a key!\n"
            "ok4,,,,extra\n").encode()
    assert _rejected(parse_import("facts.csv", data)) == [
        'line 2: field "text": is 1,001 characters long; the limit is 1,000',
        'line 3: field "source": is 301 characters long; the limit is 300',
        'line 4: field "tags": has 11 tags; the limit is 10',
        "line 6: field \"id\": 'not a key!' must be up to 80 of a-z, 0-9, '.', '_', '-'",
        "line 7: has 5 cells but the header names 4 columns (a cell with a comma must be in double quotes)",
    ]


def test_empty_text_in_yaml() -> None:
    parsed = parse_import("f.yaml", b"- text: ''\n- film: x\n- text: 2001-01-01\n")
    assert _rejected(parsed) == ['facts[0]: field "text": must not be empty', 'facts[1]: field "text": is required',
                                 'facts[2]: field "text": must be text, got date']
