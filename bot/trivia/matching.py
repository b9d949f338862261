"""Typed-answer matching: is a member's guess one of a question's accepted answers?

Both sides are folded with ``bot.text.fold`` (case, accents and punctuation ignored, "&" reads as
"and"). Then:

- a leading article is ignored, in English and French (the, a, an, le, la, les, l', un, une, des);
  only one: "land" is not "La La Land". So is the article opening a subtitle, after a colon:
  "2001 Space Odyssey" is "2001: A Space Odyssey";
- words with a digit must be typed exactly (1959 is not 1958, 400 is not 4000); thousands separators
  are ignored (4,100,000 = 4100000) but a decimal point is not (4.1 is not 41: it reads "4 point 1"),
  and numbers up to twenty in words, English or French, are their digits ("three" = 3; "un" and
  "une" stay articles);
- other words tolerate typos by length: none up to 4 letters, one edit for 5–8 letters, two for 9
  or more (optimal string alignment distance, so a swapped pair of letters is one edit), at most
  two edits in all, and only edits that read as slips (``bot.trivia.typos``): the first letter stands,
  no letter but a plural "s" runs on past the word's end, two edits are apart ("stepmother" is not
  "stepfather", "motor" not "Rotor", "Parish" not "Paris"); words may be split or joined ("spider man" =
  "Spiderman");
- a guess is judged as a whole: the answer must appear as a run of whole words and everything else
  in the guess must be filler ("I think it's Truffaut", "c'est Truffaut ?"). A pasted list of names,
  or an answer hidden inside another word, never matches. The end of an English contraction ('m, 's,
  'd, 'll, 're, 've, n't) belongs to its word: it never starts the answer ("I'm sure" does not name the
  film *M*), and only a possessive 's may follow it ("Don't" is not "Don", "Truffaut's" is "Truffaut");
- a name's particles may stand just before the answer, as the member knows the name: "von Sternberg"
  and "van der Rohe" take "Sternberg" and "Rohe" ("de Oliveira" too: "de" is filler anywhere); a
  particle does not make a wrong name right, and a guess of particles alone names nobody;
- a number answer may be typed with its unit just after it: "99 minutes", "99 min" and "99min" take
  "99" (units of time, length, weight, money, percent); the number must still be exact ("90 minutes"
  is not 99), and a unit is filler nowhere else;
- an ordinal is its number, however the language writes it: 50th = 50e = 50ème = 50, and up to
  twenty in words too: third = 3rd = 3, "The 7th Seal" = "The Seventh Seal" ("septième" too);
- a roman numeral from II to XX is its number, as sequels and parts are numbered: "Part II" = "Part 2"
  = "Part two"; a lone "I" is the pronoun ("I think"), except after a part's word ("Part I" = "Part 1");
- yes and no are one answer in English and French ("oui", "ouais", "yep" take a "yes"; "non", "nope"
  take a "no"); a guess that says both ("yes no", "oui non") never takes a yes/no question, though
  "yes", "oui" and "non" are filler elsewhere ("c'est Truffaut, non ?").

Answers are prepared once and cached, so calling ``is_match`` in bursts costs a fold of the guess and
a few comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.numbers import as_digits
from bot.text import fold, without_discord_markup
from bot.trivia.typos import is_slip

__all__ = ["ARTICLES", "FILLER", "ORDINAL_SUFFIXES", "PARTICLES", "UNITS", "is_match", "yes_or_no"]

# Folded forms: fold() turns "l'" into the word "l".
ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "l", "un", "une", "des"})

# Words a guess may carry around the answer without changing it ("I think it's ...", "c'est ...").
FILLER = ARTICLES | frozenset({
    # English
    "i", "im", "m", "id", "d", "ll", "think", "guess", "say", "bet", "believe", "reckon", "it", "its", "s",
    "is", "was", "that", "thats", "this", "be", "must", "maybe", "perhaps", "probably", "surely", "sure",
    "definitely", "obviously", "pretty", "answer", "final", "my", "oh", "ok", "okay", "hmm", "hm", "um",
    "uh", "er", "erm", "easy", "lol", "yes", "yeah", "yep", "well", "so", "right", "in", "of", "course",
    "going", "with", "go", "got", "gotta", "has", "to", "would", "could", "should", "hey", "duh",
    "ah", "ahh", "wait", "isn", "t", "please", "pls",
    "about", "around", "roughly", "approximately", "approx", "circa", "nearly", "some",   # "about 12"
    # French
    "je", "j", "pense", "crois", "dirais", "dirait", "que", "qu", "c", "est", "ce", "cest", "ca",
    "peut", "etre", "sans", "doute", "bien", "sur", "surement", "evidemment", "facile", "reponse",
    "ma", "mon", "alors", "euh", "bah", "ben", "oui", "voila", "hein", "en", "du", "de", "non", "quoi",
    "serait", "etait", "donc", "environ", "vers", "peu", "pres",
})

# A name's particles (folded): "von Sternberg" is Sternberg. Only just before the answer, never as filler.
PARTICLES = frozenset({
    "von", "vom", "zu", "van", "der", "den", "ter", "ten", "de", "des", "du", "d", "le", "la", "l",
    "di", "da", "del", "della", "dei", "degli", "dos", "das", "do",
})

# Units a number answer may be typed with ("99 minutes" for 99), folded. Multipliers such as "million"
# are not units: they change the number.
UNITS = frozenset({
    "sec", "secs", "seconds", "secondes", "min", "mins", "mn", "minute", "minutes", "h", "hr", "hrs",
    "hour", "hours", "heure", "heures", "day", "days", "jour", "jours", "week", "weeks", "semaine",
    "semaines", "month", "months", "mois", "year", "years", "yr", "yrs", "ans", "annee", "annees",
    "mm", "cm", "km", "metre", "metres", "meter", "meters", "mile", "miles", "ft", "feet", "foot",
    "inch", "inches", "kg", "kilo", "kilos", "pound", "pounds", "lb", "lbs",
    "dollar", "dollars", "usd", "euro", "euros", "eur", "franc", "francs", "bucks",
    "percent", "pourcent", "pct",
})
# A unit typed against its number: "99min", "35mm", "2h".
_GLUED_UNIT = re.compile(r"^(\d+)(" + "|".join(sorted((u for u in UNITS if u.isalpha()), key=len, reverse=True))
                         + r")$")

# Yes and no, in English and French: a guess holding both hedges a yes/no question.
_YES = frozenset({"yes", "yeah", "yep", "oui", "ouais"})
_NO = frozenset({"no", "nope", "nah", "non"})
_YES_NO = {**dict.fromkeys(_YES, "yes"), **dict.fromkeys(_NO, "no")}

# A separator between digit groups of three is a thousands separator (dropped); another between digits
# is a decimal point or comma, kept as a word so "4.1" never reads as "41".
_THOUSANDS = re.compile(r"(?<=\d)[,.'\u00a0\u202f](?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
# An ordinal's suffix after its digits, English or French (folded): 1st 2nd 3rd 50th, 1er 1re 50e 50eme.
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "er", "re", "ere", "e", "eme"})
_ORDINAL = re.compile(r"(?<=\d)(?:" + "|".join(sorted(ORDINAL_SUFFIXES, key=len, reverse=True)) + r")$")

# The end of an English contraction: "I'm" folds to "i m", but that "m" was never typed as a word.
_APOSTROPHES = "'\u2019\u2018`\u00b4"
_DIGIT = re.compile(r"\d")
_CONTRACTION = re.compile(rf"(?<=\w)[{_APOSTROPHES}](?=(?:m|s|d|ll|re|ve|t)\b)", re.IGNORECASE)

_MAX_GUESS_WORDS = 40
_MAX_TOTAL_EDITS = 2


def _allowed_edits(word: str) -> int:
    """How many typos a word of the answer tolerates (none for numbers or short words)."""
    if any(c.isdigit() for c in word):
        return 0
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 8 else 2


def _strip_articles(words: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a leading article ("the a team" -> "a team"); keep the words if nothing else is left."""
    return words[1:] if len(words) > 1 and words[0] in ARTICLES else words


def _read(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """The folded words of ``text``, numbers read as described above, Discord's emoji and mentions left out;
    and where the ends of contractions are among them (the "m" of "I'm")."""
    text = _DECIMAL.sub(" point ", _THOUSANDS.sub("", without_discord_markup(text)))
    words: list[str] = []
    tails: set[int] = set()
    pieces = _CONTRACTION.split(text) if any(a in text for a in _APOSTROPHES) else (text,)
    for i, piece in enumerate(pieces):   # each piece after the first starts with the end of a contraction
        folded = _unglued(fold(piece).split())
        if i and folded:
            tails.add(len(words))
        words.extend(as_digits(folded, ordinals=True, roman=True))
    if _DIGIT.search(text):
        words = [_ORDINAL.sub("", word) for word in words]
    return tuple(words), frozenset(tails)


def _unglued(words: list[str]) -> list[str]:
    """A number and the unit typed against it as two words: "99min" -> "99" "min"."""
    if not any(word[0].isdigit() for word in words):
        return words
    out: list[str] = []
    for word in words:
        glued = _GLUED_UNIT.match(word) if word[0].isdigit() else None
        out.extend(glued.groups() if glued else (word,))
    return out


def _words(text: str) -> tuple[str, ...]:
    return _read(text)[0]


@dataclass(frozen=True, slots=True)
class _Answer:
    words: tuple[str, ...]      # folded words, leading articles removed
    joined: str                 # the words without spaces
    edits: tuple[int, ...]      # typos tolerated per word
    fuzzy: bool                 # any word tolerates a typo
    hedges: frozenset[str]      # words that, anywhere in a guess, make it a hedge (yes for a "no" answer)
    yes_no: bool                # the answer is yes or no: the guess's oui, non, yep... read as yes and no
    number: bool                # the answer ends with a number: a unit may follow it


@dataclass(frozen=True, slots=True)
class _Guess:
    words: tuple[str, ...]
    core: tuple[str, ...]       # without leading articles
    # nonfiller[k] = number of non-filler words among words[:k]
    nonfiller: tuple[int, ...]
    # lead[k] = the same, but for a name's particles just before words[k] ("von" in "von Sternberg")
    lead: tuple[int, ...]
    tails: frozenset[int]       # where the ends of contractions are: "I'm" -> {1}


@lru_cache(maxsize=32_768)
def _prepare_answer(answer: str) -> tuple[_Answer, ...]:
    """The answer as written, and without the articles opening its subtitles ("2001: A Space Odyssey")."""
    text = without_discord_markup(answer)
    words = _strip_articles(_words(text))
    if not words:
        return ()
    forms = [words]
    if ":" in text:
        head, *subtitles = (_words(part) for part in text.split(":"))
        short = _strip_articles(head + tuple(w for part in subtitles for w in _strip_articles(part)))
        if short and short != words:
            forms.append(short)
    return tuple(_answer(form) for form in forms)


def _answer(words: tuple[str, ...]) -> _Answer:
    edits = tuple(_allowed_edits(w) for w in words)
    hedges = (_NO if _YES.intersection(words) else frozenset()) | (_YES if _NO.intersection(words) else frozenset())
    yes_no = len(words) == 1 and words[0] in _YES_NO
    if yes_no:
        words = (_YES_NO[words[0]],)
    number = words[-1].isdigit()
    return _Answer(words, "".join(words), edits, any(edits), hedges, yes_no, number)


@lru_cache(maxsize=16_384)
def _prepare_guess(guess: str) -> _Guess:
    words, tails = _read(guess[:1_000])
    counts = [0]
    for w in words:
        counts.append(counts[-1] + (w not in FILLER))
    lead = list(counts)
    for k in range(1, len(words) + 1):
        if words[k - 1] in PARTICLES:
            lead[k] = lead[k - 1]
    return _Guess(words, _strip_articles(words), tuple(counts), tuple(lead), tails)


def _close(window: tuple[str, ...], answer: _Answer) -> bool:
    """Word-by-word comparison with the answer's typo budget."""
    budget = _MAX_TOTAL_EDITS
    for typed, (word, allowed) in zip(window, zip(answer.words, answer.edits, strict=True), strict=True):
        if typed == word:
            continue
        if not allowed or any(c.isdigit() for c in typed):
            return False
        cost = OSA.distance(typed, word, score_cutoff=min(allowed, budget))
        if cost > min(allowed, budget) or not is_slip(typed, word, cost):
            return False
        budget -= cost
    return True


def _matches(guess: _Guess, answer: _Answer) -> bool:
    typed = guess.words
    if answer.yes_no:   # which words are filler stays as typed: "non" is filler, "no" is not
        words = tuple(_YES_NO.get(w, w) for w in typed)
        guess = _Guess(words, _strip_articles(words), guess.nonfiller, guess.lead, guess.tails)
    if guess.core == answer.words:
        return True
    if answer.hedges and answer.hedges.intersection(typed):
        return False
    words, n = guess.words, len(answer.words)
    total = len(words)
    nonfiller, lead, tails = guess.nonfiller, guess.lead, guess.tails
    # Window lengths that can hold the answer: n words, or its words split or joined.
    lengths = range(max(1, n - 3), min(total, n + 3) + 1)
    for length in lengths:
        for start in range(total - length + 1):
            end = start + length
            # Everything outside the window must be filler, but for a name's particles just before it
            # and a unit just after a number answer ("99 minutes").
            if lead[start]:
                continue
            after = nonfiller[total] - nonfiller[end]
            if after and not (after == 1 and answer.number and words[end] in UNITS):
                continue
            # A contraction is one word: its end ("I'm") starts no answer; only a possessive 's may follow one.
            if start in tails or (end in tails and words[end] != "s"):
                continue
            window = words[start:end]
            if "".join(window) == answer.joined:
                return True
            if length == n and answer.fuzzy and _close(window, answer):
                return True
    return False


def yes_or_no(text: str) -> str | None:
    """'yes' or 'no' when ``text`` is one of them, in English or French ("Oui", "nope"), else None."""
    words = _words(text)
    return _YES_NO.get(words[0]) if len(words) == 1 else None


def is_match(guess: str, answers: Sequence[str]) -> bool:
    """True when ``guess`` is one of ``answers`` by the rules in this module's docstring."""
    prepared = _prepare_guess(guess)
    if not prepared.words or len(prepared.words) > _MAX_GUESS_WORDS:
        return False
    return any(_matches(prepared, target) for answer in answers for target in _prepare_answer(answer))
