from __future__ import annotations

import pytest

from bot.db import Database, audit, fact_writes
from bot.db.fact_writes import FactFields
from bot.errors import Conflict
from tests.bot.moderation.support import OTHER, G, snapshot

FIELDS = FactFields("Truffaut dedicated the film to André Bazin.", None, "Cahiers", ("dedication",))


async def test_add_is_audited_with_the_fact(db: Database) -> None:
    fact = await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FIELDS)
    assert (fact.guild_id, fact.created_by, fact.tags) == (G, 7, ("dedication",))
    [entry] = await audit.history(db, "fact", fact.id)
    assert (entry.action, entry.actor_id, entry.guild_id, entry.before) == ("add", 7, G, None)
    assert entry.after is not None and entry.after["text"] == FIELDS.text


async def test_write_and_audit_share_one_transaction(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    fact = await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FIELDS)
    before = await snapshot(db)

    async def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    monkeypatch.setattr(audit, "record_each", broken)
    with pytest.raises(RuntimeError):
        await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FIELDS)
    with pytest.raises(RuntimeError):
        await fact_writes.edit_fact(db, fact.id, actor_id=7, fields=FactFields("Changed."))
    with pytest.raises(RuntimeError):
        await fact_writes.remove_fact(db, fact.id, actor_id=7)
    assert await snapshot(db) == before


async def test_edit_records_before_and_after(db: Database) -> None:
    fact = await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FIELDS)
    edited = await fact_writes.edit_fact(db, fact.id, actor_id=8, fields=FactFields("New text."), expected=FIELDS)
    assert edited.text == "New text." and edited.updated_by == 8
    entry = (await audit.history(db, "fact", fact.id))[0]
    assert entry.action == "edit" and entry.before and entry.after
    assert (entry.before["text"], entry.after["text"]) == (FIELDS.text, "New text.")
    # Nothing changed: nothing written.
    await fact_writes.edit_fact(db, fact.id, actor_id=8, fields=FactFields("New text."))
    assert len(await audit.history(db, "fact", fact.id)) == 2


async def test_edit_refuses_a_stale_form(db: Database) -> None:
    fact = await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FIELDS)
    await fact_writes.edit_fact(db, fact.id, actor_id=8, fields=FactFields("Someone else's edit."))
    with pytest.raises(Conflict, match="changed by someone else"):
        await fact_writes.edit_fact(db, fact.id, actor_id=9, fields=FactFields("Mine."), expected=FIELDS)


async def test_remove_restore_round_trip(db: Database) -> None:
    fact = await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FIELDS)
    removed = await fact_writes.remove_fact(db, fact.id, actor_id=8)
    assert removed.deleted
    assert (fact.id, fact.text) not in await fact_writes.visible_texts(db, G)
    with pytest.raises(Conflict, match="already removed"):
        await fact_writes.remove_fact(db, fact.id, actor_id=8)
    with pytest.raises(Conflict, match="removed"):
        await fact_writes.edit_fact(db, fact.id, actor_id=8, fields=FactFields("x"))
    restored = await fact_writes.restore_fact(db, fact.id, actor_id=9)
    assert not restored.deleted
    assert [e.action for e in await audit.history(db, "fact", fact.id)] == ["restore", "remove", "add"]


async def test_hiding_is_per_server_and_history_shows_only_ones_own(db: Database) -> None:
    fact = await fact_writes.add_fact(db, guild_id=None, actor_id=1, fields=FIELDS)
    await fact_writes.set_hidden(db, fact.id, guild_id=G, actor_id=7, hidden=True)
    await fact_writes.set_hidden(db, fact.id, guild_id=OTHER, actor_id=8, hidden=True)
    assert (fact.id, fact.text) not in await fact_writes.visible_texts(db, G)
    await fact_writes.set_hidden(db, fact.id, guild_id=OTHER, actor_id=8, hidden=False)
    assert (fact.id, fact.text) in await fact_writes.visible_texts(db, OTHER)
    with pytest.raises(Conflict, match="already hidden"):
        await fact_writes.set_hidden(db, fact.id, guild_id=G, actor_id=7, hidden=True)
    seen_by_g = await fact_writes.history(db, fact.id, guild_id=G)
    assert [(e.action, e.guild_id) for e in seen_by_g] == [("hide", G), ("add", None)]


async def test_autocomplete_pools(db: Database) -> None:
    mine = await fact_writes.add_fact(db, guild_id=G, actor_id=7, fields=FactFields("Léaud ran to the sea."))
    theirs = await fact_writes.add_fact(db, guild_id=OTHER, actor_id=8, fields=FactFields("Léaud smoked."))
    glob = await fact_writes.add_fact(db, guild_id=None, actor_id=1, fields=FactFields("Leaud was fourteen."))

    async def ids(query: str, pool: fact_writes.FactPool, include_global: bool = False) -> set[int]:
        return {f.id for f in await fact_writes.choices(db, G, query, pool=pool, include_global=include_global)}

    assert await ids("leaud", "manage") == {mine.id}                     # accents folded, own server only
    assert await ids("leaud", "manage", include_global=True) == {mine.id, glob.id}
    assert await ids("", "hideable") == {glob.id}
    assert await ids(str(theirs.id), "manage") == set()
    assert await ids("\"*(NEAR", "manage") == set()                      # hostile input is harmless
    await fact_writes.set_hidden(db, glob.id, guild_id=G, actor_id=7, hidden=True)
    assert await ids("", "hidden") == {glob.id} and await ids("", "hideable") == set()
    await fact_writes.remove_fact(db, mine.id, actor_id=7)
    assert await ids("sea", "deleted") == {mine.id} and await ids("sea", "manage") == set()


async def test_same_text_finds_a_visible_fact_up_to_case_accents_and_punctuation(db: Database) -> None:
    mine = await fact_writes.add_fact(db, guild_id=G, actor_id=1, fields=FIELDS)
    shared = await fact_writes.add_fact(db, guild_id=None, actor_id=1, fields=FactFields("Léaud was fourteen."))
    await fact_writes.add_fact(db, guild_id=G, actor_id=1, fields=FactFields("Truffaut dedicated it to Bazin."))
    assert await fact_writes.same_text(db, G, "truffaut DEDICATED the film to andre bazin!") == mine.id
    assert await fact_writes.same_text(db, G, "Truffaut dedicated the film to André Bazin, his mentor.") is None
    assert await fact_writes.same_text(db, G, "Leaud was fourteen") == shared.id
    assert await fact_writes.same_text(db, OTHER, FIELDS.text) is None          # another server's fact
    assert await fact_writes.same_text(db, G, "...") is None
    await fact_writes.set_hidden(db, shared.id, guild_id=G, actor_id=7, hidden=True)
    assert await fact_writes.same_text(db, G, "Léaud was fourteen.") is None    # hidden here
    assert await fact_writes.same_text(db, OTHER, "Léaud was fourteen.") == shared.id
    await fact_writes.remove_fact(db, mine.id, actor_id=1)
    assert await fact_writes.same_text(db, G, FIELDS.text) is None
