from __future__ import annotations

from bot.db.audit import AuditEntry
from bot.moderation.changes import daily_log_line, entry_lines, fact_log_line, import_log_line, suggestion_log_line


def _entry(action: str, before: dict | None, after: dict | None) -> AuditEntry:
    return AuditEntry(1, 5, 42, action, "fact", 7, before, after, 1_700_000_000)


def test_edit_lists_each_changed_field_before_and_after() -> None:
    before = {"text": "Old text.", "film_id": 1, "source": "", "tags": [], "verified": True, "deleted": False}
    after = {"text": "New text.", "film_id": 2, "source": "", "tags": ["cast"], "verified": True, "deleted": False}
    headline, details = entry_lines(_entry("edit", before, after), {1: "Les Mistons (1957)"})
    assert headline == "<t:1700000000:f> · <@42> edited"
    assert details == ["text: “Old text.” → “New text.”", "film: Les Mistons (1957) → film #2",
                       "tags: none → cast"]


def test_other_actions() -> None:
    assert entry_lines(_entry("add", None, {"text": "Hello"}))[1] == ["“Hello”"]
    assert entry_lines(_entry("hide", {"hidden": False}, {"hidden": True}))[0].endswith("<@42> hid in this server")
    assert entry_lines(_entry("unhide", {"hidden": True}, {"hidden": False}))[0].endswith("showed again in this server")
    restored = entry_lines(_entry("import", {"text": "a", "deleted": True}, {"text": "a", "deleted": False}))
    assert restored[1] == ["restored"]


def test_log_lines_quote_and_cut() -> None:
    line = fact_log_line(42, "remove", 7, "@everyone " + "x" * 300, is_global=True)
    assert line.startswith("<@42> removed global fact #7: “@everyone") and len(line) < 140
    assert "Reason: dupe" in suggestion_log_line(42, "reject", 3, "t", note="dupe")
    assert "as fact #9" in suggestion_log_line(42, "approve", 3, "t", fact_id=9)
    hid = fact_log_line(42, "hide", 5, "Léaud was fourteen.", is_global=True)
    assert hid == "<@42> hid global fact #5 in this server: “Léaud was fourteen.”"
    shown = fact_log_line(42, "unhide", 5, "Léaud was fourteen.", is_global=True)
    assert shown == "<@42> showed global fact #5 again in this server: “Léaud was fourteen.”"
    assert import_log_line(42, "f.csv", 2, 1) == "<@42> imported f.csv: 2 facts added, 1 updated"
    assert import_log_line(42, "the trivia list “club”", 0, 3, items="questions") \
        == "<@42> imported the trivia list “club”: 0 questions added, 3 updated"


def test_an_edit_deep_in_a_long_text_is_shown_where_it_changed() -> None:
    before = "In 1958 Truffaut shot the film in Paris, over the winter, with a small crew and Léaud, who was 14 in 1958"
    _, [line] = entry_lines(_entry("edit", {"text": before}, {"text": before.replace("in 1958", "in 1959")}))
    assert line == "text: “…Léaud, who was 14 in 1958” → “…Léaud, who was 14 in 1959”"
    assert entry_lines(_entry("edit", {"text": "Paris 1958"}, {"text": "Paris 1959"}))[1] == [
        "text: “Paris 1958” → “Paris 1959”"]


def test_daily_log_lines() -> None:
    assert daily_log_line(1, "21:00 Europe/Paris", "<#2>", film="Jules et Jim", ping="<@&3>") == (
        "<@1> changed the daily fact: 21:00 Europe/Paris in <#2>, about Jules et Jim, pinging <@&3>")
    assert daily_log_line(1, "09:00 UTC", "<#2>") == "<@1> changed the daily fact: 09:00 UTC in <#2>"
    assert daily_log_line(1) == "<@1> changed the daily fact: off"
