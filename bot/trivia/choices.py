"""Multiple-choice options for buttons rounds.

A question with its own wrong choices uses them (3, or 1 for a true/false question). A question
without any (typed lists such as Red-DiscordBot's) gets two buttons when its answer is yes or no, and
otherwise borrows three wrong choices: nearby numbers written the same way when the answer is a number
of a known kind (a year, a count, "3rd", "99 minutes", "the 1950s": ``bot.trivia.nearby``), else the
answers of other questions of the same list or film (never a yes or a no), preferring ones of a similar
length. A question that cannot get three is left out of buttons rounds.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from bot.text import fold
from bot.trivia.matching import is_match, yes_or_no
from bot.trivia.nearby import NumberForm, nearby, number_form

LETTERS = "ABCD"
BORROW_SAMPLE = 24   # other answers a borrowed wrong choice is picked from (similar lengths first)
# A yes/no answer's other button, in the answer's language.
_OPPOSITE = {"yes": "no", "no": "yes", "oui": "non", "non": "oui"}


def number_distractors(value: int, count: int, rng: random.Random, answers: Sequence[str] = ()) -> list[str]:
    """Distinct nearby numbers that are not accepted answers (never negative), e.g. 1959 -> 1956, 1961, 1962."""
    return nearby(NumberForm(value), count, rng, answers)


def borrowed_distractors(answers: Sequence[str], pool: Sequence[str], count: int,
                         rng: random.Random) -> list[str]:
    """Up to ``count`` other answers from ``pool`` that are not accepted answers: words before numbers (a
    name's buttons are other names when the list has them, not "3rd" or "1959"), then similar lengths.

    They are picked from at most ``BORROW_SAMPLE`` candidates drawn at random: a list of thousands is
    not read (folded and matched) whole for every question of a round.
    """
    accepted = {fold(a) for a in answers}
    target = len(fold(answers[0]).split())
    seen: set[str] = set()
    candidates: list[str] = []
    for option in _drawn(pool, rng, BORROW_SAMPLE * 4):
        key = fold(option)
        if not key or key in accepted or key in seen or yes_or_no(option) or is_match(option, answers):
            continue
        seen.add(key)
        candidates.append(option)
        if len(candidates) == BORROW_SAMPLE:
            break
    rng.shuffle(candidates)
    candidates.sort(key=lambda c: (number_form(c) is not None, abs(len(fold(c).split()) - target)))
    return candidates[:count]


def _drawn(pool: Sequence[str], rng: random.Random, most: int) -> Iterator[str]:
    """Items of ``pool`` in random order: all of a small pool, at most ``most`` distinct ones of a big one."""
    if len(pool) <= most:
        yield from rng.sample(list(pool), len(pool))
        return
    drawn: set[int] = set()
    while len(drawn) < most:
        i = rng.randrange(len(pool))
        if i not in drawn:
            drawn.add(i)
            yield pool[i]


def _yes_and_no(answer: str) -> tuple[str, str] | None:
    """("yes", "no") in the answer's language and capitals, when ``answer`` is a yes or a no: yes first."""
    word = fold(answer)
    if word not in _OPPOSITE:
        return None
    other = _OPPOSITE[word].capitalize() if answer[:1].isupper() else _OPPOSITE[word]
    return (answer, other) if word in ("yes", "oui") else (other, answer)


def build_choices(answers: Sequence[str], wrong: Sequence[str], rng: random.Random,
                  pool: Sequence[str] = ()) -> tuple[tuple[str, ...], int] | None:
    """Shuffled choices and the index of the right one, or None when the question can't be multiple choice."""
    if not answers:
        return None
    correct = answers[0]
    if not wrong and (both := _yes_and_no(correct)) is not None:
        return both, both.index(correct)
    if wrong:
        others = list(wrong[:3])
    else:
        form = number_form(correct)
        others = (nearby(form, 3, rng, answers) if form is not None
                  else borrowed_distractors(answers, pool, 3, rng))
        if len(others) < 3:
            return None
    options = [correct, *others]
    rng.shuffle(options)
    return tuple(options), options.index(correct)
