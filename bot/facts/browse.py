"""/fact: the fact of the day, random facts, one fact, search, history, and the pickers' choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from bot.db import daily, day_facts, facts, film_refs, names
from bot.db.connection import Database
from bot.db.facts import Fact
from bot.db.film_refs import FilmRef
from bot.errors import InvalidInput, NotFound
from bot.facts import finder
from bot.facts.schedule import POPULAR_ZONES, likely_zone, local_date, utc_offset, zone, zone_names
from bot.facts.search import render_snippet, terms
from bot.text import escape_markdown, fold, has_visible, is_number, one_line, quoted, row_id

MAX_RESULTS = 50         # search results kept (best first); more means "refine your search"
CHOICES = 25
CHOICE_CHARS = 100
FILM_VALUE = film_refs.PICKED   # film picker values: "id:12" (a typed title is resolved by name)
MIN_CLOSE = 3            # letters or digits a typed film name needs before it may match as the start of one


@dataclass(frozen=True)
class FactCard:
    """A fact with what it takes to show it."""

    fact: Fact
    film: FilmRef | None


@dataclass(frozen=True)
class Today:
    card: FactCard
    day: date
    timezone: str
    post: daily.PostRecord | None       # today's post, once posted
    next_post_at: int | None            # today's post time, while it is still to come


@dataclass(frozen=True)
class SearchResult:
    card: FactCard
    snippet: str                        # Markdown, hits in bold


@dataclass(frozen=True)
class SearchResults:
    query: str
    film: FilmRef | None
    results: tuple[SearchResult, ...]
    more: bool                          # there were more than MAX_RESULTS
    partial: bool = False               # no fact had every word; these have some of them


@dataclass(frozen=True)
class History:
    """A server's facts of the day as they stood when a member opened them; read a page at a time
    (``history_items``), however many years the server has posted."""

    guild_id: int
    today: str                          # the server's local date then
    newest: str | None                  # the newest day listed then (today's post, once out, waits for a reopen)
    days: int                           # every day listed, back to the first post


@dataclass(frozen=True)
class HistoryItem:
    day: date
    card: FactCard | None               # None: the fact was removed, or hidden in this server, since
    channel_id: int | None              # where it was posted, if it was
    message_id: int | None


async def cards(db: Database, items: list[Fact]) -> list[FactCard]:
    films = await film_refs.get_many(db, (f.film_id for f in items if f.film_id))
    return [FactCard(f, films.get(f.film_id) if f.film_id else None) for f in items]


async def card(db: Database, fact: Fact) -> FactCard:
    return (await cards(db, [fact]))[0]


async def resolve_film(db: Database, text: str | None) -> FilmRef | None:
    """A film option: a picker value ('id:12') or a typed name ('les 400 coups'); None when not given.

    A typed name that is no film's name is taken as the start of one only when it is long enough to
    mean something (MIN_CLOSE letters or digits): '🎬🍿', '*' or '0' name no film.
    """
    if text is None or not has_visible(text):
        return None
    text = text.strip()
    if text.startswith(FILM_VALUE) and (film_id := row_id(text[len(FILM_VALUE):])) is not None:
        film = await film_refs.get(db, film_id)
        if film is not None:
            return film
    found = await film_refs.find_by_name(db, text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        years = ", ".join(f.label for f in found[:5])
        raise InvalidInput(f"Several films are called {quoted(text, 60)} ({years}): pick one from the list.")
    if len(fold(text).replace(" ", "")) >= MIN_CLOSE:
        close = await film_refs.autocomplete(db, text, limit=2)
        if len(close) == 1:
            return close[0]
    raise NotFound(f"I don't know a film called {quoted(text, 60)}. Pick one from the list.")


async def server_zone(db: Database, guild_id: int) -> tuple[daily.Schedule | None, str]:
    """The server's schedule and timezone: the daily post's zone, UTC for servers without one."""
    schedule = await daily.get_schedule(db, guild_id)
    return schedule, (schedule.timezone if schedule else "UTC")


async def server_day(db: Database, guild_id: int, now: int) -> tuple[daily.Schedule | None, str, date]:
    """The server's schedule, timezone and today: the local date, or the last day posted when that is later.

    After a move west the new zone's date can be the day before the one just posted (Paris posts 1 May at
    09:00; at 09:30 it is still 30 April in Honolulu); the server's day never goes back.
    """
    schedule, tz_name = await server_zone(db, guild_id)
    day = local_date(now, zone(tz_name))
    last = await daily.last_taken_day(db, guild_id)
    return schedule, tz_name, max(day, date.fromisoformat(last)) if last else day


async def today(db: Database, guild_id: int, now: int) -> Today:
    """The server's fact of the day: posted or chosen for today, the same for everyone all day."""
    schedule, tz_name, day = await server_day(db, guild_id, now)
    film_id = schedule.day_film_id if schedule else None
    chosen = await day_facts.plan_day(db, guild_id, day.isoformat(), film_id, now)
    if chosen is None:
        raise NotFound("There is no fact to show yet: no approved facts match this server's daily settings."
                       if film_id else "There is no fact to show yet: this server has no approved facts.")
    fact = await facts.get(db, chosen.fact_id)
    if fact is None or fact.deleted:
        raise NotFound("Today's fact was removed by a moderator.")
    if not await facts.visible_among(db, guild_id, [fact.id]):
        raise NotFound("Today's fact was hidden in this server by a moderator.")
    post = await daily.get_post(db, guild_id, day.isoformat())
    posted = post if post is not None and post.state == "posted" else None
    next_at = None
    if posted is None and schedule and schedule.enabled and schedule.next_post_at \
            and local_date(schedule.next_post_at, zone(tz_name)) == day:
        next_at = schedule.next_post_at
    return Today(await card(db, fact), day, tz_name, posted, next_at)


async def random_card(db: Database, guild_id: int, film_text: str | None) -> FactCard:
    film = await resolve_film(db, film_text)
    fact = await facts.random_fact(db, guild_id, film_id=film.id if film else None)
    if fact is None:
        raise NotFound(f"There are no facts about {escape_markdown(film.label)} yet." if film
                       else "There are no facts yet.")
    return FactCard(fact, film) if film else await card(db, fact)


async def show(db: Database, guild_id: int, fact_id: int) -> FactCard:
    fact = await facts.get_visible(db, fact_id, guild_id)
    if fact is None:
        raise NotFound(f"There is no fact #{fact_id} here.")
    return await card(db, fact)


async def search(db: Database, guild_id: int, query: str, film_text: str | None) -> SearchResults:
    """Ranked, highlighted results; ``NotFound`` with a clear message when there are none."""
    film = await resolve_film(db, film_text)
    shown = one_line(query, 80)
    if not terms(query):
        what = f" for {quoted(query, 80)}" if has_visible(query) else ""
        raise NotFound(f"Nothing found{what}: type a few words to look for, like Léaud or Quatre Cents Coups.")
    found = await finder.find(db, guild_id, query, film_id=film.id if film else None, limit=MAX_RESULTS + 1)
    if not found.hits:
        about = f" about {escape_markdown(film.label)}" if film else ""
        raise NotFound(f"Nothing found for {quoted(query, 80)}{about}. Try other words.")
    hits = found.hits
    results = tuple(SearchResult(FactCard(h.fact, found.films.get(h.fact.film_id or 0)), render_snippet(h.snippet))
                    for h in hits[:MAX_RESULTS])
    return SearchResults(shown, film, results, len(hits) > MAX_RESULTS, found.partial)


async def still_visible(db: Database, guild_id: int, fact_ids: list[int]) -> set[int]:
    """Which of the facts a member was shown they may still see (a page turned after a moderator's change)."""
    return await facts.visible_among(db, guild_id, fact_ids)


async def history(db: Database, guild_id: int, now: int) -> History:
    """How many facts of the day the server has had, counted (the past only; today once posted), not read."""
    _, _, day = await server_day(db, guild_id, now)
    today = day.isoformat()
    days, newest = await daily.history_size(db, guild_id, today=today)
    return History(guild_id, today, newest, days)


async def history_items(db: Database, history: History, *, offset: int, limit: int) -> list[HistoryItem]:
    """The ``limit`` days from the ``offset``-th newest on, each with its fact as members may see it now."""
    if history.newest is None:
        return []
    entries = await daily.history(db, history.guild_id, today=history.today, through=history.newest,
                                  limit=limit, offset=offset)
    found = await facts.get_many(db, [e.fact_id for e in entries if e.fact_id])
    visible = await facts.visible_among(db, history.guild_id, list(found))
    by_id = {c.fact.id: c for c in await cards(db, [f for f in found.values() if f.id in visible])}
    return [HistoryItem(date.fromisoformat(e.local_date), by_id.get(e.fact_id or 0),
                        e.channel_id if e.state == "posted" else None, e.message_id if e.state == "posted" else None)
            for e in entries]


# --- Autocomplete ----------------------------------------------------------------------------------------

def fact_choice_name(fact: Fact) -> str:
    """'#12 — Truffaut dedicated the film to André Bazin…' (at most 100 characters)."""
    return one_line(f"#{fact.id} — {fact.text}", CHOICE_CHARS)


async def fact_choices(db: Database, guild_id: int, text: str) -> list[tuple[str, int]]:
    typed = text.strip().lstrip("#").strip()
    if is_number(typed):   # fact numbers first, then the facts that say it ("1959", "400")
        found = await facts.with_id_prefix(db, guild_id, typed, CHOICES)
        if len(found) < CHOICES:
            shown = {f.id for f in found}
            said = [h.fact for h in (await finder.find(db, guild_id, typed, limit=CHOICES)).hits]
            found += [f for f in said if f.id not in shown][:CHOICES - len(found)]
    elif terms(typed):  # the search's bounded reads: a prefix like "di" cost ~30 ms a keystroke at 1M facts
        found = [h.fact for h in (await finder.find(db, guild_id, typed, limit=CHOICES)).hits]
    else:
        found = await facts.matching(db, guild_id, None, CHOICES)
    return [(fact_choice_name(f), f.id) for f in found]


async def film_choices(db: Database, text: str, *, with_facts_in: int | None = None) -> list[tuple[str, str]]:
    """'The 400 Blows (1959)' -> 'id:12'. Labels straight from the name search's rows when something is typed:
    one query per keystroke, not two (the picker needs no more than a title, a year and an id).

    ``with_facts_in`` a server, nothing typed: the films with facts there come first (the pickers of
    /fact random and /fact search; a catalogue's first titles from A may have none)."""
    if not fold(text):
        found = await facts.films_with_facts(db, with_facts_in, CHOICES) if with_facts_in is not None else []
        shown = {f.id for f in found}
        found += [f for f in await film_refs.autocomplete(db, text) if f.id not in shown][:CHOICES - len(found)]
    else:
        found = [FilmRef(r.id, r.label_name, r.year) for r in await names.candidates(db, names.FILMS, text,
                                                                                      limit=CHOICES)]
    return [(one_line(f.label, CHOICE_CHARS), f"{FILM_VALUE}{f.id}") for f in found]


@lru_cache(maxsize=1)
def _zone_keys() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(name, folded name, folded city, the folded name from each of its words on) for every zone, folded
    once: the picker runs on every keystroke."""
    keys = []
    for name in zone_names():
        words = fold(name).split()
        keys.append((name, "".join(words), fold(name.rsplit("/", 1)[-1]).replace(" ", ""),
                     tuple("".join(words[i:]) for i in range(len(words)))))
    return tuple(keys)


def zone_choices(text: str, now: float) -> list[tuple[str, str]]:
    """Timezones for a picker, UTC first, with their current offset: ('Europe/Paris (UTC+02:00)', 'Europe/Paris')."""
    key = fold(text).replace(" ", "")
    if not key:
        names = list(POPULAR_ZONES)
    else:
        likely = likely_zone(text)           # 'EST': the city the refusal would suggest, first
        ranked: list[tuple[int, str]] = [(-1, likely)] if likely else []
        for name, flat, city, tails in _zone_keys():
            if name == likely:
                continue
            if flat == key or city == key:
                ranked.append((0, name))
            elif city.startswith(key) or flat.startswith(key):
                ranked.append((1, name))
            elif not likely and any(tail.startswith(key) for tail in tails):   # 'york', 'newyork'; not 'nst'
                ranked.append((2, name))                                        # inside 'Johnston'

        ranked.sort()
        names = ["UTC", *(name for _, name in ranked if name != "UTC")]  # UTC is always offered, first
    at = datetime.fromtimestamp(now, UTC)
    return [(one_line(f"{name} ({utc_offset(name, at)})", CHOICE_CHARS), name) for name in names[:CHOICES]]
