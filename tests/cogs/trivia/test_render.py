"""What a channel reads during a round: counts and moments worded for what really happened."""

from __future__ import annotations

import pytest

from bot.content.pack import QuestionEntry
from bot.db.guilds import GuildSettings
from bot.db.questions import QuestionImportReport
from bot.db.trivia_boards import BoardPage, BoardRow, MemberStats
from bot.db.trivia_sources import Source
from bot.trivia.formats import ParsedList
from bot.trivia.rules import Topic
from bot.trivia.session import EndReason, Mode, RoundQuestion, RoundSession
from cogs.trivia import render
from cogs.trivia.manage import _import_report

Q = [RoundQuestion(i, f"Question {i}?", ("Yes",), ("Yes", "No"), 0) for i in range(1, 4)]


def session(n: int, idle: int = 3) -> RoundSession:
    return RoundSession(1, Q[:n], mode=Mode.BUTTONS, seconds=20, idle_limit=idle, starter_id=5)


def test_one_question_is_one_question() -> None:
    one = session(1)
    assert "1 question · 20 s each" in render.start_text(one, 5, Topic(), 3)
    one.ask(0)
    reveal = one.close()
    one.apply(reveal)
    shown = render.reveal_embed(one, reveal, spoilers=False, skipped_by=None, next_in=None)
    assert "Nobody answered." in shown.description and "more unanswered" not in shown.description
    done = render.summary_embed(one, EndReason.FINISHED, None)
    assert done.footer.text.startswith("1 of 1 question asked")


def test_start_text_bold_is_never_nested() -> None:
    about = render.start_text(session(2), 5, Topic(1, "The 400 Blows (1959)"), 3)
    assert about.startswith("🎬 Trivia about **The 400 Blows (1959)**! 2 questions · ")
    assert render.start_text(session(2), 5, Topic(2, "*batteries not included (1987)"), 3).startswith(
        "🎬 Trivia about **\\*batteries not included (1987)**! ")
    assert render.start_text(session(2), 5, Topic(), 3).startswith("🎬 **Trivia!** 2 questions · ")
    assert render.start_text(session(2), 5, Topic(1, "The 400 Blows (1959)", "week_1"), 3).startswith(
        "🎬 Trivia about **The 400 Blows (1959)** from the list **week\\_1**! ")
    assert render.start_text(session(2), 5, Topic(question_list="week1"), 3).startswith(
        "🎬 Trivia from the list **week1**! ")


def test_settings_say_which_lists_cannot_play_because_their_film_is_off() -> None:
    sources = [Source("film", "1", "The 400 Blows (1959)", 79, False), Source("list", "week1", "week1", 4, True, 4),
               Source("list", "mixed", "mixed", 4, True, 1), Source("list", "otdb", "otdb", 9, True)]
    fields = {f.name: f.value for f in render.settings_embed(GuildSettings(1), sources, []).fields}
    assert fields["Films and lists on"] == "mixed (3 of 4: 1 is about a film turned off), otdb (9)"
    assert fields["Turned off"] == "The 400 Blows (1959) (79), week1 (4: each is about a film turned off)"


def test_stopping_reads_right_before_during_and_between_questions() -> None:
    s = session(3)
    assert render.stop_text(s, 7) == "⏹️ <@7> stopped the round before the first question."
    summary = render.summary_embed(s, EndReason.STOPPED, None, stopped_by=7)
    assert "Stopped by <@7> before the first question." in summary.description
    assert summary.footer.text == "No questions asked · /trivia leaderboard"       # no "points are saved"
    s.ask(0)
    assert "revealing this question" in render.stop_text(s, 7)
    s.apply(s.close())
    assert render.stop_text(s, 7).endswith("here come the scores.")
    summary = render.summary_embed(s, EndReason.STOPPED, None, stopped_by=7)
    assert "after question 1." in summary.description and summary.footer.text.startswith("1 of 3 questions")


def test_counts_of_one_are_singular() -> None:
    idle = session(3, idle=1)
    idle.ask(0)
    idle.apply(idle.close())
    assert "1 question in a row went unanswered." in render.summary_embed(idle, EndReason.IDLE, None).description
    board = render.leaderboard_pages(BoardPage((BoardRow(1, 7, 100, 1, 1, 1, 1),), 1, 0), "all", 10)
    assert board[0].footer.text.startswith("1 player · points")
    fields = {f.name: f.value for f in render.settings_embed(GuildSettings(1, trivia_idle_limit=1), [], []).fields}
    assert fields["Idle limit"] == "1 unanswered question"
    assert render.source_label(Source("list", "otdb", "OTDB night", 1, True), kind=True) == \
        "List · OTDB night · 1 question"
    assert render.source_label(Source("film", "1", "The 400 Blows (1959)", 12, True)) == \
        "The 400 Blows (1959) · 12 questions"


def _parsed(own: int, borrowing: int) -> ParsedList:
    questions = [QuestionEntry(f"q{i}", f"Q{i}?", ("A",), ("B", "C", "D")) for i in range(own)]
    questions += [QuestionEntry(f"r{i}", f"R{i}?", ("A",)) for i in range(borrowing)]
    return ParsedList("OTDB night", "opentdb", tuple(questions))


def test_import_report_counts_read_naturally() -> None:
    report = QuestionImportReport(added=1)
    one = _import_report(_parsed(1, 0), report, done=False)
    assert one.startswith("Ready to import **1** question from") and "It has its own wrong choices." in one
    assert _import_report(_parsed(0, 1), report, done=True).startswith("✅ Imported **1** question from")
    assert "It has no wrong choices of its own: it borrows some" in _import_report(_parsed(0, 1), report, done=True)
    assert "None have their own wrong choices: they borrow some" in _import_report(_parsed(0, 4), report, done=True)
    assert "All of them have their own wrong choices." in _import_report(_parsed(3, 0), report, done=True)
    assert "1 has its own wrong choices; the others borrow some" in _import_report(_parsed(1, 3), report, done=True)
    assert "3 have their own wrong choices; the other borrows some" in _import_report(_parsed(3, 1), report, done=True)


def test_period_boards_and_stats_say_when_the_period_began_as_a_timestamp() -> None:
    board = BoardPage((BoardRow(1, 7, 100, 1, 1, 1, 1),), 1, 0)
    week = render.leaderboard_pages(board, "week", 10, 1_714_348_800)[0]
    assert week.title == "Trivia leaderboard · This week"
    assert week.description.startswith("Since <t:1714348800:f> (<t:1714348800:R>): weeks start on Monday at 00:00 UTC.")
    assert "<t:" not in render.leaderboard_pages(board, "all", 10)[0].description
    row = BoardRow(1, 7, 100, 1, 1, 1, 1)
    stats = render.stats_embed(MemberStats(7, row, row, None, players=1), "Ana", starts=(1_714_521_600, 1_714_348_800))
    fields = {f.name: f.value for f in stats.fields}
    assert fields["This month"] == "**100** pts · #1\nsince <t:1714521600:d>"
    assert fields["This week"] == "—\nsince <t:1714348800:d>"


def test_stats_of_a_member_who_never_answered() -> None:
    nobody = MemberStats(7, None, None, None, players=0)
    assert render.stats_embed(nobody, "Ana").description == "No trivia answers yet in this server."
    others = MemberStats(7, None, None, None, players=3)
    assert render.stats_embed(others, "Ana_B").description == "Ana\\_B hasn't answered any trivia in this server yet."
    assert render.stats_embed(others, "Ana", own=True).description == \
        "You haven't answered any trivia in this server yet."


def test_summary_ranks_ties_like_the_leaderboard_and_names_no_single_winner() -> None:
    s = session(1)
    s.ask(0)
    for user, at_ms in ((3, 800), (1, 1_000), (2, 1_000), (4, 19_000)):
        s.choose(user, 0, 0, at_ms)  # 98 points for 1, 2 and 3 (3 was a little faster); 4 scores less
    s.apply(s.close())
    lines = render.summary_embed(s, EndReason.FINISHED, 3).description.split("\n")
    assert lines[0] == "🏆 Tie for first with **98** points: <@3>, <@1>, <@2>"
    assert lines[1] == "Tie-break: the win is recorded for <@3> (less time on correct answers)."
    assert "Winner" not in "\n".join(lines)
    assert [line.split(" ")[:2] for line in lines[3:]] == [["**1.**", "<@3>"], ["**1.**", "<@1>"],
                                                          ["**1.**", "<@2>"], ["**4.**", "<@4>"]]


def test_summary_full_tie_and_a_single_winner() -> None:
    s = session(2)
    s.ask(0)
    s.choose(1, 0, 0, 0)
    s.choose(2, 0, 0, 0)
    s.apply(s.close())
    s.ask(100_000)
    s.choose(1, 1, 0, 100_000)  # both answer instantly twice: nothing but the ledger's order tells them apart
    s.choose(2, 1, 0, 100_000)
    s.apply(s.close())
    tied = render.summary_embed(s, EndReason.FINISHED, 1).description.split("\n")
    assert tied[:2] == ["🏆 Tie for first with **210** points: <@1>, <@2>", "Tie-break: the win is recorded for <@1>."]
    one = session(1)
    one.ask(0)
    one.choose(1, 0, 0, 0)
    one.choose(2, 0, 1, 0)
    one.apply(one.close())
    single = render.summary_embed(one, EndReason.FINISHED, 1).description.split("\n")
    assert single[0] == "🏆 Winner: <@1> with **100** points" and single[3].startswith("**2.** <@2>")


@pytest.mark.parametrize(("value", "shown"), [
    (None, "—"), (1.0, "100%"), (199 / 200, "99%"), (0.29, "29%"), (0.5, "50%"), (1 / 250, "<1%"), (0.0, "0%"),
])
def test_accuracy_is_rounded_down_so_only_a_perfect_record_reads_100(value: float | None, shown: str) -> None:
    assert render._percent(value) == shown
