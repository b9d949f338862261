"""YAML's parse errors in a moderator's words: where in the file, and what to change."""

from __future__ import annotations

import yaml

# How PyYAML's message for a mistake people make begins, and what to do about it.
PLAIN_WORDS = {
    # "text: Truffaut : un premier film": French typography puts a space before the colon.
    "mapping values are not allowed":
        "a colon followed by a space starts a new field in YAML: put that value in double quotes",
}


def describe(exc: yaml.YAMLError) -> str:
    """``exc`` as " at line L, column C: problem" (the place only when PyYAML knows it)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return f": {exc}"
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = exc.problem or exc.context or "unreadable"
    plain = next((words for start, words in PLAIN_WORDS.items() if problem.startswith(start)), problem)
    return f"{where}: {plain}"
