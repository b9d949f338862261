from __future__ import annotations

import random

from bot.db import Database, facts
from bot.db.util import now
from bot.facts.search import match_query
from tests import factsupport
from tests.bot.facts.test_search import HOSTILE
from tests.factsupport import GUILD, OTHER_GUILD, fact_id, film_id

content_db = factsupport.content_db


async def add_fact(db: Database, text: str, *, guild_id: int = 0, film: int | None = None,
                   status: str = "approved", deleted: bool = False) -> int:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO facts (guild_id, film_id, text, source, status, created_at, updated_at, deleted_at) "
            "VALUES (?, ?, ?, 'test', ?, ?, ?, ?)",
            (guild_id, film, text, status, now(), now(), now() if deleted else None))
        return int(cur.lastrowid or 0)


async def hide(db: Database, guild_id: int, fact: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO fact_hidden (guild_id, fact_id, hidden_at) VALUES (?, ?, ?)",
                           (guild_id, fact, now()))


async def matching_ids(db: Database, text: str, guild_id: int = GUILD) -> list[int]:
    return [f.id for f in await facts.matching(db, guild_id, match_query(text))]


async def test_hostile_queries_never_fail_against_the_real_index(content_db: Database) -> None:
    searched = 0
    for text in HOSTILE:
        query = match_query(text)
        if query is not None:
            # An FTS5 syntax error would raise here; every query must come back with a (maybe empty) answer.
            assert isinstance(await facts.matching(content_db, GUILD, query), list)
            searched += 1
    assert searched >= len(HOSTILE) // 2  # most hostile inputs still contain words worth searching


async def test_visibility_rules(content_db: Database) -> None:
    mine = await add_fact(content_db, "A zoetrope fact for guild one.", guild_id=GUILD)
    theirs = await add_fact(content_db, "A zoetrope fact for guild two.", guild_id=OTHER_GUILD)
    pending = await add_fact(content_db, "A zoetrope pending fact.", status="pending")
    gone = await add_fact(content_db, "A zoetrope deleted fact.", deleted=True)
    hidden = await add_fact(content_db, "A zoetrope hidden fact.")
    await hide(content_db, GUILD, hidden)
    assert await matching_ids(content_db, "zoetrope") == [mine]
    assert sorted(await matching_ids(content_db, "zoetrope", OTHER_GUILD)) == sorted([theirs, hidden])
    for fid in (theirs, pending, gone, hidden):
        assert await facts.get_visible(content_db, fid, GUILD) is None
    assert [f.id for f in await facts.with_id_prefix(content_db, GUILD, str(hidden))] == []


async def test_random_avoids_the_last_shown(content_db: Database) -> None:
    blows = await film_id(content_db, "the-400-blows")
    rng = random.Random(5)
    seen = [(await facts.random_fact(content_db, GUILD, film_id=blows, rng=rng)).id for _ in range(60)]
    # Within any window of RECENT_VIEWS + 1 draws no fact comes back.
    window = facts.RECENT_VIEWS
    for i in range(len(seen) - window):
        assert len(set(seen[i:i + window + 1])) == window + 1


async def test_random_falls_back_to_the_least_recently_shown(content_db: Database) -> None:
    mistons = await film_id(content_db, "les-mistons")
    only = await fact_id(content_db, "m-f1")
    rng = random.Random(1)
    assert [(await facts.random_fact(content_db, GUILD, film_id=mistons, rng=rng)).id for _ in range(3)] == [only] * 3
    views = await content_db.scalar("SELECT count(*) FROM fact_views WHERE guild_id = ?", (GUILD,))
    assert views == 1


async def test_random_with_no_facts_is_none(content_db: Database) -> None:
    await content_db.conn.execute("UPDATE facts SET status = 'pending'")
    assert await facts.random_fact(content_db, GUILD) is None


async def test_views_are_capped_per_server(content_db: Database) -> None:
    ids = list(range(1, 74))
    for _ in range(4):
        for fid in ids:
            await facts.record_view(content_db, GUILD, fid)
    await content_db.conn.execute("UPDATE fact_views SET guild_id = ? WHERE fact_id < 40", (OTHER_GUILD,))
    for fid in ids:
        await facts.record_view(content_db, GUILD, fid)
    assert await content_db.scalar("SELECT count(*) FROM fact_views WHERE guild_id = ?", (GUILD,)) == 73
    assert await content_db.scalar("SELECT count(*) FROM fact_views WHERE guild_id = ?", (OTHER_GUILD,)) == 39


async def test_id_prefix_autocomplete(content_db: Database) -> None:
    found = [f.id for f in await facts.with_id_prefix(content_db, GUILD, "1")]
    assert found[:2] == [1, 10] and all(str(i).startswith("1") for i in found)
    assert [f.id for f in await facts.with_id_prefix(content_db, GUILD, "7")] == [7, 70, 71, 72, 73]
    assert await facts.with_id_prefix(content_db, GUILD, "99999") == []
    assert await facts.with_id_prefix(content_db, GUILD, "x1") == []


async def test_text_autocomplete(content_db: Database) -> None:
    found = await facts.matching(content_db, GUILD, match_query("moussy"))
    assert await fact_id(content_db, "400b-f002") in [f.id for f in found]
    assert all("moussy" in f.text.lower() for f in found)
    assert len(await facts.matching(content_db, GUILD, None)) == 25


async def test_list_by_film(content_db: Database) -> None:
    blows = await film_id(content_db, "the-400-blows")
    first = await facts.list_by_film(content_db, GUILD, blows, limit=10)
    second = await facts.list_by_film(content_db, GUILD, blows, limit=10, offset=10)
    assert len(first) == len(second) == 10 and first[-1].id < second[0].id


async def test_get_many(content_db: Database) -> None:
    found = await facts.get_many(content_db, [1, 2, 99_999])
    assert sorted(found) == [1, 2]
