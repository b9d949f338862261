from __future__ import annotations

import random
import re

import pytest

from bot.trivia.nearby import nearby, number_form


def offered(answer: str, *others: str, seeds: int = 30) -> set[str]:
    """Every wrong choice ``answer`` gets over a few rounds (3 distinct each time)."""
    form = number_form(answer)
    assert form is not None, answer
    seen: set[str] = set()
    for seed in range(seeds):
        wrong = nearby(form, 3, random.Random(seed), [answer, *others])
        assert len(wrong) == 3 == len(set(wrong)) and answer not in wrong
        seen.update(wrong)
    return seen


@pytest.mark.parametrize(("n", "written"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"), (111, "111th"), (112, "112th"), (113, "113th"),
])
def test_ordinals_take_their_own_english_suffix(n: int, written: str) -> None:
    form = number_form("3rd")
    assert form is not None and form.write(n) == written


def test_a_place_gets_nearby_places_never_a_zeroth() -> None:
    assert offered("3rd") <= {"1st", "2nd", "4th", "5th", "6th", "7th", "8th"}
    assert offered("1st") <= {"2nd", "3rd", "4th", "5th", "6th"}
    assert offered("12th") <= {"7th", "8th", "9th", "10th", "11th", "13th", "14th", "15th", "16th", "17th"}
    assert offered("3RD") <= {"1ST", "2ND", "4TH", "5TH", "6TH", "7TH", "8TH"}
    assert offered("The 3rd") <= {"The 1st", "The 2nd", "The 4th", "The 5th", "The 6th", "The 7th", "The 8th"}


def test_french_places_stay_french() -> None:
    assert offered("3e") <= {"1er", "2e", "4e", "5e", "6e", "7e", "8e"}
    assert offered("3ème") <= {"1er", "2ème", "4ème", "5ème", "6ème", "7ème", "8ème"}
    assert offered("1er") <= {"2e", "3e", "4e", "5e", "6e"}


def test_a_runtime_gets_nearby_runtimes_with_the_unit_singular_for_one() -> None:
    assert offered("99 minutes") <= {f"{n} minutes" for n in (94, 95, 96, 97, 98, 100, 101, 102, 103, 104)}
    assert offered("1 minute") == {"2 minutes", "3 minutes", "4 minutes", "5 minutes", "6 minutes"}
    assert "1 minute" in offered("3 minutes")
    assert offered("2 Hours") <= {"1 Hour", "3 Hours", "4 Hours", "5 Hours", "6 Hours", "7 Hours"}
    assert "1 foot" in offered("3 feet") and "1 année" in offered("2 années")
    assert offered("99min") <= {f"{n}min" for n in (94, 95, 96, 97, 98, 100, 101, 102, 103, 104)}
    assert "1 min" in offered("2 min") and "1 min" in offered("3 mins")   # abbreviations: never "1 mins"
    assert not any(w.startswith("0") for w in offered("2 minutes") | offered("1 minute"))


def test_a_decade_gets_nearby_decades_written_the_same_way() -> None:
    assert offered("1950s") <= {"1920s", "1930s", "1940s", "1960s", "1970s", "1980s"}
    assert offered("1900s") <= {"1870s", "1880s", "1890s", "1910s", "1920s", "1930s"}
    assert offered("the 1950s") <= {"the 1920s", "the 1930s", "the 1940s", "the 1960s", "the 1970s", "the 1980s"}
    assert offered("The 1950s") <= {"The 1920s", "The 1930s", "The 1940s", "The 1960s", "The 1970s", "The 1980s"}
    assert offered("1950's") <= {"1920's", "1930's", "1940's", "1960's", "1970's", "1980's"}
    assert offered("'50s") <= {"'20s", "'30s", "'40s", "'60s", "'70s", "'80s"}
    assert offered("'10s") <= {"'00s", "'20s", "'30s", "'40s"}          # two digits stay two digits


def test_plain_numbers_keep_their_symbols_and_a_percentage_stays_within_100() -> None:
    assert all(re.fullmatch(r"\$\d+", w) for w in offered("$100"))
    assert offered("98%") <= {"93%", "94%", "95%", "96%", "97%", "99%", "100%"}
    assert all(re.fullmatch(r"19[56]\d", w) for w in offered("1959"))


def test_accepted_answers_are_never_offered_as_wrong_in_any_spelling() -> None:
    assert "2nd" not in offered("3rd", "second")
    assert "97 minutes" not in offered("99 minutes", "97 min")
    assert "the 1960s" not in offered("the 1950s", "1960s")
    assert "1960" not in offered("1959", "1960")


@pytest.mark.parametrize("answer", [
    "Jeanne Moreau", "The 400 Blows", "Apollo 13", "the 7th Seal", "1,000", "4.1", "8½", "5 million", "No. 5",
    "2 Days in Paris", "1950s 1960s", "",
])
def test_answers_that_are_no_number_of_a_known_kind_borrow(answer: str) -> None:
    assert number_form(answer) is None
