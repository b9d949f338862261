"""Red-DiscordBot trivia lists (YAML): ``question: [answers]`` plus AUTHOR, DESCRIPTION and CONFIG keys.

The file is read as a YAML node tree and every value is taken as the text the author typed, so YAML 1.1
never turns an answer like ``no``, ``off``, ``yes``, ``on``, ``1959`` or ``~`` into a boolean, a number
or null. Red lists have no wrong choices; buttons rounds borrow them (see ``bot.trivia.choices``).
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from bot.content import yaml_errors
from bot.content.pack import NESTED_TOO_DEEP, QuestionEntry
from bot.trivia.formats.common import ListError, ParsedList, QuestionChecker, decode_text, short

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SPECIAL_KEYS = ("AUTHOR", "DESCRIPTION", "CONFIG", "$schema")
CONFIG_KEYS = ("max_score", "timeout", "delay", "bot_plays", "reveal_answer", "payout_multiplier", "use_spoilers")
_BOOLEAN_WORDS = {"true", "false", "yes", "no", "on", "off"}


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar_texts(node: yaml.Node) -> list[str] | None:
    """The answers under a question: a list of scalars (or one scalar), as typed; None if malformed."""
    if isinstance(node, yaml.ScalarNode):
        return [node.value] if node.value.strip() else []
    if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return [n.value for n in node.value]
    return None


def _check_config(node: yaml.Node, origin: str, problems: list[str]) -> list[str]:
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{origin}: CONFIG (line {_line(node)}): must be a 'key: value' mapping")
        return []
    present = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        where = f"{origin}: CONFIG {key} (line {_line(key_node)})"
        if key not in CONFIG_KEYS:
            problems.append(f"{where}: not a Red trivia setting (expected one of {', '.join(CONFIG_KEYS)})")
        elif value is None:
            problems.append(f"{where}: must be a single value")
        elif key in ("bot_plays", "reveal_answer", "use_spoilers") and value.lower() not in _BOOLEAN_WORDS:
            problems.append(f"{where}: must be true or false, got {value!r}")
        elif key not in ("bot_plays", "reveal_answer", "use_spoilers"):
            try:
                float(value)
            except ValueError:
                problems.append(f"{where}: must be a number, got {value!r}")
        present.append(key)
    return present


def parse_red(raw: bytes, origin: str, list_name: str) -> ParsedList:
    """Read a Red trivia list; raise ``ListError`` naming every bad question."""
    text = decode_text(raw, origin)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ListError([f"{origin}: not valid YAML{yaml_errors.describe(exc)}"]) from None
    except RecursionError:
        raise ListError([f"{origin}: {NESTED_TOO_DEEP}"]) from None
    if root is None:
        raise ListError([f"{origin}: the file is empty"])
    if not isinstance(root, yaml.MappingNode):
        raise ListError([f"{origin}: a Red trivia list is a mapping of 'question: [answers]', "
                         f"not a {root.id}"])
    checker = QuestionChecker(origin, list_name)
    questions: list[QuestionEntry] = []
    author = description = None
    config: list[str] = []
    seen_keys: dict[str, int] = {}
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            checker.problems.append(f"{origin}: line {_line(key_node)}: a question must be text, not a "
                                    f"{key_node.id}")
            continue
        key = key_node.value
        if key in seen_keys and key in SPECIAL_KEYS:
            checker.problem(f"{key} (line {_line(key_node)})", f"appears twice (first at line {seen_keys[key]})")
            continue
        seen_keys.setdefault(key, _line(key_node))
        if key == "AUTHOR" or key == "DESCRIPTION":
            if not isinstance(value_node, yaml.ScalarNode):
                checker.problem(f"{key} (line {_line(key_node)})", "must be text")
            elif key == "AUTHOR":
                author = value_node.value.strip() or None
            else:
                description = value_node.value.strip() or None
            continue
        if key == "CONFIG":
            config = _check_config(value_node, origin, checker.problems)
            continue
        if key == "$schema":
            continue
        where = f'question "{short(key)}" (line {_line(key_node)})'
        answers = _scalar_texts(value_node)
        if answers is None:
            checker.problem(where, "the answers must be a list of text, e.g. '- Truffaut'")
            continue
        entry = checker.check(where, key, answers)
        if entry is not None:
            questions.append(entry)
    notes = ()
    if config:
        notes = (f"CONFIG ({', '.join(config)}) is not used: timing and spoilers come from /trivia settings.",)
    return ParsedList(list_name, "red", checker.finish(questions), author, description, notes)


def dump_red(questions: Sequence[QuestionEntry], *, author: str | None = None,
             description: str | None = None) -> str:
    """A Red trivia list. Wrong choices have no place in the format and are left out."""
    doc: dict[str, object] = {}
    if author:
        doc["AUTHOR"] = author
    if description:
        doc["DESCRIPTION"] = description
    for q in questions:
        doc[q.prompt] = list(q.answers)
    # safe_dump quotes text YAML would misread ('no', '1959'), so Red reads the answers back as text.
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
