"""Choosing a round's questions from a server's pool (rotation + multiple-choice options)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from bot.text import fold
from bot.trivia.choices import build_choices
from bot.trivia.rotation import cycles_to_record, pick_questions
from bot.trivia.session import Mode, RoundQuestion


class Candidate(Protocol):
    """What planning needs of a stored question (``bot.db.trivia.PoolQuestion`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def prompt(self) -> str: ...
    @property
    def answers(self) -> tuple[str, ...]: ...
    @property
    def wrong(self) -> tuple[str, ...]: ...
    @property
    def film_id(self) -> int | None: ...
    @property
    def film_title(self) -> str | None: ...
    @property
    def list_name(self) -> str | None: ...
    @property
    def times_asked(self) -> int: ...   # its level: the last cycle it was asked in here (bot.trivia.rotation)


@dataclass(frozen=True)
class RoundPlan:
    questions: list[RoundQuestion]
    cycles: dict[int, int] = field(default_factory=dict)   # question id -> the cycle its asking is filed in


def _group(c: Candidate) -> tuple[str, object]:
    return ("list", c.list_name) if c.list_name else ("film", c.film_id)


def plan_round(pool: Sequence[Candidate], count: int, mode: Mode | str, rng: random.Random | None = None, *,
               reserved: Mapping[int, int] | None = None) -> RoundPlan:
    """Up to ``count`` questions, least asked in this server first; multiple choice for buttons rounds.

    ``reserved`` counts the questions other rounds of the server are going to ask (planned, not asked
    yet) as asked once more each, so rounds side by side share out the pool instead of repeating it.
    Questions that cannot be multiple choice are passed over in buttons rounds; the plan is shorter
    than ``count`` only when the pool runs out. It says which cycle each question's asking is filed in.
    """
    rng = rng or random.Random()
    mode = Mode(mode)
    reserved = reserved or {}
    by_id = {c.id: c for c in pool if c.answers}
    # Reserved questions come last among their level: one asked once already ties with one another round
    # is about to ask, and the side round's question would be asked here too, minutes apart.
    order = pick_questions({qid: (c.times_asked + reserved.get(qid, 0), reserved.get(qid, 0))
                            for qid, c in by_id.items()}, len(by_id), rng)
    borrowed: dict[tuple[str, object], list[str]] = defaultdict(list)
    if mode is Mode.BUTTONS:
        for c in by_id.values():
            borrowed[_group(c)].append(c.answers[0])
    planned: list[RoundQuestion] = []
    for qid in order:
        if len(planned) >= count:
            break
        c = by_id[qid]
        label = c.film_title or c.list_name
        if mode is Mode.TYPED:
            planned.append(RoundQuestion(c.id, c.prompt, c.answers, label=label))
            continue
        built = build_choices(c.answers, c.wrong, rng, borrowed[_group(c)])
        if built is not None:
            planned.append(RoundQuestion(c.id, c.prompt, c.answers, built[0], built[1], label))
    levels = {qid: c.times_asked for qid, c in by_id.items()}
    return RoundPlan(planned, cycles_to_record(levels, (q.question_id for q in planned)))


def revised(question: RoundQuestion, prompt: str, answers: Sequence[str], wrong: Sequence[str],
            rng: random.Random | None = None) -> RoundQuestion:
    """A planned question as a moderator has since corrected it, before it is asked.

    Typed: the new prompt and answers. Multiple choice: the question's own wrong choices if it has some;
    otherwise the options already drawn for it, less any the new answers accept, the old answer among them
    when it is no longer right. Unchanged when it could no longer be multiple choice.
    """
    answers = tuple(answers)
    if not question.choices:
        return replace(question, prompt=prompt, answers=answers)
    accepted = {fold(a) for a in answers}
    drawn = [c for i, c in enumerate(question.choices) if i != question.correct]
    if question.correct is not None:
        drawn.append(question.choices[question.correct])
    others = list(wrong) or [c for c in drawn if fold(c) not in accepted][:3]
    built = build_choices(answers, others, rng or random.Random())
    if built is None:
        return question
    return replace(question, prompt=prompt, answers=answers, choices=built[0], correct=built[1])
