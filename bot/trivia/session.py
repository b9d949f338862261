"""The round state machine: pure, synchronous and clock-free (callers pass times in ms).

One ``RoundSession`` per running round. The runner asks a question (``ask``), feeds it clicks
(``choose``) or messages (``guess``), closes it (``close``) to get a ``Reveal`` whose score events it
commits to the ledger, then ``apply``s the reveal and asks ``end_reason`` whether the round is over.

Rules: in buttons rounds each member answers once per question and may change once before the reveal
(the time of the last change counts); in typed rounds the first correct message takes the question and
every member who typed counts as having answered. Points follow ``bot.trivia.scoring``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.trivia.choices import LETTERS
from bot.trivia.matching import is_match
from bot.trivia.scoring import points_for

MAX_GUESS_STORED = 200


class Mode(StrEnum):
    BUTTONS = "buttons"
    TYPED = "typed"


class EndReason(StrEnum):
    FINISHED = "finished"
    STOPPED = "stopped"
    IDLE = "idle"
    ABORTED = "aborted"


class Click(StrEnum):
    LOCKED = "locked"               # first answer to this question
    CHANGED = "changed"             # the one allowed change
    SAME = "same"                   # clicked the choice already locked in
    NO_MORE_CHANGES = "no_more"     # already changed once
    CLOSED = "closed"               # this question is being revealed / the round is between questions
    OVER = "over"                   # an earlier question of this round
    INVALID = "invalid"             # no such choice on this question
    ENDED = "ended"                 # the round is over


@dataclass(frozen=True)
class RoundQuestion:
    question_id: int
    prompt: str
    answers: tuple[str, ...]
    choices: tuple[str, ...] = ()   # buttons rounds: 2–4 options, shuffled
    correct: int | None = None      # index of the right option in ``choices``
    label: str | None = None        # film or list the question comes from

    @property
    def answer(self) -> str:
        """The answer shown at the reveal."""
        if self.choices and self.correct is not None:
            return self.choices[self.correct]
        return self.answers[0]


@dataclass(frozen=True)
class ClickResult:
    outcome: Click
    choice: int | None = None       # the member's locked-in choice after this click


@dataclass(frozen=True)
class ScoreEvent:
    """One ledger row: a member's answer to one question."""

    user_id: int
    position: int
    question_id: int
    choice: str | None              # the option chosen, or the text typed
    correct: bool
    points: int
    answer_ms: int
    streak: int                     # correct answers in a row, this one included (0 when wrong)


@dataclass(frozen=True)
class Reveal:
    position: int
    question: RoundQuestion
    events: tuple[ScoreEvent, ...]  # fastest first
    counts: tuple[int, ...]         # buttons: how many picked each choice
    fastest: ScoreEvent | None      # the fastest correct answer

    @property
    def answered(self) -> int:
        return len(self.events)

    @property
    def correct(self) -> tuple[ScoreEvent, ...]:
        return tuple(e for e in self.events if e.correct)


@dataclass
class Standing:
    user_id: int
    points: int = 0
    correct: int = 0
    answered: int = 0
    total_ms: int = 0               # time spent on correct answers (tie-break: faster wins)
    streak: int = 0
    best_streak: int = 0

    @property
    def rank_key(self) -> tuple[int, int, int, int]:
        return (-self.points, -self.correct, self.total_ms, self.user_id)

    @property
    def tie_key(self) -> tuple[int, int]:
        """What two players must share to tie, as on the leaderboard: points, then correct answers."""
        return (-self.points, -self.correct)


def competition_ranks(standings: Sequence[Standing]) -> list[tuple[int, Standing]]:
    """``standings`` (best first) with ranks as the leaderboard gives them: a tie shares a rank and the
    next rank skips (1, 1, 1, 4)."""
    ranked: list[tuple[int, Standing]] = []
    for position, standing in enumerate(standings, 1):
        tied = ranked and ranked[-1][1].tie_key == standing.tie_key
        ranked.append((ranked[-1][0] if tied else position, standing))
    return ranked


@dataclass
class _Pick:
    choice: int
    at_ms: int
    changed: bool = False


class RoundSession:
    def __init__(self, round_id: int, questions: Sequence[RoundQuestion], *, mode: Mode | str, seconds: int,
                 idle_limit: int = 3, starter_id: int = 0, limit_ms: int | None = None) -> None:
        if not questions:
            raise ValueError("a round needs at least one question")
        self.round_id = round_id
        self.questions = tuple(questions)
        self.mode = Mode(mode)
        if self.mode is Mode.BUTTONS and any(len(q.choices) < 2 or q.correct is None for q in self.questions):
            raise ValueError("buttons rounds need multiple-choice questions")
        self.seconds = seconds
        # The time a question really stays open, for speed points (differs from seconds only in sped-up tests).
        self._limit_ms = seconds * 1000 if limit_ms is None else limit_ms
        self.idle_limit = max(1, idle_limit)
        self.starter_id = starter_id
        self.position = -1          # index of the current (or last) question
        self.is_open = False
        self.ended = False
        self.stop_requested_by: int | None = None
        self.idle_streak = 0        # questions in a row nobody answered
        self.asked_at_ms = 0
        self._picks: dict[int, _Pick] = {}
        self._attempts: dict[int, tuple[str, int]] = {}
        self._take: ScoreEvent | None = None
        self._standings: dict[int, Standing] = {}

    # -- asking -------------------------------------------------------------------------------------
    @property
    def limit_ms(self) -> int:
        return self._limit_ms

    @property
    def current(self) -> RoundQuestion | None:
        return self.questions[self.position] if 0 <= self.position < len(self.questions) else None

    @property
    def asked(self) -> int:
        """How many questions have been asked so far (0 before the first one)."""
        return self.position + 1

    def upcoming(self) -> tuple[RoundQuestion, ...]:
        """The questions still to ask (none once the round has ended or been stopped)."""
        return self.questions[self.position + 1:] if self.has_next else ()

    @property
    def has_next(self) -> bool:
        return not self.ended and self.stop_requested_by is None and self.position + 1 < len(self.questions)

    def revise_next(self, question: RoundQuestion) -> None:
        """Replace the next question with its corrected text (or the server's own telling of it, another
        question) before it is asked."""
        nxt = self.position + 1
        if self.is_open or nxt >= len(self.questions):
            raise RuntimeError("only the next question, before it is asked, can be revised")
        if self.mode is Mode.BUTTONS and (len(question.choices) < 2 or question.correct is None):
            raise ValueError("buttons rounds need multiple-choice questions")
        self.questions = (*self.questions[:nxt], question, *self.questions[nxt + 1:])

    def ask(self, now_ms: int) -> RoundQuestion:
        """Open the next question."""
        if self.is_open or not self.has_next:
            raise RuntimeError("no question to ask now")
        self.position += 1
        self.is_open = True
        self.asked_at_ms = now_ms
        self._picks, self._attempts, self._take = {}, {}, None
        return self.questions[self.position]

    def shown(self, now_ms: int) -> None:
        """The open question has reached the channel: answers are timed from now, not from when it was
        opened (Discord may take seconds to accept it). A click that came even earlier counts as instant."""
        if self.is_open:
            self.asked_at_ms = now_ms

    # -- answering ----------------------------------------------------------------------------------
    def choose(self, user_id: int, position: int, choice: int, now_ms: int) -> ClickResult:
        """A click on choice ``choice`` of question ``position`` (buttons rounds)."""
        if self.ended:
            return ClickResult(Click.ENDED)
        if position != self.position:
            return ClickResult(Click.OVER if position < self.position else Click.CLOSED)
        if not self.is_open or self.mode is not Mode.BUTTONS:
            return ClickResult(Click.CLOSED)
        question = self.questions[position]
        if not 0 <= choice < len(question.choices):
            return ClickResult(Click.INVALID)
        pick = self._picks.get(user_id)
        if pick is None:
            self._picks[user_id] = _Pick(choice, now_ms)
            return ClickResult(Click.LOCKED, choice)
        if pick.choice == choice:
            return ClickResult(Click.SAME, choice)
        if pick.changed:
            return ClickResult(Click.NO_MORE_CHANGES, pick.choice)
        pick.choice, pick.at_ms, pick.changed = choice, now_ms, True
        return ClickResult(Click.CHANGED, choice)

    def guess(self, user_id: int, text: str, now_ms: int) -> ScoreEvent | None:
        """A message in a typed round; returns the winning event when it takes the question."""
        if not self.is_open or self.mode is not Mode.TYPED or self._take is not None:
            return None
        self._attempts.setdefault(user_id, (text[:MAX_GUESS_STORED], now_ms))
        question = self.questions[self.position]
        if not is_match(text, question.answers):
            return None
        self._take = self._event(user_id, text[:MAX_GUESS_STORED], True, now_ms)
        self.is_open = False        # the first correct answer takes the question
        return self._take

    @property
    def taken(self) -> ScoreEvent | None:
        return self._take

    @property
    def answer_count(self) -> int:
        return len(self._picks) if self.mode is Mode.BUTTONS else len(self._attempts)

    def _event(self, user_id: int, choice: str | None, correct: bool, at_ms: int) -> ScoreEvent:
        answer_ms = max(0, at_ms - self.asked_at_ms)
        if not correct:
            return ScoreEvent(user_id, self.position, self.questions[self.position].question_id, choice, False, 0,
                              answer_ms, 0)
        standing = self._standings.get(user_id)
        streak = (standing.streak if standing else 0) + 1
        return ScoreEvent(user_id, self.position, self.questions[self.position].question_id, choice, True,
                          points_for(answer_ms, self.limit_ms, streak), answer_ms, streak)

    # -- revealing ----------------------------------------------------------------------------------
    def close(self) -> Reveal:
        """Close the current question and score it. Nothing changes until ``apply``."""
        if self.position < 0 or self.ended:
            raise RuntimeError("no question to close")
        self.is_open = False
        question = self.questions[self.position]
        events: list[ScoreEvent] = []
        counts = [0] * len(question.choices) if self.mode is Mode.BUTTONS else []
        if self.mode is Mode.BUTTONS:
            for user_id, pick in self._picks.items():
                counts[pick.choice] += 1
                events.append(self._event(user_id, question.choices[pick.choice], pick.choice == question.correct,
                                          pick.at_ms))
        else:
            if self._take is not None:
                events.append(self._take)
            for user_id, (text, at_ms) in self._attempts.items():
                if self._take is None or user_id != self._take.user_id:
                    events.append(self._event(user_id, text, False, at_ms))
        events.sort(key=lambda e: (e.answer_ms, e.user_id))
        fastest = next((e for e in events if e.correct), None)
        return Reveal(self.position, question, tuple(events), tuple(counts), fastest)

    def apply(self, reveal: Reveal, *, skipped: bool = False) -> None:
        """Add a committed reveal to the standings.

        A question skipped before anyone answered it (a broken one) is passed over: nobody's streak ends
        and it is not a question nobody was answering (the idle limit).
        """
        if skipped and not reveal.events:
            return
        right = set()
        for event in reveal.events:
            standing = self._standings.setdefault(event.user_id, Standing(event.user_id))
            standing.answered += 1
            if event.correct:
                right.add(event.user_id)
                standing.correct += 1
                standing.points += event.points
                standing.total_ms += event.answer_ms
                standing.streak = event.streak
                standing.best_streak = max(standing.best_streak, event.streak)
        for standing in self._standings.values():
            if standing.user_id not in right:
                standing.streak = 0
        self.idle_streak = 0 if reveal.events else self.idle_streak + 1

    # -- ending -------------------------------------------------------------------------------------
    def request_stop(self, user_id: int) -> None:
        if self.stop_requested_by is None:
            self.stop_requested_by = user_id

    def end_reason(self) -> EndReason | None:
        """Why the round is over after the last applied reveal, or None to ask the next question."""
        if self.stop_requested_by is not None:
            return EndReason.STOPPED
        if self.idle_streak >= self.idle_limit:
            return EndReason.IDLE
        if self.position + 1 >= len(self.questions):
            return EndReason.FINISHED
        return None

    def unanswered_left(self) -> int | None:
        """After an applied reveal nobody answered: how many more unanswered questions end the round early.

        None when that warning would mislead: the round is over, or it ends before the idle limit could
        be reached anyway.
        """
        if self.end_reason() is not None or self.idle_streak == 0:
            return None
        left = self.idle_limit - self.idle_streak
        remaining = len(self.questions) - self.asked
        return left if 0 < left < remaining else None

    def end(self) -> None:
        self.is_open = False
        self.ended = True

    def standings(self) -> list[Standing]:
        """Everyone who answered, best first: points, then correct answers, then speed."""
        return sorted(self._standings.values(), key=lambda s: s.rank_key)

    def winner(self) -> Standing | None:
        ranked = self.standings()
        return ranked[0] if ranked and ranked[0].points > 0 else None


def letter(index: int) -> str:
    return LETTERS[index]
