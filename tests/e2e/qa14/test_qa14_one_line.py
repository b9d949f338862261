"""QA14: one-line displays (/search lines, /fact search hits, autocomplete choices) with direction controls,
Hebrew and Arabic, zero-width joiners, very long words and Markdown characters.

What a reader should see: no explicit direction control left on a line shared with other text (an unclosed
U+202E reverses whatever follows it up to the end of the line), right-to-left scripts and joiners intact,
Markdown characters shown as typed, bold pairs balanced.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa5.support import catalogue
from tests.e2e.test_moderation import add_fact, run
from tests.emulator import Emulator

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
FAMILY = "👨\u200d👩\u200d👧"          # one emoji, joined by ZWJs
PERSIAN = "می\u200cخواهم"              # a word with a zero-width non-joiner


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


def has_controls(text: str) -> bool:
    return any(c in text for c in CONTROLS)


def lines_with(description: str, needle: str) -> list[str]:
    return [line for line in description.split("\n") if needle in line]


async def search(emulator: Emulator, w: DiscordWorld, command: str, query: str) -> dict[str, Any]:
    record = await run(emulator, w, w.alice, command, query=query)
    assert record.embeds, record.content
    return record.embeds[0]


async def test_search_line_of_a_fact_with_an_unclosed_override_has_no_control_and_its_film_reads_forward(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await add_fact(emulator, w, "Marcel \u202eMoussy wrote the dialogue", film="the-400-blows")
    await add_fact(emulator, w, "Moussy also \u2067wrote for television", film="the-400-blows")
    page = await search(emulator, w, "search", "moussy")
    [line1] = lines_with(page["description"], "wrote the dialogue")
    [line2] = lines_with(page["description"], "for television")
    for line in (line1, line2):
        assert not has_controls(line), ascii(line)
        assert line.endswith("— *The 400 Blows (1959)*") or line.endswith("— *The 400 Blows*"), ascii(line)


async def test_fact_search_hit_of_a_fact_with_an_unclosed_override_has_no_control(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """/fact search lists hits as /search does: a control left in one hit's line reverses its tail."""
    w = discord_world
    await add_fact(emulator, w, "Marcel \u202eMoussy wrote the dialogue", film="the-400-blows")
    page = await search(emulator, w, "fact search", "moussy")
    assert not has_controls(page["description"]), ascii(page["description"])
    assert "**Moussy** wrote the dialogue" in page["description"], page["description"]


async def test_hebrew_arabic_and_joiners_stay_intact_in_search_autocomplete_and_fact_search(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    text = f"Truffaut {HEBREW} {ARABIC} {FAMILY} {PERSIAN} end."
    fact_id = await add_fact(emulator, w, text)
    for command in ("search", "fact search"):
        page = await search(emulator, w, command, "Truffaut")
        [line] = lines_with(page["description"], HEBREW)
        for piece in (HEBREW, ARABIC, FAMILY, PERSIAN):
            assert piece in line, (command, ascii(line))
    choices = await emulator.autocomplete(w.general, w.alice, "fact show", focused="id", id=str(fact_id))
    assert any(c["name"] == f"#{fact_id} — {text}" for c in choices), choices
    page = await search(emulator, w, "fact search", HEBREW.split()[0])
    assert HEBREW.split()[0] in page["description"], page


async def test_direction_controls_in_a_fact_show_id_autocomplete_choice_are_dropped(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    fact_id = await add_fact(emulator, w, "Antoine \u202ereads Balzac\u202c by candlelight")
    choices = await emulator.autocomplete(w.general, w.alice, "fact show", focused="id", id="balzac")
    [choice] = [c for c in choices if c["value"] in (fact_id, str(fact_id))]
    assert choice["name"] == f"#{fact_id} — Antoine reads Balzac by candlelight", ascii(choice["name"])


async def test_markdown_in_a_fact_shows_as_typed_in_search_lines(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await add_fact(emulator, w, "Altman's M*A*S*H and __Nashville__ ||spoil|| `code` [link](x) ~~gone~~ Altmanesque")
    for command in ("search", "fact search"):
        page = await search(emulator, w, command, "nashville")
        [line] = lines_with(page["description"], "Nashville")
        assert r"M\*A\*S\*H" in line and r"\`code\`" in line, (command, line)
        assert "||spoil||" in line, (command, line)       # but a spoiler stays one: as typed, it showed (QA19)
        assert "\\\\" not in line, (command, line)          # no escape shown as a backslash


async def test_a_very_long_word_hit_in_search_keeps_its_bold_balanced_and_its_film_italic(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A prefix hit on a 500-letter word, cut to the line's length: the bold must still be closed."""
    w = discord_world
    await add_fact(emulator, w, "Doinel " + "Qzanthe" + "x" * 500 + " at the sea.", film="the-400-blows")
    page = await search(emulator, w, "search", "qzanth")
    [line] = lines_with(page["description"], "Qzanthe")
    body = line.split("—")[0]
    assert body.count("**") % 2 == 0, line
    assert "— *The 400 Blows" in line, line


async def test_a_long_phrase_hit_cut_by_the_line_limit_keeps_its_bold_balanced(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    words = " ".join(f"word{i:03d}" for i in range(30))
    await add_fact(emulator, w, "x" * 150 + " " + words + " tail", film="the-400-blows")
    page = await search(emulator, w, "search", words)
    [line] = lines_with(page["description"], "word000")
    assert line.split(" — *")[0].count("**") % 2 == 0, line


async def test_search_lines_of_films_and_people_with_an_unclosed_override_have_no_control(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """/search's Films and People lines: a title or name with U+202E reverses its year, alias or dates."""
    w = discord_world
    await catalogue(doinel.db, [
        {"id": "qa14-mirror", "title": "\u202eZerkalo mirror", "year": 1975, "aliases": ["Mirror \u202eZerkalo"]},
    ], people=[
        {"id": "qa14-tark", "name": "Andrei \u202eZerkalovsky", "born": "1932", "died": "1986",
         "known_for": "Zerkalo \u202eand more"},
    ])
    page = await search(emulator, w, "search", "zerkalo")
    lines = lines_with(page["description"], "Zerkalo")
    assert len(lines) >= 2, page["description"]
    assert [ascii(line) for line in lines if has_controls(line)] == [], "\n".join(ascii(x) for x in lines)


async def test_film_autocomplete_with_an_override_in_the_title_offers_it_without_controls(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    await catalogue(doinel.db, [{"id": "qa14-mirror", "title": "\u202eZerkalo", "year": 1975,
                                 "aliases": [HEBREW]}])
    for typed in ("zerk", "Zerkalo", HEBREW[:3]):
        choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title=typed)
        assert [c["name"] for c in choices][:1] == ["Zerkalo (1975)"], (typed, [ascii(c["name"]) for c in choices])
    shown = await run(emulator, w, w.alice, "film", title=choices[0]["value"])
    assert shown.embeds and not has_controls(shown.embeds[0]["title"]), shown.embeds


async def test_a_query_with_controls_and_markdown_is_named_as_typed(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    for command in ("search", "fact search"):
        record = await run(emulator, w, w.alice, command, query="\u202eqzxj **nothing** here")
        text = (record.content or "") + "".join(e.get("title", "") + (e.get("description") or "")
                                               for e in record.embeds)
        assert not has_controls(text), (command, ascii(text))
        assert "**nothing**" not in text.replace(r"\*\*nothing\*\*", ""), (command, text)
