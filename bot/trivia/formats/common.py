"""What every question-list format shares: the parsed result, errors that name the question, keys."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.content.pack import DIFFICULTIES, MAX_CHOICE, MAX_PROMPT, MAX_SOURCE, QuestionEntry
from bot.text import first_lines, fold

MAX_FILE_BYTES = 2_000_000
MAX_QUESTIONS = 5_000
MAX_ANSWERS = 30
MAX_PROBLEMS_SHOWN = 10
MAX_LIST_NAME = 60

# What a file of each format holds besides the prompt. Re-importing a list leaves the rest of a question
# as it was: a Red list has no wrong choices, difficulty or source; Open Trivia DB has one accepted answer.
_HOLDS = {"red": frozenset({"answers"}), "opentdb": frozenset({"wrong", "difficulty"}),
          "pack": frozenset({"answers", "wrong", "difficulty", "source"})}


class ListError(Exception):
    """A question list that cannot be imported; ``problems`` holds every reason, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(first_lines(self.problems, MAX_PROBLEMS_SHOWN)))


@dataclass(frozen=True)
class ParsedList:
    """Questions read from one file, ready for ``bot.db.questions.import_questions``."""

    name: str                       # the list name every question gets
    format: str                     # "red", "opentdb" or "pack"
    questions: tuple[QuestionEntry, ...]
    author: str | None = None
    description: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def multiple_choice(self) -> int:
        return sum(1 for q in self.questions if q.wrong)

    def merged(self, new: QuestionEntry, old: QuestionEntry) -> QuestionEntry:
        """What re-importing ``new`` from this file writes over the question ``old``.

        What the format cannot hold stays as it was, so a list exported and imported back is unchanged.
        Answers the file writes as they are stored keep the spellings it left out (a file keeps one of
        'Léaud' and 'Leaud'), but an accent or a capital the file corrects is saved; one accepted answer
        (Open Trivia DB) keeps the others while it is still one of them (its spelling corrected); kept
        wrong choices never include a now accepted answer.
        """
        holds = _HOLDS[self.format]
        answers, folded = new.answers, [fold(a) for a in new.answers]
        old_folded = [fold(a) for a in old.answers]
        if set(new.answers) <= set(old.answers) and ("answers" not in holds
                                                     or folded == list(dict.fromkeys(old_folded))):
            answers = old.answers
        elif "answers" not in holds and set(folded) <= set(old_folded):
            respelled = dict(zip(folded, new.answers, strict=True))
            answers = tuple(dict.fromkeys(respelled.get(f, a) for f, a in zip(old_folded, old.answers, strict=True)))
        wrong = new.wrong
        if "wrong" not in holds:
            accepted = {fold(a) for a in answers}
            kept = tuple(w for w in old.wrong if fold(w) not in accepted)
            wrong = kept if len(kept) in (1, 3) else ()
        return replace(new, answers=answers, wrong=wrong,
                       difficulty=new.difficulty if "difficulty" in holds else old.difficulty,
                       source=new.source if "source" in holds else old.source)


def list_name_from(filename: str, given: str | None = None) -> str:
    """A readable list name: the one given, else the file name without its extension."""
    name = (given or re.sub(r"\.(ya?ml|json)$", "", filename, flags=re.IGNORECASE) or "questions").strip()
    return name[:MAX_LIST_NAME] or "questions"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text, stable_key=True)).strip("-")[:40] or "list"


def question_key(list_name: str, prompt: str) -> str:
    """Stable id of a question within a server: re-importing the same list updates it in place.

    Stored in every imported question, so it is made the way it always was (``fold``'s stable key
    form): a change to how members' words are matched must not turn a re-import into duplicates.
    """
    digest = hashlib.sha1(fold(prompt, stable_key=True).encode("utf-8")).hexdigest()[:12]
    return f"{slug(list_name)}.{digest}"


def decode_text(raw: bytes, origin: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListError([f"{origin}: not UTF-8 text (bad byte at position {exc.start}); save the file as UTF-8"]
                        ) from None


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class QuestionChecker:
    """Validates questions one by one, collecting problems that name the question."""

    def __init__(self, origin: str, list_name: str) -> None:
        self.origin = origin
        self.list_name = list_name
        self.problems: list[str] = []
        self._seen: dict[str, str] = {}

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.origin}: {where}: {message}")

    def check(self, where: str, prompt: str, answers: Sequence[str], wrong: Sequence[str] = (),
              difficulty: str | None = None, source: str = "", film: str | None = None) -> QuestionEntry | None:
        """A ``QuestionEntry``, or None after recording what is wrong with it."""
        before = len(self.problems)
        prompt = " ".join(prompt.split())
        if not prompt:
            self.problem(where, "the question text is empty")
        elif len(prompt) > MAX_PROMPT:
            self.problem(where, f"the question is {len(prompt)} characters long; the limit is {MAX_PROMPT}")
        clean_answers = self._texts(where, "answer", answers)
        clean_wrong = self._texts(where, "wrong choice", wrong)
        if not clean_answers and len(self.problems) == before:
            self.problem(where, "has no answers: give at least one accepted answer")
        if len(clean_answers) > MAX_ANSWERS:
            self.problem(where, f"has {len(clean_answers)} answers; the limit is {MAX_ANSWERS}")
        accepted = {fold(a) for a in clean_answers}
        for w in clean_wrong:
            if fold(w) in accepted:
                self.problem(where, f"the wrong choice {w!r} is also an accepted answer")
        if clean_wrong and len(clean_wrong) not in (1, 3):
            self.problem(where, f"needs 3 wrong choices (or 1 for true/false), got {len(clean_wrong)}")
        if difficulty is not None and difficulty not in DIFFICULTIES:
            self.problem(where, f"difficulty {difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
        key = fold(prompt)
        if key and key in self._seen:
            self.problem(where, f"duplicate question (first at {self._seen[key]})")
        elif key:
            self._seen[key] = where
        if len(self.problems) > before:
            return None
        return QuestionEntry(question_key(self.list_name, prompt), prompt, tuple(clean_answers), tuple(clean_wrong),
                             film, difficulty, source[:MAX_SOURCE], self.list_name)

    def _texts(self, where: str, what: str, values: Sequence[str]) -> list[str]:
        out: list[str] = []
        for value in values:
            text = " ".join(value.split())
            if not text:
                self.problem(where, f"an {what} is empty" if what[0] in "aeiou" else f"a {what} is empty")
            elif len(text) > MAX_CHOICE:
                self.problem(where, f"the {what} {short(text, 30)!r} is longer than {MAX_CHOICE} characters")
            elif fold(text) not in {fold(o) for o in out}:
                out.append(text)
        return out

    def finish(self, questions: list[QuestionEntry]) -> tuple[QuestionEntry, ...]:
        if not questions and not self.problems:
            self.problems.append(f"{self.origin}: the file holds no questions")
        if len(questions) > MAX_QUESTIONS:
            self.problems.append(f"{self.origin}: {len(questions)} questions; the limit per file is {MAX_QUESTIONS}")
        if self.problems:
            raise ListError(self.problems)
        return tuple(questions)
