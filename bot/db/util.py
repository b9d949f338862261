"""Small helpers shared by the repositories."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any


def now() -> int:
    """The current UTC instant in whole seconds (the unit every *_at column uses)."""
    return int(time.time())


_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C string encoder json.dumps uses


def dump_list(values: Sequence[str]) -> str:
    """``json.dumps(list(values), ensure_ascii=False)``, written directly (a catalogue has millions of these)."""
    if not values:          # most of a film's lists (awards, locations ...)
        return "[]"
    if all(type(v) is str for v in values):
        return "[" + ", ".join(map(_quote, values)) + "]"
    return json.dumps(list(values), ensure_ascii=False)


def load_list(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    value: Any = json.loads(raw)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def scope(guild_id: int | None) -> int:
    """Column value for a guild id: 0 stands for global content."""
    return guild_id or 0


def unscope(value: int) -> int | None:
    return value or None
