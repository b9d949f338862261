"""The films and question lists a server's rounds draw from, and the ones it turned off."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import audit, film_refs, names
from bot.db.connection import Database
from bot.db.util import now
from bot.errors import InvalidInput, NotFound
from bot.text import fold, has_visible, quoted

KINDS = ("film", "list")


@dataclass(frozen=True)
class Source:
    kind: str           # 'film' or 'list'
    key: str            # films.id as text, or the list name
    name: str
    questions: int
    enabled: bool
    blocked: int = 0    # a list's questions about a film turned off here: they don't play

    @property
    def playable(self) -> int:
        """How many of its questions a round here may ask."""
        return self.questions - self.blocked if self.enabled else 0

    @property
    def value(self) -> str:
        """How commands refer to it: 'film:12', 'list:movies'."""
        return f"{self.kind}:{self.key}"


def parse_value(value: str) -> tuple[str, str] | None:
    kind, _, key = value.partition(":")
    return (kind, key) if kind in KINDS and key else None


async def sources(db: Database, guild_id: int) -> list[Source]:
    """Every film and list with questions this server can play, on or off."""
    rows = await db.fetchall(
        """
        WITH live AS (SELECT * FROM questions WHERE guild_id IN (0, ?1) AND status = 'approved'
                                                 AND deleted_at IS NULL),
        src AS (
            SELECT 'film' AS kind, CAST(f.id AS TEXT) AS key,
                   f.title || coalesce(' (' || f.year || ')', '') AS name, count(*) AS n, 0 AS blocked
              FROM live q JOIN films f ON f.id = q.film_id GROUP BY f.id
            UNION ALL
            SELECT 'list', list_name, list_name, count(*),
                   sum(EXISTS (SELECT 1 FROM trivia_disabled_sources off WHERE off.guild_id = ?1
                                  AND off.kind = 'film' AND off.key = CAST(live.film_id AS TEXT)))
              FROM live WHERE list_name IS NOT NULL GROUP BY list_name
        )
        SELECT src.*, d.key IS NULL AS enabled FROM src
          LEFT JOIN trivia_disabled_sources d ON d.guild_id = ?1 AND d.kind = src.kind AND d.key = src.key
         ORDER BY src.kind, src.name COLLATE NOCASE
        """,
        (guild_id,),
    )
    return [Source(r["kind"], r["key"], r["name"], r["n"], bool(r["enabled"]), r["blocked"]) for r in rows]


async def film_source(db: Database, guild_id: int, text: str) -> Source:
    """The film with questions here that ``text`` names: its picker value's key, its label ('The 400 Blows
    (1959)') or any of its names (title, original title, alias) as every film option takes them ('les 400
    coups', '400 blows'); ``NotFound`` otherwise."""
    return await _film_named(db, await sources(db, guild_id), text)


async def _film_named(db: Database, available: list[Source], text: str) -> Source:
    if not has_visible(text):
        raise InvalidInput("Type a film's title (or part of it) and pick it from the list.")
    films = [s for s in available if s.kind == "film"]
    found = [s for s in films if text.strip() == s.key or fold(text) == fold(s.name)]
    if not found:
        named = {str(f.id) for f in await film_refs.find_by_name(db, text)}
        found = [s for s in films if s.key in named]
    if len(found) > 1:
        raise InvalidInput(f"Several films with trivia questions here are called {quoted(text, 60)} "
                           f"({', '.join(s.name for s in found[:5])}): pick one from the list.")
    if not found:
        raise NotFound(f"No film called {quoted(text, 80)} has trivia questions here: pick one from the list.")
    return found[0]


async def list_source(db: Database, guild_id: int, text: str) -> Source:
    """The question list with questions here that ``text`` names (its name, or its picker value 'list:name')."""
    if not has_visible(text):
        raise InvalidInput("Type a question list's name and pick it from the list.")
    for source in await sources(db, guild_id):
        if source.kind == "list" and (text.strip() in (source.key, source.value) or fold(text) == fold(source.name)):
            return source
    raise NotFound(f"No question list called {quoted(text, 80)} has questions here: pick one from the list.")


async def source_named(db: Database, guild_id: int, text: str) -> Source:
    """The film or list with questions here that ``text`` names: its picker value ('film:12', 'list:movies'),
    a list's name, or a film's as ``film_source`` takes it; ``NotFound`` otherwise."""
    if not has_visible(text):
        raise InvalidInput("Type a film's title or a question list's name and pick it from the list.")
    available = await sources(db, guild_id)
    for source in available:
        if text.strip() == source.value or (source.kind == "list" and fold(text) == fold(source.name)):
            return source
    try:
        return await _film_named(db, available, text)
    except NotFound:
        raise NotFound(f"No film or question list called {quoted(text, 80)} has questions here: "
                       "pick one from the list.") from None


async def matching(db: Database, guild_id: int, text: str, *, enabled: bool | None = None,
                   kind: str | None = None, limit: int = 25) -> list[Source]:
    """The server's films and lists for a picker: those whose name holds ``text``, then the films the name
    search finds for it (by original title or alias: 'quatre' finds The 400 Blows)."""
    wanted = fold(text)
    found = [s for s in await sources(db, guild_id)
             if (enabled is None or s.enabled == enabled) and (kind is None or s.kind == kind)]
    picked = [s for s in found if wanted in fold(s.name)]
    if wanted and len(picked) < limit and kind in (None, "film"):
        films = {s.key: s for s in found if s.kind == "film" and s not in picked}
        picked += [films[str(r.id)] for r in await names.candidates(db, names.FILMS, text, limit=limit)
                   if str(r.id) in films]
    return picked[:limit]


async def set_enabled(db: Database, guild_id: int, kind: str, key: str, enabled: bool, actor_id: int) -> bool:
    """Turn a film or list on or off for a server's rounds (audited). True when something changed."""
    if kind not in KINDS:
        raise ValueError(f"unknown source kind {kind!r}")
    async with db.transaction() as conn:
        if enabled:
            cur = await conn.execute("DELETE FROM trivia_disabled_sources WHERE guild_id = ? AND kind = ? AND key = ?",
                                     (guild_id, kind, key))
        else:
            cur = await conn.execute(
                "INSERT OR IGNORE INTO trivia_disabled_sources (guild_id, kind, key, disabled_by, disabled_at) "
                "VALUES (?, ?, ?, ?, ?)", (guild_id, kind, key, actor_id, now()))
        changed = cur.rowcount > 0
        if changed:
            await audit.record(conn, guild_id=guild_id, actor_id=actor_id, action="enable" if enabled else "disable",
                               entity="trivia_source", entity_id=None, after={"kind": kind, "key": key})
    return changed


async def disabled(db: Database, guild_id: int) -> list[tuple[str, str]]:
    rows = await db.fetchall("SELECT kind, key FROM trivia_disabled_sources WHERE guild_id = ? ORDER BY kind, key",
                             (guild_id,))
    return [(r[0], r[1]) for r in rows]
