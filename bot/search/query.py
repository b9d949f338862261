"""Turn anything a member types into a safe SQLite FTS5 query (pure, no I/O).

FTS5 has its own query language: quotes, ``*``, ``^``, ``:``, parentheses, ``NEAR``, ``AND``, ``OR``
and ``NOT`` all mean something, and a stray one is a syntax error. Members must never see that, so
user text is never passed through: it is folded with ``bot.text.fold`` (case, accents and
punctuation removed: only letters, digits and spaces remain), split into terms, and every term is
written back as a quoted FTS5 string. Operators typed by a member become plain words ("near",
"or"), which is what they meant anyway.

The query is also bounded (terms, characters) so 500 characters of junk cost no more than a short
query, and so a normalised query always fits in a Discord ``custom_id`` for stateless paging.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import fold

MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_QUERY_CHARS = 80
# A prefix shorter than this matches too much of a big index to be useful (or fast).
DEFAULT_PREFIX_MIN = 3


def quote(term: str) -> str:
    """An FTS5 string literal: the term between double quotes, inner quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class SearchQuery:
    """A member's query reduced to folded terms; renders FTS5 MATCH expressions that cannot fail."""

    terms: tuple[str, ...]

    @property
    def text(self) -> str:
        """The normalised query, e.g. for a heading or a ``custom_id``."""
        return " ".join(self.terms)

    def all_terms(self, *, prefix_last: bool = True, prefix_min: int = DEFAULT_PREFIX_MIN) -> str:
        """Every term must appear; the last may be a word prefix (the member may still be typing)."""
        parts = [quote(t) for t in self.terms]
        if prefix_last and len(self.terms[-1]) >= prefix_min:
            parts[-1] += "*"
        return " ".join(parts)

    def prefixes(self, *, prefix_min: int = 1) -> str:
        """Every term must start a word: "quat cen coups" finds "les quatre cents coups"."""
        return " ".join(quote(t) + ("*" if len(t) >= prefix_min else "") for t in self.terms)

    def any_term(self, *, prefix_min: int | None = None) -> str:
        """At least one term must appear (a fallback when requiring all of them finds nothing)."""
        return " OR ".join(
            quote(t) + ("*" if prefix_min is not None and len(t) >= prefix_min else "") for t in self.terms
        )

    def phrase(self) -> str:
        """The terms next to each other, in order."""
        return quote(self.text)


def parse_query(raw: str | None) -> SearchQuery | None:
    """The searchable part of ``raw``, or None when nothing is left (only punctuation, empty...).

    Terms are folded, de-duplicated in order, cut to ``MAX_TERM_CHARS`` and limited to
    ``MAX_TERMS`` terms and ``MAX_QUERY_CHARS`` characters in all.
    """
    if not raw:
        return None
    terms: list[str] = []
    length = 0
    for term in fold(raw[: MAX_TERMS * (MAX_TERM_CHARS + 1) * 4]).split():
        term = term[:MAX_TERM_CHARS]
        if term in terms:
            continue
        extra = len(term) + (1 if terms else 0)
        if len(terms) == MAX_TERMS or length + extra > MAX_QUERY_CHARS:
            break
        terms.append(term)
        length += extra
    return SearchQuery(tuple(terms)) if terms else None
