"""Ranked search in bounded time: phrase first, rare words first, completions, visibility, hostile input."""

from __future__ import annotations

import pytest

from bot.db import Database, fact_search, facts
from bot.facts import finder
from tests import factsupport
from tests.bot.db.test_facts_read import add_fact, hide
from tests.bot.facts.test_search import HOSTILE
from tests.factsupport import GUILD, OTHER_GUILD, fact_id, film_id

content_db = factsupport.content_db


async def texts(db: Database, query: str, **kw: object) -> list[str]:
    return [h.fact.text for h in (await finder.find(db, GUILD, query, **kw)).hits]  # type: ignore[arg-type]


async def test_the_exact_phrase_ranks_before_the_words_apart(content_db: Database) -> None:
    apart = [await add_fact(content_db, f"Nouvelle {i}: a vague memory.") for i in range(5)]
    phrase = await add_fact(content_db, "The Nouvelle Vague began in a long and winding sentence about cinema "
                                        "and other places far from Paris, with many more words around it.")
    hits = (await finder.find(content_db, GUILD, "nouvelle vague")).hits
    assert hits[0].fact.id == phrase and {h.fact.id for h in hits[1:]} == set(apart)


async def test_the_phrase_is_found_beyond_the_newest_candidates(content_db: Database,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finder, "CANDIDATES", 4)
    phrase = await add_fact(content_db, "Quokka island was where the quokka zebra scene was shot.")
    for i in range(6):  # newer facts with both words apart fill the newest candidates
        await add_fact(content_db, f"Zebra {i} and a quokka walk into a bar.")
    found = await finder.find(content_db, GUILD, "quokka zebra", limit=3)
    assert found.hits[0].fact.id == phrase and len(found.hits) == 3


async def test_rare_words_first_when_no_fact_has_every_word(content_db: Database) -> None:
    rare = await add_fact(content_db, "Xylograph prints decorated the set.")
    found = await finder.find(content_db, GUILD, "Léaud xylograph")
    assert found.partial and found.hits[0].fact.id == rare
    assert any("Léaud" in h.fact.text for h in found.hits[1:])


async def test_film_names_are_searched_and_text_hits_rank_first(content_db: Database) -> None:
    blows = await film_id(content_db, "the-400-blows")
    hits = [h.fact for h in (await finder.find(content_db, GUILD, "coups", limit=100)).hits]
    assert {f.film_id for f in hits} == {blows} and len(hits) == await facts.count_visible(content_db, GUILD, blows)
    in_text = {await fact_id(content_db, "400b-f069"), await fact_id(content_db, "400b-f070")}
    assert {f.id for f in hits[:2]} == in_text  # facts that say "coups" themselves come first


async def test_accents_case_and_a_partly_typed_last_word(content_db: Database) -> None:
    assert await texts(content_db, "LEAUD") == await texts(content_db, "léaud")
    assert set(await texts(content_db, "Léaud")) <= set(await texts(content_db, "Léa"))
    assert await texts(content_db, "Doin") == await texts(content_db, "doinel")


async def test_frequent_completions_replace_the_prefix_merge(content_db: Database,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fact_search, "VOCAB_MIN_FACTS", 0)
    monkeypatch.setattr(fact_search, "VOCAB_MIN_DF", 2)
    monkeypatch.setattr(finder, "PREFIX_BUDGET", 3)
    monkeypatch.setattr(fact_search, "vocabularies", fact_search._Vocabularies())
    for i in range(4):
        await add_fact(content_db, f"The directorial debut number {i}.")
    await add_fact(content_db, "A direwolf appears once.")
    before = await texts(content_db, "direc")  # no vocabulary yet: FTS5's own prefix merge
    vocab = await fact_search.vocabularies.ready(content_db)
    assert vocab is not None and vocab.count("directorial") == 4 and vocab.count("direwolf") is None
    group = finder._group("direc", last=True, vocab=vocab)
    assert not group.prefix and "directorial" in group.forms and group.match.startswith("(")
    after = await texts(content_db, "direc")  # the frequent completions only: rarer ones are left out
    assert set(after) <= set(before) and sum("directorial" in t for t in after) == 4
    assert await texts(content_db, "direw") == ["A direwolf appears once."]  # rare completions: the merge


async def test_visibility(content_db: Database) -> None:
    mine = await add_fact(content_db, "A zoetrope fact for guild one.", guild_id=GUILD)
    await add_fact(content_db, "A zoetrope fact for guild two.", guild_id=OTHER_GUILD)
    await add_fact(content_db, "A zoetrope pending fact.", status="pending")
    await add_fact(content_db, "A zoetrope deleted fact.", deleted=True)
    hidden = await add_fact(content_db, "A zoetrope hidden fact.")
    await hide(content_db, GUILD, hidden)
    assert [h.fact.id for h in (await finder.find(content_db, GUILD, "zoetrope")).hits] == [mine]


async def test_film_filter(content_db: Database) -> None:
    mistons = await film_id(content_db, "les-mistons")
    hits = (await finder.find(content_db, GUILD, "film", film_id=mistons)).hits
    assert hits and all(h.fact.film_id == mistons for h in hits)


async def test_snippets_mark_the_hits(content_db: Database) -> None:
    hit = (await finder.find(content_db, GUILD, "leaud", limit=1)).hits[0]
    assert "\x02Léaud\x03" in hit.snippet


async def test_letters_without_a_separate_accent_are_found_either_way(content_db: Database) -> None:
    """'soren' finds 'Søren' (the index keeps ø), 'Søren' finds 'Soren', as /film folds names."""
    special = await add_fact(content_db, "Søren Qvist filmed the Straße of Łódź at dawn.")
    plain = await add_fact(content_db, "Soren Qvist later filmed the Strasse of Lodz at dusk.")
    for typed in ("soren qvist", "Søren", "strasse", "STRAẞE", "lodz", "łódź", "Lod"):
        assert {h.fact.id for h in (await finder.find(content_db, GUILD, typed)).hits} == {special, plain}, typed
    hits = (await finder.find(content_db, GUILD, "soren")).hits
    assert {h.snippet.split(" ")[0] for h in hits} == {"\x02Søren\x03", "\x02Soren\x03"}  # both marked


async def test_the_phrase_first_whichever_way_it_is_spelled(content_db: Database) -> None:
    phrase = await add_fact(content_db, "A long note on where the crew stayed, far from the set, and then "
                                        "Søren Qvist arrived late with many more words around him.")
    apart = [await add_fact(content_db, f"Qvist {i} met Søren.") for i in range(4)]
    for typed in ("soren qvist", "soren qvi"):
        hits = (await finder.find(content_db, GUILD, typed)).hits
        assert hits[0].fact.id == phrase and {h.fact.id for h in hits[1:]} == set(apart), typed


@pytest.mark.parametrize("vocabulary", [False, True])
async def test_hostile_input_never_fails(content_db: Database, monkeypatch: pytest.MonkeyPatch,
                                         vocabulary: bool) -> None:
    if vocabulary:
        monkeypatch.setattr(fact_search, "VOCAB_MIN_FACTS", 0)
        monkeypatch.setattr(fact_search, "VOCAB_MIN_DF", 1)
        monkeypatch.setattr(finder, "PREFIX_BUDGET", 0)
        monkeypatch.setattr(fact_search, "vocabularies", fact_search._Vocabularies())
        await finder.find(content_db, GUILD, "a")
        assert await fact_search.vocabularies.ready(content_db) is not None
    for text in HOSTILE:
        await finder.find(content_db, GUILD, text)  # raises on an FTS5 syntax error
