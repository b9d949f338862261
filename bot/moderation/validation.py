"""The rules a fact must follow, whether typed in a form or read from an import file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.pack import MAX_FACT_TEXT, MAX_SOURCE, MAX_TAG, MAX_TAGS
from bot.errors import InvalidInput
from bot.lookup.editing import MAX_TITLE
from bot.text import has_visible, without_hidden_breaks

TAG_SEPARATORS = re.compile(r"[;,|\n]")
# Discord mention markup: users, roles, channels, slash commands. A tag is a word, never a mention.
_MENTION = re.compile(r"<(?:@[!&]?|#|/[^<>:]{1,100}:)\d{1,20}>")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
MAX_FILM_QUERY = MAX_TITLE + len(" (1959)")   # the longest way an export names a film: its title and year


@dataclass(frozen=True)
class FactDraft:
    """A fact as a moderator or member typed it: raw strings, not yet checked."""

    text: str = ""
    film: str = ""
    source: str = ""
    tags: str = ""


@dataclass(frozen=True)
class CleanFact:
    """A fact that follows the rules; ``film`` is still a reference to resolve against the database."""

    text: str
    film: str | None
    source: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def clean_text(value: str) -> str:
    """Trim, unify line endings, drop trailing spaces on each line and the invisible characters that
    would split words for the search (a soft hyphen, a zero-width space)."""
    value = without_hidden_breaks(value).replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("\n", value).strip()


def split_tags(raw: str | Sequence[str]) -> list[str]:
    """'Cast; Production | #Paris' -> ['cast', 'production', 'paris'].

    A list's items are split the same way: a tag never holds a separator, so a CSV export (tags joined
    with '; ') imports back as the same tags. Mention markup ('<@&123>', '<#5>') is dropped: tags show
    in embeds, where it would render as a mention.
    """
    parts = [part for item in ([raw] if isinstance(raw, str) else raw) for part in TAG_SEPARATORS.split(item)]
    tags: list[str] = []
    for part in parts:
        tag = " ".join(_MENTION.sub(" ", without_hidden_breaks(part)).strip().lstrip("#").lower().split())
        if has_visible(tag) and tag not in tags:
            tags.append(tag)
    return tags


def check_fact(text: str, source: str = "", tags: str | Sequence[str] = "",
               film: str = "") -> tuple[CleanFact | None, list[Problem]]:
    """Check every field and return the clean fact, or None with every problem found."""
    problems: list[Problem] = []
    text = clean_text(text)
    if not has_visible(text):
        problems.append(Problem("text", "must not be empty" if not text else "has nothing a reader would see"))
    elif len(text) > MAX_FACT_TEXT:
        problems.append(Problem("text", f"is {len(text):,} characters long; the limit is {MAX_FACT_TEXT:,}"))
    source = clean_text(source) if has_visible(source) else ""
    if len(source) > MAX_SOURCE:
        problems.append(Problem("source", f"is {len(source)} characters long; the limit is {MAX_SOURCE}"))
    tag_list = split_tags(tags)
    if len(tag_list) > MAX_TAGS:
        problems.append(Problem("tags", f"has {len(tag_list)} tags; the limit is {MAX_TAGS}"))
    for tag in tag_list:
        if len(tag) > MAX_TAG:
            problems.append(Problem("tags", f"{tag[:20]!r}… is longer than {MAX_TAG} characters"))
    film = " ".join(film.split())
    if len(film) > MAX_FILM_QUERY:
        problems.append(Problem("film", f"is longer than {MAX_FILM_QUERY} characters"))
    if problems:
        return None, problems
    return CleanFact(text, film or None, source, tuple(tag_list)), []


# The fact form's name for each field (an import file's columns keep their own names).
FORM_LABELS = {"text": "Fact", "film": "Film", "source": "Source", "tags": "Tags"}


def validate_draft(draft: FactDraft) -> CleanFact:
    """The clean fact, or ``InvalidInput`` naming every field to fix as the form names it."""
    fact, problems = check_fact(draft.text, draft.source, draft.tags, draft.film)
    if fact is None:
        raise InvalidInput("Nothing was saved. Please fix:\n" + "\n".join(
            f"• {FORM_LABELS.get(p.field, p.field)}: {p.message}" for p in problems))
    return fact
