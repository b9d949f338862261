from __future__ import annotations

import contextlib
import copy
import gc
import json
from pathlib import Path
from typing import Any

import pytest

from bot.content import pack as pack_module
from bot.content import plain
from bot.content.pack import FactEntry, PackError, pack_to_dict, parse_pack, parse_pack_bytes

BUNDLED = Path(__file__).resolve().parents[3] / "data" / "packs"


def _doc(mini_pack_path: Path) -> dict[str, Any]:
    return json.loads(mini_pack_path.read_text(encoding="utf-8"))


def test_mini_pack_parses(mini_pack_path: Path) -> None:
    pack = parse_pack(_doc(mini_pack_path), "mini.json")
    assert pack.counts == {"films": 2, "people": 2, "facts": 2, "questions": 1}
    assert pack.facts[1].verified is False
    assert pack.films[1].credits[1].character == "Alphonse"


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.json")), ids=lambda p: p.name)
def test_bundled_packs_are_valid(path: Path) -> None:
    pack = parse_pack_bytes(path.read_bytes(), path.name)
    assert pack.facts and pack.questions


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["facts"][0].pop("text"), 'mini.json: facts[0] (id \'m-f1\'): field "text": is required'),
        (lambda d: d["facts"][0].update(text=""), 'facts[0] (id \'m-f1\'): field "text": must not be empty'),
        (lambda d: d["facts"][0].update(text="x" * 1001), 'field "text": is 1001 characters long; the limit is 1000'),
        (lambda d: d["facts"][1].update(id="m-f1"), 'facts[1]: field "id": duplicate id \'m-f1\''),
        (lambda d: d["facts"][0].update(film="nope"), 'field "film": no film with id \'nope\''),
        (lambda d: d["facts"][0].update(tags="plot"), 'field "tags": must be a list of text'),
        (lambda d: d["facts"][0].update(verified="yes"), 'field "verified": must be true or false'),
        (lambda d: d["films"][0].update(title="?!"), 'field "title": needs a letter or a digit'),
        (lambda d: d["films"][0].update(year="1957"), 'films[0] (id \'les-mistons\'): field "year": must be a whole'),
        (lambda d: d["films"][0]["credits"][0].update(role="gaffer"), "'gaffer' is not one of"),
        (lambda d: d["films"][0]["credits"][0].update(person="ghost"), "no person with id 'ghost'"),
        (lambda d: d["questions"][0].update(answers=[]), 'field "answers": needs at least one accepted answer'),
        (lambda d: d["questions"][0].update(wrong=["A", "B"]), "(or 1 for true/false), got 2"),
        (lambda d: d["questions"][0].update(wrong=["Léaud", "B", "C"]), "is also an accepted answer"),
        (lambda d: d["questions"][0].update(difficulty="brutal"), "'brutal' is not one of easy, medium, hard"),
        (lambda d: d["people"][0].update(born="6 Feb 1932"), 'field "born": \'6 Feb 1932\' must be YYYY'),
        (lambda d: d.update(format=2), 'field "format": must be 1'),
        (lambda d: d.update(extra=[]), 'field "extra": unknown section'),
        (lambda d: d["facts"][0].update(txet="typo"), 'field "txet": unknown field'),
        (lambda d: d["pack"].pop("id"), 'pack: field "id": is required'),
    ],
)
def test_each_kind_of_bad_pack_is_named(mini_pack_path: Path, mutate: Any, expected: str) -> None:
    doc = copy.deepcopy(_doc(mini_pack_path))
    mutate(doc)
    with pytest.raises(PackError) as info:
        parse_pack(doc, "mini.json")
    assert any(expected in p for p in info.value.problems), info.value.problems


def test_truncated_json_names_line() -> None:
    with pytest.raises(PackError, match=r"broken.json: invalid JSON at line 2"):
        parse_pack_bytes(b'{"format": 1,\n "pack": {', "broken.json")


def test_bad_encoding() -> None:
    with pytest.raises(PackError, match="not UTF-8"):
        parse_pack_bytes('{"a": "é"}'.encode("latin-1"), "latin.json")


def test_not_an_object() -> None:
    with pytest.raises(PackError, match="top level must be a JSON object"):
        parse_pack_bytes(b"[1, 2]", "list.json")


def test_round_trip_through_dict(mini_pack_path: Path) -> None:
    pack = parse_pack(_doc(mini_pack_path), "mini.json")
    assert parse_pack(json.loads(json.dumps(pack_to_dict(pack))), "again") == pack


GOOD_FACT = {"id": "f-1", "text": "Shot in Paris.", "source": "Seed 001", "film": "the-400-blows",
             "tags": ["Paris", "paris", "Shooting"], "verified": False}


@pytest.mark.parametrize("change", [
    {}, {"tags": []}, {"tags": None}, {"tags": ""}, {"tags": 0}, {"tags": "paris"}, {"tags": [" paris"]},
    {"tags": ["x" * 41]}, {"tags": ["x"] * 11}, {"tags": [1]}, {"tags": [""]}, {"film": None}, {"film": ""},
    {"film": "Bad Key"}, {"film": "the-400-blows\n"}, {"id": " f-1"}, {"id": "f-1\n"}, {"id": "x" * 81},
    {"id": 3}, {"text": "  Shot in Paris. "}, {"text": ""}, {"text": "x" * 1_001}, {"text": "x" * 1_000},
    {"source": None}, {"verified": None}, {"verified": 1}, {"verified": True}, {"extra": 1},
])
def test_fast_fact_reader_agrees_with_the_field_by_field_reader(change: dict[str, Any]) -> None:
    data = {**GOOD_FACT, **change}
    problems: list[str] = []
    slow = pack_module._read_fact(0, data, "p.json", problems)
    fast = plain.fast_fact(data)
    if fast is not None:  # the fast reader only ever answers for entries the full reader accepts as they are
        assert not problems and fast == slow
    assert pack_module._parse_fact(0, data, "p.json", []) == slow


def test_fast_fact_reader_takes_the_common_entry() -> None:
    assert plain.fast_fact(GOOD_FACT) == FactEntry("f-1", "Shot in Paris.", "Seed 001", "the-400-blows",
                                                          ("paris", "shooting"), False)


GOOD_FILM = {"id": "the-400-blows", "title": "The 400 Blows", "original_title": "Les Quatre Cents Coups",
             "year": 1959, "aliases": ["Les 400 coups", "Les 400 coups"], "runtime_minutes": 99,
             "countries": ["France"], "languages": ["French"], "format": "35 mm, black and white",
             "locations": ["Paris"], "awards": ["Cannes 1959: Best Director"], "synopsis": "Antoine runs.",
             "credits": [{"person": "truffaut", "role": "director"},
                         {"person": "leaud", "role": "actor", "character": "Antoine Doinel"}],
             "sources": ["Seed 001"]}


@pytest.mark.parametrize("change", [
    {}, {"title": " The 400 Blows"}, {"title": "&"}, {"title": "!!"}, {"title": "Été"}, {"title": "x" * 201},
    {"title": None}, {"id": "Bad Key"}, {"id": None}, {"original_title": ""}, {"original_title": " x"},
    {"original_title": None}, {"year": 1869}, {"year": "1959"}, {"year": True}, {"year": None},
    {"runtime_minutes": 0}, {"aliases": "x"}, {"aliases": [""]}, {"aliases": ["x" * 201]}, {"aliases": [3]},
    {"countries": ["x"] * 101}, {"countries": [f"c{i}" for i in range(101)]}, {"format": "x" * 201},
    {"synopsis": "x" * 4_001}, {"credits": None}, {"credits": {}}, {"credits": [1]},
    {"credits": [{"person": "truffaut", "role": "gaffer"}]}, {"credits": [{"person": "Truffaut", "role": "actor"}]},
    {"credits": [{"role": "actor"}]}, {"credits": [{"person": "x", "role": "actor", "character": ""}]},
    {"credits": [{"person": "x", "role": "actor", "age": 3}]}, {"credits": [{"person": "x", "role": " actor"}]},
    {"sources": None}, {"extra": 1},
])
def test_fast_film_reader_agrees_with_the_field_by_field_reader(change: dict[str, Any]) -> None:
    data = {**GOOD_FILM, **change}
    problems: list[str] = []
    slow = pack_module._read_film(0, data, "p.json", problems)
    fast = plain.fast_film(data)
    if fast is not None:
        assert not problems and fast == slow
    assert pack_module._parse_film(0, data, "p.json", []) == slow


def test_fast_film_reader_takes_the_common_entry() -> None:
    film = plain.fast_film(GOOD_FILM)
    assert film is not None and film.aliases == ("Les 400 coups",) and film.credits[1].character == "Antoine Doinel"


def test_every_problem_is_named_when_films_and_facts_both_have_some(mini_pack_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pack_module, "FACT_BATCH", 1)      # a duplicate id across batches is found too
    doc = copy.deepcopy(_doc(mini_pack_path))
    doc["films"][0]["year"] = "1959"
    doc["facts"][-1]["id"] = doc["facts"][0]["id"]
    with pytest.raises(PackError) as info:
        parse_pack(doc, "mini.json")
    assert [p for p in info.value.problems if '"year"' in p or "duplicate id" in p] == info.value.problems
    assert len(info.value.problems) == 2


def test_a_true_false_question_round_trips(mini_pack_path: Path) -> None:
    doc = _doc(mini_pack_path)
    doc["questions"].append({"id": "tf-1", "prompt": "The 400 Blows is in black and white.", "answers": ["True"],
                             "wrong": ["False"], "source": "Seed 001"})
    pack = parse_pack(doc)
    assert pack.questions[-1].wrong == ("False",)
    assert parse_pack(pack_to_dict(pack)) == pack


@pytest.mark.parametrize("raw", [None, b'{"format": 1,\n "pack": {', b"[1, 2]"])
def test_reading_a_pack_leaves_the_cycle_collector_as_it_was(mini_pack_path: Path, raw: bytes | None) -> None:
    # The collector is paused while a document is read (bench/import_pack.py): never left off.
    data = mini_pack_path.read_bytes() if raw is None else raw
    assert gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            with contextlib.suppress(PackError):
                parse_pack_bytes(data, "pack.json")
            assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_a_deeply_nested_file_is_refused_as_unreadable() -> None:
    with pytest.raises(PackError, match="nested too deeply"):
        parse_pack_bytes(b"[" * 5000 + b"]" * 5000, "deep.json")
