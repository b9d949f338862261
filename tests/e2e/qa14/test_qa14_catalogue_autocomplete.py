"""QA14: film autocomplete after a bot owner imports a catalogue pack (`python -m bot import`, whose bulk
load now merges the film names' index once), typed a keystroke at a time in every command with a film
option: titles starting with The / A / Les, accented titles, original titles and aliases.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import DiscordWorld, DoinelHarness
from tests.emulator import Emulator

# (pack id, title, year, original title, aliases): what members will look for.
MEANT = [
    ("qa14-thing", "The Thing", 1982, None, []),
    ("qa14-third-man", "The Third Man", 1949, None, []),
    ("qa14-a-man-escaped", "A Man Escaped", 1956, "Un condamné à mort s'est échappé", ["Le vent souffle où il veut"]),
    ("qa14-les-mis", "Les Misérables", 2019, None, ["Les Miserables 2019"]),
    ("qa14-samourai", "Le Samouraï", 1967, None, ["The Godson"]),
    ("qa14-amelie", "Amélie", 2001, "Le Fabuleux Destin d'Amélie Poulain", ["Amelie from Montmartre"]),
    ("qa14-aeon", "Æon Flux", 2005, None, []),
    ("qa14-leon", "Léon: The Professional", 1994, "Léon", []),
    ("qa14-8half", "8½", 1963, "Otto e mezzo", ["Eight and a Half"]),
    ("qa14-la-haine", "La Haine", 1995, None, ["Hate"]),
    ("qa14-a-bout", "Breathless", 1960, "À bout de souffle", []),
    ("qa14-l-atalante", "L'Atalante", 1934, None, []),
    ("qa14-the-the", "The Them", 1954, None, ["Them!"]),
    ("qa14-zerkalo", "Mirror", 1975, "Зеркало", ["Zerkalo"]),
    ("qa14-ugetsu", "Ugetsu", 1953, "雨月物語", ["Ugetsu Monogatari"]),
]

FILLER_WORDS = ["Thin", "Thief", "Thing", "Things", "Man", "Men", "Misery", "Mist", "Amen", "Ame", "Leo", "Lea",
                "Haine", "Hair", "Atlas", "Bout", "About", "Mirror", "Mirrors", "Eight", "Zero", "Them", "Theme"]


def catalogue_pack() -> dict[str, Any]:
    films: list[dict[str, Any]] = []
    for key, title, year, original, aliases in MEANT:
        film: dict[str, Any] = {"id": key, "title": title, "year": year, "aliases": aliases}
        if original:
            film["original_title"] = original
        films.append(film)
    # Neighbours sharing words and articles, enough to crowd a 25-choice list and fill many index segments.
    n = 0
    for article in ("The ", "A ", "Les ", "Le ", "La ", ""):
        for word in FILLER_WORDS:
            for extra in ("", " Returns", " of the Night", " 2"):
                if f"{article}{word}{extra}".lower() in {m[1].lower() for m in MEANT}:
                    continue
                n += 1
                films.append({"id": f"qa14-fill-{n}", "title": f"{article}{word}{extra}", "year": 1950 + n % 70})
    return {"format": 1, "pack": {"id": "qa14-catalogue", "name": "QA14 catalogue", "version": 1},
            "films": films}


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


def cli_import(harness: DoinelHarness, path: Path) -> str:
    env = {**os.environ, "DISCORD_TOKEN": harness.emulator.config.token,
           "DATABASE_PATH": str(harness.database_path), "DISCORD_API_BASE": "http://127.0.0.1:9/api",
           "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/"}
    done = subprocess.run([sys.executable, "-m", "bot", "import", str(path)], env=env, capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
async def imported(doinel_harness: DoinelHarness, tmp_path: Path) -> DoinelHarness:
    """The bot started once (database created, bundled packs loaded), stopped, the owner's catalogue imported
    with the command line, and started again."""
    await doinel_harness.start()
    await doinel_harness.stop()
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(catalogue_pack(), ensure_ascii=False), encoding="utf-8")
    out = cli_import(doinel_harness, path)
    assert "imported qa14-catalogue" in out, out
    await doinel_harness.start()
    return doinel_harness


async def film_id(harness: DoinelHarness, key: str) -> int:
    assert harness.bot is not None
    return int(await harness.bot.db.scalar("SELECT id FROM films WHERE pack_key = ?", (key,)))


def label(title: str, year: int) -> str:
    return f"{title} ({year})"


async def keystrokes(emulator: Emulator, w: DiscordWorld, typed: str, command: str = "film",
                     focused: str = "title", start: int = 3) -> dict[str, list[str]]:
    """Every prefix of ``typed`` from ``start`` letters on -> the choices' names offered."""
    out = {}
    for i in range(start, len(typed) + 1):
        prefix = typed[:i]
        if prefix.endswith(" "):
            continue
        choices = await emulator.autocomplete(w.general, w.moderator if command != "film" else w.alice,
                                              command, focused=focused, **{focused: prefix})
        out[prefix] = [c["name"] for c in choices]
    return out


# What a member types, and the film meant. The prefixes checked start where the typed text is distinctive.
TYPED = [
    ("The Thing", "qa14-thing", "The Thing (1982)", len("The Thi")),
    ("the third man", "qa14-third-man", "The Third Man (1949)", len("the thir")),
    ("A Man Escaped", "qa14-a-man-escaped", "A Man Escaped (1956)", len("A Man E")),
    ("un condamne a mort", "qa14-a-man-escaped", "A Man Escaped (1956)", len("un con")),
    ("Les Misérables", "qa14-les-mis", "Les Misérables (2019)", len("Les Misé")),
    ("les miserables", "qa14-les-mis", "Les Misérables (2019)", len("les mise")),
    ("Le Samourai", "qa14-samourai", "Le Samouraï (1967)", len("Le Sam")),
    ("amelie", "qa14-amelie", "Amélie (2001)", len("amel")),
    ("le fabuleux destin", "qa14-amelie", "Amélie (2001)", len("le fab")),
    ("aeon flux", "qa14-aeon", "Æon Flux (2005)", len("aeon")),
    ("Leon", "qa14-leon", "Léon: The Professional (1994)", len("Leon")),
    ("otto e mezzo", "qa14-8half", "8½ (1963)", len("otto")),
    ("La Haine", "qa14-la-haine", "La Haine (1995)", len("La Hain")),
    ("a bout de souffle", "qa14-a-bout", "Breathless (1960)", len("a bout d")),
    ("L'Atalante", "qa14-l-atalante", "L'Atalante (1934)", len("L'Ata")),
    ("the them", "qa14-the-the", "The Them (1954)", len("the them")),
    ("Зеркало", "qa14-zerkalo", "Mirror (1975)", len("Зерк")),
    ("zerkalo", "qa14-zerkalo", "Mirror (1975)", len("zerk")),
    ("雨月物語", "qa14-ugetsu", "Ugetsu (1953)", len("雨月")),
    ("ugetsu monogatari", "qa14-ugetsu", "Ugetsu (1953)", len("ugetsu m")),
]


@pytest.mark.parametrize(("typed", "key", "shown", "start"), TYPED, ids=[t[0] for t in TYPED])
async def test_film_autocomplete_a_keystroke_at_a_time_after_a_catalogue_import(
        emulator: Emulator, discord_world: DiscordWorld, imported: DoinelHarness, typed: str, key: str,
        shown: str, start: int) -> None:
    w = discord_world
    seen = await keystrokes(emulator, w, typed, start=start)
    missing = {prefix: names[:5] for prefix, names in seen.items() if shown not in names}
    assert missing == {}, f"{shown} not offered for: {missing}"
    whole = seen[typed] if typed in seen else seen[max(seen, key=len)]
    assert whole[0] == shown, whole[:5]
    # The pick opens the card.
    choices = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title=typed)
    value = next(c["value"] for c in choices if c["name"] == shown)
    assert value == f"id:{await film_id(imported, key)}"
    card = await (await emulator.slash(w.general, w.alice, "film", title=value)).wait_done()
    assert card.embeds and card.embeds[0]["title"] == shown, card.content


# Every other command with a film option: (command, option, member kind).
FILM_OPTIONS = [("fact random", "film"), ("fact search", "film"), ("fact suggest", "film"), ("daily set", "film"),
                ("facts add", "film"), ("films edit", "film"), ("films details", "film"), ("films credits", "film"),
]


@pytest.mark.parametrize(("command", "option"), FILM_OPTIONS, ids=[c for c, _ in FILM_OPTIONS])
async def test_other_film_options_offer_the_imported_films_as_typed(
        emulator: Emulator, discord_world: DiscordWorld, imported: DoinelHarness, command: str, option: str) -> None:
    w = discord_world
    member = w.owner if command.startswith("films") else w.moderator
    problems = {}
    for typed, _key, shown, start in TYPED:
        for i in range(start, len(typed) + 1):
            prefix = typed[:i]
            if prefix.endswith(" "):
                continue
            options: dict[str, Any] = {option: prefix}
            if command == "fact search":
                options["query"] = "x"
            choices = await emulator.autocomplete(w.general, member, command, focused=option, **options)
            names = [c["name"] for c in choices]
            if shown not in names:
                problems[(typed, prefix)] = names[:3]
    assert problems == {}, problems


async def test_films_added_and_renamed_after_the_import_are_found_a_keystroke_at_a_time(
        emulator: Emulator, discord_world: DiscordWorld, imported: DoinelHarness, tmp_path: Path) -> None:
    w = discord_world
    # The owner re-imports the pack with a title corrected and a new film.
    pack = catalogue_pack()
    pack["pack"]["version"] = 2
    for film in pack["films"]:
        if film["id"] == "qa14-thing":
            film["title"] = "The Thing from Another World"
            film["year"] = 1951
    pack["films"].append({"id": "qa14-new", "title": "Les Amants", "year": 1958, "aliases": ["The Lovers"]})
    path = tmp_path / "catalogue2.json"
    path.write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")
    await imported.stop()
    cli_import(imported, path)
    await imported.start()
    seen = await keystrokes(emulator, w, "The Thing from Another", start=len("The Thing f"))
    assert {p: n[:3] for p, n in seen.items() if "The Thing from Another World (1951)" not in n} == {}
    old = await emulator.autocomplete(w.general, w.alice, "film", focused="title", title="The Thing")
    assert "The Thing (1982)" not in [c["name"] for c in old]
    for typed in ("Les Aman", "the lovers", "amants"):
        names = [c["name"] for c in await emulator.autocomplete(w.general, w.alice, "film", focused="title",
                                                                 title=typed)]
        assert "Les Amants (1958)" in names, (typed, names)


async def test_a_title_with_an_elided_article_is_found_typed_without_its_apostrophe(
        emulator: Emulator, discord_world: DiscordWorld, imported: DoinelHarness) -> None:
    """'latalante' (no apostrophe, as many type it) offers nothing at all, not even as a close spelling."""
    w = discord_world
    seen = await keystrokes(emulator, w, "latalante", start=len("latal"))
    assert {p: n for p, n in seen.items() if "L'Atalante (1934)" not in n} == {}


async def test_a_first_question_list_about_an_imported_film_can_be_tied_to_it(
        emulator: Emulator, discord_world: DiscordWorld, imported: DoinelHarness) -> None:
    """/trivia questions import film: only films that already have questions here are offered or accepted,
    so a server cannot bring its first questions about a catalogue film and tie them to it."""
    w = discord_world
    red = b"AUTHOR: Film club\nWho plays Harry Lime?:\n- Orson Welles\n- Welles\n"
    record = await (await emulator.slash(w.general, w.moderator, "trivia questions import",
                                         file=("harry.yaml", red), film="The Third Man")).wait_done()
    text = "\n".join((r.content or "") for r in record.responses)
    choices = await emulator.autocomplete(w.general, w.moderator, "trivia questions import", focused="film",
                                          film="third man")
    names = [c["name"] for c in choices]
    assert "has trivia questions here" not in text, text
    assert any("The Third Man (1949)" in n for n in names), names


async def test_a_film_an_owner_adds_after_the_import_is_found_a_keystroke_at_a_time(
        emulator: Emulator, discord_world: DiscordWorld, imported: DoinelHarness) -> None:
    from tests.e2e.qa3.support import add_film
    w = discord_world
    await add_film(emulator, w, "The Thirteenth Floor", year="1999", original_title="Le Treizième Étage")
    for typed, start in (("The Thirteenth Floor", len("The Thirt")), ("le treizieme", len("le trei"))):
        seen = await keystrokes(emulator, w, typed, start=start)
        assert {p: n[:3] for p, n in seen.items() if "The Thirteenth Floor (1999)" not in n} == {}, typed
    seen = await keystrokes(emulator, w, "The Third Man", start=len("The Thir"))
    assert {p: n[:3] for p, n in seen.items() if "The Third Man (1949)" not in n} == {}
