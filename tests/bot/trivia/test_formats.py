"""Importers and exporters: good files, and every kind of bad file."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from bot.content.pack import QuestionEntry
from bot.errors import InvalidInput
from bot.trivia.formats import (
    ListError,
    dump_opentdb,
    dump_red,
    export_questions,
    parse_question_file,
    question_key,
)
from bot.trivia.formats.common import ParsedList
from bot.trivia.formats.opentdb import SOURCE

FIXTURES = Path(__file__).parents[2] / "fixtures" / "trivia"


def parse(text: str | bytes, name: str = "films.yaml", list_name: str | None = None):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_question_file(raw, name, list_name)


def problems(text: str | bytes, name: str = "films.yaml") -> list[str]:
    with pytest.raises(ListError) as info:
        parse(text, name)
    return info.value.problems


# -- Red-DiscordBot YAML ---------------------------------------------------------------------------

def test_red_list_reads_every_question_as_text() -> None:
    parsed = parse_question_file((FIXTURES / "nouvelle-vague.yaml").read_bytes(), "nouvelle-vague.yaml")
    assert parsed.format == "red" and parsed.name == "nouvelle-vague"
    assert parsed.author == "Doinel tests" and parsed.description.startswith("The French New Wave")
    answers = {q.prompt: q.answers for q in parsed.questions}
    assert len(answers) == 8
    # YAML 1.1 would read these as booleans; they are the answers' text.
    assert answers["Is Jules et Jim set during the Second World War?"] == ("no",)
    assert answers["Were the Cahiers du cinéma critics behind the New Wave?"] == ("yes",)
    assert answers["Should the light be on or off for a screening?"] == ("off",)
    assert answers["In what year was Breathless released?"] == ("1960",)
    assert answers["Who directed The 400 Blows?"] == ("François Truffaut", "Truffaut")
    assert all(q.list_name == "nouvelle-vague" and q.wrong == () for q in parsed.questions)
    assert parsed.notes and "CONFIG (delay, use_spoilers)" in parsed.notes[0]


@pytest.mark.parametrize("word", ["no", "No", "NO", "off", "Off", "yes", "on", "true", "False", "y", "n", "~",
                                  "null", "0x1F", "1_000", "1e3", "2001-12-14", "0o17", ".inf"])
def test_red_yaml_scalars_stay_text(word: str) -> None:
    parsed = parse(f"Question?:\n- {word}\n")
    assert parsed.questions[0].answers == (word,)


def test_red_scalar_answer_and_quoted_text() -> None:
    parsed = parse('Single answer?: off\n"Quoted: question?":\n- "yes"\n- \'It\'\'s\'\n')
    assert [q.answers for q in parsed.questions] == [("off",), ("yes", "It's")]


def test_red_missing_answers_names_the_question() -> None:
    found = problems("Who directed Jaws?:\nGood one?:\n- yes\nEmpty list?: []\n")
    assert any('question "Who directed Jaws?" (line 1): has no answers' in p for p in found)
    assert any('question "Empty list?" (line 4): has no answers' in p for p in found)
    assert len(found) == 2


def test_red_nested_answers_are_refused() -> None:
    found = problems("Nested?:\n  a: b\nList of lists?:\n- - x\n")
    assert len(found) == 2 and all("must be a list of text" in p for p in found)
    assert 'question "Nested?"' in found[0]


def test_red_duplicate_questions() -> None:
    found = problems("Who directed it?:\n- Truffaut\nWho  directed it?:\n- Godard\n")
    assert found == ['films.yaml: question "Who directed it?" (line 3): duplicate question '
                     '(first at question "Who directed it?" (line 1))']


def test_red_bad_config() -> None:
    found = problems("CONFIG:\n  delay: soon\n  bot_plays: maybe\n  colour: red\nQ?:\n- a\n")
    assert len(found) == 3
    assert "delay" in found[0] and "must be a number" in found[0]
    assert "bot_plays" in found[1] and "true or false" in found[1]
    assert "colour" in found[2]
    assert "must be a 'key: value' mapping" in problems("CONFIG: 3\nQ?:\n- a\n")[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Who directed Jaws?:\n- Spielberg\n  bad: [\n", "not valid YAML at line"),
    ('"Unclosed question?:\n- x\n', "not valid YAML at line"),
    ("Qui a réalisé Les 400 coups : le film ?:\n- Truffaut\n", "a colon followed by a space starts a new field"),
    ("- just\n- a list\n", "a mapping"),
    ("", "the file is empty"),
    ("AUTHOR: me\n", "holds no questions"),
])
def test_red_broken_files(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1 and expected in found[0]


def test_red_bad_encoding() -> None:
    found = problems("Qui a réalisé ?:\n- Truffaut\n".encode("latin-1"))
    assert found[0].startswith("films.yaml: not UTF-8 text (bad byte at position")


def test_red_utf8_bom_is_fine() -> None:
    assert parse("\ufeffQ?:\n- a\n").questions[0].prompt == "Q?"


def test_red_long_and_empty_texts() -> None:
    found = problems(f"{'x' * 501}?:\n- a\nQ?:\n- {'y' * 81}\nR?:\n- ''\n")
    assert "the limit is 500" in found[0]
    assert "longer than 80 characters" in found[1]
    assert "an answer is empty" in found[2]


def test_red_round_trip() -> None:
    parsed = parse_question_file((FIXTURES / "nouvelle-vague.yaml").read_bytes(), "nouvelle-vague.yaml")
    text = dump_red(parsed.questions, author="Doinel", description="export")
    assert "'no'" in text and "'1960'" in text  # quoted, so Red's own yaml.safe_load reads text too
    again = parse(text, "nouvelle-vague.yaml")
    assert [(q.prompt, q.answers) for q in again.questions] == [(q.prompt, q.answers) for q in parsed.questions]
    assert yaml.safe_load(text)["Is Jules et Jim set during the Second World War?"] == ["no"]


# -- Open Trivia DB JSON ---------------------------------------------------------------------------

def test_opentdb_decodes_entities_and_keeps_choices() -> None:
    parsed = parse_question_file((FIXTURES / "opentdb-film.json").read_bytes(), "opentdb-film.json", "OTDB film")
    assert parsed.format == "opentdb" and parsed.name == "OTDB film"
    first, second, third = parsed.questions
    assert first.prompt == 'Who directed "The 400 Blows"?'
    assert first.answers == ("François Truffaut",) and first.wrong == ("Jean-Luc Godard", "Claude Chabrol",
                                                                      "Éric Rohmer")
    assert first.difficulty == "easy" and first.source == SOURCE
    assert second.prompt == "Which film won the Palme d'Or in 1960?" and second.wrong[0] == "L'Avventura"
    assert third.answers == ("True",) and third.wrong == ("False",) and third.difficulty == "hard"
    assert parsed.multiple_choice == 3


def test_opentdb_base64() -> None:
    def b(s: str) -> str:
        return base64.b64encode(s.encode()).decode()

    doc = {"response_code": 0, "results": [{"type": b("multiple"), "difficulty": b("easy"), "category": b("Film"),
                                            "question": b("Who?"), "correct_answer": b("Truffaut"),
                                            "incorrect_answers": [b("A"), b("B"), b("C")]}]}
    (q,) = parse(json.dumps(doc), "b64.json").questions
    assert (q.prompt, q.answers, q.wrong) == ("Who?", ("Truffaut",), ("A", "B", "C"))


def test_opentdb_bare_list() -> None:
    doc = [{"question": "Q?", "correct_answer": "a", "incorrect_answers": ["b", "c", "d"]}]
    assert len(parse(json.dumps(doc), "list.json").questions) == 1


def _doc(*items: dict) -> str:
    return json.dumps({"response_code": 0, "results": list(items)})


GOOD = {"type": "multiple", "difficulty": "easy", "question": "Who?", "correct_answer": "Truffaut",
        "incorrect_answers": ["Godard", "Chabrol", "Rohmer"]}


@pytest.mark.parametrize(("item", "expected"), [
    ({**GOOD, "correct_answer": ""}, '"correct_answer" is missing or empty'),
    ({k: v for k, v in GOOD.items() if k != "correct_answer"}, '"correct_answer" is missing or empty'),
    ({**GOOD, "question": None}, '"question" is missing or not text'),
    ({**GOOD, "incorrect_answers": "Godard"}, '"incorrect_answers" must be a list of text'),
    ({**GOOD, "incorrect_answers": ["Godard"]}, "needs 3 incorrect answers, got 1"),
    ({**GOOD, "type": "boolean"}, "needs 1 incorrect answer, got 3"),
    ({**GOOD, "type": "essay"}, "is not \"multiple\" or \"boolean\""),
    ({**GOOD, "incorrect_answers": ["Truffaut", "B", "C"]}, "is also an accepted answer"),
    ({**GOOD, "difficulty": "brutal"}, "difficulty 'brutal'"),
    ("just text", "must be an object"),
])
def test_opentdb_bad_questions_are_named(item: object, expected: str) -> None:
    found = problems(_doc(GOOD | {"question": "Fine?"}, item), "otdb.json")
    assert len(found) == 1 and expected in found[0], found
    assert found[0].startswith("otdb.json: results[1]")
    if isinstance(item, dict) and isinstance(item.get("question"), str):
        assert '"Who?"' in found[0]


def test_opentdb_duplicates_and_entities_compare_decoded() -> None:
    found = problems(_doc(GOOD, GOOD | {"question": "Who&#063;"}), "otdb.json")
    assert len(found) == 1 and "duplicate question (first at results[0]" in found[0]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"response_code":0,"results":[{"question":"Q?","correct_answer":"a","incorrect_', "is the file cut short?"),
    ("{'results': []}", "invalid JSON at line 1, column 2"),
    ('{"response_code": 1, "results": []}', "error response (response_code 1)"),
    ('{"results": {}}', '"results" must be a list'),
    ('{"results": []}', "holds no questions"),
    ('{"questions": []}', "unrecognised JSON"),
])
def test_opentdb_broken_files(text: str, expected: str) -> None:
    found = problems(text, "otdb.json")
    assert len(found) == 1 and expected in found[0], found


def test_opentdb_bad_encoding() -> None:
    raw = _doc(GOOD | {"question": "Qui a réalisé ?"}).encode("utf-16")
    assert "not UTF-8 text" in problems(raw, "otdb.json")[0]


def test_opentdb_round_trip_and_typed_only_questions_are_counted() -> None:
    parsed = parse_question_file((FIXTURES / "opentdb-film.json").read_bytes(), "opentdb-film.json")
    red = parse(dump_red(parsed.questions), "x.yaml")
    text, skipped = dump_opentdb([*parsed.questions, *red.questions])
    assert skipped == 3  # the Red copies have no wrong choices
    assert "&quot;The 400 Blows&quot;" in text
    again = parse(text, "again.json", "opentdb-film")
    assert [(q.prompt, q.answers, q.wrong) for q in again.questions] == \
           [(q.prompt, q.answers, q.wrong) for q in parsed.questions]


def test_opentdb_prompts_become_markdown_and_plain_again_on_export() -> None:
    """Open Trivia DB text is plain; a stored prompt is Markdown (answers stay plain)."""
    doc = _doc(GOOD | {"question": "Who directed M*A*S*H (1970)?", "correct_answer": "Robert Altman"},
               GOOD | {"question": "Which film_noir [sic] is by Melville?", "correct_answer": "Le_Samouraï*"})
    mash, noir = parse(doc, "otdb.json", "Films").questions
    assert mash.prompt == "Who directed M\\*A\\*S\\*H (1970)?"
    assert noir.prompt == "Which film\\_noir \\[sic\\] is by Melville?" and noir.answers == ("Le_Samouraï*",)
    # A list imported before prompts were escaped is updated in place, not duplicated.
    assert mash.id == question_key("Films", "Who directed M*A*S*H (1970)?")
    text, _ = dump_opentdb([mash, noir])
    assert [r["question"] for r in json.loads(text)["results"]] == ["Who directed M*A*S*H (1970)?",
                                                                    "Which film_noir [sic] is by Melville?"]
    assert parse(text, "again.json", "Films").questions == (mash, noir)


def test_export_counts_what_each_format_holds_and_refuses_an_empty_file() -> None:
    parsed = parse_question_file((FIXTURES / "opentdb-film.json").read_bytes(), "opentdb-film.json")
    typed_only = parse(dump_red(parsed.questions), "x.yaml").questions
    red = export_questions([*parsed.questions, *typed_only], "red", author="Club")
    assert (red.written, red.left_out, red.suffix) == (6, 0, "yaml") and "AUTHOR: Club" in red.text
    both = export_questions([*parsed.questions, *typed_only], "opentdb", author="Club")
    assert (both.written, both.left_out, both.suffix) == (3, 3, "json")
    with pytest.raises(InvalidInput, match="export as red instead"):
        export_questions(typed_only, "opentdb", author="Club")


# -- Doinel pack JSON ------------------------------------------------------------------------------

def test_pack_questions(mini_pack_path: Path) -> None:
    parsed = parse_question_file(mini_pack_path.read_bytes(), "mini_pack.json")
    assert parsed.format == "pack" and [q.id for q in parsed.questions] == ["m-q1"]
    assert parsed.questions[0].film == "day-for-night"
    assert "2 films, 2 people, 2 facts left out" in parsed.notes[0]


def test_pack_problems_are_listed() -> None:
    doc = {"format": 1, "pack": {"id": "p", "name": "P"}, "questions": [{"id": "q1", "prompt": "Q?"}]}
    found = problems(json.dumps(doc), "p.json")
    assert "needs at least one accepted answer" in found[0]


# -- shared rules ----------------------------------------------------------------------------------

def test_size_limit() -> None:
    assert "the limit is 2000 kB" in problems(b"x" * 2_000_001)[0]


def test_keys_are_stable_and_scoped_by_list() -> None:
    assert question_key("Films", "Who directed it?") == question_key("films", "who directed it")
    assert question_key("films", "Q?") != question_key("other", "Q?")
    first = parse("Q?:\n- a\n", "x.yaml").questions[0].id
    assert parse("Q?:\n- b\n", "x.yaml").questions[0].id == first  # re-import updates in place


def test_problems_are_all_reported_at_once() -> None:
    text = "".join(f"Q{i}?:\n" for i in range(15))
    with pytest.raises(ListError) as info:
        parse(text)
    assert len(info.value.problems) == 15
    assert str(info.value).endswith("… and 5 more")


def _entry(answers: tuple[str, ...], wrong: tuple[str, ...] = (), difficulty: str | None = None,
           source: str = "") -> QuestionEntry:
    return QuestionEntry("club.q1", "Is The 400 Blows in colour?", answers, wrong, None, difficulty, source, "club")


@pytest.mark.parametrize(("fmt", "new", "old", "written"), [
    # A Red list has no wrong choices, difficulty or source: they stay.
    ("red", _entry(("False",)), _entry(("False",), ("True",), "easy", "club night"),
     _entry(("False",), ("True",), "easy", "club night")),
    # Spellings that read the same once folded stay as they were; an accent or a capital corrected is saved.
    ("red", _entry(("Léaud",)), _entry(("Léaud", "Leaud")), _entry(("Léaud", "Leaud"))),
    ("red", _entry(("François Truffaut", "Truffaut")), _entry(("Francois Truffaut", "Truffaut")),
     _entry(("François Truffaut", "Truffaut"))),
    ("opentdb", _entry(("Jeanne Moreau",)), _entry(("jeanne moreau", "Moreau")), _entry(("Jeanne Moreau", "Moreau"))),
    # A changed answer is written; a kept wrong choice that is now accepted goes (and 2 left make none).
    ("red", _entry(("No", "True")), _entry(("False",), ("True", "Yes", "Maybe")), _entry(("No", "True"))),
    ("red", _entry(("No",)), _entry(("False",), ("True",)), _entry(("No",), ("True",))),
    # Open Trivia DB holds one accepted answer: the others stay while it is one of them.
    ("opentdb", _entry(("Truffaut",), ("Godard",), "medium"), _entry(("François Truffaut", "Truffaut"), ("Demy",)),
     _entry(("François Truffaut", "Truffaut"), ("Godard",), "medium")),
    ("opentdb", _entry(("Godard",), ("Truffaut",)), _entry(("Truffaut",), ("Demy",)),
     _entry(("Godard",), ("Truffaut",))),
    # A pack holds everything: what it says is written.
    ("pack", _entry(("False",)), _entry(("False",), ("True",), "easy", "x"), _entry(("False",))),
])
def test_a_re_import_keeps_what_the_files_format_cannot_hold(fmt: str, new: QuestionEntry, old: QuestionEntry,
                                                             written: QuestionEntry) -> None:
    assert ParsedList("club", fmt, (new,)).merged(new, old) == written


@pytest.mark.parametrize("filename", ["jules.csv", "Week 2.XLSX", "quiz.tsv"])
def test_a_spreadsheet_is_refused_naming_the_formats_read(filename: str) -> None:
    with pytest.raises(ListError) as info:
        parse_question_file(b"question,answer\nWho directed Jules et Jim?,Truffaut\n", filename)
    assert "CSV or spreadsheet" in str(info.value) and "YAML" in str(info.value) and "JSON" in str(info.value)
