from __future__ import annotations

import pytest

from bot.text import (
    escape_markdown,
    first_lines,
    fold,
    is_number,
    one_line,
    plural,
    quoted,
    row_id,
    slug,
    unescape_markdown,
)
from bot.ui.format import cut


def test_plural_reads_well_for_one_none_and_many() -> None:
    assert plural(1, "question") == "1 question"
    assert plural(0, "question") == "0 questions"
    assert plural(2, "answer") == "2 answers"
    assert plural(1_200, "answer") == "1,200 answers"
    assert plural(3, "person", "people") == "3 people" and plural(1, "person", "people") == "1 person"
    assert plural(1, "question", bold=True) == "**1** question"
    assert plural(4, "question", bold=True) == "**4** questions"


def test_fold_and_one_line() -> None:
    assert fold("L'Enfant & moi!") == "l enfant and moi"
    assert one_line("a\n  b  c", 10) == "a b c" and one_line("abcdefghij", 5) == "abcd…"
    # Direction controls go (an unclosed override would reverse the rest of the line); the script's own stays.
    assert one_line("Les \u202e400 coups\u202c\u2067 x \u2069", 40) == "Les 400 coups x"
    assert one_line("\u05d4\u05de\u05e1\u05e2 (1959)", 40) == "\u05d4\u05de\u05e1\u05e2 (1959)"
    # A cut never leaves a mention half written ("<@12…" shows as text in a log line).
    assert one_line("Shot by <@123456789012345678> in Paris", 20) == "Shot by…"
    assert one_line("Léaud <#42> and <:cam:7> at <t:1700000000:R> done", 33) == "Léaud <#42> and <:cam:7> at…"
    assert one_line("x < y and z", 6) == "x < y…" and one_line("a <b c", 4) == "a…"


@pytest.mark.parametrize(("text", "number"), [
    ("0", True), ("1959", True), ("１９５９", True), ("١٩٥٩", True),
    ("", False), ("²", False), ("¹⁹⁶⁸", False), ("12a", False), ("-3", False)])
def test_is_number_takes_the_digits_int_reads(text: str, number: bool) -> None:
    assert is_number(text) is number
    if number:
        int(text)


def test_escape_markdown_shows_text_as_typed() -> None:
    assert escape_markdown("a*b_c`d|e~f\\") == "a\\*b\\_c\\`d\\|e\\~f\\\\"
    assert escape_markdown("- x\n> y\n# z") == "\\- x\n\\> y\n\\# z"
    assert escape_markdown("M*A*S*H [link](x) a > b 3-2 #1 <@&12>") == "M\\*A\\*S\\*H \\[link\\](x) a > b 3-2 #1 <@&12>"
    assert quoted("**Truffaut**", 80) == "“\\*\\*Truffaut\\*\\*”" and quoted("\u200b", 80) == ""


@pytest.mark.parametrize("text", ["a*b_c`d|e~f\\", "- x\n> y\n# z", "M*A*S*H [link](x) a > b 3-2 #1", "\\*", ""])
def test_unescape_markdown_gives_back_the_text_escaped(text: str) -> None:
    assert unescape_markdown(escape_markdown(text)) == text


def test_unescape_markdown_leaves_other_markdown() -> None:
    assert unescape_markdown("*Jules et Jim* \\*not italic\\* \\n") == "*Jules et Jim* *not italic* \\n"


@pytest.mark.parametrize(("name", "folded"), [
    ("M*A*S*H", "mash"), ("S.W.A.T.", "swat"), ("L.A. Confidential", "la confidential"), ("U.S.S.R.", "ussr"),
    ("Dr. Strangelove", "dr strangelove"), ("3.14 pi", "3 14 pi"), ("a.b3.c", "a b3 c"), ("Mr. T", "mr t")])
def test_fold_reads_initials_joined_by_dots_or_stars_as_one_word(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_fold_reads_a_fraction_after_a_number_as_typed_without_the_fraction_key() -> None:
    assert fold("8½") == fold("8 1/2") == fold("8 ½") == "8 1 2"
    assert fold("2¾ hours") == "2 3 4 hours" and fold("½") == "1 2"
    assert fold("8½", stable_key=True) == "81 2"     # stored keys never move


def test_fold_reads_icelandic_letters_as_members_type_them() -> None:
    assert fold("Friðrik Þór Friðriksson") == fold("FRIÐRIK ÞÓR") + " fridriksson" == "fridrik thor fridriksson"


def test_stable_keys_keep_the_form_they_were_first_made_with() -> None:
    """Keys stored in imported questions never move: initials stay apart, 'ð' and 'þ' stay letters."""
    assert fold("M*A*S*H in Þórshöfn, Friðrik", stable_key=True) == "m a s h in þorshofn friðrik"
    assert fold("Søren & Łódź", stable_key=True) == fold("Søren & Łódź") == "soren and lodz"


@pytest.mark.parametrize(("typed", "expected"), [
    ("12", 12), ("9223372036854775807", 2**63 - 1), ("9223372036854775808", None),
    ("99999999999999999999", None), ("0", None), ("-3", None), ("", None), ("1e3", None),
])
def test_row_id_takes_only_numbers_a_database_id_can_be(typed: str, expected: int | None) -> None:
    assert row_id(typed) == expected


def test_first_lines_says_how_many_more_there_are() -> None:
    assert first_lines(["a", "b"], 2) == ["a", "b"]
    assert first_lines(["a", "b", "c", "d"], 2) == ["a", "b", "… and 2 more"]


def test_a_cut_never_leaves_a_spoiler_open() -> None:
    """QA19: cut inside ||…||, the rest of the spoiler showed in clear (and paired with the next quote's bars)."""
    text = "The ending: ||Antoine runs away from the reform school and reaches the sea||. More."
    for limit in range(1, len(text)):
        for shortened in (one_line(text, limit), cut(text, limit)):
            assert len(shortened) <= limit and shortened.count("||") % 2 == 0, (limit, shortened)
    assert one_line(text, 40) == "The ending: ||Antoine runs away from…||"
    assert cut(text, 80) == "The ending: ||Antoine runs away from the reform school and reaches the sea||. M…"


def test_slug_is_a_plain_file_name_part() -> None:
    assert slug("Nouvelle Vague : été 1959 / quiz", "list") == "nouvelle-vague-ete-1959-quiz"
    assert slug("¿¡!?", "server") == "server"
    assert slug("a" * 39 + " b", "x", limit=40) == "a" * 39   # no dash left at the cut


def test_discord_markup_is_not_text() -> None:
    from bot.facts.search import terms
    from bot.text import without_discord_markup
    snowflake = "123456789012345678"
    typed = f"truffaut <@{snowflake}> <:popcorn:{snowflake}> <a:clap:{snowflake}> <#{snowflake}>"
    assert without_discord_markup(typed).split() == ["truffaut"]
    assert terms(f"{typed} godard <@&{snowflake}>") == ["truffaut", "godard"]
    assert without_discord_markup("<3 and <@me>") == "<3 and <@me>"      # only what Discord writes
    assert without_discord_markup("@here Truffaut @everyone").split() == ["Truffaut"]
    assert without_discord_markup("me@here.org @heretic") == "me@here.org @heretic"


def test_invisible_characters_do_not_split_words() -> None:
    from bot.facts.search import terms
    from bot.moderation.validation import clean_text, split_tags
    from bot.text import without_hidden_breaks
    pasted = "Ros\u00adsel\u00adlini met Ba\u200bzin\u2060 \ufeffin Paris"
    assert fold(pasted) == "rossellini met bazin in paris"
    assert fold("Z\u00e9\u200bro de con\u200dduite \u200f") == "zero de conduite"
    assert fold(pasted, stable_key=True) != fold(pasted)          # stored keys never move
    assert without_hidden_breaks(pasted) == "Rossellini met Bazin in Paris"
    assert clean_text(f" {pasted} \r\n") == "Rossellini met Bazin in Paris"
    assert terms(pasted) == ["rossellini", "met", "bazin", "in", "paris"]
    assert split_tags("Neo\u00adrealism; Ba\u200bzin") == ["neorealism", "bazin"]
    assert without_hidden_breaks("\u200d👨\u200d👩 \u200e") == "\u200d👨\u200d👩 \u200e"  # joiners, marks stay
