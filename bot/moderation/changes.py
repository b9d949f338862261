"""Words for changes: fact history entries and the one-line notes posted in a log channel.

Mentions are written as ``<@id>`` so Discord shows names; every message carrying them is sent
with mentions disabled, so nobody is pinged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.content.pack import MAX_FACT_TEXT
from bot.db.audit import AuditEntry
from bot.text import one_line

VERBS = {
    "add": "added",
    "approve-suggestion": "added from a member's suggestion",
    "edit": "edited",
    "import": "imported",
    "remove": "removed",
    "restore": "restored",
    "hide": "hid",
    "unhide": "showed",
}
_AFTER_OBJECT = {"hide": "in this server", "unhide": "again in this server"}  # "hid fact #5 in this server"
_FIELD_NAMES = {"text": "text", "film_id": "film", "source": "source", "tags": "tags", "verified": "verified"}
SNIPPET = 80


def who(user_id: int | None) -> str:
    return f"<@{user_id}>" if user_id else "the bot"


def quote(text: str, limit: int = SNIPPET) -> str:
    return f"“{one_line(text, limit)}”"


def _value(name: str, value: Any, films: Mapping[int, str]) -> str:
    if name == "film_id":
        return films.get(value, f"film #{value}") if value else "none"
    if name == "tags":
        return ", ".join(value) if value else "none"
    if name == "verified":
        return "yes" if value else "no"
    return quote(str(value), 60) if value else "empty"


def _around_change(before: Any, after: Any, lead: int = 20) -> tuple[Any, Any]:
    """Two texts from a little before where they first differ ('…Paris in 1958.' → '…Paris in 1959.'):
    an edit deep in a long fact stays readable once each side is cut to a line."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return before, after
    before, after = " ".join(before.split()), " ".join(after.split())
    same = next((i for i, pair in enumerate(zip(before, after, strict=False)) if pair[0] != pair[1]),
                min(len(before), len(after)))                           # characters the two share at the start
    start = max(0, same - lead)
    start = before.rfind(" ", 0, start + 1) + 1 if start else 0      # from the start of a word
    if start == 0:
        return before, after
    return "…" + before[start:], "…" + after[start:]


def did(action: str, what: str = "") -> str:
    """The action as a verb phrase around its object: 'removed fact #5', 'hid fact #5 in this server'."""
    return " ".join(part for part in (VERBS.get(action, action), what, _AFTER_OBJECT.get(action, "")) if part)


def entry_lines(entry: AuditEntry, films: Mapping[int, str] | None = None) -> tuple[str, list[str]]:
    """(headline, detail lines) for one history entry: who did what, when, and what changed."""
    films = films or {}
    before, after = entry.before or {}, entry.after or {}
    headline = f"<t:{entry.created_at}:f> · {who(entry.actor_id)} {did(entry.action)}"
    if entry.action == "approve-suggestion" and after.get("suggestion"):
        headline = (f"<t:{entry.created_at}:f> · {who(entry.actor_id)} added it from "
                    f"{who(after.get('suggested_by'))}'s suggestion #{after['suggestion']}")
    details: list[str] = []
    if entry.action in ("add", "approve-suggestion") or (entry.action == "import" and not before):
        details.append(quote(after.get("text", ""), MAX_FACT_TEXT))   # the text as it was first: in full
        if after.get("suggested_text"):
            details.append(f"suggested as: {quote(after['suggested_text'], MAX_FACT_TEXT)}")
    elif entry.action in ("edit", "import"):
        for key, label in _FIELD_NAMES.items():
            if key in after and before.get(key) != after.get(key):
                old, new = _around_change(before.get(key), after[key])
                details.append(f"{label}: {_value(key, old, films)} → {_value(key, new, films)}")
        if before.get("deleted") and not after.get("deleted"):
            details.append("restored")
        if not details:
            details.append("no visible change")
    return headline, details


def fact_log_line(actor_id: int, action: str, fact_id: int, text: str, *, is_global: bool = False) -> str:
    what = "global fact" if is_global else "fact"
    return f"{who(actor_id)} {did(action, f'{what} #{fact_id}')}: {quote(text)}"


def suggestion_log_line(actor_id: int, action: str, suggestion_id: int, text: str, *, fact_id: int | None = None,
                        note: str | None = None) -> str:
    if action == "suggest":
        return f"{who(actor_id)} suggested a fact (#{suggestion_id} in /facts queue): {quote(text)}"
    if action == "approve":
        return f"{who(actor_id)} approved suggestion #{suggestion_id} as fact #{fact_id}: {quote(text)}"
    reason = f" Reason: {one_line(note, 120)}" if note else ""
    return f"{who(actor_id)} rejected suggestion #{suggestion_id}: {quote(text)}.{reason}"


def import_log_line(actor_id: int, origin: str, added: int, updated: int, restored: int = 0, *,
                    is_global: bool = False, items: str = "facts") -> str:
    where = f"global {items}" if is_global else items
    back = f", {restored} restored" if restored else ""
    return f"{who(actor_id)} imported {one_line(origin, 60)}: {added} {where} added, {updated} updated{back}"


def settings_log_line(actor_id: int, setting: str, value: str) -> str:
    return f"{who(actor_id)} set the {setting} to {value}"


def daily_log_line(actor_id: int, when: str | None = None, where: str = "", *, film: str | None = None,
                   ping: str | None = None) -> str:
    """'<@1> changed the daily fact: 21:00 Europe/Paris in <#2>, about Jules et Jim'; no ``when``: turned off."""
    if when is None:
        return changed_log_line(actor_id, "the daily fact", "off")
    details = [f"{when} in {where}", f"about {film}" if film else "", f"pinging {ping}" if ping else ""]
    return changed_log_line(actor_id, "the daily fact", ", ".join(d for d in details if d))


def changed_log_line(actor_id: int, what: str, details: str) -> str:
    """'<@1> changed the trivia settings: seconds per question 30; The 400 Blows off'."""
    return f"{who(actor_id)} changed {what}: {details}"
