from __future__ import annotations

import random
import re

import pytest

from bot.trivia.choices import borrowed_distractors, build_choices, number_distractors
from bot.trivia.planning import plan_round, revised
from bot.trivia.session import Mode, RoundQuestion, RoundSession


def test_own_wrong_choices_are_shuffled_with_the_answer() -> None:
    built = build_choices(["Truffaut", "François Truffaut"], ["Godard", "Chabrol", "Rivette"], random.Random(3))
    assert built is not None
    options, index = built
    assert sorted(options) == ["Chabrol", "Godard", "Rivette", "Truffaut"]
    assert options[index] == "Truffaut"


def test_true_false_keeps_two_choices() -> None:
    options, index = build_choices(["True"], ["False"], random.Random(1))
    assert sorted(options) == ["False", "True"] and options[index] == "True"


def test_numbers_get_nearby_numbers_that_are_not_answers() -> None:
    for seed in range(30):
        wrong = number_distractors(1959, 3, random.Random(seed), ["1959", "1960"])
        assert len(set(wrong)) == 3
        assert all(abs(int(w) - 1959) <= 5 and w not in ("1959", "1960") for w in wrong)
    assert all(int(w) >= 0 for w in number_distractors(1, 3, random.Random(0)))


def test_a_place_a_runtime_or_a_decade_gets_nearby_ones_not_names() -> None:
    """QA28 11: an answer that is a number with a suffix or a unit gets the same kind of number."""
    pool = ["3rd", "99 minutes", "the 1950s", "François Truffaut", "Jeanne Moreau", "Agnès Varda", "Jean Constantin"]
    shapes = {"3rd": r"\d+(st|nd|rd|th)", "99 minutes": r"\d+ minutes", "the 1950s": r"the \d{3}0s",
              "1 minute": r"1 minute|\d+ minutes"}
    for answer, shape in shapes.items():
        for seed in range(20):
            built = build_choices([answer], [], random.Random(seed), pool)
            assert built is not None
            options, index = built
            assert options[index] == answer and len(set(options)) == 4
            assert all(re.fullmatch(shape, o) for o in options), options


def test_names_and_titles_still_borrow_other_answers() -> None:
    pool = ["François Truffaut", "Jeanne Moreau", "Agnès Varda", "Jean Constantin", "The 400 Blows"]
    for answer in ("Jeanne Moreau", "The 400 Blows", "Apollo 13"):
        built = build_choices([answer], [], random.Random(0), pool)
        assert built is not None and set(built[0]) <= {*pool, answer}


def test_borrowed_choices_skip_accepted_answers() -> None:
    pool = ["Truffaut", "Francois Truffaut", "Godard", "Chabrol", "Paris", "Rohmer"]
    got = borrowed_distractors(["François Truffaut", "Truffaut"], pool, 3, random.Random(0))
    assert len(got) == 3 and not {"Truffaut", "Francois Truffaut"} & set(got)


def test_a_name_borrows_names_before_numbers_and_numbers_only_when_it_must() -> None:
    """A teacher's list mixes "who" questions with "3rd", "99 minutes" and "1959": a name's wrong buttons
    are other names while the list has three; a list short of names still makes a buttons question."""
    pool = ["3rd", "99 minutes", "1959", "François Truffaut", "Jeanne Moreau", "Agnès Varda", "Jean Constantin"]
    for seed in range(20):
        wrong = borrowed_distractors(["Jean-Luc Godard"], pool, 3, random.Random(seed))
        assert set(wrong) <= {"François Truffaut", "Jeanne Moreau", "Agnès Varda", "Jean Constantin"}, wrong
    short = borrowed_distractors(["Jean-Luc Godard"], ["3rd", "1959", "Agnès Varda"], 3, random.Random(0))
    assert sorted(short) == ["1959", "3rd", "Agnès Varda"] and short[0] == "Agnès Varda"


def test_a_yes_or_no_answer_gets_two_buttons_in_its_language_yes_first() -> None:
    rng = random.Random(1)
    assert build_choices(["no"], [], rng, ["Godard", "Varda", "yes"]) == (("yes", "no"), 1)
    assert build_choices(["Oui"], [], rng, []) == (("Oui", "Non"), 0)
    assert build_choices(["No."], [], rng, []) == (("Yes", "No."), 1)


def test_a_yes_or_no_is_never_borrowed_as_a_wrong_name() -> None:
    pool = ["yes", "no", "Oui", "Nope", "Agnes Varda", "Claude Chabrol", "Alain Resnais", "Jacques Rivette"]
    for seed in range(20):
        wrong = borrowed_distractors(["Jean-Luc Godard"], pool, 3, random.Random(seed))
        assert len(wrong) == 3 and set(wrong) <= {"Agnes Varda", "Claude Chabrol", "Alain Resnais", "Jacques Rivette"}


def test_question_without_enough_choices_is_not_multiple_choice() -> None:
    assert build_choices(["Truffaut"], [], random.Random(0), ["Truffaut", "Godard"]) is None
    assert build_choices([], [], random.Random(0)) is None


class C:
    def __init__(self, id: int, answers: tuple[str, ...], wrong: tuple[str, ...] = (), times: int = 0,
                 list_name: str | None = "films") -> None:
        self.id, self.prompt, self.answers, self.wrong = id, f"Q{id}?", answers, wrong
        self.film_id, self.film_title, self.list_name, self.times_asked = None, None, list_name, times


def test_plan_round_buttons_skips_questions_without_choices() -> None:
    pool = [C(1, ("Truffaut",)), C(2, ("1959",)), C(3, ("Paris",), ("Lyon", "Nice", "Lille")),
            C(4, ("Orson Welles",), list_name="solo"), C(5, ("Godard",))]
    planned = plan_round(pool, 10, Mode.BUTTONS, random.Random(0)).questions
    ids = {q.question_id for q in planned}
    assert ids == {1, 2, 3, 5}  # 4 is alone in its list: nothing to borrow
    for q in planned:
        assert isinstance(q, RoundQuestion) and len(q.choices) == 4 and q.choices[q.correct] == q.answers[0]


def test_plan_round_typed_takes_least_asked() -> None:
    pool = [C(1, ("a",), times=2), C(2, ("b",), times=0), C(3, ("c",), times=1)]
    planned = plan_round(pool, 2, "typed", random.Random(0)).questions
    assert [q.question_id for q in planned] == [2, 3]
    assert planned[0].choices == ()


def test_plan_round_leaves_questions_other_rounds_reserved_for_last() -> None:
    pool = [C(i, (f"answer {i}",)) for i in range(1, 9)]
    reserved = {1: 1, 2: 1, 3: 1, 4: 1}                    # another round of the server is going to ask these
    planned = plan_round(pool, 4, "typed", random.Random(0), reserved=reserved).questions
    assert sorted(q.question_id for q in planned) == [5, 6, 7, 8]
    planned = plan_round(pool, 6, "typed", random.Random(0), reserved=reserved).questions
    assert {q.question_id for q in planned[:4]} == {5, 6, 7, 8}   # then two of the reserved ones: the pool ran out


def test_a_reserved_question_comes_after_one_asked_as_often() -> None:
    """QA31 4: 6 of 12 asked by the first round, the other 6 reserved by a side round: a third round takes the
    6 already asked (level 1) before the 6 the side round is about to ask (level 0 + 1 reserved)."""
    pool = [C(i, (f"answer {i}",), times=1 if i <= 6 else 0) for i in range(1, 13)]
    reserved = {i: 1 for i in range(7, 13)}
    for seed in range(20):
        planned = plan_round(pool, 6, "typed", random.Random(seed), reserved=reserved).questions
        assert sorted(q.question_id for q in planned) == [1, 2, 3, 4, 5, 6]


def test_a_question_corrected_before_it_is_asked() -> None:
    """QA22 9: a moderator corrects a planned question; the round asks it as it now is."""
    typed = RoundQuestion(1, "Who?", ("Godard",), label="club")
    assert revised(typed, "Who directed it?", ["Truffaut"], []) == RoundQuestion(1, "Who directed it?", ("Truffaut",),
                                                                                 label="club")
    drawn = RoundQuestion(2, "Who?", ("Godard",), ("Rivette", "Godard", "Truffaut", "Chabrol"), 1)
    fixed = revised(drawn, "Who?", ["Truffaut"], [], random.Random(2))      # borrowed options: kept, old answer wrong
    assert sorted(fixed.choices) == ["Chabrol", "Godard", "Rivette", "Truffaut"] and fixed.answer == "Truffaut"
    own = revised(drawn, "Who?", ["Rohmer"], ["Varda", "Demy", "Resnais"], random.Random(2))   # its own wrong choices
    assert sorted(own.choices) == ["Demy", "Resnais", "Rohmer", "Varda"] and own.answer == "Rohmer"
    two = RoundQuestion(3, "Is it?", ("yes",), ("yes", "no"), 0)
    assert revised(two, "Is it?", ["no"], []).answer == "no"                # a yes/no flipped
    lone = RoundQuestion(4, "Who?", ("A",), ("A", "B"), 0)
    assert revised(lone, "Who?", ["B", "A"], []) == lone                   # no wrong option left: as planned


def test_only_the_next_question_is_revised() -> None:
    planned = [RoundQuestion(i, f"Q{i}?", (f"A{i}",), (f"A{i}", "W"), 0) for i in (1, 2)]
    session = RoundSession(1, planned, mode=Mode.BUTTONS, seconds=10)
    session.revise_next(RoundQuestion(1, "Q1 fixed?", ("A1",), ("W", "A1"), 1))
    assert session.ask(0).prompt == "Q1 fixed?"
    with pytest.raises(RuntimeError):
        session.revise_next(planned[1])                                    # the first is open
    with pytest.raises(ValueError):
        session.close()
        session.revise_next(RoundQuestion(2, "Q2?", ("A2",)))              # buttons need choices
