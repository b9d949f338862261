"""How the index spells a word typed without ø, æ, œ, ß, đ, ł or ı, and the other way round (pure).

The facts' index (FTS5 ``unicode61 remove_diacritics 2``) folds case and separate accents, but keeps
letters that have no separate accent: 'Søren', 'Straße' and 'Łódź' are indexed as 'søren', 'straße'
and 'łodz'. /film folds those letters too (``bot.text.fold``), so members expect 'soren', 'strasse'
and 'lodz' to find them, and 'Søren' to find a plain 'Soren'. The index cannot be asked "words that
fold to x", so the search asks it which spellings exist: the word folded ('soren'), then with each
run that such a letter folds to ('o', 'ae', 'ss', ...) written as that letter instead.

``SpellingWalk`` does that breadth-first. Round 1 asks whether the folded word is indexed and, for
every place a letter could stand, whether any indexed term starts with the word up to there plus
that letter ('s' + 'ø'); only the prefixes found go on to round 2, and so on. Words with such
letters are rare, so a search costs one round of lookups that miss (a few index seeks per word).
The caller runs the lookups (``bot.db.fact_search``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from bot.facts.ranking import fold_token
from bot.text import SPECIAL_LETTERS


def _letters() -> dict[str, str]:
    """SPECIAL_LETTERS and the accented forms the index keeps whole ('ǿ' is 'ø' with an acute): letter -> plain."""
    letters = dict(SPECIAL_LETTERS)
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base, *marks = unicodedata.normalize("NFD", char)
        if char.islower() and marks and base in SPECIAL_LETTERS and all(map(unicodedata.combining, marks)):
            letters[char] = SPECIAL_LETTERS[base]
    return letters


# What each letter folds to -> the letters that fold to it: ("o", "ø"), ("o", "ǿ"), ("ss", "ß"), ...
FOLDED_TO_LETTER = tuple(sorted((plain, letter) for letter, plain in _letters().items()))
MAX_LETTERS = 3            # such letters in one word (rounds of lookups)
MAX_LOOKUPS = 64           # places looked up per round, shared by the words
MIN_LOOKUPS_PER_WORD = 16  # ... but never fewer per word: a long word does not crowd out the others


def branches(word: str, spelled: str, at: int, *, partly: bool = False) -> list[tuple[str, int]]:
    """Every way on from ``spelled`` (``word[:at]`` respelled) with one more letter, and where it ends.

    ``partly``: the word is still being typed, so its end may be the start of a run ('stras' may be
    'straß' being typed).
    """
    out = []
    for j in range(at, len(word)):
        for plain, letter in FOLDED_TO_LETTER:
            if word.startswith(plain, j) or (partly and len(word) - j < len(plain) and plain.startswith(word[j:])):
                out.append((spelled + word[at:j] + letter, min(j + len(plain), len(word))))
    return out


def typed_form(word: str, folded: str) -> str | None:
    """``word`` when folding changed more than accents and the letters the walk respells ('alien³', 'ﬁlm'):
    the index may hold it as typed."""
    decomposed = unicodedata.normalize("NFD", word)
    kept = "".join(SPECIAL_LETTERS.get(c, c) for c in decomposed if not unicodedata.combining(c))
    return word if kept != folded else None


@dataclass(frozen=True)
class _Partial:
    word: int                  # which word
    spelled: str               # the word's first ``at`` folded characters as the index may spell them
    at: int


@dataclass
class SpellingWalk:
    """The spellings of ``typed`` words (as ``terms`` gives them) that the index holds.

    ``prefix[i]``: word i is partly typed, so a spelling counts when some indexed term starts with
    it. Loop: ``lookups()`` says what to look up, ``found_in_index()`` takes what the index has;
    when ``lookups()`` is empty, ``forms(i)`` is how to search for word i.
    """

    typed: list[str]
    prefix: list[bool]
    words: list[str] = field(init=False)            # folded, as /film folds ('soren')
    spellings: list[list[str]] = field(init=False)  # other spellings found ('søren')
    plain: list[bool] = field(init=False)           # the folded word itself is indexed
    _frontier: list[_Partial] = field(init=False)
    _asked: list[_Partial] = field(init=False, default_factory=list)
    _rounds: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.words = [fold_token(w) for w in self.typed]
        self.spellings = [[] for _ in self.words]
        self.plain = [False for _ in self.words]
        self._frontier = [_Partial(i, "", 0) for i in range(len(self.words))]

    def _whole(self, p: _Partial) -> str:
        return p.spelled + self.words[p.word][p.at:]

    def lookups(self) -> tuple[list[str], list[str]]:
        """(prefixes: does an indexed term start with it?, terms: is it an indexed term?); both empty when done."""
        self._asked = []
        if self._rounds < MAX_LETTERS:
            per_word = max(MIN_LOOKUPS_PER_WORD, MAX_LOOKUPS // max(len(self.words), 1))
            for i, word in enumerate(self.words):
                found = [_Partial(i, spelled, at) for p in self._frontier if p.word == i
                         for spelled, at in branches(word, p.spelled, p.at, partly=self.prefix[i])]
                self._asked += found[:per_word]
        prefixes = {p.spelled for p in self._asked}
        prefixes |= {self._whole(p) for p in self._asked if self.prefix[p.word]}
        terms = {self._whole(p) for p in self._asked if not self.prefix[p.word]}
        if self._rounds == 0:  # is the folded word itself indexed?
            prefixes |= {w for w, partly in zip(self.words, self.prefix, strict=True) if partly}
            terms |= {w for w, partly in zip(self.words, self.prefix, strict=True) if not partly}
        return sorted(prefixes), sorted(terms)

    def found_in_index(self, prefixes: set[str], terms: set[str]) -> None:
        """What the index holds of the last ``lookups()``."""
        if self._rounds == 0:
            self.plain = [w in (prefixes if partly else terms) for w, partly in zip(self.words, self.prefix,
                                                                                    strict=True)]
        self._rounds += 1
        self._frontier = [p for p in self._asked if p.spelled in prefixes]
        for p in self._frontier:
            whole = self._whole(p)
            if whole in (prefixes if self.prefix[p.word] else terms) and whole not in self.spellings[p.word]:
                self.spellings[p.word].append(whole)
        self._asked = []

    def forms(self, i: int) -> list[str]:
        """How to search for word i, best first: the spellings the index holds, then the word as typed when it
        keeps letters folding changed (the index may hold it so); the folded word when there is nothing else."""
        folded = self.words[i]
        forms = [*self.spellings[i], *([folded] if self.plain[i] else [])]
        typed = typed_form(self.typed[i], folded)
        if typed is not None and typed not in forms:
            forms.append(typed)
        return forms or [folded]
