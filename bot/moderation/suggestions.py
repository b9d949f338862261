"""Member suggestions: submitted with /fact suggest, reviewed by the server's moderators.

A member may suggest ``SUGGESTION_LIMIT`` facts per ``SUGGESTION_WINDOW`` in a server; the count
comes from the stored suggestions, so restarting the bot does not reset it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import fact_writes, film_refs
from bot.db import suggestions as suggestions_db
from bot.db.connection import Database
from bot.db.film_refs import FilmRef
from bot.db.suggestions import Suggestion
from bot.errors import InvalidInput, NotFound, RateLimited
from bot.moderation.context import ModContext
from bot.moderation.duplicates import Similar, SimilarityIndex
from bot.moderation.fact_ops import resolve_film
from bot.moderation.policy import Action
from bot.moderation.validation import FactDraft, validate_draft

SUGGESTION_LIMIT = 3
SUGGESTION_WINDOW = 3_600
QUEUE_PAGE = 4        # suggestions a page of the queue shows (a row of buttons each, and one to page)


@dataclass(frozen=True)
class QueueItem:
    suggestion: Suggestion
    film: FilmRef | None
    similar: tuple[Similar, ...]


@dataclass(frozen=True)
class Queue:
    items: tuple[QueueItem, ...]
    total: int
    earlier: int = 0     # pending suggestions ahead of this page
    after: int = 0       # the page starts after this suggestion (0: at the oldest)


def _limited(retry_at: int) -> RateLimited:
    return RateLimited(f"You can suggest {SUGGESTION_LIMIT} facts per hour in this server; you can suggest "
                       f"another <t:{retry_at}:R>.")


async def check_allowance(db: Database, ctx: ModContext) -> None:
    """Refuse before the member types anything if they may not suggest now."""
    ctx.require(Action.SUGGEST, ctx.guild_id)
    assert ctx.guild_id is not None
    retry_at = await suggestions_db.next_allowed(db, guild_id=ctx.guild_id, user_id=ctx.actor.user_id,
                                                 limit=SUGGESTION_LIMIT, window_seconds=SUGGESTION_WINDOW)
    if retry_at is not None:
        raise _limited(retry_at)


async def suggest(db: Database, ctx: ModContext, draft: FactDraft) -> Suggestion:
    """Queue a member's suggestion for this server's moderators."""
    ctx.require(Action.SUGGEST, ctx.guild_id)
    assert ctx.guild_id is not None
    clean = validate_draft(draft)
    film = await resolve_film(db, clean.film)
    fields = fact_writes.FactFields(clean.text, film.id if film else None, clean.source, clean.tags)
    submitted = await suggestions_db.create(db, guild_id=ctx.guild_id, user_id=ctx.actor.user_id, fields=fields,
                                            limit=SUGGESTION_LIMIT, window_seconds=SUGGESTION_WINDOW)
    if submitted.waiting is not None:
        raise InvalidInput(f"You already suggested this: #{submitted.waiting.id} is waiting for the moderators. "
                           "Nothing was added.")
    if submitted.suggestion is None:
        assert submitted.retry_at is not None
        raise _limited(submitted.retry_at)
    return submitted.suggestion


async def _reviewable(db: Database, ctx: ModContext, suggestion_id: int) -> Suggestion:
    suggestion = await suggestions_db.get(db, suggestion_id)
    if suggestion is None:
        raise NotFound(f"There is no suggestion #{suggestion_id}.")
    ctx.require(Action.REVIEW, suggestion.guild_id)
    return suggestion


async def queue(db: Database, ctx: ModContext, *, limit: int = QUEUE_PAGE, after: int = 0) -> Queue:
    """A page of pending suggestions, oldest first from after suggestion ``after`` (0: the oldest), each
    with its film and the existing facts it resembles."""
    ctx.require(Action.REVIEW, ctx.guild_id)
    assert ctx.guild_id is not None
    pending = await suggestions_db.pending(db, ctx.guild_id, limit=limit, after=after)
    if not pending and after:   # everything after it was reviewed meanwhile: the queue from the start
        return await queue(db, ctx, limit=limit)
    index = SimilarityIndex(await fact_writes.visible_texts(db, ctx.guild_id)) if pending else None
    items = []
    for s in pending:
        film = await film_refs.get(db, s.film_id) if s.film_id else None
        items.append(QueueItem(s, film, tuple(index.find(s.text, limit=1)) if index else ()))
    earlier = await suggestions_db.count_pending(db, ctx.guild_id, before=pending[0].id) if pending and after else 0
    return Queue(tuple(items), await suggestions_db.count_pending(db, ctx.guild_id), earlier, after)


async def open_review(db: Database, ctx: ModContext, suggestion_id: int) -> tuple[Suggestion, FilmRef | None]:
    """A pending suggestion the actor may review (for the edit form)."""
    suggestion = await _reviewable(db, ctx, suggestion_id)
    if suggestion.status != "pending":
        raise suggestions_db.already_reviewed(suggestion)
    film = await film_refs.get(db, suggestion.film_id) if suggestion.film_id else None
    return suggestion, film


async def approve(db: Database, ctx: ModContext, suggestion_id: int,
                  draft: FactDraft | None = None) -> tuple[Suggestion, int]:
    """Approve as suggested, or (``draft``) as the moderator edited it; returns the new fact's id."""
    suggestion = await _reviewable(db, ctx, suggestion_id)
    fields = None
    if draft is not None:
        keep = await film_refs.get(db, suggestion.film_id) if suggestion.film_id else None
        clean = validate_draft(draft)
        film = await resolve_film(db, clean.film, keep=keep)
        fields = fact_writes.FactFields(clean.text, film.id if film else None, clean.source, clean.tags)
    return await suggestions_db.approve(db, suggestion.id, actor_id=ctx.actor.user_id, fields=fields)


async def reject(db: Database, ctx: ModContext, suggestion_id: int, reason: str | None = None) -> Suggestion:
    suggestion = await _reviewable(db, ctx, suggestion_id)
    reason = " ".join((reason or "").split())[:300] or None
    return await suggestions_db.reject(db, suggestion.id, actor_id=ctx.actor.user_id, note=reason)


async def record_notification(db: Database, suggestion_id: int, error: str | None) -> None:
    await suggestions_db.record_notification(db, suggestion_id, error=error)
