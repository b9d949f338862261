from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.moderation.validation import FactDraft, check_fact, split_tags, validate_draft


def test_clean_fact_is_trimmed_and_tags_normalised() -> None:
    fact = validate_draft(FactDraft("  Truffaut was 27.  \r\n", " The 400 Blows ", " Cahiers ",
                                    "Cast; #Production | cast"))
    assert fact.text == "Truffaut was 27."
    assert fact.film == "The 400 Blows" and fact.source == "Cahiers"
    assert fact.tags == ("cast", "production")


def test_text_limits_count_after_trimming() -> None:
    assert check_fact("   " + "x" * 1_000 + "   ")[0] is not None
    fact, problems = check_fact("x" * 1_001)
    assert fact is None and [p.field for p in problems] == ["text"] and "1,001" in problems[0].message
    assert [p.field for p in check_fact("   \n ")[1]] == ["text"]


def test_source_and_tag_limits() -> None:
    assert check_fact("ok", source="s" * 300)[0] is not None
    assert [p.field for p in check_fact("ok", source="s" * 301)[1]] == ["source"]
    assert check_fact("ok", tags=[f"t{i}" for i in range(10)])[0] is not None
    assert [p.field for p in check_fact("ok", tags=[f"t{i}" for i in range(11)])[1]] == ["tags"]
    assert [p.field for p in check_fact("ok", tags=["x" * 41])[1]] == ["tags"]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as info:
        validate_draft(FactDraft("", source="s" * 301, tags=",".join(f"t{i}" for i in range(12))))
    message = str(info.value)
    assert "• Fact: must not be empty" in message and "• Source:" in message and "• Tags:" in message


def test_tags_are_words_never_mentions() -> None:
    assert split_tags("<@&123456789012345678>, cast, <@!42> crew, <#7>, </trivia start:99>") == ["cast", "crew"]
    fact, _ = check_fact("A fact.", tags="@crew; <@&1>")
    assert fact is not None and fact.tags == ("@crew",)  # a plain @word pings nobody (and renders escaped)


def test_split_tags_accepts_lists_and_all_separators() -> None:
    assert split_tags("a,b;c|d\ne") == ["a", "b", "c", "d", "e"]
    assert split_tags(["New  Wave", "new wave", " "]) == ["new wave"]
    assert split_tags(["cinéma vérité, style", "paris | 1960"]) == ["cinéma vérité", "style", "paris", "1960"]


def test_nothing_a_reader_would_see_is_no_text_no_source_and_no_tag() -> None:
    fact, problems = check_fact("\u200b\u200d\u2060")
    assert fact is None and [str(p) for p in problems] == ["text: has nothing a reader would see"]
    fact, _ = check_fact("Léaud was fourteen.", source="\u200b", tags="cast, \u200b; \u2060")
    assert fact is not None and fact.source == "" and fact.tags == ("cast",)
