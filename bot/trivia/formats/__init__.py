"""Question-list formats: Red-DiscordBot YAML, Open Trivia DB JSON and the questions of a Doinel pack.

``parse_question_file`` recognises the format from the file name and content; every failure is a
``ListError`` whose lines name the file and the question.
"""

from __future__ import annotations

from typing import Any

from bot.content.pack import PackError, parse_pack
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
    "MAX_FILE_BYTES", "ListError", "ParsedList", "dump_opentdb", "dump_red", "list_name_from",
    "parse_question_file", "question_key",
]

FORMATS = ("red", "opentdb")


def _parse_pack_questions(doc: dict[str, Any], origin: str, list_name: str | None) -> ParsedList:
    try:
        pack = parse_pack(doc, origin)
    except PackError as exc:
        raise ListError(exc.problems) from None
    if not pack.questions:
        raise ListError([f"{origin}: the pack holds no questions"])
    notes = []
    others = [f"{len(v)} {k}" for k, v in (("films", pack.films), ("people", pack.people), ("facts", pack.facts))
              if v]
    if others:
        notes.append(f"Only the questions are imported here ({', '.join(others)} left out): the bot's owner "
                     "imports whole packs with `python -m bot import`.")
    return ParsedList(list_name or pack.info.name, "pack", pack.questions, None, pack.info.description or None,
                      tuple(notes))


def parse_question_file(raw: bytes, filename: str, list_name: str | None = None) -> ParsedList:
    """Parse an uploaded or local question list of any supported format."""
    if len(raw) > MAX_FILE_BYTES:
        raise ListError([f"{filename}: the file is {len(raw) // 1000} kB; the limit is {MAX_FILE_BYTES // 1000} kB"])
    lower = filename.lower()
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
