"""The index's spellings of a word typed without ø, æ, œ, ß, đ, ł or ı (pure).

The facts' index (FTS5 ``unicode61 remove_diacritics 2``) folds case and separate accents, but keeps
letters that have no separate accent: 'Søren', 'Straße' and 'Łódź' are indexed as 'søren', 'straße'
and 'łodz'. /film folds those letters too (``bot.text.fold``), so members expect 'soren', 'strasse'
and 'lodz' to find them. The index cannot be asked "words that fold to x", so the search asks it
which spellings exist: the typed word, folded, with each run that such a letter folds to ('o',
'ae', 'ss', ...) written as that letter instead, one letter at a time.

``SpellingWalk`` does that as a breadth-first walk. Round 1 asks, for every place a letter could
stand, whether any indexed term starts with the word up to there plus that letter ('s' + 'ø'); only
the prefixes found go on to round 2, and so on. Words with such letters are rare, so a search costs
one round of misses per word (a few index seeks). The caller runs the lookups (``bot.db.fact_search``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.text import SPECIAL_LETTERS

# What each letter folds to -> the letters that fold to it: ("o", "ø"), ("ae", "æ"), ("ss", "ß"), ...
FOLDED_TO_LETTER = tuple(sorted((plain, letter) for letter, plain in SPECIAL_LETTERS.items()))
MAX_LETTERS = 3            # such letters in one word (rounds of lookups)
MAX_LOOKUPS = 64           # prefixes looked up per round, all words together


@dataclass(frozen=True)
class _Partial:
    word: int                  # which word
    spelled: str               # the word's first ``at`` folded characters as the index may spell them
    at: int


def branches(word: str, spelled: str, at: int) -> list[tuple[str, int]]:
    """Every way on from ``spelled`` (``word[:at]`` respelled) with one more special letter, and where it ends."""
    out = []
    for j in range(at, len(word)):
        for plain, letter in FOLDED_TO_LETTER:
            if word.startswith(plain, j):
                out.append((spelled + word[at:j] + letter, j + len(plain)))
    return out


@dataclass
class SpellingWalk:
    """The other spellings of ``words`` (folded, as ``ranking.fold_token`` gives them) that the index holds.

    ``prefix[i]``: word i is partly typed, so a spelling counts when some indexed term starts with
    it. Loop: ``lookups()`` says what to look up, ``found_in_index()`` takes what the index has;
    when ``lookups()`` is empty, ``spellings[i]`` holds word i's other spellings.
    """

    words: list[str]
    prefix: list[bool]
    spellings: list[list[str]] = field(init=False)
    _frontier: list[_Partial] = field(init=False)
    _asked: list[_Partial] = field(init=False, default_factory=list)
    _rounds: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.spellings = [[] for _ in self.words]
        self._frontier = [_Partial(i, "", 0) for i in range(len(self.words))]

    def _whole(self, p: _Partial) -> str:
        return p.spelled + self.words[p.word][p.at:]

    def lookups(self) -> tuple[list[str], list[str]]:
        """(prefixes: does an indexed term start with it?, terms: is it an indexed term?); both empty when done."""
        self._asked = []
        if self._rounds < MAX_LETTERS:
            self._asked = [_Partial(p.word, spelled, at) for p in self._frontier
                           for spelled, at in branches(self.words[p.word], p.spelled, p.at)][:MAX_LOOKUPS]
        prefixes = {p.spelled for p in self._asked}
        prefixes |= {self._whole(p) for p in self._asked if self.prefix[p.word]}
        terms = {self._whole(p) for p in self._asked if not self.prefix[p.word]}
        return sorted(prefixes), sorted(terms)

    def found_in_index(self, prefixes: set[str], terms: set[str]) -> None:
        """What the index holds of the last ``lookups()``."""
        self._rounds += 1
        self._frontier = [p for p in self._asked if p.spelled in prefixes]
        for p in self._frontier:
            whole = self._whole(p)
            if whole in (prefixes if self.prefix[p.word] else terms):
                self.spellings[p.word].append(whole)
        self._asked = []
