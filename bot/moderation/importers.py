"""Reading fact import files: JSON (a content pack or a list), CSV and YAML.

Two kinds of failure, both leaving the database untouched:
- the file as a whole is unusable (too big, too many rows, not UTF-8, broken JSON/YAML/CSV, wrong
  shape): ``ImportFileError`` listing the reasons;
- some entries break the rules (wrong types, too long, duplicate ids...): they come back in
  ``ParsedImport.rejected``, each naming the line or entry and the field, and the import cannot be
  confirmed until the file is fixed: an import is all or nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml

from bot.content import yaml_errors
from bot.content.pack import FORMAT_VERSION, KEY_RE, NESTED_TOO_DEEP
from bot.errors import InvalidInput
from bot.moderation.spreadsheet import unescape_cell
from bot.moderation.validation import check_fact
from bot.text import first_lines, fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
FIELDS = ("id", "text", "film", "source", "tags", "verified", "version")
KEPT_WHEN_ABSENT = ("film", "source", "tags", "verified")   # an update leaves a field the file does not have
_VERSION = re.compile(r"^v([0-9a-f]{12})$")
PACK_SECTIONS = ("format", "pack", "films", "people", "facts", "questions")
_EXTENSIONS = {".json": "json", ".csv": "csv", ".tsv": "csv", ".yaml": "yaml", ".yml": "yaml"}
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n"}


class ImportFileError(InvalidInput):
    """The file cannot be imported at all; ``problems`` says why, one line each."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__(f"Nothing was imported: {origin} can't be read.\n"
                         + "\n".join(first_lines([f"• {p}" for p in problems])))


@dataclass(frozen=True)
class ImportRow:
    where: str                    # "line 4" (CSV) or "facts[3] (id 'x')" (JSON, YAML)
    key: str | None
    text: str
    film: str | None
    source: str
    tags: tuple[str, ...]
    verified: bool = True
    given: frozenset[str] = frozenset(KEPT_WHEN_ABSENT)   # of those fields, the ones the entry has
    version: str | None = None    # the fact's fingerprint when /facts export wrote it (FactFields.version)


@dataclass(frozen=True)
class Rejection:
    where: str
    field: str | None
    message: str

    def __str__(self) -> str:
        return f'{self.where}: field "{self.field}": {self.message}' if self.field else f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ParsedImport:
    origin: str
    format: str
    rows: tuple[ImportRow, ...]
    rejected: tuple[Rejection, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.rows) + len({r.where for r in self.rejected})


def detect_format(filename: str, data: bytes) -> str:
    fmt = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    if fmt:
        return fmt
    if data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        return "json"
    raise ImportFileError(filename, ["unknown file type: name it .json, .csv or .yaml"])


def decode(data: bytes, origin: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(origin, ["this is a spreadsheet workbook or a zip, not text: "
                                       "save it as CSV (UTF-8) and upload that"])
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(origin, [f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}): "
                                       "save the file as UTF-8"]) from None
    if "\x00" in text:
        raise ImportFileError(origin, ["contains NUL characters: is it a binary file?"])
    return text


def parse_import(filename: str, data: bytes) -> ParsedImport:
    """Read an uploaded file: size, encoding, format, shape; then every entry against the rules."""
    origin = PurePath(filename).name or "the file"
    if len(data) > MAX_BYTES:
        raise ImportFileError(origin, [f"the file is {len(data) / 1024 / 1024:.1f} MB; the limit is 5 MB"])
    fmt = detect_format(origin, data)
    text = decode(data, origin)
    if not text.strip():
        raise ImportFileError(origin, ["the file is empty"])
    if fmt == "csv":
        return parse_csv(text, origin)
    return parse_document(_load_json(text, origin) if fmt == "json" else _load_yaml(text, origin), origin, fmt)


# -- JSON and YAML --------------------------------------------------------------------------------

def _load_json(text: str, origin: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (the file ends too early: is it truncated?)" if exc.pos >= len(text.rstrip()) else ""
        raise ImportFileError(origin, [f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"]
                              ) from None
    except RecursionError:
        raise ImportFileError(origin, [NESTED_TOO_DEEP]) from None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases: a few aliases can expand a small file into gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def _load_yaml(text: str, origin: str) -> Any:
    try:
        return yaml.load(text, Loader=_NoAliasLoader)
    except yaml.YAMLError as exc:
        raise ImportFileError(origin, [f"invalid YAML{yaml_errors.describe(exc)}"]) from None
    except RecursionError:
        raise ImportFileError(origin, [NESTED_TOO_DEEP]) from None


def parse_document(doc: Any, origin: str, fmt: str) -> ParsedImport:
    """A decoded JSON/YAML document: a list of facts, or a content pack whose ``facts`` are taken."""
    notes: list[str] = []
    if isinstance(doc, dict):
        unknown = [str(k) for k in doc if k not in PACK_SECTIONS]
        if unknown:
            raise ImportFileError(origin, [f'field "{k}": unknown section (check the spelling)' for k in unknown])
        if "format" in doc and doc["format"] != FORMAT_VERSION:
            raise ImportFileError(origin, [f'field "format": must be {FORMAT_VERSION}, got {doc["format"]!r}'])
        for section in ("films", "people", "questions"):
            value = doc.get(section)
            if isinstance(value, list) and value:
                notes.append(f'ignored {len(value)} {section}: /facts import takes facts only'
                             + (" (questions: /trivia questions import)" if section == "questions" else ""))
        if "facts" not in doc:
            raise ImportFileError(origin, ['field "facts": missing: a pack must have a list of facts'])
        entries = doc["facts"]
        if not isinstance(entries, list):
            raise ImportFileError(origin, [f'field "facts": must be a list, got {_type(entries)}'])
    elif isinstance(doc, list):
        entries = doc
    else:
        raise ImportFileError(origin, [f"the top level must be a list of facts or a pack object, got {_type(doc)}"])
    _check_count(origin, len(entries))
    collector = _Collector()
    for i, entry in enumerate(entries):
        key = entry.get("id") if isinstance(entry, dict) else None
        where = f"facts[{i}]" + (f" (id {key!r})" if isinstance(key, str | int) and not isinstance(key, bool) else "")
        if not isinstance(entry, dict):
            collector.reject(where, None, f"must be an object with a text, got {_type(entry)}")
            continue
        collector.add(where, entry)
    return collector.result(origin, fmt, notes)


# -- CSV ------------------------------------------------------------------------------------------

def _delimiter(header_line: str) -> str:
    """Comma, or the semicolon/tab some spreadsheets write, whichever splits the header best."""
    return max((",", ";", "\t"), key=lambda d: (header_line.count(d), d == ","))


def parse_csv(text: str, origin: str) -> ParsedImport:
    header_line = text.lstrip("\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line), strict=True)
    rows = _csv_rows(reader, origin)
    try:
        start, header = next(rows)
    except StopIteration:
        raise ImportFileError(origin, ["the file is empty"]) from None
    columns = [h.strip().lower() for h in header]
    problems = []
    if "text" not in columns:
        problems.append(f"line {start}: the first line must name the columns, with at least \"text\" "
                        f"(known: {', '.join(FIELDS)}); found: {', '.join(repr(h) for h in header) or 'nothing'}")
    problems += [f'line {start}: column "{c}": unknown (known: {", ".join(FIELDS)})' for c in columns
                 if c and c not in FIELDS]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    problems += [f'line {start}: column "{c}" appears twice' for c in repeated]
    if problems:
        raise ImportFileError(origin, problems)
    body = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    _check_count(origin, len(body))
    collector = _Collector()
    for line, cells in body:
        where = f"line {line}"
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            collector.reject(where, None, f"has {len(cells)} cells but the header names {len(columns)} columns "
                                          "(a cell with a comma must be in double quotes)")
            continue
        values = {col: unescape_cell(cell) for col, cell in zip(columns, cells, strict=False) if col}
        collector.add(where, values, from_csv=True)
    return collector.result(origin, "csv", [])


def _csv_rows(reader: Iterable[list[str]], origin: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for each record; a record may span lines inside quotes."""
    line = 1
    iterator = iter(reader)
    while True:
        try:
            cells = next(iterator)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = "a quoted cell is never closed (is the file truncated?)"
            elif "expected after" in message:   # "Jules et Jim" was shot in 1961 ...
                message = ('a cell that starts with a double quote must be quoted whole, with every double quote '
                           'inside it doubled: """Jules et Jim"" was shot in 1961."')
            raise ImportFileError(origin, [f"line {line}: {message}"]) from None
        yield line, cells
        line = reader.line_num + 1  # type: ignore[attr-defined]


# -- one entry ------------------------------------------------------------------------------------

def _type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "nothing",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _check_count(origin: str, count: int) -> None:
    if count > MAX_ROWS:
        raise ImportFileError(origin, [f"the file has {count:,} rows; the limit is {MAX_ROWS:,} per import"])
    if count == 0:
        raise ImportFileError(origin, ["the file has no facts"])


class _Collector:
    """Checks entries one by one; remembers ids and texts already seen to catch repeats."""

    def __init__(self) -> None:
        self.rows: list[ImportRow] = []
        self.rejected: list[Rejection] = []
        self.keys: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def reject(self, where: str, field: str | None, message: str) -> None:
        self.rejected.append(Rejection(where, field, message))

    def add(self, where: str, data: dict[str, Any], *, from_csv: bool = False) -> None:
        before = len(self.rejected)
        for name in data:
            if name not in FIELDS:
                self.reject(where, str(name), "unknown field (check the spelling)")
        key = self._key(where, data.get("id"))
        text = self._string(where, data, "text")
        film = self._string(where, data, "film", numbers=True)
        source = self._string(where, data, "source")
        tags = self._tags(where, data.get("tags"))
        verified = self._verified(where, data.get("verified"), from_csv)
        version = self._version(where, data.get("version"))
        if text is None and "text" not in data:
            self.reject(where, "text", "is required")
        if len(self.rejected) > before:
            return
        clean, problems = check_fact(text or "", source or "", tags or "", film or "")
        for p in problems:
            self.reject(where, p.field, p.message)
        if clean is None:
            return
        if key is not None:
            if key in self.keys:
                self.reject(where, "id", f"duplicate id {key!r} (also {self.keys[key]})")
                return
            self.keys[key] = where
        folded = fold(clean.text)
        if folded in self.texts:
            self.reject(where, "text", f"the same text as {self.texts[folded]}")
            return
        self.texts[folded] = where
        given = frozenset(name for name in KEPT_WHEN_ABSENT if name in data)
        self.rows.append(ImportRow(where, key, clean.text, clean.film, clean.source, clean.tags, verified, given,
                                   version))

    def _key(self, where: str, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.reject(where, "id", f"must be text, got {_type(value)}")
            return None
        value = value.strip().lower()
        if not KEY_RE.match(value):
            self.reject(where, "id", f"{value[:40]!r} must be up to 80 of a-z, 0-9, '.', '_', '-'")
            return None
        return value

    def _string(self, where: str, data: dict[str, Any], name: str, *, numbers: bool = False) -> str | None:
        value = data.get(name)
        if value is None:
            return None
        if numbers and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.reject(where, name, f"must be text, got {_type(value)}")
            return None
        return value

    def _tags(self, where: str, value: Any) -> str | list[str] | None:
        """Text or a list of text; a number in the list is a tag as typed (YAML reads ``[new wave, 1959]``'s
        year as a number)."""
        if value is None or isinstance(value, str):
            return value
        if not isinstance(value, list):
            self.reject(where, "tags", f"must be a list of text, got {_type(value)}")
            return None
        tags = []
        for i, tag in enumerate(value):
            if isinstance(tag, (int, float)) and not isinstance(tag, bool):
                tag = str(tag)
            if not isinstance(tag, str):
                self.reject(where, f"tags[{i}]", f"must be text, got {_type(tag)}")
                return None
            tags.append(tag)
        return tags

    def _verified(self, where: str, value: Any, from_csv: bool) -> bool:
        if value is None or value == "":
            return True
        if isinstance(value, bool):
            return value
        if from_csv and isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.reject(where, "verified", f"must be true or false, got {value!r}"[:120])
        return True

    def _version(self, where: str, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str) and (m := _VERSION.match(value.strip().lower())):
            return m.group(1)
        self.reject(where, "version", "must be left as /facts export wrote it (v and 12 digits or letters a-f), "
                                      "or empty for a fact you wrote yourself")
        return None

    def result(self, origin: str, fmt: str, notes: list[str]) -> ParsedImport:
        return ParsedImport(origin, fmt, tuple(self.rows), tuple(self.rejected), tuple(notes))
