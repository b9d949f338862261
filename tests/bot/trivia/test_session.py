from __future__ import annotations

import pytest

from bot.trivia.session import Click, EndReason, Mode, RoundQuestion, RoundSession, Standing, competition_ranks

Q1 = RoundQuestion(11, "Who directed The 400 Blows?", ("François Truffaut", "Truffaut"),
                   ("Jean-Luc Godard", "François Truffaut", "Claude Chabrol", "Jacques Rivette"), 1)
Q2 = RoundQuestion(12, "Year?", ("1959",), ("1958", "1959", "1960", "1961"), 1)
Q3 = RoundQuestion(13, "City?", ("Paris",), ("Lyon", "Nice", "Paris", "Lille"), 2)
A, B, C, D = 0, 1, 2, 3


def buttons(*questions: RoundQuestion, idle: int = 3) -> RoundSession:
    return RoundSession(1, questions or (Q1, Q2, Q3), mode=Mode.BUTTONS, seconds=20, idle_limit=idle, starter_id=99)


def typed(*questions: RoundQuestion, idle: int = 3) -> RoundSession:
    return RoundSession(2, questions or (Q1, Q2, Q3), mode="typed", seconds=20, idle_limit=idle, starter_id=99)


def test_answer_once_and_change_once() -> None:
    s = buttons()
    s.ask(0)
    assert s.choose(1, 0, A, 1_000).outcome is Click.LOCKED
    assert s.choose(1, 0, A, 1_500).outcome is Click.SAME
    s2 = buttons()
    s2.ask(0)
    s2.choose(1, 0, A, 1_000)
    changed = s2.choose(1, 0, C, 2_000)
    assert changed.outcome is Click.CHANGED and changed.choice == C
    locked = s2.choose(1, 0, B, 3_000)
    assert locked.outcome is Click.NO_MORE_CHANGES and locked.choice == C
    reveal = s2.close()
    assert [(e.user_id, e.choice, e.correct) for e in reveal.events] == [(1, "Claude Chabrol", False)]


def test_change_counts_from_the_time_of_the_change() -> None:
    s = buttons()
    s.ask(0)
    s.choose(1, 0, A, 1_000)
    s.choose(1, 0, B, 10_000)
    (event,) = s.close().events
    assert event.correct and event.answer_ms == 10_000 and event.points == 75


def test_answers_are_timed_from_when_the_question_was_shown() -> None:
    s = buttons()
    s.ask(0)
    s.choose(1, 0, B, 1_500)            # clicked before the send returned: instant
    s.shown(2_000)                      # Discord took 2 s to accept the question
    s.choose(2, 0, B, 12_000)
    first, second = s.close().events
    assert (first.answer_ms, first.points) == (0, 100)
    assert (second.answer_ms, second.points) == (10_000, 75)
    s.shown(5_000)                      # closed: nothing to re-time
    assert s.asked_at_ms == 2_000


def test_upcoming_is_what_the_round_has_still_to_ask() -> None:
    s = buttons()
    assert s.upcoming() == (Q1, Q2, Q3)
    s.ask(0)
    assert s.upcoming() == (Q2, Q3)                     # the open question is asked already
    s.request_stop(99)
    assert s.upcoming() == ()                           # a stopped round asks nothing more


def test_reveal_counts_fastest_and_points() -> None:
    s = buttons()
    s.ask(100_000)
    for user, choice, at in [(1, B, 100_500), (2, B, 101_000), (3, A, 100_200), (4, C, 105_000), (5, B, 120_000)]:
        s.choose(user, 0, choice, at)
    reveal = s.close()
    assert reveal.counts == (1, 3, 1, 0)
    assert reveal.fastest is not None and reveal.fastest.user_id == 1 and reveal.fastest.answer_ms == 500
    assert [e.user_id for e in reveal.events] == [3, 1, 2, 4, 5]  # fastest first
    assert {e.user_id: e.points for e in reveal.events} == {3: 0, 1: 99, 2: 98, 4: 0, 5: 50}
    assert reveal.answered == 5 and len(reveal.correct) == 3


def test_clicks_outside_the_open_question() -> None:
    s = buttons()
    assert s.choose(1, 0, A, 0).outcome is Click.CLOSED  # not asked yet
    s.ask(0)
    assert s.choose(1, 0, 7, 0).outcome is Click.INVALID
    s.apply(s.close())
    assert s.choose(1, 0, A, 0).outcome is Click.CLOSED  # being revealed / between questions
    s.ask(30_000)
    assert s.choose(1, 0, A, 30_001).outcome is Click.OVER
    assert s.choose(1, 1, A, 30_001).outcome is Click.LOCKED
    s.end()
    assert s.choose(1, 1, B, 30_002).outcome is Click.ENDED


def test_streak_bonus_and_reset() -> None:
    s = buttons(Q1, Q2, Q3, Q1)
    for pos, (choice, correct_choice) in enumerate([(B, B), (B, B), (A, C), (B, B)]):
        s.ask(pos * 100_000)
        s.choose(7, pos, choice, pos * 100_000)
        reveal = s.close()
        s.apply(reveal)
        (event,) = reveal.events
        assert event.correct is (choice == correct_choice)
    (standing,) = s.standings()
    assert standing.points == 100 + 110 + 0 + 100
    assert standing.correct == 3 and standing.answered == 4 and standing.best_streak == 2 and standing.streak == 1


def test_not_answering_breaks_a_streak() -> None:
    s = buttons()
    s.ask(0)
    s.choose(1, 0, B, 0)
    s.choose(2, 0, B, 0)
    s.apply(s.close())
    s.ask(100_000)
    s.choose(2, 1, B, 100_000)
    s.apply(s.close())
    s.ask(200_000)
    s.choose(1, 2, C, 200_000)
    s.choose(2, 2, C, 200_000)
    reveal = s.close()
    assert {e.user_id: e.streak for e in reveal.events} == {1: 1, 2: 3}


def test_idle_end_after_unanswered_questions() -> None:
    s = buttons(Q1, Q2, Q3, Q1, Q2, idle=2)
    s.ask(0)
    s.apply(s.close())
    assert s.end_reason() is None
    s.ask(1)
    s.choose(1, 1, A, 2)
    s.apply(s.close())
    s.ask(3)
    s.apply(s.close())
    assert s.end_reason() is None
    s.ask(4)
    s.apply(s.close())
    assert s.end_reason() is EndReason.IDLE


def test_a_question_skipped_before_anyone_answered_is_passed_over() -> None:
    """QA31 2: a broken question skipped at once breaks no streak and is not an unanswered question."""
    s = buttons(Q1, Q2, Q3, Q2, Q3, idle=2)
    for pos in range(2):
        s.ask(pos * 100_000)
        s.choose(7, pos, B, pos * 100_000)
        s.apply(s.close())
    for pos in (2, 3):                                   # two broken questions, each skipped at once
        s.ask(pos * 100_000)
        s.apply(s.close(), skipped=True)
        assert s.end_reason() is None and s.unanswered_left() is None
    s.ask(400_000)
    s.choose(7, 4, C, 400_000)
    reveal = s.close()
    assert [e.streak for e in reveal.events] == [3]
    s.apply(reveal)
    s2 = buttons(Q1, Q2, Q3, idle=3)                     # skipped after someone answered: the usual rules
    s2.ask(0)
    s2.choose(7, 0, B, 0)
    s2.apply(s2.close())
    s2.ask(100_000)
    s2.choose(8, 1, B, 100_000)
    s2.apply(s2.close(), skipped=True)
    assert {x.user_id: x.streak for x in s2.standings()} == {7: 0, 8: 1}


def test_the_idle_warning_is_only_given_when_it_can_still_happen() -> None:
    Q4, Q5 = (RoundQuestion(14 + i, f"Q{i}?", ("a",), ("a", "b"), 0) for i in range(2))
    s = buttons(Q1, Q2, Q3, Q4, Q5, idle=2)
    assert s.asked == 0
    s.ask(0)
    s.apply(s.close())                      # nobody answered question 1 of 5
    assert s.asked == 1 and s.unanswered_left() == 1
    s.ask(0)
    s.choose(1, 1, A, 10)
    s.apply(s.close())                      # answered: no warning
    assert s.unanswered_left() is None
    last = buttons(Q1, idle=3)
    last.ask(0)
    last.apply(last.close())                # the only question went unanswered: the round is over anyway
    assert last.unanswered_left() is None
    two = buttons(Q1, Q2, Q3, idle=3)
    two.ask(0)
    two.apply(two.close())                  # 2 more unanswered would end it, but only 2 questions are left
    assert two.unanswered_left() is None


def test_finished_and_stopped() -> None:
    s = buttons(Q1)
    s.ask(0)
    s.apply(s.close())
    assert s.end_reason() is EndReason.FINISHED and not s.has_next
    s = buttons()
    s.ask(0)
    s.request_stop(42)
    s.apply(s.close())
    assert s.end_reason() is EndReason.STOPPED and s.stop_requested_by == 42 and not s.has_next


def test_winner_ties_break_on_correct_then_speed() -> None:
    s = buttons(Q1, Q2)
    s.ask(0)
    s.choose(1, 0, B, 20_000)  # 50
    s.choose(2, 0, B, 20_000)  # 50
    s.apply(s.close())
    assert s.winner() is not None and s.winner().user_id == 1  # full tie: lower id
    s.ask(100_000)
    s.choose(2, 1, B, 120_000)  # +50, streak 2: +10
    s.apply(s.close())
    assert s.winner().user_id == 2
    nobody = buttons()
    nobody.ask(0)
    nobody.choose(1, 0, A, 0)
    nobody.apply(nobody.close())
    assert nobody.winner() is None  # zero points wins nothing


def test_typed_first_correct_takes_the_question() -> None:
    s = typed()
    s.ask(0)
    assert s.guess(1, "Godard?", 1_000) is None
    take = s.guess(2, "I think it's Truffaut", 4_000)
    assert take is not None and take.user_id == 2 and take.points == 90 and take.choice == "I think it's Truffaut"
    assert s.guess(3, "Truffaut", 4_001) is None  # already taken
    assert not s.is_open
    reveal = s.close()
    assert [(e.user_id, e.correct) for e in reveal.events] == [(1, False), (2, True)]
    assert reveal.fastest == take and reveal.counts == ()


def test_typed_attempts_count_as_answers_once() -> None:
    s = typed()
    s.ask(0)
    s.guess(1, "no idea", 500)
    s.guess(1, "Godard", 900)
    reveal = s.close()
    assert len(reveal.events) == 1 and reveal.events[0].answer_ms == 500 and reveal.fastest is None
    s.apply(reveal)
    assert s.idle_streak == 0


def test_typed_ignores_clicks_and_buttons_ignore_guesses() -> None:
    t = typed()
    t.ask(0)
    assert t.choose(1, 0, A, 0).outcome is Click.CLOSED
    b = buttons()
    b.ask(0)
    assert b.guess(1, "Truffaut", 0) is None


def test_guards() -> None:
    with pytest.raises(ValueError):
        RoundSession(1, [], mode="buttons", seconds=20)
    with pytest.raises(ValueError):
        RoundSession(1, [RoundQuestion(1, "?", ("x",))], mode="buttons", seconds=20)
    s = buttons(Q1)
    s.ask(0)
    with pytest.raises(RuntimeError):
        s.ask(1)
    assert Q1.answer == "François Truffaut" and RoundQuestion(1, "?", ("x", "y")).answer == "x"


def test_points_use_the_time_the_question_really_stays_open() -> None:
    s = RoundSession(3, [Q1], mode=Mode.BUTTONS, seconds=20, limit_ms=10_000)
    s.ask(0)
    s.choose(1, 0, B, 5_000)
    assert s.close().events[0].points == 75


def test_competition_ranks_share_a_rank_and_skip_the_next() -> None:
    standings = [Standing(1, 100, 2, total_ms=900), Standing(2, 100, 2, total_ms=1_000), Standing(3, 100, 2),
                 Standing(4, 100, 1), Standing(5, 40, 1), Standing(6, 40, 1)]
    assert [rank for rank, _ in competition_ranks(standings)] == [1, 1, 1, 4, 5, 5]
    assert competition_ranks([]) == []
