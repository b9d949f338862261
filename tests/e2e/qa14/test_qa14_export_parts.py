"""QA14: /facts export in several files (more facts than /facts import takes per file), and each file
imported back, here, edited, in another server, in any order.

Black box: what a moderator reads and downloads, then what /facts import says about each file and what
members then have. importers.MAX_ROWS / MAX_BYTES are made small where the README's 10,000 / 5 MB would
only make the test slow (the bot reads them at run time).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.client import Doinel
from bot.moderation import importers
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import said
from tests.e2e.qa3.support import import_file
from tests.e2e.qa12.test_qa12_round_trips import facts_of, second_server
from tests.e2e.test_moderation import add_fact, buttons
from tests.emulator import Channel, Emulator, Member
from tests.emulator.appcommands import NotAllowed


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


@dataclass
class Part:
    content: str
    filename: str
    data: bytes
    ephemeral: bool


async def export_parts(emulator: Emulator, channel: Channel, mod: Member, fmt: str) -> list[Part]:
    """/facts export as a moderator gets it: every followup, its text and its file."""
    record = await (await emulator.slash(channel, mod, "facts export", format=fmt)).wait_done(timeout=60)
    first = record.followups[0].content or ""
    m = re.search(r"in (\d+) files", first)
    expected = int(m.group(1)) if m else 1
    await record.wait_for(lambda r: len(r.followups) >= expected, timeout=60, what=f"{expected} files")
    parts = []
    for f in record.followups:
        assert len(f.files) <= 1, f.data
        parts.append(Part(f.content or "", f.files[0].filename if f.files else "",
                          f.files[0].data if f.files else b"", f.ephemeral))
    return parts


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def json_facts(data: bytes) -> list[dict[str, Any]]:
    return json.loads(data.decode("utf-8"))["facts"]


async def preview(emulator: Emulator, channel: Channel, mod: Member, name: str, data: bytes) -> Any:
    record = await (await emulator.slash(channel, mod, "facts import", file=(name, data))).wait_done(timeout=60)
    answer = record.followups[-1]
    assert answer.ephemeral, answer.data
    message = emulator.message(answer.message_id)
    assert message is not None
    return message


async def confirm(emulator: Emulator, mod: Member, message: Any) -> str:
    [label] = [label for label in buttons(message) if label.startswith("Import")]
    await (await emulator.click(message, buttons(message)[label], mod)).wait_done(timeout=60)
    done = emulator.message(message.id)
    assert done is not None
    return done.content


def seed_csv(n: int, *, prefix: str = "Club fact") -> bytes:
    lines = ["text,film,source,tags"]
    for i in range(1, n + 1):
        lines.append(f"\"{prefix} {i}: Léaud, 14, ran to the sea at Honfleur.\",the-400-blows,Club notes {i},"
                     f"cast;sea")
    return ("\n".join(lines) + "\n").encode()


# -- scenarios ------------------------------------------------------------------------------------------


async def test_csv_export_in_three_files_each_imports_back_unchanged_and_an_edited_part_updates_only_its_fact(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w, db = discord_world, doinel.db
    await import_file(emulator, w, "seed.csv", seed_csv(5))
    before = await facts_of(db, w.guild.id)
    monkeypatch.setattr(importers, "MAX_ROWS", 2)
    parts = await export_parts(emulator, w.general, w.moderator, "csv")
    assert [p.filename for p in parts] == [f"film-club-facts-{i}-of-3.csv" for i in (1, 2, 3)]
    assert parts[0].content.startswith("5 facts of this server, in 3 files"), parts[0].content
    assert [p.content for p in parts[1:]] == ["File 2 of 3.", "File 3 of 3."]
    assert all(p.ephemeral for p in parts)
    rows = [row for p in parts for row in csv_rows(p.data)]
    assert [len(csv_rows(p.data)) for p in parts] == [2, 2, 1]
    assert [r["text"] for r in rows] == [f[0] for f in before]          # in order, none lost, none twice
    assert len({r["id"] for r in rows}) == 5
    for p in parts:
        shown = await preview(emulator, w.general, w.moderator, p.filename, p.data)
        n = len(csv_rows(p.data))
        assert f"0 added, 0 updated, 0 restored, {n} unchanged" in shown.content, shown.content
        assert not buttons(shown)
    # The moderator fixes a typo in the second file only and brings it back.
    edited = parts[1].data.decode("utf-8-sig").replace("Club fact 3:", "Club fact three:").encode("utf-8-sig")
    shown = await preview(emulator, w.general, w.moderator, parts[1].filename, edited)
    assert "0 added, 1 updated, 0 restored, 1 unchanged" in shown.content, shown.content
    done = await confirm(emulator, w.moderator, shown)
    assert done.startswith(f"Imported {parts[1].filename}"), done
    after = await facts_of(db, w.guild.id)
    assert len(after) == 5 and [f[0] for f in after][2].startswith("Club fact three:")
    assert [f for i, f in enumerate(after) if i != 2] == [f for i, f in enumerate(before) if i != 2]


async def test_json_parts_imported_into_another_server_in_reverse_order_arrive_once_and_come_home_unchanged(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w, db = discord_world, doinel.db
    await import_file(emulator, w, "seed.csv", seed_csv(5))
    await add_fact(emulator, w, "A fact with its own line.\nAnd a second one, about Bazin.", tags="bazin",
                   source="=Cahiers")
    mine = await facts_of(db, w.guild.id)
    monkeypatch.setattr(importers, "MAX_ROWS", 2)
    parts = await export_parts(emulator, w.general, w.moderator, "json")
    assert [p.filename for p in parts] == [f"film-club-facts-{i}-of-3.json" for i in (1, 2, 3)]
    assert parts[0].content.startswith("6 facts of this server, in 3 files"), parts[0].content
    assert sum(len(json_facts(p.data)) for p in parts) == 6
    channel, mod = await second_server(emulator, doinel)
    other = channel.guild_id
    for p in reversed(parts):
        shown = await preview(emulator, channel, mod, p.filename, p.data)
        n = len(json_facts(p.data))
        assert f"Would be: {n} added, 0 updated, 0 restored, 0 unchanged." in shown.content, shown.content
        assert (await confirm(emulator, mod, shown)).startswith(f"Imported {p.filename}")
    theirs = await facts_of(db, other)
    assert sorted(theirs) == sorted(mine) and len(theirs) == 6
    for p in parts:         # a second time: nothing doubles
        shown = await preview(emulator, channel, mod, p.filename, p.data)
        assert f"{len(json_facts(p.data))} unchanged" in shown.content and not buttons(shown), shown.content
    # The other server's export, in its own three files, brought to the first server: nothing new there.
    back = await export_parts(emulator, channel, mod, "json")
    assert [p.filename.split("-facts-")[1] for p in back] == [f"{i}-of-3.json" for i in (1, 2, 3)]
    for p in back:
        shown = await preview(emulator, w.general, w.moderator, p.filename, p.data)
        assert "0 added" in shown.content, shown.content
    assert await facts_of(db, w.guild.id) == mine


async def test_exactly_max_rows_is_one_file_as_before_and_one_more_makes_two(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    await import_file(emulator, w, "seed.csv", seed_csv(3))
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    [single] = await export_parts(emulator, w.general, w.moderator, "csv")
    assert single.filename == "film-club-facts.csv" and single.ephemeral
    assert single.content.startswith("3 facts of this server. Edit the file"), single.content
    await add_fact(emulator, w, "The fourth fact tips the export into two files.")
    parts = await export_parts(emulator, w.general, w.moderator, "csv")
    assert [p.filename for p in parts] == ["film-club-facts-1-of-2.csv", "film-club-facts-2-of-2.csv"]
    assert [len(csv_rows(p.data)) for p in parts] == [3, 1]
    assert parts[0].content.startswith("4 facts of this server, in 2 files"), parts[0].content
    for p in parts:
        shown = await preview(emulator, w.general, w.moderator, p.filename, p.data)
        assert "unchanged" in shown.content and "rejected" not in shown.content, shown.content


async def test_exactly_ten_thousand_facts_then_one_more_at_the_real_limits(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    await import_file(emulator, w, "big.csv", seed_csv(importers.MAX_ROWS))
    [single] = await export_parts(emulator, w.general, w.moderator, "csv")
    assert single.filename == "film-club-facts.csv", single.filename
    assert single.content.startswith("10,000 facts of this server.") or \
        single.content.startswith("10000 facts of this server."), single.content
    await add_fact(emulator, w, "Fact ten thousand and one.")
    parts = await export_parts(emulator, w.general, w.moderator, "json")
    assert [len(json_facts(p.data)) for p in parts] == [10_000, 1]
    assert all(len(p.data) <= importers.MAX_BYTES and p.ephemeral for p in parts)
    for p in parts:
        shown = await preview(emulator, w.general, w.moderator, p.filename, p.data)
        n = len(json_facts(p.data))
        assert f"{n:,} unchanged" in shown.content or f"{n} unchanged" in shown.content, shown.content
    assert len(await facts_of(db, w.guild.id)) == 10_001


async def test_long_facts_are_split_by_size_and_every_file_imports_back(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w, db = discord_world, doinel.db
    # Facts at the 1,000-character limit, in a script of 3 UTF-8 bytes a letter, and with quotes CSV doubles.
    texts = [f"{i:02d} " + ("映画と\"引用\"" * 200)[:990] for i in range(12)]
    data = json.dumps([{"text": t, "source": "s" * 300, "tags": [f"t{j}" for j in range(10)]}
                       for t in texts], ensure_ascii=False).encode()
    await import_file(emulator, w, "long.json", data)
    mine = await facts_of(db, w.guild.id)
    monkeypatch.setattr(importers, "MAX_BYTES", 12_000)
    for fmt, count in (("csv", csv_rows), ("json", json_facts)):
        parts = await export_parts(emulator, w.general, w.moderator, fmt)
        assert len(parts) > 1 and all(p.ephemeral for p in parts)
        assert all(len(p.data) <= importers.MAX_BYTES for p in parts), [len(p.data) for p in parts]
        texts_out = [f["text"] for p in parts for f in count(p.data)]
        assert texts_out == texts
        total = sum(len(count(p.data)) for p in parts)
        assert parts[0].content.startswith(f"{total} facts of this server, in {len(parts)} files"), parts[0].content
        for p in parts:
            shown = await preview(emulator, w.general, w.moderator, p.filename, p.data)
            assert f"{len(count(p.data))} unchanged" in shown.content, (fmt, p.filename, shown.content)
    assert await facts_of(db, w.guild.id) == mine


async def test_nothing_to_export_and_only_removed_facts(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    monkeypatch.setattr(importers, "MAX_ROWS", 1)
    for fmt in ("csv", "json"):
        [only] = await export_parts(emulator, w.general, w.moderator, fmt)
        assert only.content == "This server has no facts of its own yet: nothing to export." and only.ephemeral
        assert not only.filename
    fact = await add_fact(emulator, w, "Soon removed.")
    record = await (await emulator.slash(w.general, w.moderator, "facts remove", id=fact)).wait_done()
    assert record.ephemeral
    [only] = await export_parts(emulator, w.general, w.moderator, "csv")
    assert only.content == "This server has no facts of its own yet: nothing to export.", only.content


async def test_a_member_cannot_export_even_when_the_server_shows_them_the_command(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    await add_fact(emulator, w, "Members do not download the server's facts.")
    with pytest.raises(NotAllowed, match="hidden"):
        await emulator.slash(w.general, w.alice, "facts export")
    emulator.commands(w.guild)["facts"]["default_member_permissions"] = None
    monkeypatch.setattr(importers, "MAX_ROWS", 1)
    record = await (await emulator.slash(w.general, w.alice, "facts export", format="csv")).wait_done()
    text = said(record)
    assert "Only moderators" in text and record.ephemeral, text
    assert not any(r.files for r in record.responses)


async def test_an_accented_server_name_keeps_its_letters_in_the_file_names(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, monkeypatch: pytest.MonkeyPatch) -> None:
    """'Ciné Club' exports 'cin-club-facts-1-of-2.csv': the é is dropped, not folded to e."""
    channel, mod = await second_server(emulator, doinel)
    record = await (await emulator.slash(channel, mod, "facts import", file=("seed.csv", seed_csv(3)))).wait_done()
    msg = emulator.message(record.followups[-1].message_id)
    await confirm(emulator, mod, msg)
    monkeypatch.setattr(importers, "MAX_ROWS", 2)
    parts = await export_parts(emulator, channel, mod, "csv")
    assert [p.filename for p in parts] == ["cine-club-facts-1-of-2.csv", "cine-club-facts-2-of-2.csv"]
