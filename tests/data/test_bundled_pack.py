"""Content checks for the bundled pack data/packs/the-400-blows.json (stdlib + pytest only)."""

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

PACK_PATH = Path(__file__).resolve().parents[2] / "data" / "packs" / "the-400-blows.json"

SRC_WIKIPEDIA = 'Wikipedia, "The 400 Blows"'
SRC_REVIEW = 'Philip Dale, "Best Ever Drama Movie? The 400 Blows" (review, 9 Dec 2025)'
SRC_LISTICLE = 'Edithe Roby, "30 Facts about The 400 Blows" (listicle, 2024) — unverified'
ALLOWED_SOURCES = {SRC_WIKIPEDIA, SRC_REVIEW, SRC_LISTICLE}
VERIFIED_SOURCES = {SRC_WIKIPEDIA, SRC_REVIEW}
# Film fields that none of the seed documents give (runtime, black and white, character names, people's
# dates and best-known work) must be declared as such in the film's sources, in exactly these words.
SRC_FILMOGRAPHY = ("General filmography references (not the sources above): runtime, black-and-white format, "
                   "character names, François Truffaut's birth and death dates, other people's best-known work")
# Only these people carry birth/death dates; anyone else's must stay empty (no seed gives them).
DATED_PEOPLE = {"francois-truffaut": ("1932-02-06", "1984-10-21")}

ALLOWED_TAGS = {
    "production", "cast", "crew", "plot", "scene", "themes", "reception",
    "awards", "legacy", "title", "influences", "series", "trivia",
}
ALLOWED_ROLES = {"director", "writer", "actor", "cinematographer", "composer", "producer", "editor", "cameo"}
CHARACTER_ROLES = {"actor", "cameo"}
DIFFICULTIES = {"easy", "medium", "hard"}

MIN_FACTS = 60
MIN_QUESTIONS = 60
MAX_UNVERIFIED = 3
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FACT_ID = re.compile(r"^400b-f\d{3}$")
QUESTION_ID = re.compile(r"^400b-q\d{3}$")


def fold(text):
    """Casefold and strip accents, the way a typed answer would be compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


@pytest.fixture(scope="module")
def raw():
    return PACK_PATH.read_bytes()


@pytest.fixture(scope="module")
def pack(raw):
    return json.loads(raw.decode("utf-8"))


def test_file_is_utf8_with_real_accents_and_two_space_indent(raw):
    text = raw.decode("utf-8")
    assert "\\u00" not in text, "accents must be stored as real characters, not \\u escapes"
    for word in ("François", "Léaud", "Rémy"):
        assert word in text
    assert text.startswith('{\n  "format": 1,'), "expected 2-space indentation with format first"


def test_top_level_shape(pack):
    assert set(pack) == {"format", "pack", "films", "people", "facts", "questions"}
    assert pack["format"] == 1
    meta = pack["pack"]
    assert meta["id"] == "the-400-blows"
    assert meta["name"] == "The 400 Blows (1959)"
    assert meta["version"] == 4  # 4: the film's own names answer the two questions about it
    assert meta["language"] == "en"
    assert isinstance(meta["description"], str) and 20 <= len(meta["description"]) <= 300


def test_film_record(pack):
    assert len(pack["films"]) == 1
    film = pack["films"][0]
    assert film["id"] == "the-400-blows" and SLUG.match(film["id"])
    assert film["title"] == "The 400 Blows"
    assert film["original_title"] == "Les Quatre Cents Coups"
    assert film["year"] == 1959
    assert film["runtime_minutes"] == 99
    assert film["countries"] == ["France"]
    assert film["languages"] == ["French"]
    assert set(film["locations"]) == {"Paris", "Honfleur"}
    for key in ("aliases", "awards", "sources"):
        assert isinstance(film[key], list) and film[key], key
        assert all(isinstance(v, str) and v.strip() for v in film[key]), key
    folded_aliases = [fold(a) for a in film["aliases"]]
    assert len(folded_aliases) == len(set(folded_aliases)), "duplicate film aliases"
    assert SRC_WIKIPEDIA in film["sources"]
    assert SRC_FILMOGRAPHY in film["sources"], "non-seed film data must be declared in the sources"
    assert all(src in VERIFIED_SOURCES or src == SRC_FILMOGRAPHY for src in film["sources"])
    assert len(film["sources"]) == len(set(film["sources"]))
    assert any("Best Director" in a for a in film["awards"])
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", film["synopsis"].strip()) if s]
    assert 2 <= len(sentences) <= 4


def test_credits(pack):
    people = {p["id"] for p in pack["people"]}
    for film in pack["films"]:
        seen = set()
        for credit in film["credits"]:
            assert credit["person"] in people, f"credit for unknown person {credit['person']}"
            assert credit["role"] in ALLOWED_ROLES, credit
            if "character" in credit:
                assert credit["role"] in CHARACTER_ROLES, f"character on a {credit['role']} credit"
                assert credit["character"].strip()
            key = (credit["person"], credit["role"], credit.get("character", ""))
            assert key not in seen, f"duplicate credit {key}"
            seen.add(key)
        roles = {(c["person"], c["role"]) for c in film["credits"]}
        assert ("francois-truffaut", "director") in roles
        assert ("jean-pierre-leaud", "actor") in roles


def test_people(pack):
    ids = [p["id"] for p in pack["people"]]
    assert len(ids) == len(set(ids)), "duplicate person ids"
    credited = {c["person"] for f in pack["films"] for c in f["credits"]}
    for person in pack["people"]:
        assert SLUG.match(person["id"]), person["id"]
        assert person["name"].strip()
        assert isinstance(person["aliases"], list)
        for key in ("born", "died"):
            value = person.get(key)
            assert value is None or DATE.match(value), (person["id"], key, value)
        if person.get("born") and person.get("died"):
            assert person["born"] < person["died"]
        assert person["id"] in credited, f"{person['id']} has no credit"
    for person in pack["people"]:
        dates = (person.get("born"), person.get("died"))
        assert dates == DATED_PEOPLE.get(person["id"], (None, None)), (person["id"], dates)


def test_ids_unique_across_pack(pack):
    all_ids = [f["id"] for f in pack["facts"]] + [q["id"] for q in pack["questions"]]
    dupes = [i for i, n in Counter(all_ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    assert all(FACT_ID.match(f["id"]) for f in pack["facts"])
    assert all(QUESTION_ID.match(q["id"]) for q in pack["questions"])


def test_counts(pack):
    assert len(pack["facts"]) >= MIN_FACTS
    assert len(pack["questions"]) >= MIN_QUESTIONS


def test_facts(pack):
    films = {f["id"] for f in pack["films"]}
    texts = set()
    for fact in pack["facts"]:
        assert fact["film"] in films, fact["id"]
        text = fact["text"]
        assert 60 <= len(text) <= 400, (fact["id"], len(text))
        assert fold(text) not in texts, f"duplicate fact text {fact['id']}"
        texts.add(fold(text))
        assert fact["source"] in ALLOWED_SOURCES, fact["id"]
        assert isinstance(fact["tags"], list) and fact["tags"], fact["id"]
        assert set(fact["tags"]) <= ALLOWED_TAGS, (fact["id"], fact["tags"])
        assert len(fact["tags"]) == len(set(fact["tags"]))
        assert isinstance(fact["verified"], bool), fact["id"]


def test_unverified_facts(pack):
    unverified = [f for f in pack["facts"] if not f["verified"]]
    assert len(unverified) <= MAX_UNVERIFIED
    for fact in unverified:
        assert fact["source"] == SRC_LISTICLE, f"{fact['id']} is unverified but cites {fact['source']}"
    for fact in pack["facts"]:
        if fact["verified"]:
            assert fact["source"] in VERIFIED_SOURCES, f"{fact['id']} is verified but cites the listicle"


def test_tags_are_varied(pack):
    used = Counter(tag for f in pack["facts"] for tag in f["tags"])
    assert len(used) >= 10, used


def test_questions(pack):
    films = {f["id"] for f in pack["films"]}
    prompts = set()
    for q in pack["questions"]:
        qid = q["id"]
        assert q["film"] in films, qid
        assert q["prompt"].strip().endswith("?"), qid
        assert fold(q["prompt"]) not in prompts, f"duplicate prompt {qid}"
        prompts.add(fold(q["prompt"]))
        assert q["difficulty"] in DIFFICULTIES, qid
        assert q["source"] in VERIFIED_SOURCES, f"{qid}: questions must cite a verified source"

        answers, wrong = q["answers"], q["wrong"]
        assert isinstance(answers, list) and answers and all(a.strip() for a in answers), qid
        assert isinstance(wrong, list) and len(wrong) == 3, qid
        folded_answers = {fold(a) for a in answers}
        folded_wrong = [fold(w) for w in wrong]
        assert len(set(folded_wrong)) == 3, f"{qid}: wrong choices not distinct"
        clash = folded_answers & set(folded_wrong)
        assert not clash, f"{qid}: wrong choice equals an answer: {clash}"
        choices = [answers[0], *wrong]
        assert len({fold(c) for c in choices}) == 4, qid
        assert all(0 < len(c) <= 80 for c in choices), qid


def test_difficulty_mix(pack):
    counts = Counter(q["difficulty"] for q in pack["questions"])
    total = sum(counts.values())
    assert 0.25 <= counts["easy"] / total <= 0.45, counts
    assert 0.30 <= counts["medium"] / total <= 0.50, counts
    assert 0.15 <= counts["hard"] / total <= 0.35, counts


def test_fold_helper_catches_accent_variants():
    # Guards the guard: an accent-free duplicate must count as the same answer.
    assert fold("François Truffaut") == fold("FRANCOIS TRUFFAUT")
    assert fold("Léaud") != fold("Godard")
