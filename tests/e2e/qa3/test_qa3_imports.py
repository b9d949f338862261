"""QA3: imports keep the facts' full-text index in step: /facts import (CSV, JSON, YAML, re-imports that
update and restore), content packs re-imported with renamed films and new aliases (row by row and
set-wise), and a bundled pack upgraded across a restart.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

import bot.client
from bot.client import Doinel
from bot.content.bundled import BUNDLED_PACKS_DIR, sync_bundled_packs
from bot.content.pack import parse_pack
from bot.db import catalogue
from bot.db.packs import import_pack
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa3.support import add_fact, edit_film, fact_search, import_file, index_matches_view, run
from tests.emulator import Emulator


@pytest.fixture(autouse=True)
async def within_discord_limits(emulator: Emulator) -> AsyncIterator[None]:
    yield
    assert emulator.violations == []


async def keyed(doinel: Doinel, world: DiscordWorld) -> dict[str, int]:
    rows = await doinel.db.fetchall("SELECT pack_key, id FROM facts WHERE guild_id = ? AND pack_key IS NOT NULL",
                                    (world.guild.id,))
    return {r[0]: r[1] for r in rows}


async def test_facts_import_then_reimports_that_update_and_restore(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w, db = discord_world, doinel.db
    first = ("id,text,film,source,tags\n"
             "q3-a,Ollendrift kept the clapperboard.,the-400-blows,Notes,props; Clapper|Ciné-zorblàx\n"
             "q3-b,Marrowdeep wrote the letters.,,Notes,letters\n"
             "q3-c,Tindervale cut the trailer.,,Notes,\n").encode()
    assert "3 added" in await import_file(emulator, w, "first.csv", first)
    await index_matches_view(db)
    ids = await keyed(doinel, w)
    assert await fact_search(emulator, w, "ollendrift") == [ids["q3-a"]]
    assert await fact_search(emulator, w, "cine zorblax") == [ids["q3-a"]]   # tag, accent folded
    assert await fact_search(emulator, w, "ollendrift quatre cents coups") == [ids["q3-a"]]
    assert await fact_search(emulator, w, "marrowdeep letters") == [ids["q3-b"]]

    await run(emulator, w, w.moderator, "facts remove", id=ids["q3-c"])
    # JSON (a plain list): new text and tags for q3-a, its film cleared (a field left out would keep it);
    # q3-b moves onto the film; q3-c comes back
    # with new words; a row without an id matches a live fact by its text, whatever the accents and case.
    second = json.dumps([
        {"id": "q3-a", "text": "Quillameer kept the clapperboard.", "tags": ["slate"], "film": None},
        {"id": "q3-b", "text": "Marrowdeep wrote the letters.", "film": "Les Quatre Cents Coups",
         "tags": ["letters", "Écriture"]},
        {"id": "q3-c", "text": "Brisklemont cut the trailer.", "source": "Notes"},
    ]).encode()
    assert "2 updated, 1 restored" in await import_file(emulator, w, "second.json", second)
    await index_matches_view(db)
    for gone in ("ollendrift", "props", "zorblax", "tindervale"):
        assert await fact_search(emulator, w, gone) == [], gone
    assert await fact_search(emulator, w, "quillameer slate") == [ids["q3-a"]]
    assert await fact_search(emulator, w, "quillameer quatre") == []          # q3-a has no film any more
    assert await fact_search(emulator, w, "marrowdeep quatre cents coups ecriture") == [ids["q3-b"]]
    assert await fact_search(emulator, w, "brisklemont") == [ids["q3-c"]]

    third = ("facts:\n"
             "  - text: \"MARROWDEEP wrote the lettres.\"\n"     # no id, new wording: a new fact
             "    tags: [courrier]\n"
             "  - text: \"BRISKLEMONT cut the trailer\"\n"          # no id, q3-c's text folded: q3-c
             "    tags: [Bande-Annonce]\n"
             "  - id: q3-a\n"
             "    text: \"Quillameer kept the clapperboard, 'slate' and all.\"\n"
             "    tags: ['slate', 'Ça \\\"tourne\\\"']\n").encode()
    assert "1 added, 2 updated" in await import_file(emulator, w, "third.yaml", third)
    await index_matches_view(db)
    assert await fact_search(emulator, w, "tourne") == [ids["q3-a"]]
    assert await fact_search(emulator, w, "bande annonce brisklemont") == [ids["q3-c"]]
    assert await fact_search(emulator, w, "ca tourne slate") == [ids["q3-a"]]
    lettres = await fact_search(emulator, w, "lettres courrier")
    assert len(lettres) == 1 and lettres[0] not in ids.values()              # a new fact

    # Export, change the text in the file, import it again ('fact-N' ids name facts without a key).
    exported = await run(emulator, w, w.moderator, "facts export", format="json")
    message = emulator.message(exported.followups[-1].message_id) if exported.followups else exported.original
    data = json.loads(message.attachments[0].data.decode("utf-8-sig"))
    entries = data["facts"] if isinstance(data, dict) else data
    [new] = [e for e in entries if "lettres" in e["text"]]
    assert new["id"] == f"fact-{lettres[0]}"
    new["text"] = "Marrowdeep wrote the postcards."
    await import_file(emulator, w, "export.json", json.dumps(data).encode())
    await index_matches_view(db)
    assert await fact_search(emulator, w, "lettres") == []
    assert await fact_search(emulator, w, "postcards courrier") == [lettres[0]]


def qa_pack(version: int, *, films: list[dict[str, Any]], facts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": 1, "pack": {"id": "qa3-pack", "name": "QA3 pack", "version": version},
            "films": films, "people": [], "facts": facts, "questions": []}


FILMS_V1 = [
    {"id": "qa3-murnavel", "title": "Murnavel", "year": 1971,
     "aliases": ["Zed Tessarine", "Alpha Tessarine", "Ørbit Quay"]},       # norm order differs from id order
    {"id": "qa3-sorrow", "title": "Sorrowgate", "year": 1972, "original_title": "La Porte des Peines"},
]
FACTS_V1 = [
    {"id": f"qa3-f{i}", "film": "qa3-murnavel" if i % 2 else "qa3-sorrow", "source": "QA",
     "text": f"Scene {i} of the shoot was noted by Huxtrapp number {i}.", "tags": ["shoot", f"noteq{i}"]}
    for i in range(12)
]


@pytest.mark.parametrize("set_wise", [False, True], ids=["row-by-row", "set-wise"])
async def test_content_pack_reimport_renames_films_and_rewrites_facts(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel,
        restart_bot: Callable[[], Awaitable[Doinel]], monkeypatch: pytest.MonkeyPatch, set_wise: bool) -> None:
    w = discord_world
    if set_wise:  # the importer's bulk path (facts indexed in one statement), on a small pack
        monkeypatch.setattr(catalogue, "BULK_MIN_ROWS", 10)
    await import_pack(doinel.db, parse_pack(qa_pack(1, films=FILMS_V1, facts=FACTS_V1)))
    await index_matches_view(doinel.db)
    ids = {r[0]: r[1] for r in await doinel.db.fetchall("SELECT pack_key, id FROM facts WHERE pack_key LIKE 'qa3-%'")}
    assert await fact_search(emulator, w, "noteq3 tessarine") == [ids["qa3-f3"]]
    assert await fact_search(emulator, w, "noteq3 zed alpha quay") == [ids["qa3-f3"]]
    assert await fact_search(emulator, w, "noteq4 porte peines") == [ids["qa3-f4"]]

    mine = await add_fact(emulator, w, "Dunraventh found the lost reel.", film="qa3-murnavel")  # this server's

    films = copy.deepcopy(FILMS_V1)
    films[0].update(title="Murnavel Reborn", aliases=["Kolvantis", "Alpha Tessarine"])
    films[1].update(original_title=None, aliases=["Sorrowgate Redux"])
    facts = copy.deepcopy(FACTS_V1)
    facts[3].update(text="Huxtrapp rewrote scene three entirely.", tags=["rewrite"])
    facts[4].update(film="qa3-murnavel")
    facts.append({"id": "qa3-new", "film": "qa3-sorrow", "text": "Yelverton joined late.", "source": "QA"})
    v2 = parse_pack(qa_pack(2, films=films, facts=facts))
    await import_pack(doinel.db, v2, dry_run=True)                   # rolled back, set-aside triggers too
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "noteq5 kolvantis") == []
    report = await import_pack(doinel.db, v2)
    assert report.kinds["facts"].added == 1 and report.kinds["facts"].updated == 2
    await index_matches_view(doinel.db)
    assert await fact_search(emulator, w, "noteq3") == []
    assert await fact_search(emulator, w, "huxtrapp rewrote reborn kolvantis alpha") == [ids["qa3-f3"]]
    assert await fact_search(emulator, w, "noteq5 zed") == []
    assert await fact_search(emulator, w, "noteq5 quay") == []
    assert await fact_search(emulator, w, "noteq5 kolvantis") == [ids["qa3-f5"]]
    assert await fact_search(emulator, w, "noteq4 porte") == []
    assert await fact_search(emulator, w, "noteq4 murnavel") == [ids["qa3-f4"]]
    assert await fact_search(emulator, w, "noteq6 redux") == [ids["qa3-f6"]]
    assert await fact_search(emulator, w, "dunraventh kolvantis reborn") == [mine]
    assert await fact_search(emulator, w, "dunraventh zed") == []
    [new] = await fact_search(emulator, w, "yelverton sorrowgate redux")
    assert new > max(ids.values())

    bot = await restart_bot()
    await index_matches_view(bot.db)
    murnavel = int(await bot.db.scalar("SELECT id FROM films WHERE pack_key = 'qa3-murnavel'"))
    await edit_film(emulator, w, murnavel, aliases="Kolvantis\nÆther Vale")
    await index_matches_view(bot.db)
    assert await fact_search(emulator, w, "noteq7 alpha") == []
    assert await fact_search(emulator, w, "noteq7 vale") == [ids["qa3-f7"]]
    assert await fact_search(emulator, w, "dunraventh æther vale") == [mine]
    # Re-importing v2 as it is writes nothing: the owner's alias stays and the index with it.
    report = await import_pack(bot.db, parse_pack(qa_pack(2, films=films, facts=facts)))
    await index_matches_view(bot.db)
    assert report.kinds["facts"].updated == 0


async def test_bundled_pack_upgrade_at_restart_reindexes_the_films_facts(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel, tmp_path: Path,
        restart_bot: Callable[[], Awaitable[Doinel]], monkeypatch: pytest.MonkeyPatch) -> None:
    w = discord_world
    assert await fact_search(emulator, w, "hundred")        # 'The Four Hundred Blows' is an alias
    doc = json.loads((BUNDLED_PACKS_DIR / "the-400-blows.json").read_text(encoding="utf-8"))
    doc["pack"]["version"] += 1
    [film] = doc["films"]
    film["aliases"] = [a for a in film["aliases"] if "Hundred" not in a] + ["Sans Famille Blues"]
    first = doc["facts"][0]
    first["text"] = "Vormirant: " + first["text"]
    first["tags"] = ["débuts"]
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "the-400-blows.json").write_text(json.dumps(doc), encoding="utf-8")

    async def upgraded(db: Any) -> Any:
        return await sync_bundled_packs(db, tmp_path / "packs")

    monkeypatch.setattr(bot.client, "sync_bundled_packs", upgraded)
    restarted = await restart_bot()
    await index_matches_view(restarted.db)
    fact = int(await restarted.db.scalar("SELECT id FROM facts WHERE pack_key = ?", (first["id"],)))
    assert await fact_search(emulator, w, "hundred") == []
    assert await fact_search(emulator, w, "vormirant famille blues debuts") == [fact]
