"""Moderator actions on single facts: add, edit, remove, restore, hide, unhide, history.

Each action checks the actor's permission against the fact's owner (a server, or global) before
anything is read back to them or written, and again when a confirmation button is pressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import fact_writes, film_refs
from bot.db import facts as facts_db
from bot.db.audit import AuditEntry
from bot.db.connection import Database
from bot.db.fact_writes import FactFields
from bot.db.facts import Fact
from bot.db.film_refs import FilmRef
from bot.errors import Conflict, InvalidInput, NotFound
from bot.moderation.context import ModContext
from bot.moderation.duplicates import Similar, find_similar
from bot.moderation.policy import GLOBAL, Action
from bot.moderation.validation import FactDraft, validate_draft
from bot.text import escape_markdown, fold, quoted

HISTORY_MAX = 200  # /facts history pages through this many changes of a fact, newest first


@dataclass(frozen=True)
class PreparedFact:
    """A checked fact ready to save, with the existing facts it may duplicate."""

    fields: FactFields
    film: FilmRef | None
    similar: tuple[Similar, ...]
    base: FactFields | None = None      # an edit: the fact as the editor saw it (saving refuses if it changed)

    @property
    def unchanged(self) -> bool:
        """An edit saved without changing anything."""
        return self.base is not None and self.fields == self.base


def target_scope(ctx: ModContext, global_scope: bool) -> int | None:
    return GLOBAL if global_scope else ctx.guild_id


async def resolve_film(db: Database, query: str | None, *, keep: FilmRef | None = None) -> FilmRef | None:
    """The one film ``query`` names, or ``InvalidInput`` saying what to type instead."""
    if not query or not query.strip():
        return None
    if keep is not None and fold(query) in {fold(keep.title), fold(keep.key or "")}:
        return keep
    found = await film_refs.resolve(db, query)
    if not found:
        close = await film_refs.autocomplete(db, query, limit=3)
        hint = (f"Did you mean {' or '.join([await _typed(db, f) for f in close])}? Or leave the film empty."
                if close else "Type the film's title (or its id, e.g. the-400-blows), or leave the film empty.")
        raise InvalidInput(f"No film is called {quoted(query, 80) or 'that'}. {hint}")
    if len(found) > 1:
        raise InvalidInput(f"{len(found)} films are called {quoted(query, 80)}; type the one you mean by its id: "
                           f"{', '.join([await _typed(db, f) for f in found[:5]])}.")
    return found[0]


async def _typed(db: Database, film: FilmRef) -> str:
    """'The 400 Blows (1959) (type “the-400-blows”)': a film and what to type to name it (and no other)."""
    label, reference = escape_markdown(film.label), await film_refs.unique_reference(db, film)
    return f"{label} (type {quoted(reference, 80)})" if reference != film.label else label


async def form_film(db: Database, film: FilmRef | None) -> str:
    """What a form's film field is pre-filled with: what names ``film`` and no other ("" for none)."""
    return await film_refs.unique_reference(db, film) if film else ""


async def _prepare(db: Database, draft: FactDraft, *, viewer_guild: int | None, exclude_id: int | None,
                   keep_film: FilmRef | None = None, base: Fact | None = None) -> PreparedFact:
    clean = validate_draft(draft)
    film = await resolve_film(db, clean.film, keep=keep_film)
    fields = FactFields(clean.text, film.id if film else None, clean.source, clean.tags,
                        base.verified if base is not None else True)
    similar = find_similar(clean.text, await fact_writes.visible_texts(db, viewer_guild, exclude_id=exclude_id))
    return PreparedFact(fields, film, tuple(similar))


async def get_fact(db: Database, fact_id: int) -> Fact:
    fact = await facts_db.get(db, fact_id)
    if fact is None or fact.status != "approved":
        raise NotFound(f"There is no fact #{fact_id}.")
    return fact


async def prepare_new(db: Database, ctx: ModContext, draft: FactDraft, *, global_scope: bool = False) -> PreparedFact:
    ctx.require(Action.ADD, target_scope(ctx, global_scope))
    return await _prepare(db, draft, viewer_guild=ctx.guild_id, exclude_id=None)


async def save_new(db: Database, ctx: ModContext, fields: FactFields, *, global_scope: bool = False) -> Fact:
    scope = target_scope(ctx, global_scope)
    ctx.require(Action.ADD, scope)
    return await fact_writes.add_fact(db, guild_id=scope, actor_id=ctx.actor.user_id, fields=fields)


async def open_edit(db: Database, ctx: ModContext, fact_id: int) -> tuple[Fact, FilmRef | None]:
    """The fact to pre-fill the edit form with, once the actor is known to be allowed to edit it."""
    fact = await get_fact(db, fact_id)
    ctx.require(Action.EDIT, fact.guild_id)
    if fact.deleted:
        raise InvalidInput(f"Fact #{fact_id} is removed; restore it first with /facts restore.")
    film = await film_refs.get(db, fact.film_id) if fact.film_id else None
    return fact, film


def fact_version(fact: Fact) -> str:
    """What an editor sees of a fact, fingerprinted: an edit form carries it (in its custom_id, so it survives
    a restart) and saving refuses if the fact changed since the form was opened."""
    return FactFields.of(fact).version()


async def prepare_edit(db: Database, ctx: ModContext, fact_id: int, draft: FactDraft, *,
                       version: str | None = None) -> PreparedFact:
    """Check an edit; with ``version`` (from ``fact_version`` when the form opened), refuse if the fact changed."""
    if version is not None:   # the form was open while someone removed the fact: editing again cannot help
        fact = await get_fact(db, fact_id)
        ctx.require(Action.EDIT, fact.guild_id)
        if fact.deleted:
            by = f" by <@{fact.deleted_by}>" if fact.deleted_by else ""
            raise Conflict(f"Fact #{fact_id} was removed{by} <t:{fact.deleted_at}:R>, while you were editing it. "
                           "Your text is below: /facts restore brings the fact back, then /facts edit.")
    fact, film = await open_edit(db, ctx, fact_id)
    if version is not None and fact_version(fact) != version:
        raise Conflict(f"Fact #{fact_id} was changed by someone else while you were editing it. "
                       "Run /facts edit again to see the current text.")
    prepared = await _prepare(db, draft, viewer_guild=ctx.guild_id, exclude_id=fact_id, keep_film=film, base=fact)
    return PreparedFact(prepared.fields, prepared.film, prepared.similar, base=FactFields.of(fact))


async def save_edit(db: Database, ctx: ModContext, fact_id: int, fields: FactFields,
                    expected: FactFields | None) -> Fact:
    fact = await get_fact(db, fact_id)
    ctx.require(Action.EDIT, fact.guild_id)
    return await fact_writes.edit_fact(db, fact_id, actor_id=ctx.actor.user_id, fields=fields, expected=expected)


async def remove(db: Database, ctx: ModContext, fact_id: int) -> Fact:
    fact = await get_fact(db, fact_id)
    ctx.require(Action.REMOVE, fact.guild_id)
    return await fact_writes.remove_fact(db, fact_id, actor_id=ctx.actor.user_id)


async def restore(db: Database, ctx: ModContext, fact_id: int) -> Fact:
    fact = await get_fact(db, fact_id)
    ctx.require(Action.RESTORE, fact.guild_id)
    return await fact_writes.restore_fact(db, fact_id, actor_id=ctx.actor.user_id)


async def set_hidden(db: Database, ctx: ModContext, fact_id: int, *, hidden: bool) -> Fact:
    fact = await get_fact(db, fact_id)
    ctx.require(Action.HIDE if hidden else Action.UNHIDE, fact.guild_id)
    if hidden and fact.deleted:
        raise InvalidInput(f"Fact #{fact_id} is removed everywhere already.")
    assert ctx.guild_id is not None  # the policy refuses outside servers
    return await fact_writes.set_hidden(db, fact_id, guild_id=ctx.guild_id, actor_id=ctx.actor.user_id,
                                        hidden=hidden)


async def history(db: Database, ctx: ModContext, fact_id: int) -> tuple[Fact, list[AuditEntry]]:
    """The fact and its changes, newest first: up to ``HISTORY_MAX`` of them, and one more when there are more."""
    fact = await get_fact(db, fact_id)
    ctx.require(Action.HISTORY, fact.guild_id)
    return fact, await fact_writes.history(db, fact_id, guild_id=ctx.guild_id, limit=HISTORY_MAX + 1)


async def film_of(db: Database, fact: Fact) -> FilmRef | None:
    return await film_refs.get(db, fact.film_id) if fact.film_id else None
