"""What a channel reads during a round: counts and moments worded for what really happened."""

from __future__ import annotations

from bot.trivia.session import EndReason, Mode, RoundQuestion, RoundSession
from cogs.trivia import render

Q = [RoundQuestion(i, f"Question {i}?", ("Yes",), ("Yes", "No"), 0) for i in range(1, 4)]


def session(n: int, idle: int = 3) -> RoundSession:
    return RoundSession(1, Q[:n], mode=Mode.BUTTONS, seconds=20, idle_limit=idle, starter_id=5)


def test_one_question_is_one_question() -> None:
    one = session(1)
    assert "1 question · 20 s each" in render.start_text(one, 5, None, 3)
    one.ask(0)
    reveal = one.close()
    one.apply(reveal)
    shown = render.reveal_embed(one, reveal, spoilers=False, skipped_by=None, next_in=None)
    assert "Nobody answered." in shown.description and "more unanswered" not in shown.description
    done = render.summary_embed(one, EndReason.FINISHED, None)
    assert done.footer.text.startswith("1 of 1 question asked")


def test_stopping_reads_right_before_during_and_between_questions() -> None:
    s = session(3)
    assert render.stop_text(s, 7) == "⏹️ <@7> stopped the round before the first question."
    summary = render.summary_embed(s, EndReason.STOPPED, None, stopped_by=7)
    assert "Stopped by <@7> before the first question." in summary.description
    assert summary.footer.text.startswith("No questions asked")
    s.ask(0)
    assert "revealing this question" in render.stop_text(s, 7)
    s.apply(s.close())
    assert render.stop_text(s, 7).endswith("here come the scores.")
    summary = render.summary_embed(s, EndReason.STOPPED, None, stopped_by=7)
    assert "after question 1." in summary.description and summary.footer.text.startswith("1 of 3 questions")
