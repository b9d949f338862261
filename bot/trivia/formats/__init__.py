"""Question-list formats: Red-DiscordBot YAML, Open Trivia DB JSON and the questions of a Doinel pack.

``parse_question_file`` recognises the format from the file name and content; every failure is a
``ListError`` whose lines name the file and the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.content.pack import PackError, QuestionEntry, parse_pack
from bot.errors import InvalidInput
from bot.text import plural
from bot.trivia.formats.common import (
    MAX_FILE_BYTES,
    ListError,
    ParsedList,
    list_name_from,
    question_key,
)
from bot.trivia.formats.opentdb import dump_opentdb, load_json, parse_opentdb
from bot.trivia.formats.red import dump_red, parse_red

__all__ = [
    "MAX_FILE_BYTES", "Exported", "ListError", "ParsedList", "dump_opentdb", "dump_red", "export_questions",
    "list_name_from", "parse_question_file", "question_key",
]

FORMATS = ("red", "opentdb")
SUFFIXES = {"red": "yaml", "opentdb": "json"}


@dataclass(frozen=True)
class Exported:
    """A question list written in one format: the file's text, how many questions it holds and left out."""

    format: str
    text: str
    written: int
    left_out: int     # questions the format cannot hold (Open Trivia DB needs 1 or 3 wrong choices)

    @property
    def suffix(self) -> str:
        return SUFFIXES[self.format]

    @property
    def left_out_text(self) -> str:
        """Which questions the file leaves out, and why: '2 questions without the 1 or 3 wrong choices ...'."""
        return f"{plural(self.left_out, 'question')} without the 1 or 3 wrong choices Open Trivia DB needs"


def export_questions(questions: Sequence[QuestionEntry], format: str, *, author: str) -> Exported:
    """``questions`` as a ``format`` list; refused when the format can hold none of them (no empty file)."""
    if format == "red":
        text = dump_red(questions, author=author, description=f"{len(questions)} film trivia questions")
        return Exported(format, text, len(questions), 0)
    text, left_out = dump_opentdb(questions)
    if left_out == len(questions):
        raise InvalidInput("Open Trivia DB needs 1 or 3 wrong choices per question, and none of these questions "
                           "has them: export as red instead.")
    return Exported(format, text, len(questions) - left_out, left_out)


def _parse_pack_questions(doc: dict[str, Any], origin: str, list_name: str | None) -> ParsedList:
    try:
        pack = parse_pack(doc, origin)
    except PackError as exc:
        raise ListError(exc.problems) from None
    if not pack.questions:
        raise ListError([f"{origin}: the pack holds no questions"])
    notes = []
    others = [plural(len(v), *k) for k, v in ((("film",), pack.films), (("person", "people"), pack.people),
                                               (("fact",), pack.facts)) if v]
    if others:
        notes.append(f"Only the questions are imported here ({', '.join(others)} left out): the bot's owner "
                     "imports whole packs with `python -m bot import`.")
    name = list_name or pack.info.name
    questions = tuple(q if q.list_name else replace(q, list_name=name) for q in pack.questions)
    return ParsedList(name, "pack", questions, None, pack.info.description or None, tuple(notes))


# Files /facts import takes (CSV) or a teacher keeps questions in, but no question list is written in.
SPREADSHEETS = (".csv", ".tsv", ".xlsx", ".xls", ".ods")


def parse_question_file(raw: bytes, filename: str, list_name: str | None = None) -> ParsedList:
    """Parse an uploaded or local question list of any supported format."""
    if len(raw) > MAX_FILE_BYTES:
        raise ListError([f"{filename}: the file is {len(raw) // 1000} kB; the limit is {MAX_FILE_BYTES // 1000} kB"])
    lower = filename.lower()
    if lower.endswith(SPREADSHEETS):
        raise ListError([f"{filename}: question lists are not read from CSV or spreadsheet files; save the "
                         "questions as a Red-DiscordBot YAML list (question: then its answers, one per line "
                         "starting with '- ') or an Open Trivia DB or Doinel pack JSON file"])
    name = list_name_from(filename, list_name)
    looks_json = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if lower.endswith((".yaml", ".yml")) or (not lower.endswith(".json") and not looks_json):
        return parse_red(raw, filename, name)
    doc = load_json(raw, filename)
    if isinstance(doc, dict) and "format" in doc and "pack" in doc:
        return _parse_pack_questions(doc, filename, list_name)
    if isinstance(doc, list) or (isinstance(doc, dict) and "results" in doc):
        return parse_opentdb(doc, filename, name)
    raise ListError([f'{filename}: unrecognised JSON: expected an Open Trivia DB file ({{"results": [...]}}) '
                     'or a Doinel content pack ({"format": 1, "pack": …, "questions": […]})'])
