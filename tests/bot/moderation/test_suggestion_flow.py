"""Suggestions: rate limit that survives restarts, review by this server's moderators only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.pack import Pack
from bot.db import Database, audit
from bot.db import suggestions as suggestions_db
from bot.db.packs import import_pack
from bot.db.util import now
from bot.errors import Conflict, InvalidInput, PermissionDenied, RateLimited
from bot.moderation import changes, suggestions
from bot.moderation.suggestions import SUGGESTION_LIMIT, SUGGESTION_WINDOW
from bot.moderation.validation import FactDraft
from tests.bot.moderation.support import MEMBER, MOD, OTHER_MOD, ctx, snapshot


def draft(i: int) -> FactDraft:
    return FactDraft(f"Suggested fact number {i} about a very particular scene.", "les-mistons", "DVD notes")


async def test_suggestion_is_validated_and_queued(pack_db: Database) -> None:
    s = await suggestions.suggest(pack_db, MEMBER, draft(1))
    assert (s.status, s.user_id, s.guild_id) == ("pending", MEMBER.actor.user_id, MEMBER.guild_id)
    with pytest.raises(InvalidInput, match="Fact: must not be empty"):
        await suggestions.suggest(pack_db, MEMBER, FactDraft(" "))
    queue = await suggestions.queue(pack_db, MOD)
    assert queue.total == 1 and queue.items[0].film is not None and queue.items[0].film.key == "les-mistons"


async def test_the_same_suggestion_of_a_member_waits_once(pack_db: Database) -> None:
    first = await suggestions.suggest(pack_db, MEMBER, draft(1))
    again = FactDraft(draft(1).text.upper().replace(".", "!"), "les-mistons", "DVD notes")
    with pytest.raises(InvalidInput, match=f"already suggested this: #{first.id} is waiting"):
        await suggestions.suggest(pack_db, MEMBER, again)
    other = await suggestions.suggest(pack_db, ctx(99), draft(1))              # another member's is theirs
    assert (await suggestions.queue(pack_db, MOD)).total == 2
    await suggestions.reject(pack_db, MOD, first.id)
    assert (await suggestions.suggest(pack_db, MEMBER, draft(1))).id > other.id   # reviewed: may suggest again


async def test_rate_limit_is_per_member_and_survives_a_restart(tmp_path: Path, mini_pack: Pack) -> None:
    path = tmp_path / "restart.sqlite3"
    db = await Database.open(path)
    try:
        await import_pack(db, mini_pack)
        for i in range(SUGGESTION_LIMIT):
            await suggestions.suggest(db, MEMBER, draft(i))
        with pytest.raises(RateLimited, match="<t:"):
            await suggestions.suggest(db, MEMBER, draft(9))
        await suggestions.suggest(db, ctx(99), draft(9))           # another member is not affected
    finally:
        await db.close()
    db = await Database.open(path)
    try:
        with pytest.raises(RateLimited):
            await suggestions.suggest(db, MEMBER, draft(10))
        # An hour later the oldest suggestion no longer counts.
        await db.conn.execute("UPDATE suggestions SET created_at = ? WHERE id = 1", (now() - SUGGESTION_WINDOW - 1,))
        await suggestions.suggest(db, MEMBER, draft(11))
    finally:
        await db.close()


async def test_approve_creates_a_server_fact_once(pack_db: Database) -> None:
    s = await suggestions.suggest(pack_db, MEMBER, draft(1))
    approved, fact_id = await suggestions.approve(pack_db, MOD, s.id)
    assert approved.status == "approved" and approved.fact_id == fact_id and approved.reviewed_by == MOD.actor.user_id
    fact = await pack_db.fetchone("SELECT guild_id, text, created_by FROM facts WHERE id = ?", (fact_id,))
    assert tuple(fact) == (MOD.guild_id, s.text, MOD.actor.user_id)
    with pytest.raises(Conflict, match=f"already reviewed: approved as fact #{fact_id}"):
        await suggestions.approve(pack_db, MOD, s.id)
    with pytest.raises(Conflict, match="already reviewed"):
        await suggestions.reject(pack_db, MOD, s.id)
    assert [e.action for e in await audit.history(pack_db, "suggestion", s.id)] == ["approve", "suggest"]
    assert [e.action for e in await audit.history(pack_db, "fact", fact_id)] == ["approve-suggestion"]


async def test_edit_then_approve(pack_db: Database) -> None:
    s = await suggestions.suggest(pack_db, MEMBER, draft(1))
    _, film = await suggestions.open_review(pack_db, MOD, s.id)
    assert film is not None
    _, fact_id = await suggestions.approve(pack_db, MOD, s.id, FactDraft("Tidied text.", film.title, "", "scene"))
    row = await pack_db.fetchone("SELECT text, film_id, tags FROM facts WHERE id = ?", (fact_id,))
    assert tuple(row) == ("Tidied text.", film.id, '["scene"]')
    # QA22 6: the fact's history names the member, the suggestion and what they wrote.
    [entry] = await audit.history(pack_db, "fact", fact_id)
    headline, details = changes.entry_lines(entry)
    assert headline.endswith(f"<@{MOD.actor.user_id}> added it from <@{MEMBER.actor.user_id}>'s suggestion #{s.id}")
    assert details == ["“Tidied text.”", f"suggested as: “{s.text}”"]


async def test_reject_with_reason_and_notification_record(pack_db: Database) -> None:
    s = await suggestions.suggest(pack_db, MEMBER, draft(1))
    rejected = await suggestions.reject(pack_db, MOD, s.id, "  Already   covered by #3 ")
    assert (rejected.status, rejected.review_note) == ("rejected", "Already covered by #3")
    await suggestions.record_notification(pack_db, s.id, "Cannot send messages to this user")
    stored = await suggestions_db.get(pack_db, s.id)
    assert stored is not None and stored.notify_error == "Cannot send messages to this user"
    assert await suggestions.queue(pack_db, MOD) == suggestions.Queue((), 0)


async def test_only_this_servers_moderators_review(pack_db: Database) -> None:
    s = await suggestions.suggest(pack_db, MEMBER, draft(1))
    before = await snapshot(pack_db)
    for actor in (MEMBER, OTHER_MOD):
        with pytest.raises(PermissionDenied):
            await suggestions.approve(pack_db, actor, s.id)
        with pytest.raises(PermissionDenied):
            await suggestions.reject(pack_db, actor, s.id)
    with pytest.raises(PermissionDenied):
        await suggestions.queue(pack_db, MEMBER)
    assert (await suggestions.queue(pack_db, OTHER_MOD)).total == 0      # their own, empty queue
    assert await snapshot(pack_db) == before


async def test_queue_flags_likely_duplicates(pack_db: Database) -> None:
    text = await pack_db.scalar("SELECT text FROM facts WHERE pack_key = 'm-f1'")
    await suggestions.suggest(pack_db, MEMBER, FactDraft(text.upper()))
    [item] = (await suggestions.queue(pack_db, MOD)).items
    assert item.similar and item.similar[0].score == 100


async def test_allowance_is_checked_before_the_form_opens(pack_db: Database) -> None:
    await suggestions.check_allowance(pack_db, MEMBER)
    for i in range(SUGGESTION_LIMIT):
        await suggestions.suggest(pack_db, MEMBER, draft(i))
    with pytest.raises(RateLimited, match="3 facts per hour"):
        await suggestions.check_allowance(pack_db, MEMBER)
    with pytest.raises(PermissionDenied):
        await suggestions.check_allowance(pack_db, ctx(11, None))      # not in a server


async def test_approving_what_is_already_a_fact_is_refused_and_changes_nothing(pack_db: Database) -> None:
    """QA16 5: the queue was opened before another copy was approved (or the fact added some other way)."""
    text = await pack_db.scalar("SELECT text FROM facts WHERE pack_key = 'm-f1'")
    fact_id = await pack_db.scalar("SELECT id FROM facts WHERE pack_key = 'm-f1'")
    as_is = await suggestions.suggest(pack_db, MEMBER, FactDraft(text.upper()))
    edited = await suggestions.suggest(pack_db, MEMBER, draft(2))
    before = await snapshot(pack_db)
    with pytest.raises(Conflict, match=f"Suggestion #{as_is.id} is already fact #{fact_id}"):
        await suggestions.approve(pack_db, MOD, as_is.id)
    with pytest.raises(Conflict, match=f"is already fact #{fact_id}"):      # edited into an existing fact
        await suggestions.approve(pack_db, MOD, edited.id, FactDraft(text))
    assert await snapshot(pack_db) == before
    await suggestions.reject(pack_db, MOD, as_is.id, "We have it")
    _, added = await suggestions.approve(pack_db, MOD, edited.id, FactDraft(text + " Twice over."))
    assert added != fact_id


async def test_the_queue_pages_from_after_a_suggestion_even_one_reviewed_since(pack_db: Database) -> None:
    """QA22 5: a page starts after the last suggestion of the page before, reviewed since or not."""
    made = [await suggestions.suggest(pack_db, ctx(100 + i), draft(i)) for i in range(10)]
    first = await suggestions.queue(pack_db, MOD)
    assert [i.suggestion.id for i in first.items] == [s.id for s in made[:4]]
    assert (first.total, first.earlier) == (10, 0)
    second = await suggestions.queue(pack_db, MOD, after=made[3].id)
    assert [i.suggestion.id for i in second.items] == [s.id for s in made[4:8]] and second.earlier == 4
    await suggestions.reject(pack_db, MOD, made[3].id)                  # the page's anchor, reviewed meanwhile
    await suggestions.reject(pack_db, MOD, made[0].id)
    again = await suggestions.queue(pack_db, MOD, after=made[3].id)
    assert [i.suggestion.id for i in again.items] == [s.id for s in made[4:8]] and again.earlier == 2
    for s in made[4:]:
        await suggestions.reject(pack_db, MOD, s.id)
    back = await suggestions.queue(pack_db, MOD, after=made[3].id)       # nothing after it: from the start
    assert [i.suggestion.id for i in back.items] == [s.id for s in made[1:3]] and back.after == 0
