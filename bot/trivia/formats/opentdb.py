"""Open Trivia DB JSON (https://opentdb.com): ``{"response_code": 0, "results": [...]}``.

Text is HTML-entity encoded by default (``&quot;``, ``&#039;``), or base64 with ``encode=base64``;
both are decoded. Multiple-choice questions keep their three wrong answers; true/false questions keep
their one. The database's questions are licensed CC BY-SA 4.0, which the source field records.

Its text is plain, while a stored prompt is Discord Markdown (as moderators and Red lists write them):
so a prompt's Markdown characters are escaped on the way in ("M*A*S*H" must not show an italic A) and
the escapes taken out again on the way out. Answers and choices are plain everywhere.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
from collections.abc import Sequence
from typing import Any

from bot.content.pack import NESTED_TOO_DEEP, QuestionEntry
from bot.text import escape_markdown, unescape_markdown
from bot.trivia.formats.common import ListError, ParsedList, QuestionChecker, decode_text, short

SOURCE = "Open Trivia Database (opentdb.com), CC BY-SA 4.0"
_TYPES = {"multiple": 3, "boolean": 1}


def _b64(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ValueError(value) from None
    if isinstance(value, list):
        return [_b64(v) for v in value]
    return value


def _is_base64(results: list[Any]) -> bool:
    first = next((r for r in results if isinstance(r, dict) and "type" in r), None)
    if first is None or first.get("type") in _TYPES:
        return False
    try:
        return _b64(first["type"]) in _TYPES
    except ValueError:
        return False


def results_of(doc: Any, origin: str) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict) or "results" not in doc:
        raise ListError([f'{origin}: not an Open Trivia DB file: expected {{"results": [...]}}'])
    code = doc.get("response_code", 0)
    if code not in (0, None):
        raise ListError([f"{origin}: this is an Open Trivia DB error response (response_code {code}), "
                         "not a list of questions"])
    if not isinstance(doc["results"], list):
        raise ListError([f'{origin}: "results" must be a list of questions'])
    return doc["results"]


def parse_opentdb(doc: Any, origin: str, list_name: str) -> ParsedList:
    """Questions from a decoded Open Trivia DB document; raise ``ListError`` naming every bad one."""
    results = results_of(doc, origin)
    encoded = _is_base64(results)
    checker = QuestionChecker(origin, list_name)
    questions: list[QuestionEntry] = []
    for i, item in enumerate(results):
        where = f"results[{i}]"
        if not isinstance(item, dict):
            checker.problem(where, "must be an object")
            continue
        if encoded:
            try:
                item = {k: _b64(v) for k, v in item.items()}
            except ValueError:
                checker.problem(where, "is not valid base64 like the rest of the file")
                continue
        prompt, correct, wrong = item.get("question"), item.get("correct_answer"), item.get("incorrect_answers", [])
        if isinstance(prompt, str) and prompt.strip():
            where = f'{where} "{short(html.unescape(prompt))}"'
        if not isinstance(prompt, str):
            checker.problem(where, 'field "question" is missing or not text')
            continue
        if not isinstance(correct, str) or not correct.strip():
            checker.problem(where, 'field "correct_answer" is missing or empty')
            continue
        if not isinstance(wrong, list) or not all(isinstance(w, str) for w in wrong):
            checker.problem(where, 'field "incorrect_answers" must be a list of text')
            continue
        kind = item.get("type", "multiple")
        expected = _TYPES.get(kind)
        if expected is None:
            checker.problem(where, f'type {kind!r} is not "multiple" or "boolean"')
            continue
        if len(wrong) != expected:
            checker.problem(where, f"a {kind} question needs {expected} incorrect answer"
                                   f"{'s' if expected > 1 else ''}, got {len(wrong)}")
            continue
        difficulty = item.get("difficulty")
        entry = checker.check(where, escape_markdown(html.unescape(prompt)), [html.unescape(correct)],
                              [html.unescape(w) for w in wrong],
                              difficulty.lower() if isinstance(difficulty, str) else None, SOURCE)
        if entry is not None:
            questions.append(entry)
    return ParsedList(list_name, "opentdb", checker.finish(questions))


def dump_opentdb(questions: Sequence[QuestionEntry], *, category: str = "Entertainment: Film") -> tuple[str, int]:
    """An Open Trivia DB document (HTML-encoded like the API) and how many typed-only questions were left out."""
    results = []
    skipped = 0
    for q in questions:
        if len(q.wrong) not in (1, 3):
            skipped += 1
            continue
        boolean = len(q.wrong) == 1
        results.append({
            "type": "boolean" if boolean else "multiple",
            "difficulty": q.difficulty or "medium",
            "category": html.escape(q.list_name or category),
            "question": html.escape(unescape_markdown(q.prompt)),
            "correct_answer": html.escape(q.answers[0]),
            "incorrect_answers": [html.escape(w) for w in q.wrong],
        })
    text = json.dumps({"response_code": 0, "results": results}, ensure_ascii=False, indent=2) + "\n"
    return text, skipped


def load_json(raw: bytes, origin: str) -> Any:
    text = decode_text(raw, origin)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        raise ListError([f"{origin}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                         + (" (is the file cut short?)" if truncated else "")]) from None
    except RecursionError:
        raise ListError([f"{origin}: {NESTED_TOO_DEEP}"]) from None
