"""Is a typed word a slip of the fingers on an answer's word, or another word?

``bot.trivia.matching`` allows a word a number of edits by its length (optimal string alignment: a
letter added, dropped or changed, or two neighbours swapped). Counting edits alone takes a different real
word for a typo when it is a few letters away: "stepmother" is two edits from "stepfather", "motor" one
from "Rotor", "Parish" one from "Paris". Slips and other words differ in *where* and *how* the letters
change, and three cheap checks tell them apart:

- the first letter stands (or trades places with the second): people rarely miss the letter they start
  a word with, and a new first letter makes a new word (motor, Rotor; lover, clover);
- no letter is added after the word's last one, but a plural "s": a word that runs on past its end is
  another word built on it (Paris, Parish; Rotor, Rotors is still the rotor). A letter dropped at the
  end stays a slip ("Truffau"), as does a key struck twice ("Leaudd" ends as Léaud does);
- two edits are two slips only when apart: two side by side replace a piece of the word ("mo" for "fa"
  in stepmother, grandmother), and a word sharing all the rest with the answer is another word.

The checks run only on a word that differs from the answer's and is within its edits, and each looks at
a few letters (the second measures one edit distance more, when the last letters differ): a guess costs
no measurable time more.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

__all__ = ["is_slip"]

# A piece this long or shorter, changed whole, is a different word piece, not two typos.
_PIECE = 2


def is_slip(typed: str, word: str, edits: int) -> bool:
    """True when ``typed``, ``edits`` edits away from the answer's ``word`` (at least one, by optimal string
    alignment), reads as ``word`` mistyped rather than as another word."""
    if typed[0] != word[0] and typed[:2] != word[1::-1]:
        return False
    if typed[-1] != word[-1] and typed[-1] != "s" and OSA.distance(typed[:-1], word) < edits:
        return False
    return edits < 2 or not _one_piece(typed, word)


def _one_piece(typed: str, word: str) -> bool:
    """True when the letters that differ between the two words lie within ``_PIECE`` neighbours of each
    (all of "stepmother" and "stepfather" is shared but "mo" and "fa")."""
    shortest = min(len(typed), len(word))
    start = 0
    while start < shortest and typed[start] == word[start]:
        start += 1
    end = 0
    while end < shortest - start and typed[-1 - end] == word[-1 - end]:
        end += 1
    return len(typed) - start - end <= _PIECE and len(word) - start - end <= _PIECE
