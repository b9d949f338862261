from __future__ import annotations

import pytest

from bot.content.bundled import sync_bundled_packs
from bot.content.pack import FilmEntry, Pack, PackInfo
from bot.db import Database, audit, films, names
from bot.db.packs import import_pack
from bot.lookup.ranking import Tier


@pytest.fixture
async def catalogue(db: Database, lookup_pack: Pack) -> Database:
    await sync_bundled_packs(db)
    await import_pack(db, lookup_pack)
    return db


async def film_id(db: Database, key: str) -> int:
    return int(await db.scalar("SELECT id FROM films WHERE pack_key = ?", (key,)))


@pytest.mark.parametrize("typed", ["400 blows", "The 400 Blows", "quatre cents coups", "Les 400 coups",
                                   "les quatre-cents coups", "LES QUATRE CENTS COUPS", "the four hundred blows",
                                   "400 Blows (1959)", "400 blows 1959"])
async def test_titles_original_titles_and_aliases_find_the_400_blows(catalogue: Database, typed: str) -> None:
    found = await films.find(catalogue, typed)
    assert found.single is not None and found.single.label == "The 400 Blows (1959)"
    choices = await films.autocomplete(catalogue, typed)
    assert choices[0].label == "The 400 Blows (1959)"


@pytest.mark.parametrize("typed", ["quat", "400 bl", "cents co", "blows", "four hund"])
async def test_autocomplete_on_partial_words(catalogue: Database, typed: str) -> None:
    assert "The 400 Blows (1959)" in [c.label for c in await films.autocomplete(catalogue, typed)]


async def test_same_title_is_ambiguous_and_year_settles_it(catalogue: Database) -> None:
    found = await films.find(catalogue, "hamlet")
    assert found.ambiguous and found.single is None
    assert [h.label for h in found.hits] == ["Hamlet (1948)", "Hamlet (1996)"]   # not Hamlet Goes Business
    assert (await films.find(catalogue, "Hamlet", year=1996)).single.label == "Hamlet (1996)"  # type: ignore[union-attr]
    assert (await films.find(catalogue, "Hamlet (1948)")).single.label == "Hamlet (1948)"  # type: ignore[union-attr]
    assert (await films.find(catalogue, "hamlet 1948")).single.label == "Hamlet (1948)"  # type: ignore[union-attr]


async def test_exact_title_beats_partial(catalogue: Database) -> None:
    choices = await films.autocomplete(catalogue, "hamlet")
    assert [c.label for c in choices] == ["Hamlet (1948)", "Hamlet (1996)", "Hamlet Goes Business (1987)"]
    assert [c.ranked.tier for c in choices] == [Tier.EXACT, Tier.EXACT, Tier.PREFIX]


async def test_original_title_with_accents(catalogue: Database) -> None:
    found = await films.find(catalogue, "a bout de souffle")
    assert found.single is not None and found.single.label == "Breathless (1960)"
    found = await films.find(catalogue, "breathless")
    assert found.ambiguous and {h.year for h in found.hits} == {1960, 1983}


async def test_year_filter_with_no_match_suggests_other_years(catalogue: Database) -> None:
    found = await films.find(catalogue, "The 400 Blows", year=1960)
    assert found.hits == () and [h.label for h in found.other_years] == ["The 400 Blows (1959)"]
    assert await films.autocomplete(catalogue, "hamlet", year=1948) != []
    assert [c.label for c in await films.autocomplete(catalogue, "hamlet", year=1948)] == ["Hamlet (1948)"]


async def test_a_title_ending_in_a_number_is_not_a_year(db: Database, lookup_pack: Pack) -> None:
    from dataclasses import replace

    from bot.content.pack import FilmEntry
    pack = replace(lookup_pack, films=(*lookup_pack.films, FilmEntry("br2049", "Blade Runner 2049", year=2017),
                                       FilmEntry("1917", "1917", year=2019)))
    await import_pack(db, pack)
    assert (await films.find(db, "blade runner 2049")).single.label == "Blade Runner 2049 (2017)"  # type: ignore[union-attr]
    assert (await films.find(db, "1917")).single.label == "1917 (2019)"  # type: ignore[union-attr]


async def test_nothing_found(catalogue: Database) -> None:
    for typed in ("zzzz qqqq", "", "   ", "!!!"):
        found = await films.find(catalogue, typed)
        assert found.hits == () and not found.ambiguous
        assert await films.autocomplete(catalogue, typed) == []


async def test_misspelling_is_offered_not_imposed(catalogue: Database) -> None:
    found = await films.find(catalogue, "400 blowz")
    assert found.ambiguous and [h.label for h in found.hits] == ["The 400 Blows (1959)"]


async def test_details_have_credits_in_billing_order(catalogue: Database) -> None:
    details = await films.get_details(catalogue, await film_id(catalogue, "the-400-blows"))
    assert details is not None
    assert [c.name for c in details.directors] == ["François Truffaut"]
    assert [c.name for c in details.writers] == ["François Truffaut", "Marcel Moussy"]
    assert [(c.name, c.character) for c in details.cast][:2] == [("Jean-Pierre Léaud", "Antoine Doinel"),
                                                                 ("Claire Maurier", "Gilberte Doinel")]
    assert "Jacques Demy" in [c.name for c in details.cameos]
    assert "Les 400 coups" in details.aliases
    assert await films.get_details(catalogue, 999_999) is None


async def test_counts_follow_what_the_server_can_see(catalogue: Database) -> None:
    blows = await film_id(catalogue, "the-400-blows")
    assert await films.counts(catalogue, blows, None) == films.FilmCounts(71, 75)
    fact = await catalogue.scalar("SELECT id FROM facts WHERE pack_key = '400b-f001'")
    async with catalogue.transaction() as conn:
        await conn.execute("INSERT INTO fact_hidden (guild_id, fact_id, hidden_at) VALUES (7, ?, 0)", (fact,))
        await conn.execute("UPDATE facts SET deleted_at = 1 WHERE pack_key = '400b-f002'")
        await conn.execute("INSERT INTO facts (guild_id, film_id, text, created_at, updated_at) "
                           "VALUES (7, ?, 'A server fact', 0, 0)", (blows,))
        await conn.execute("INSERT INTO facts (guild_id, film_id, text, created_at, updated_at) "
                           "VALUES (8, ?, 'Another server''s fact', 0, 0)", (blows,))
    assert (await films.counts(catalogue, blows, 7)).facts == 71 - 1 - 1 + 1
    assert (await films.counts(catalogue, blows, 8)).facts == 71 - 1 + 1
    assert (await films.counts(catalogue, blows, None)).facts == 70


async def test_directors_for_a_menu(catalogue: Database) -> None:
    ids = [await film_id(catalogue, k) for k in ("hamlet-1948", "hamlet-1996", "hamlet-goes-business")]
    assert await films.directors(catalogue, ids) == {ids[0]: ["Laurence Olivier"], ids[1]: ["Kenneth Branagh"]}


async def test_update_renames_and_reindexes(catalogue: Database) -> None:
    blows = await film_id(catalogue, "the-400-blows")
    details = await films.update(catalogue, blows, actor_id=5, title="The Four Hundred Blows", runtime_minutes=100,
                                 aliases=["Sans famille"], countries=["France", "Italy"])
    assert details.film.title == "The Four Hundred Blows" and details.film.countries == ("France", "Italy")
    assert (await films.find(catalogue, "sans famille")).single.id == blows  # type: ignore[union-attr]
    assert (await films.find(catalogue, "les 400 coups")).hits == ()       # the old alias is gone
    # The facts' full-text index knows the film by its new alias.
    hits = await catalogue.fetchall("SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'famille'")
    assert len(hits) == 71
    entry = (await audit.history(catalogue, "film", blows))[0]
    assert entry.actor_id == 5 and entry.before["title"] == "The 400 Blows"  # type: ignore[index]
    assert entry.after["aliases"] == ["Sans famille"] and entry.after["runtime_minutes"] == 100  # type: ignore[index]
    with pytest.raises(ValueError):
        await films.update(catalogue, blows, actor_id=5, pack_key="x")


async def test_create_and_same_title(catalogue: Database) -> None:
    assert await films.same_title(catalogue, "hamlet", 1948) == [await film_id(catalogue, "hamlet-1948")]
    assert await films.same_title(catalogue, "hamlet", 2000) == []
    new = await films.create(catalogue, title="Hamlet", original_title=None, year=2000, aliases=["Hamlet 2000"],
                             synopsis="Denmark is a corporation.", actor_id=5)
    found = await films.find(catalogue, "hamlet 2000")
    assert found.single is not None and found.single.id == new
    assert (await films.find(catalogue, "hamlet")).hits[-1].id == new
    assert (await audit.history(catalogue, "film", new))[0].action == "create"


@pytest.mark.parametrize("typed", [
    "les quatre cents coupx",    # the key just hit: names starting with all but the last letter
    "les quatre cents couos",    # earlier in the last word: finished words exact, the last one's first letters
])
async def test_a_slip_in_the_last_word_finds_the_film_among_many_lookalikes(db: Database, typed: str) -> None:
    # 120 films whose words start like every word typed, added first: a probe of first letters alone
    # reads its first rows from these and never reaches the film meant.
    lookalikes = tuple(FilmEntry(f"l{i}", f"Lesley Quartz Century Cougar {i}") for i in range(120))
    meant = FilmEntry("meant", "Les Quatre Cents Coups", year=1959)
    await import_pack(db, Pack(PackInfo("lookalikes", "Lookalikes"), (*lookalikes, meant)))
    choices = await films.autocomplete(db, typed)
    assert choices and choices[0].label == "Les Quatre Cents Coups (1959)"


async def test_a_slip_on_the_last_key_of_a_short_title(db: Database) -> None:
    # Seventy names start "la roa"; the slip probe reads the first forty in order, "La Road" among them.
    others = tuple(FilmEntry(f"o{i}", f"La Roam {i:02d}") for i in range(70))
    await import_pack(db, Pack(PackInfo("roads", "Roads"), (*others, FilmEntry("road", "La Road", year=2001))))
    choices = await films.autocomplete(db, "La Roax")
    assert choices and choices[0].label == "La Road (2001)"
    assert await films.autocomplete(db, "La Roa") and not await films.autocomplete(db, "Zz Roax")


async def test_a_title_with_an_elided_article_typed_without_its_apostrophe(db: Database) -> None:
    """QA14 6: "latalante" is one word, "L'Atalante" folds to "l atalante"; the first pass reads that too."""
    others = tuple(FilmEntry(f"o{i}", f"Atalanta {i:02d}") for i in range(30))
    await import_pack(db, Pack(PackInfo("elided", "Elided"), (
        *others, FilmEntry("atalante", "L'Atalante", year=1934), FilmEntry("avventura", "L'Avventura", year=1960),
        FilmEntry("lola", "Lola", year=1961))))
    for typed, meant in (("latal", "L'Atalante (1934)"), ("latalante", "L'Atalante (1934)"),
                         ("lavventura", "L'Avventura (1960)"), ("L'Atalante", "L'Atalante (1934)")):
        choices = await films.autocomplete(db, typed)
        assert choices and choices[0].label == meant, (typed, [c.label for c in choices])
    assert (await films.autocomplete(db, "lola"))[0].label == "Lola (1961)"
    assert names._elided("la roa") is None and names._elided("lat") is None and names._elided("lxyz") is None


async def test_the_slip_probe_reads_nothing_when_names_start_with_the_query(db: Database) -> None:
    others = tuple(FilmEntry(f"o{i}", f"La Roam {i:02d}") for i in range(70))
    await import_pack(db, Pack(PackInfo("roads", "Roads"), (*others, FilmEntry("road", "La Road", year=2001))))

    async def pass_one(typed: str) -> set[str]:
        rows = await db.fetchall(names._name_pass_sql(names.FILMS, None), names._name_pass_params(typed, ()))
        return {r[2] for r in rows}
    assert "la road" in await pass_one("la roax")                     # nothing starts so: one letter back
    assert "la road" not in await pass_one("la roam")                 # names start so: no step back


async def test_a_number_in_a_title_is_found_in_digits_or_in_words(db: Database) -> None:
    """QA21 8: "7 samurai" is Seven Samurai, "twelve angry men" is 12 Angry Men, in English or French words,
    whole or still being typed, and a number in the middle of a title is found by its words."""
    others = tuple(FilmEntry(f"s{i}", f"Samurai Story {i:02d}") for i in range(30))
    await import_pack(db, Pack(PackInfo("numbers", "Numbers"), (
        *others, FilmEntry("seven", "Seven Samurai", year=1954), FilmEntry("twelve", "12 Angry Men", year=1957),
        FilmEntry("ocean", "Ocean's Eleven", year=2001), FilmEntry("samourai", "Le Samouraï", year=1967))))
    for typed, meant in (("7 samurai", "Seven Samurai (1954)"), ("sept samurai", "Seven Samurai (1954)"),
                         ("7 sam", "Seven Samurai (1954)"), ("twelve angry men", "12 Angry Men (1957)"),
                         ("douze angry", "12 Angry Men (1957)"), ("oceans 11", "Ocean's Eleven (2001)"),
                         ("samurai 7", "Seven Samurai (1954)")):
        choices = await films.autocomplete(db, typed)
        assert choices and choices[0].label == meant, (typed, [c.label for c in choices])
    assert (await films.find(db, "7 samurai")).single.label == "Seven Samurai (1954)"  # type: ignore[union-attr]
    assert (await films.find(db, "Twelve Angry Men")).single.label == "12 Angry Men (1957)"  # type: ignore[union-attr]
    assert (await films.find(db, "le samourai")).single.label == "Le Samouraï (1967)"  # type: ignore[union-attr]
