"""Text folding shared by lookups, search and answer matching (pure, no I/O)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_FRACTION_AFTER_DIGIT = re.compile(r"(?<=\d)[\u00bc-\u00be\u2150-\u215e]")   # ¼ ½ ¾, ⅐ to ⅞
# Single letters joined by dots or stars, as in S.W.A.T., L.A. or M*A*S*H: read as one word.
_INITIALS = re.compile(r"(?<!\w)[^\W\d_](?:[.*][^\W\d_])+(?!\w)")
# Lower-case letters that NFKD does not decompose into a base letter plus an accent, as they fold.
# The facts' search also respells words with them (bot.facts.spellings: 'soren' finds 'Søren').
SPECIAL_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"}
_UPPER = {"Ø": "o", "Æ": "ae", "Œ": "oe", "Đ": "d", "Ł": "l", "ẞ": "ss"}
# 'Friðrik Þór' folds to 'fridrik thor', as members type him. The facts' search does not respell
# these two: most words have a 'd' or a 'th', so nearly every search would ask the index for more
# spellings (one A/B run of bench.search at 1,000,000 facts: two words p99 8.7 -> 11.1 ms).
_ICELANDIC = {"ð": "d", "þ": "th", "Ð": "d", "Þ": "th"}
_SPECIAL = str.maketrans({**SPECIAL_LETTERS, **_UPPER, **_ICELANDIC})
_KEY_SPECIAL = str.maketrans({**SPECIAL_LETTERS, **_UPPER})   # the letters stored keys were first made with
# Invisible characters pasted from web pages and used by trolls: they show nothing and join or break
# nothing a reader sees, but a search index or a matcher reads each as a word break ("Ros\u00adsellini").
# Soft hyphen, zero-width space, word joiner, zero-width no-break space (a stray byte-order mark).
_BREAKS = "\u00ad\u200b\u2060\ufeff"
_HIDDEN_BREAKS = str.maketrans("", "", _BREAKS)
# For matching, every other mark that only steers how text is drawn goes too: zero-width (non-)joiners,
# direction marks, embeddings and isolates.
_FORMAT_MARKS = str.maketrans("", "", _BREAKS + "\u200c\u200d\u200e\u200f\u061c"
                                               "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def strip_accents(text: str) -> str:
    """'Léaud' -> 'Leaud'; 'Œuvre' -> 'Oeuvre'; 'Þór' -> 'Thor'."""
    return _strip(text, _SPECIAL)


def _strip(text: str, letters: dict[int, str]) -> str:
    if text.isascii():  # nothing to strip; halves the cost of folding a big catalogue's names
        return text
    decomposed = unicodedata.normalize("NFKD", text).translate(letters)   # after: 'ǿ' is 'ø' + an accent
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str, *, stable_key: bool = False) -> str:
    """Case-, accent- and punctuation-insensitive form: "L'Enfant & moi!" -> "l enfant and moi".

    Apostrophes and hyphens split words, '&' reads as 'and', underscores count as punctuation;
    initials joined by dots or stars are one word ("M*A*S*H" and "S.W.A.T." -> "mash", "swat");
    a fraction after a number reads as typed without the ½ key ("8½" and "8 1/2" -> "8 1 2").
    Invisible marks (a soft hyphen, a zero-width space, direction marks) are not there at all.
    ``stable_key``: the form stored keys were first made with (initials apart, invisible marks read as
    breaks, 'ð' and 'þ' kept), so a key made from it never moves when matching members' words improves.
    """
    if not stable_key and not text.isascii():
        text = text.translate(_FORMAT_MARKS)                 # invisible: "Ros\u00adsellini" is "rossellini"
        text = _FRACTION_AFTER_DIGIT.sub(r" \g<0>", text)   # "8½" -> "8 ½", then "8 1⁄2": as typed, "8 1/2"
    text = _strip(text, _KEY_SPECIAL if stable_key else _SPECIAL).casefold().replace("&", " and ")
    if not stable_key and ("." in text or "*" in text):
        text = _INITIALS.sub(lambda m: m.group().replace(".", "").replace("*", ""), text)
    return _NON_WORD.sub(" ", text.replace("_", " ")).strip()   # each run of non-word characters: one space


_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})   # controls, zero-width characters, spaces


def without_hidden_breaks(text: str) -> str:
    """``text`` without the invisible characters that would split its words for a search or a matcher
    ("Ros\u00adsel\u00adlini" -> "Rossellini"); what a reader sees is unchanged."""
    return text.translate(_HIDDEN_BREAKS)


def slug(text: str, default: str, limit: int = 40) -> str:
    """``text`` as a file name part: 'Nouvelle Vague : été 1959 / quiz' -> 'nouvelle-vague-ete-1959-quiz'."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")[:limit].strip("-") or default


def is_number(text: str) -> bool:
    """Digits ``int`` reads ('1959', '１９５９', '١٩٥٩'); '²' passes ``str.isdigit`` but ``int`` refuses it."""
    return text.isdecimal()


def first_lines(lines: Sequence[str], shown: int = 10) -> list[str]:
    """The first ``shown`` of ``lines``, then '… and N more' for the rest (a message must stay readable)."""
    rest = len(lines) - shown
    return [*lines[:shown], f"… and {rest} more"] if rest > 0 else list(lines)


def row_id(text: str) -> int | None:
    """The number typed where an id is wanted ('12'); None unless it fits a database id (1 to 2**63 - 1)."""
    return int(text) if is_number(text) and 0 < int(text) < 2**63 else None


def has_visible(text: str) -> bool:
    """False for '', '   ' and zero-width characters such as U+200B: nothing a reader would see."""
    return any(unicodedata.category(c) not in _INVISIBLE for c in text)


# Discord markdown: emphasis, spoilers, code, links anywhere; quotes, headings and lists at a line's start.
_MARKDOWN = re.compile(r"[\\*_~`|\[\]]|^[>#-]", re.MULTILINE)


SPOILER = "||"   # Discord's spoiler bars: ||hidden until clicked||


# What Discord puts in a message for a server's own emoji (<:popcorn:1122…>, animated <a:clap:…>) and for a
# mention of a member, role or channel: no part of what a member means to type, any more than a 🎬 is.
_DISCORD_MARKUP = re.compile(r"<a?:\w{2,32}:\d{15,21}>|<@[!&]?\d{15,21}>|<#\d{15,21}>|(?<!\w)@(?:everyone|here)\b")


def without_discord_markup(text: str) -> str:
    """``text`` with Discord's mentions (@everyone and @here too) and server emoji taken out (each leaves a space)."""
    return _DISCORD_MARKUP.sub(" ", text)


def escape_markdown(text: str) -> str:
    """``text`` as typed in Discord markdown: 'M*A*S*H' stays 'M*A*S*H', not an italic A."""
    return _MARKDOWN.sub(lambda m: "\\" + m.group(0), text)


def escape_keeping_spoilers(text: str) -> str:
    """``escape_markdown`` except for spoiler bars: a fact quoted as typed still hides what it hides."""
    return SPOILER.join(escape_markdown(part) for part in text.split(SPOILER))


def spoilers_closed(text: str) -> str:
    """``text`` with a spoiler it leaves open (a part of a fact) closed at its end."""
    return text + SPOILER if text.count(SPOILER) % 2 else text


_ESCAPED = re.compile(r"\\([\\*_~`|\[\]>#-])")


def unescape_markdown(text: str) -> str:
    """The plain text of ``escape_markdown``'s output (and of any backslash escape of those characters):
    'M\\*A\\*S\\*H' -> 'M*A*S*H'. Other Markdown is left as it is."""
    return _ESCAPED.sub(r"\1", text)


def quoted(text: str, limit: int) -> str:
    """“text”, as typed, on one line, cut to ``limit``, to name what a member typed; '' when nothing visible was."""
    return f"“{escape_markdown(one_line(text, limit))}”" if has_visible(text) else ""


# Explicit direction controls (embeddings, overrides, isolates). Shown on one line, an unclosed
# right-to-left override in a fact reversed everything after it: its film, the next result.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def flat(text: str) -> str:
    """``text`` for one line: whitespace runs as one space, no direction controls (the script's own
    direction still shows: Hebrew and Arabic need none)."""
    return _SPACES.sub(" ", _DIRECTION_CONTROLS.sub("", text)).strip()


# The start of a mention, channel, emoji or timestamp (<@123>, <#5>, <:name:6>, <t:17:R>) that a cut left open.
_OPEN_TOKEN = re.compile(r"<[^<>\s]*$")


def ellipsized(text: str, limit: int) -> str:
    """The start of ``text`` (longer than ``limit``) that fits in ``limit`` with an ellipsis. A spoiler the cut
    leaves open is closed after the ellipsis ("||Antoine runs…||"): cut short, a fact never shows in clear what
    it hides, nor turns the text after it (the next quote of an audit line) into its spoiler."""
    kept = text[: max(0, limit - 1)].rstrip()
    if kept.count(SPOILER) % 2 == 0:
        return kept + "…"
    kept = kept[: max(0, limit - 1 - len(SPOILER))].rstrip()
    return kept + ("…" + SPOILER if kept.count(SPOILER) % 2 else "…")


def one_line(text: str, limit: int) -> str:
    """``flat`` and cut to ``limit`` characters with an ellipsis, never inside a mention ("<@12…")."""
    text = flat(text)
    if len(text) <= limit:
        return text
    return ellipsized(_OPEN_TOKEN.sub("", text[: max(0, limit - 1)]), limit)


def plural(count: int, word: str, plural_word: str | None = None, *, bold: bool = False) -> str:
    """'1 question', '2 questions', '0 questions', '1,200 answers'; irregular plurals as ``plural_word``.

    ``bold`` puts the number in Markdown bold: '**1** question'.
    """
    number = f"**{count:,}**" if bold else f"{count:,}"
    return f"{number} {word if count == 1 else (plural_word or word + 's')}"
