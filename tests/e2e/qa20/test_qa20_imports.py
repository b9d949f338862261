"""QA20: the club's moderators import facts they wrote by hand, in French, and type them with French
typography; a broken file must be refused with a message that says what to fix, in plain words."""

from __future__ import annotations

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, said
from tests.e2e.test_moderation import add_fact, run
from tests.e2e.test_trivia import RED_LIST
from tests.emulator import Emulator


async def dry_run(emulator: Emulator, w: DiscordWorld, name: str, data: bytes) -> str:
    record = await act(emulator, w.general, w.moderator, "facts import", file=(name, data))
    assert record.ephemeral
    return said(record)


async def own_facts(doinel: Doinel) -> int:
    return int(await doinel.db.scalar("SELECT count(*) FROM facts WHERE guild_id != 0"))


# -- QA20 5 -----------------------------------------------------------------------------------------------------

async def test_a_csv_fact_starting_with_a_quoted_title_is_explained_in_plain_words(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """A moderator types the club's facts in a text editor, one per line, and the first one starts with the
    film's title in quotes: "Jules et Jim" was shot in 1961 near Paris. The import answers
    `line 2: ',' expected after '"'` — Python's csv module talking. Nothing is imported (right), but the
    message should say what is wrong in the moderator's words: a cell that starts with a double quote must be
    quoted whole, with the quotes inside it doubled."""
    w = discord_world
    text = await dry_run(emulator, w, "faits.csv",
                         b'text,source\n"Jules et Jim" was shot in 1961 near Paris.,Truffaut par Truffaut\n')
    assert "Nothing was imported" in text and "line 2" in text, text
    assert "expected after" not in text and "quote" in text.lower(), text
    assert await own_facts(doinel) == 0


# -- QA20 6 -----------------------------------------------------------------------------------------------------

async def test_a_yaml_fact_with_a_french_colon_is_explained_in_plain_words(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """French typography puts a space before a colon: "Truffaut : un premier film dédié à Bazin". Written
    unquoted in a YAML file, the import says "invalid YAML at line 2, column 18: mapping values are not allowed
    here", which means nothing to a film-club moderator. It should say in plain words to put the text in
    quotes (a colon followed by a space starts a new field in YAML)."""
    w = discord_world
    data = "- source: Cahiers du cinéma\n  text: Truffaut : un premier film dédié à André Bazin.\n".encode()
    text = await dry_run(emulator, w, "faits.yaml", data)
    assert "Nothing was imported" in text and "line 2" in text, text
    assert "mapping values" not in text and "quote" in text.lower(), text
    assert await own_facts(doinel) == 0


# -- QA20 7 -----------------------------------------------------------------------------------------------------

async def test_a_yaml_year_tag_is_read_as_typed(emulator: Emulator, discord_world: DiscordWorld,
                                                doinel: Doinel) -> None:
    """The moderator tags a fact with the movement and the year, as the club does everywhere:
    `tags: [nouvelle vague, 1959]`. YAML reads 1959 as a number, and the import refuses the entry with
    'field "tags": must be a list of text, got a list' — it *is* a list, and the message never names 1959.
    The year is a tag as typed (CSV and forms take it); the file should import with the tags
    "nouvelle vague" and "1959" (at the very least, the message should name the item that is not text)."""
    w = discord_world
    data = ("- text: Jean-Pierre Léaud avait quatorze ans pendant le tournage.\n"
            "  source: Antoine de Baecque\n  tags: [nouvelle vague, 1959]\n").encode()
    text = await dry_run(emulator, w, "faits.yaml", data)
    assert "got a list" not in text, text
    assert "Would be: 1 added" in text, text


# -- working behaviour worth keeping ------------------------------------------------------------------------

async def test_french_apostrophes_and_guillemets_are_one_fact_for_duplicates_and_search(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """One moderator types the curly apostrophe (L’Argent), another the straight one (L'Argent): the second is
    warned it duplicates the first, and a member searching "l'argent de poche" finds it."""
    w = discord_world
    first = await add_fact(emulator, w, "Dans « L’Argent de poche », Truffaut filme les enfants de Thiers.",
                           source="[Cahiers](https://www.cahiersducinema.com/)")
    opened = await run(emulator, w, w.moderator, "facts add")
    again = await (await emulator.submit_modal(opened, None, {
        "text": "Dans « L'Argent de poche », Truffaut filme les enfants de Thiers."})).wait_done()
    assert f"#{first} (100% alike)" in said(again), said(again)
    found = said(await act(emulator, w.general, w.alice, "fact search", query="l'argent de poche"))
    assert f"#{first}" in found and "**L’Argent de poche**" in found, found


async def test_a_list_named_with_slashes_and_colons_exports_to_a_plain_file_name(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """The club names its list "Nouvelle Vague : été 1959 / quiz". Its export was a file named after the list
    as typed, '/' and ':' included (a path to most systems, refused by Windows): it is a plain name now."""
    w = discord_world
    name = "Nouvelle Vague : été 1959 / quiz"
    record = await emulator.slash(w.general, w.moderator, "trivia questions import", file=("club.yaml", RED_LIST),
                                  name=name)
    preview = (await record.wait_done()).followups[0]
    confirm = next(b["custom_id"] for row in preview.components for b in row["components"] if b["label"] == "Import")
    assert not (await (await emulator.click(preview.message_id, confirm, w.moderator)).wait_done()).errors
    exported = await emulator.slash(w.general, w.moderator, "trivia questions export", source=f"list:{name}")
    (file,) = (await exported.wait_done()).followups[0].files
    assert file.filename == "nouvelle-vague-ete-1959-quiz.yaml" and b"Varda" in file.data
