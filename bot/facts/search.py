"""Full-text search input and output: any text a member types becomes a safe FTS5 query (pure).

FTS5 has its own query language (quotes, ``*``, ``^``, ``NEAR``, ``AND``/``OR``/``NOT``, parentheses,
``column:``). A member's text is never passed through as that language: it is cut into words (runs
of letters and digits), each word is quoted, and the words are ANDed. The last word also matches as a
prefix, so "Lea" finds "Léaud" while the member is still typing. Accents and case are folded by the
index's tokenizer (``unicode61 remove_diacritics 2``), which applies to the quoted words too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bot.text import escape_keeping_spoilers, spoilers_closed, without_discord_markup, without_hidden_breaks

MAX_TERMS = 8            # more words only make the query slower and the results emptier
MAX_TERM_CHARS = 40      # no real word is longer; a 500-character blob is cut
MIN_PREFIX_CHARS = 2     # "a*" would match most of the index

# snippet() markers: control characters that never occur in a fact, turned into Markdown later.
HIT_START = "\x02"
HIT_END = "\x03"


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def terms(text: str) -> list[str]:
    """The words of ``text``: runs of letters, digits and their accents, lower-cased, deduplicated
    (Discord's mentions and server emoji are not words of it)."""
    text = unicodedata.normalize("NFC", without_hidden_breaks(without_discord_markup(text)))
    words: list[str] = []
    current: list[str] = []
    for char in text + " ":
        if _is_word_char(char):
            current.append(char)
            continue
        if current:
            word = "".join(current).lower()[:MAX_TERM_CHARS]
            # A run that is only combining marks is not a word.
            if any(unicodedata.category(c)[0] != "M" for c in word) and word not in words:
                words.append(word)
            current = []
    return words


def match_query(text: str, *, prefix_last: bool = True, any_word: bool = False) -> str | None:
    """An FTS5 MATCH expression for ``text`` that can never be a syntax error; None if no word is left.

    Every word must match (``any_word``: at least one, for a second try when all of them find nothing).
    """
    words = terms(text)[:MAX_TERMS]
    if not words:
        return None
    parts = [f'"{word}"' for word in words]  # words hold no '"': only letters, digits and marks
    if prefix_last and len(words[-1]) >= MIN_PREFIX_CHARS:
        parts[-1] += "*"
    return (" OR " if any_word else " ").join(parts)


def any_spelling(spellings: Sequence[str], *, prefix: bool = False) -> str:
    """An FTS5 expression matching any of a word's ``spellings`` (as ``terms`` leaves them: nothing to
    escape), each as a prefix when ``prefix``: '"søren"', '("soren"* OR "søren"*)'."""
    star = "*" if prefix else ""
    parts = [f'"{s}"{star}' for s in spellings]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def render_snippet(snippet: str) -> str:
    """Turn a snippet() with HIT_START/HIT_END markers into Markdown with the hits in bold."""
    out: list[str] = []
    bold = False
    for piece in re.split(f"([{HIT_START}{HIT_END}])", snippet):
        if piece == HIT_START:
            if not bold:
                out.append("**")
                bold = True
        elif piece == HIT_END:
            if bold:
                out.append("**")
                bold = False
        else:
            out.append(escape_keeping_spoilers(piece))
    if bold:
        out.append("**")
    return spoilers_closed("".join(out).replace("****", ""))   # the fact's spoilers stay hidden
