"""Single-fact actions through the core: permissions enforced whatever Discord allowed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.db import Database, audit
from bot.db.fact_writes import FactFields
from bot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from bot.moderation import fact_ops
from bot.moderation.context import ModContext
from bot.moderation.validation import FactDraft
from tests.bot.moderation.support import MEMBER, MOD, OTHER_MOD, OWNER, ROLE_MOD, snapshot

DRAFT = FactDraft("Truffaut shot the final scene at Villers-sur-Mer.", "les mistons", "Cahiers", "locations")


async def _global_fact_id(db: Database) -> int:
    return int(await db.scalar("SELECT id FROM facts WHERE pack_key = 'm-f1'"))


async def _add(db: Database, ctx: ModContext = MOD, draft: FactDraft = DRAFT) -> int:
    prepared = await fact_ops.prepare_new(db, ctx, draft)
    return (await fact_ops.save_new(db, ctx, prepared.fields)).id


async def test_add_resolves_the_film_and_warns_of_duplicates(pack_db: Database) -> None:
    prepared = await fact_ops.prepare_new(pack_db, MOD, DRAFT)
    assert prepared.film is not None and prepared.film.key == "les-mistons" and prepared.similar == ()
    fact_id = await _add(pack_db, ROLE_MOD)
    again = await fact_ops.prepare_new(pack_db, MOD, FactDraft("Truffaut shot the final scene at Villers sur Mer!"))
    assert [s.fact_id for s in again.similar] == [fact_id]


async def test_unknown_or_ambiguous_film_is_refused(pack_db: Database) -> None:
    with pytest.raises(InvalidInput, match="No film is called “Jules et Jim”"):
        await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="Jules et Jim"))
    await pack_db.conn.execute("INSERT INTO films (title, created_at, updated_at) VALUES ('Les Mistons', 0, 0)")
    film_id = await pack_db.scalar("SELECT max(id) FROM films")
    await pack_db.conn.execute("INSERT INTO film_names (film_id, name, norm, kind) "
                               "VALUES (?, 'Les Mistons', 'les mistons', 'title')", (film_id,))
    with pytest.raises(InvalidInput, match="2 films are called “Les Mistons”"):
        await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="Les Mistons"))
    assert (await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="les-mistons"))).film is not None


async def test_a_film_picked_by_its_label_or_misspelt(pack_db: Database) -> None:
    # The label pickers show, year included, names the film; a misspelling gets suggestions.
    labelled = await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="Les Mistons (1957)"))
    assert labelled.film is not None and labelled.film.key == "les-mistons"
    with pytest.raises(InvalidInput, match="No film is called “Les Mistons \\(1960\\)”"):
        await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="Les Mistons (1960)"))
    with pytest.raises(InvalidInput) as refused:
        await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="les mistonz"))
    assert "Did you mean Les Mistons (1957) (type “les-mistons”)?" in str(refused.value)
    with pytest.raises(InvalidInput) as refused:
        await fact_ops.prepare_new(pack_db, MOD, FactDraft("x", film="x" * 190))
    assert str(refused.value).startswith("No film is called “xxx") and len(str(refused.value)) < 200


async def test_global_scope_is_for_owners(pack_db: Database) -> None:
    with pytest.raises(PermissionDenied, match="owners"):
        await fact_ops.prepare_new(pack_db, MOD, DRAFT, global_scope=True)
    fields = FactFields("A global fact.")
    with pytest.raises(PermissionDenied):
        await fact_ops.save_new(pack_db, MOD, fields, global_scope=True)
    assert (await fact_ops.save_new(pack_db, OWNER, fields, global_scope=True)).is_global


async def test_edit_keeps_the_film_when_the_form_is_unchanged(pack_db: Database) -> None:
    fact_id = await _add(pack_db)
    fact, film = await fact_ops.open_edit(pack_db, MOD, fact_id)
    assert film is not None and film.title == "Les Mistons"
    prepared = await fact_ops.prepare_edit(pack_db, MOD, fact_id, FactDraft("Edited.", film.title, "", ""))
    assert prepared.film == film and prepared.similar == ()       # never a duplicate of itself
    edited = await fact_ops.save_edit(pack_db, MOD, fact_id, prepared.fields, FactFields.of(fact))
    assert (edited.text, edited.film_id, edited.source, edited.tags) == ("Edited.", film.id, "", ())


async def test_an_edit_form_opened_on_an_older_version_is_refused(pack_db: Database) -> None:
    fact_id = await _add(pack_db)
    opened_on = fact_ops.fact_version(await fact_ops.get_fact(pack_db, fact_id))
    assert len(opened_on) <= 16 and opened_on == fact_ops.fact_version(await fact_ops.get_fact(pack_db, fact_id))
    prepared = await fact_ops.prepare_edit(pack_db, MOD, fact_id, FactDraft("First edit."), version=opened_on)
    await fact_ops.save_edit(pack_db, MOD, fact_id, prepared.fields, prepared.base)
    with pytest.raises(Conflict, match="changed by someone else"):  # a second form opened before the first edit
        await fact_ops.prepare_edit(pack_db, ROLE_MOD, fact_id, FactDraft("Second edit."), version=opened_on)
    assert (await fact_ops.get_fact(pack_db, fact_id)).text == "First edit."


@pytest.mark.parametrize("actor", [MEMBER, OTHER_MOD])
async def test_others_cannot_touch_a_servers_fact(pack_db: Database, actor: ModContext) -> None:
    fact_id = await _add(pack_db)
    before = await snapshot(pack_db)
    attempts: list[Callable[[], Awaitable[object]]] = [
        lambda: fact_ops.open_edit(pack_db, actor, fact_id),
        lambda: fact_ops.save_edit(pack_db, actor, fact_id, FactFields("Hacked."), None),
        lambda: fact_ops.remove(pack_db, actor, fact_id),
        lambda: fact_ops.restore(pack_db, actor, fact_id),
        lambda: fact_ops.set_hidden(pack_db, actor, fact_id, hidden=True),
        lambda: fact_ops.history(pack_db, actor, fact_id),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            await attempt()
    assert await snapshot(pack_db) == before


async def test_server_moderators_may_only_hide_global_facts(pack_db: Database) -> None:
    global_id = await _global_fact_id(pack_db)
    before = await snapshot(pack_db)
    for attempt in (fact_ops.open_edit, fact_ops.remove):
        with pytest.raises(PermissionDenied, match="/facts hide"):
            await attempt(pack_db, MOD, global_id)
    assert await snapshot(pack_db) == before
    await fact_ops.set_hidden(pack_db, MOD, global_id, hidden=True)
    await fact_ops.set_hidden(pack_db, OTHER_MOD, global_id, hidden=True)  # each server decides for itself
    with pytest.raises(Conflict):
        await fact_ops.set_hidden(pack_db, ROLE_MOD, global_id, hidden=True)
    await fact_ops.set_hidden(pack_db, ROLE_MOD, global_id, hidden=False)
    _, entries = await fact_ops.history(pack_db, MOD, global_id)
    assert [e.action for e in entries] == ["unhide", "hide"]  # not the other server's hide
    with pytest.raises(PermissionDenied, match="/facts remove"):
        await fact_ops.set_hidden(pack_db, MOD, await _add(pack_db), hidden=True)


async def test_owner_manages_global_facts(pack_db: Database) -> None:
    global_id = await _global_fact_id(pack_db)
    fact, _ = await fact_ops.open_edit(pack_db, OWNER, global_id)
    await fact_ops.save_edit(pack_db, OWNER, global_id, FactFields("Owner edit."), FactFields.of(fact))
    await fact_ops.remove(pack_db, OWNER, global_id)
    assert [e.action for e in await audit.history(pack_db, "fact", global_id)] == ["remove", "edit"]


async def test_missing_fact(pack_db: Database) -> None:
    with pytest.raises(NotFound, match="no fact #999"):
        await fact_ops.remove(pack_db, MOD, 999)
