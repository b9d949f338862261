"""Embeds stay within Discord's limits however long the data, and missing data is left out."""

from __future__ import annotations

import pytest

from bot.db.facts import Fact
from bot.db.films import Film, FilmCounts, FilmCredit, FilmDetails
from bot.db.people import FilmCredits, Person, PersonCredit, PersonDetails
from bot.db.search import FactHit, SearchResults
from bot.lookup.cards import age_at, fact_entry, film_card, format_date, lifespan, person_card
from bot.lookup.embeds import EmbedData, Field, build, clip, field, fit, join_lines
from bot.lookup.results import page_count, search_page


def assert_within_limits(embed: EmbedData) -> None:
    assert 1 <= len(embed.title) <= 256
    assert len(embed.description) <= 4096
    assert len(embed.footer) <= 2048
    assert len(embed.fields) <= 25
    for f in embed.fields:
        assert 1 <= len(f.name) <= 256 and 1 <= len(f.value) <= 1024
        assert "None" not in (f.name, f.value)
    assert embed.total <= 6000


def film(**changes) -> Film:
    base = dict(id=1, pack_key="x", title="The 400 Blows", original_title="Les Quatre Cents Coups", year=1959,
                runtime_minutes=99, countries=("France",), languages=("French",), format="Black and white",
                locations=("Paris",), awards=("Cannes 1959 — Best Director",), synopsis="Antoine runs to the sea.",
                sources=("Wikipedia",), created_at=0, updated_at=0)
    return Film(**{**base, **changes})


def credits(n: int, role: str, length: int = 20) -> tuple[FilmCredit, ...]:
    return tuple(FilmCredit(i, f"Person {i} " + "x" * length, role, f"Character {i} " + "y" * length, i)
                 for i in range(n))


def test_film_card_shows_every_field() -> None:
    details = FilmDetails(film(), ("Les 400 coups",), (
        FilmCredit(1, "François Truffaut", "director", "", 0), FilmCredit(1, "François Truffaut", "writer", "", 1),
        FilmCredit(2, "Marcel Moussy", "writer", "", 2),
        FilmCredit(3, "Jean-Pierre Léaud", "actor", "Antoine Doinel", 3),
        FilmCredit(4, "Jacques Demy", "cameo", "Policeman", 4)))
    embed = film_card(details, FilmCounts(71, 75))
    assert_within_limits(embed)
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "The 400 Blows (1959)"
    assert embed.description.startswith("Original title: *Les Quatre Cents Coups*")
    assert fields["Directed by"] == "François Truffaut"
    assert fields["Written by"] == "François Truffaut and Marcel Moussy"
    assert fields["Cast"] == "Jean-Pierre Léaud as Antoine Doinel"
    assert fields["Cameos"] == "Jacques Demy as Policeman"
    assert fields["Runtime"] == "99 min" and fields["Country"] == "France" and fields["Language"] == "French"
    assert fields["Format"] == "Black and white" and fields["Awards"] == "• Cannes 1959 — Best Director"
    assert fields["In Doinel"] == "71 facts · 75 trivia questions"
    assert embed.footer == "Film #1 · Source: Wikipedia"


def test_missing_fields_are_left_out_never_none() -> None:
    bare = film(original_title=None, year=None, runtime_minutes=None, countries=(), languages=(), format=None,
                locations=(), awards=(), synopsis=None, sources=())
    embed = film_card(FilmDetails(bare, (), ()), FilmCounts(0, 0))
    assert_within_limits(embed)
    assert embed.title == "The 400 Blows" and embed.description == ""
    assert [f.name for f in embed.fields] == ["In Doinel"]
    assert embed.fields[0].value == "No facts or trivia questions yet"
    assert "None" not in repr(embed)


def test_original_title_equal_but_for_case_is_not_repeated() -> None:
    embed = film_card(FilmDetails(film(original_title="the 400 BLOWS"), (), ()), FilmCounts(1, 1))
    assert "Original title" not in embed.description
    assert {f.name: f.value for f in embed.fields}["In Doinel"] == "1 fact · 1 trivia question"


def test_very_long_film_data_is_cut_cleanly() -> None:
    huge = film(title="T" * 400, original_title="O " * 300, synopsis=("word " * 2000).strip(),
                countries=tuple(f"Country {i}" for i in range(100)), languages=tuple(f"L{i}" * 20 for i in range(100)),
                format="F" * 500, locations=tuple("Somewhere " * 10 for _ in range(50)),
                awards=tuple(f"Award {i} " + "z" * 200 for i in range(100)),
                sources=tuple("S" * 300 for _ in range(20)))
    details = FilmDetails(huge, (), (*credits(200, "director", 80), *credits(200, "writer", 80),
                                     *credits(500, "actor", 150), *credits(100, "cameo", 150),
                                     *credits(50, "composer", 80)))
    embed = film_card(details, FilmCounts(10**6, 10**6))
    assert_within_limits(embed)
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title.endswith("…")
    cast = fields["Cast"].split("\n")
    assert len(cast) <= 11 and cast[-1].endswith(("more", "…"))   # cut at a line, never mid-word silently
    assert "In Doinel" in fields                                  # every field kept; the longest were cut
    assert embed.footer.startswith("Film #1 · Sources: SSS") and len(embed.footer) <= 320


def test_long_cast_counts_everyone_left_out() -> None:
    embed = film_card(FilmDetails(film(), (), credits(500, "actor", 40)), FilmCounts(0, 0))
    assert_within_limits(embed)
    cast = {f.name: f.value for f in embed.fields}["Cast"].split("\n")
    assert cast[-1] == f"… and {500 - (len(cast) - 1)} more"


def test_cast_beyond_the_main_ten_is_counted() -> None:
    embed = film_card(FilmDetails(film(), (), credits(14, "actor", 1)), FilmCounts(0, 0))
    cast = {f.name: f.value for f in embed.fields}["Cast"].split("\n")
    assert len(cast) == 11 and cast[-1] == "… and 4 more"


def test_markdown_in_names_is_escaped() -> None:
    details = FilmDetails(film(title="*batteries not included", original_title="__x__"), (),
                          (FilmCredit(1, "Mr_Bean *", "director", "", 0),))
    embed = film_card(details, FilmCounts(0, 0))
    assert embed.title == "\\*batteries not included (1959)"   # Discord renders emphasis in titles too
    assert "\\_\\_x\\_\\_" in embed.description
    assert {f.name: f.value for f in embed.fields}["Directed by"] == "Mr\\_Bean \\*"


def test_fit_enforces_every_limit() -> None:
    raw = EmbedData("t" * 300, "d" * 5000, tuple(Field("n" * 300, "v " * 700) for _ in range(40)), "f" * 3000)
    embed = fit(raw)
    assert_within_limits(embed)
    assert embed.fields and len(embed.description) >= 500


@pytest.mark.parametrize("fields", [0, 1, 5, 25, 30])
def test_fit_total_with_long_description(fields: int) -> None:
    embed = build("T", "word " * 1000, [Field(f"F{i}", "v" * 1024) for i in range(fields)], "footer")
    assert_within_limits(embed)


def test_helpers() -> None:
    assert field("x", None) is None and field("x", "  ") is None and field("", "v") is None
    assert clip("hello wonderful world", 18) == "hello wonderful…"
    assert clip("short", 10) == "short" and len(clip("x" * 50, 10)) == 10
    # QA14: a bold hit on a very long word, cut in its middle, would leave "**" open (and the rest bold).
    assert clip("Doinel **Qzanthe" + "x" * 50 + "** at sea", 30) == "Doinel Qzanthe" + "x" * 13 + "…"
    assert clip("**Doinel** at **sea** and " + "y" * 40, 30) == "**Doinel** at **sea** and…"
    assert clip("C:\\\\ **star** " + "z" * 40, 16) == "C:\\\\ **star**…"    # an escaped backslash, then bold
    assert clip("C:\\** **star" + "z" * 40, 16) == "C:\\** starzzz…"      # an escaped star, then an open bold
    assert join_lines(["a", "b", "c"], 100) == "a\nb\nc"
    assert join_lines(["a" * 10, "b" * 10, "c" * 10], 25) == "a" * 10 + "\n… and 2 more"


def fact(i: int, text: str = "A fact.", **kw) -> Fact:
    return Fact(id=i, guild_id=None, pack_key=None, film_id=1, text=text, source=kw.get("source", "Wikipedia"),
                tags=kw.get("tags", ("production",)), verified=kw.get("verified", True), status="approved",
                created_by=None, created_at=0, updated_by=None, updated_at=0, deleted_at=None)


def test_fact_entry() -> None:
    assert fact_entry(fact(1)) == "**#1** · production\nA fact.\n*Source: Wikipedia*"
    assert fact_entry(fact(2, "Use *stars*", verified=False, tags=(), source="")) == \
        "**#2** · ⚠️ unverified\nUse \\*stars\\*"


def person(**changes) -> Person:
    base = dict(id=1, pack_key="p", name="François Truffaut", born="1932-02-06", died="1984-10-21",
                known_for="French New Wave director")
    return Person(**{**base, **changes})


def test_person_card() -> None:
    films = (FilmCredits(1, "The 400 Blows", 1959, (PersonCredit(1, "The 400 Blows", 1959, "director", "", 0),
                                                     PersonCredit(1, "The 400 Blows", 1959, "cameo", "Man", 8))),
             FilmCredits(2, "Day for Night", 1973, (PersonCredit(2, "Day for Night", 1973, "actor", "Ferrand", 3),)))
    embed = person_card(PersonDetails(person(), ("Truffaut", "FT the Critic"), films))
    assert_within_limits(embed)
    assert embed.title == "François Truffaut"
    assert "**The 400 Blows** (1959) — director, cameo as Man" in embed.description
    assert "**Day for Night** (1973) — as Ferrand" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert fields == {"Born": "6 February 1932", "Died": "21 October 1984 (aged 52)", "Also known as": "FT the Critic"}
    assert embed.footer == "Person #1 · 2 films"


def test_person_card_with_little_or_huge_data() -> None:
    bare = person_card(PersonDetails(person(born=None, died=None, known_for=None), (), ()))
    assert_within_limits(bare)
    assert bare.fields == () and bare.description == "No credits in Doinel yet."
    many = tuple(FilmCredits(i, "Film " + "x" * 200, 1900 + i % 100,
                             tuple(PersonCredit(i, "F", None, "actor", "c" * 150, j) for j in range(3)))
                 for i in range(1000))
    embed = person_card(PersonDetails(person(known_for="k" * 300), tuple("alias " * 40 for _ in range(3)), many))
    assert_within_limits(embed)
    assert embed.description.rstrip().endswith("more films")


@pytest.mark.parametrize(("value", "shown"), [("1932-02-06", "6 February 1932"), ("1932-02", "February 1932"),
                                              ("1932", "1932"), (None, None), ("1932-13-01", "1932-13-01")])
def test_format_date(value: str | None, shown: str | None) -> None:
    assert format_date(value) == shown


def test_lifespan_and_age() -> None:
    assert lifespan(person()) == "1932–1984"
    assert lifespan(person(died=None)) == "born 1932"
    assert lifespan(person(born=None)) == "died 1984"
    assert lifespan(person(born=None, died=None)) is None
    assert age_at("1932-02-06", "1984-10-21") == 52 and age_at("1932-11-06", "1984-10-21") == 51
    assert age_at("1932", "1984") is None


def test_a_right_to_left_override_in_a_fact_stays_inside_its_own_words() -> None:
    """QA11: U+202E in a fact reversed the rest of its /search line (its film, the next results)."""
    facts = (FactHit(1, "The 400 Blows (1959)", "Shot by \x02Decae\x03 \u202eon location\u2066", True),
             FactHit(2, None, "Second \u202bfact\u202c", True))
    page = search_page(SearchResults("decae", (), (), facts), 0)
    assert "`#1` Shot by **Decae** on location — *The 400 Blows (1959)*\n`#2` Second fact" in page.description
    assert not any(c in page.description for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_search_pages_group_and_highlight() -> None:
    from bot.db.films import FilmHit
    from bot.lookup.ranking import Ranked, Tier
    query = "truffaut"
    hits = tuple(FilmHit(i, f"Film {i}", 1950 + i, None, Ranked(i, Tier.WORDS, f"Film {i}", "title", 1950 + i))
                 for i in range(3))
    facts = tuple(FactHit(i, "The 400 Blows (1959)", f"…by \x02Truffaut\x03 *{i}*…", i != 1) for i in range(20))
    results = SearchResults(query, hits, (person(),), facts)
    assert page_count(results) == 3
    first = search_page(results, 0)
    assert_within_limits(first)
    assert first.description.startswith("__Films__\n**Film 0** (1950)")
    assert "__People__\n**François Truffaut** (1932–1984) — French New Wave director" in first.description
    assert "`#0` …by **Truffaut** \\*0\\*… — *The 400 Blows (1959)*" in first.description
    assert first.footer.startswith("Page 1/3 · 3 films, 1 person, 20 facts")
    last = search_page(results, 99)
    assert last.footer.startswith("Page 3/3") and "__Films__" not in last.description
    empty = search_page(SearchResults(query, (), (), ()), 0)
    assert empty.description.startswith("Nothing found")
    huge = SearchResults(query, (), (), tuple(FactHit(i, None, "\x02x\x03 " * 500, False)
                                               for i in range(8)))
    assert_within_limits(search_page(huge, 0))
