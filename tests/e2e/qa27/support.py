"""What a member who turned off "Show embeds and link previews" (or whose screen reader skips embeds) reads.

Discord hides every embed of a message from a member with that setting off; what is left is the message's
content, the text of Components V2 text displays, and the labels of its buttons and select options.
Colour (a green button, an embed's side bar) carries nothing for them, nor for a screen reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.emulator.state import Message

PACK = Path(__file__).resolve().parents[3] / "data" / "packs" / "the-400-blows.json"
_PACK = json.loads(PACK.read_text(encoding="utf-8"))
PROMPTS = {q["prompt"]: q["answers"][0] for q in _PACK["questions"]}


def _component_text(component: dict[str, Any]) -> list[str]:
    kind = component.get("type")
    if kind == 10:                                   # Components V2 text display
        return [str(component.get("content") or "")]
    if kind == 2:                                    # button
        return [str(component.get("label") or "")]
    if kind == 3:                                    # string select
        return [f"{o.get('label', '')} {o.get('description') or ''}" for o in component.get("options") or []]
    return []


def readable(message: Message) -> str:
    """Everything such a member can read on ``message``: content, text displays, button and option labels."""
    parts = [message.content or ""]
    for component in message.iter_components():
        parts += _component_text(component)
    return "\n".join(parts)


def labels(message: Message) -> list[dict[str, Any]]:
    """The buttons of ``message``, in order."""
    return [c for c in message.iter_components() if c.get("type") == 2]


def embed_text(message: Message) -> str:
    """The text of the message's embeds (what members who see embeds read there)."""
    parts: list[str] = []
    for embed in message.embeds:
        parts += [str(embed.get("title", "")), str(embed.get("description", ""))]
        parts += [f"{f.get('name', '')} {f.get('value', '')}" for f in embed.get("fields") or []]
    return "\n".join(parts)


def prompt_on(message: Message) -> str:
    """The pack question asked on ``message`` (found in whatever the message shows)."""
    shown = readable(message) + "\n" + embed_text(message)
    return next(p for p in PROMPTS if p in shown)
