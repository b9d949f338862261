"""Rounds, the score ledger, boards, resets, sources and question imports."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.content.pack import Pack, QuestionEntry
from bot.db import Database
from bot.db import questions as questions_db
from bot.db import trivia as trivia_db
from bot.db import trivia_boards as boards
from bot.db import trivia_sources as sources_db
from bot.db.packs import import_pack
from bot.errors import Conflict, InvalidInput, NotFound
from bot.trivia.session import ScoreEvent

GUILD, OTHER, CHANNEL = 1000, 2000, 3000
NOW_MS = int(time.time() * 1000)  # when the questions below reached their channel


@pytest.fixture(autouse=True)
async def _questions(db: Database) -> None:
    """Questions 1 and 2 for ledger rows to refer to, in a server no test looks at."""
    await db.conn.executemany(
        "INSERT INTO questions (id, guild_id, prompt, answers, created_at, updated_at) "
        "VALUES (?, 999, ?, '[\"a\"]', 0, 0)",
        [(1, "Q1?"), (2, "Q2?")])


def ev(user: int, position: int, correct: bool, points: int = 0, ms: int = 1_000, qid: int = 1) -> ScoreEvent:
    return ScoreEvent(user, position, qid, "x", correct, points, ms, 1 if correct else 0)


async def reveal(db: Database, round_id: int, guild: int, position: int, events: list[ScoreEvent],
                 revealed_at_ms: int) -> None:
    """A reveal of a question shown at ``NOW_MS``."""
    await trivia_db.record_reveal(db, round_id, guild, position, events, shown_at_ms=NOW_MS,
                                  revealed_at_ms=revealed_at_ms)


async def new_round(db: Database, channel: int = CHANNEL, guild: int = GUILD) -> trivia_db.Round:
    return await trivia_db.create_round(db, guild_id=guild, channel_id=channel, started_by=1, film_id=None,
                                        mode="buttons", question_count=3, seconds=20)


async def test_one_running_round_per_channel(db: Database) -> None:
    first = await new_round(db)
    await trivia_db.set_round_message(db, first.id, 555)
    with pytest.raises(Conflict) as info:
        await new_round(db)
    assert f"https://discord.com/channels/{GUILD}/{CHANNEL}/555" in info.value.message
    other = await new_round(db, channel=CHANNEL + 1)  # another channel runs at the same time
    assert other.status == "running"
    await trivia_db.finish_round(db, first.id, "finished")
    again = await new_round(db)
    assert again.id not in (first.id, other.id)


async def test_concurrent_starts_make_exactly_one_round(db: Database) -> None:
    results = await asyncio.gather(*(new_round(db) for _ in range(5)), return_exceptions=True)
    assert sum(isinstance(r, trivia_db.Round) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 4


async def test_reveal_batch_and_early_point_never_double_count(db: Database) -> None:
    r = await new_round(db)
    await trivia_db.record_question(db, round_id=r.id, guild_id=GUILD, position=0, question_id=1, asked_at_ms=0,
                                    cycle=1)
    take = ev(7, 0, True, 90)
    await trivia_db.record_point(db, r.id, GUILD, take, shown_at_ms=NOW_MS)
    await reveal(db, r.id, GUILD, 0, [take, ev(8, 0, False)], 5_000)
    await reveal(db, r.id, GUILD, 0, [take, ev(8, 0, False)], 5_000)  # a retry
    assert await trivia_db.round_points(db, r.id) == {7: 90, 8: 0}
    assert await db.scalar("SELECT count(*) FROM trivia_scores") == 2
    assert await db.scalar("SELECT revealed_at_ms FROM trivia_round_questions") == 5_000


async def test_each_answer_is_dated_when_it_was_given_not_when_it_was_committed(db: Database) -> None:
    sunday_night_ms = 1_795_391_990_000                          # 2026-11-22 23:59:50 UTC; Monday is 10 s away
    r = await new_round(db)
    await trivia_db.record_point(db, r.id, GUILD, ev(7, 0, True, 90, ms=4_000), shown_at_ms=sunday_night_ms)
    await trivia_db.record_reveal(db, r.id, GUILD, 0, [ev(8, 0, True, 60, ms=9_999), ev(9, 0, False, ms=12_000)],
                                  shown_at_ms=sunday_night_ms, revealed_at_ms=sunday_night_ms + 15_000)
    dated = dict(await db.fetchall("SELECT user_id, created_at FROM trivia_scores"))
    assert dated == {7: 1_795_391_994, 8: 1_795_391_999, 9: 1_795_392_002}   # 9 answered after midnight


async def test_winner_is_recorded_from_the_ledger(db: Database) -> None:
    r = await new_round(db)
    await reveal(db, r.id, GUILD, 0, [ev(1, 0, True, 80, 5_000), ev(2, 0, True, 80, 4_000)], 1)
    ended = await trivia_db.finish_round(db, r.id, "stopped")
    assert (ended.status, ended.winner_id) == ("stopped", 2)  # tie on points and correct: faster wins
    assert ended.ended_at is not None
    nobody = await new_round(db)
    await reveal(db, nobody.id, GUILD, 0, [ev(1, 0, False)], 1)
    assert (await trivia_db.finish_round(db, nobody.id, "idle")).winner_id is None


async def test_abort_running_rounds_keeps_points(db: Database) -> None:
    r = await new_round(db)
    await trivia_db.record_question(db, round_id=r.id, guild_id=GUILD, position=0, question_id=1, asked_at_ms=0,
                                    cycle=1)
    await reveal(db, r.id, GUILD, 0, [ev(5, 0, True, 70)], 1)
    await trivia_db.record_question(db, round_id=r.id, guild_id=GUILD, position=1, question_id=2, asked_at_ms=9,
                                    cycle=1)
    await trivia_db.set_question_message(db, r.id, 1, 4242)
    done = await new_round(db, channel=CHANNEL + 5)
    await trivia_db.finish_round(db, done.id, "finished")
    (closed,) = await trivia_db.abort_running_rounds(db)
    assert closed.round.id == r.id and closed.round.status == "aborted" and closed.round.winner_id == 5
    assert closed.open_question_message_id == 4242
    assert await trivia_db.round_points(db, r.id) == {5: 70}
    assert await trivia_db.abort_running_rounds(db) == []


async def _seed_questions(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    entries = [QuestionEntry(f"mine.q{i}", f"Question {i}?", (f"answer {i}",), list_name="mine") for i in range(3)]
    await questions_db.import_questions(db, entries, guild_id=GUILD, actor_id=1)


async def test_pool_scope_disabled_sources_and_times_asked(db: Database, mini_pack: Pack) -> None:
    await _seed_questions(db, mini_pack)
    pool = await trivia_db.question_pool(db, GUILD)
    assert len(pool) == 4 and {q.list_name for q in pool} == {None, "mine"}
    assert len(await trivia_db.question_pool(db, OTHER)) == 1  # another server sees only global questions
    film_q = next(q for q in pool if q.film_id)
    assert film_q.film_title == "Day for Night"
    assert [q.id for q in await trivia_db.question_pool(db, GUILD, film_q.film_id)] == [film_q.id]

    r = await new_round(db)
    await trivia_db.record_question(db, round_id=r.id, guild_id=GUILD, position=0, question_id=film_q.id,
                                    asked_at_ms=1_000, cycle=1)
    counts = {q.id: q.times_asked for q in await trivia_db.question_pool(db, GUILD)}
    assert counts[film_q.id] == 1 and sum(counts.values()) == 1
    assert {q.id: q.times_asked for q in await trivia_db.question_pool(db, OTHER)} == {film_q.id: 0}

    assert await sources_db.set_enabled(db, GUILD, "list", "mine", False, actor_id=9)
    assert not await sources_db.set_enabled(db, GUILD, "list", "mine", False, actor_id=9)
    assert [q.id for q in await trivia_db.question_pool(db, GUILD)] == [film_q.id]
    await sources_db.set_enabled(db, GUILD, "film", str(film_q.film_id), False, actor_id=9)
    assert await trivia_db.question_pool(db, GUILD) == []
    listed = {s.value: s for s in await sources_db.sources(db, GUILD)}
    assert set(listed) == {f"film:{film_q.film_id}", "list:mine"}
    assert not listed["list:mine"].enabled and listed["list:mine"].questions == 3
    assert listed[f"film:{film_q.film_id}"].name == "Day for Night (1973)"
    # A film is named by its picker key, its label or its title, turned off or not; anything else is refused.
    for typed in (str(film_q.film_id), "Day for Night (1973)", "day for night"):
        assert (await sources_db.film_source(db, GUILD, typed)).key == str(film_q.film_id)
    with pytest.raises(NotFound, match="No film called “Jules et Jim” has trivia questions here"):
        await sources_db.film_source(db, GUILD, "Jules et Jim")
    await sources_db.set_enabled(db, GUILD, "list", "mine", True, actor_id=9)
    assert len(await trivia_db.question_pool(db, GUILD)) == 3
    assert await sources_db.disabled(db, GUILD) == [("film", str(film_q.film_id))]
    assert await db.scalar("SELECT count(*) FROM audit_log WHERE entity = 'trivia_source'") == 3



async def test_a_round_narrowed_to_a_list_and_a_list_whose_film_is_off(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    entries = [QuestionEntry(f"wk.q{i}", f"Week question {i}?", (f"answer {i}",), list_name="week1",
                             film="day-for-night" if i else None) for i in range(3)]
    await questions_db.import_questions(db, entries, guild_id=GUILD, actor_id=1)
    assert {q.prompt for q in await trivia_db.question_pool(db, GUILD, list_name="week1")} == \
        {"Week question 0?", "Week question 1?", "Week question 2?"}
    assert await trivia_db.question_pool(db, GUILD, list_name="week2") == []
    film_id = next(q.film_id for q in await trivia_db.question_pool(db, GUILD, list_name="week1") if q.film_id)
    assert len(await trivia_db.question_pool(db, GUILD, film_id, "week1")) == 2
    week = await sources_db.list_source(db, GUILD, "WEEK1")
    assert (week.questions, week.blocked, week.playable) == (3, 0, 3)
    assert await sources_db.list_source(db, GUILD, "list:week1") == week
    with pytest.raises(NotFound, match="No question list called “week2”"):
        await sources_db.list_source(db, GUILD, "week2")
    await sources_db.set_enabled(db, GUILD, "film", str(film_id), False, actor_id=9)
    week = await sources_db.list_source(db, GUILD, "week1")
    assert (week.questions, week.blocked, week.playable) == (3, 2, 1)      # as many as a round may ask
    assert [q.prompt for q in await trivia_db.question_pool(db, GUILD, list_name="week1")] == ["Week question 0?"]
    await sources_db.set_enabled(db, GUILD, "list", "week1", False, actor_id=9)
    assert (await sources_db.list_source(db, GUILD, "week1")).playable == 0


async def test_a_servers_telling_stands_in_for_doinels_in_a_round_about_its_film(db: Database,
                                                                                mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)   # Doinel's own: 'Who plays Alphonse in Day for Night?', about the film
    doinels = (await trivia_db.question_pool(db, OTHER))[0]
    film = doinels.film_id
    mistons = await db.scalar("SELECT id FROM films WHERE title = 'Les Mistons'")
    fixes = [QuestionEntry("fixes.q1", "who plays ALPHONSE in Day for Night", ("Zanzibar",), list_name="fixes"),
             QuestionEntry("fixes.q2", "Who else is in it?", ("Nobody",), list_name="fixes"),
             QuestionEntry("fixes.q3", "Who is in Les Mistons?", ("Bernadette",), film="les-mistons",
                           list_name="fixes")]
    await questions_db.import_questions(db, fixes, guild_id=GUILD, actor_id=1)

    # A round about the film asks the server's telling (no film of its own: it takes Doinel's), not Doinel's.
    about = await trivia_db.question_pool(db, GUILD, film)
    assert [(q.answers, q.film_id, q.film_title, q.list_name) for q in about] == \
        [(("Zanzibar",), film, "Day for Night", "fixes")]
    # So does a round about nothing in particular, and the telling says which film it is about there too.
    anything = await trivia_db.question_pool(db, GUILD)
    assert {q.prompt: q.film_title for q in anything} == {"who plays ALPHONSE in Day for Night": "Day for Night",
                                                          "Who else is in it?": None,
                                                          "Who is in Les Mistons?": "Les Mistons"}
    assert [q.prompt for q in await trivia_db.question_pool(db, GUILD, mistons)] == ["Who is in Les Mistons?"]
    assert len(await trivia_db.question_pool(db, GUILD, list_name="fixes")) == 3
    assert [q.id for q in await trivia_db.question_pool(db, OTHER, film)] == [doinels.id]   # other servers: Doinel's

    # With the server's list turned off, the film's round asks Doinel's telling again.
    await sources_db.set_enabled(db, GUILD, "list", "fixes", False, actor_id=9)
    assert [q.id for q in await trivia_db.question_pool(db, GUILD, film)] == [doinels.id]
    await sources_db.set_enabled(db, GUILD, "list", "fixes", True, actor_id=9)
    # Once Doinel's question is gone, the telling stands in for nothing: it is not about the film any more.
    await db.conn.execute("UPDATE questions SET deleted_at = 1 WHERE id = ?", (doinels.id,))
    assert await trivia_db.question_pool(db, GUILD, film) == []
    assert {q.film_title for q in await trivia_db.question_pool(db, GUILD, list_name="fixes")} == {None, "Les Mistons"}


async def test_a_running_round_rereads_doinels_question_as_the_server_now_tells_it(db: Database,
                                                                                    mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    doinels = (await trivia_db.question_pool(db, GUILD))[0]
    assert (await trivia_db.as_told_here(db, GUILD, doinels.id)).answers == doinels.answers   # nothing re-told yet
    telling = QuestionEntry("fixes.q1", "Who plays Alphonse in Day for Night ?", ("Zanzibar",), list_name="fixes")
    await questions_db.import_questions(db, [telling], guild_id=GUILD, actor_id=1)
    told = await trivia_db.as_told_here(db, GUILD, doinels.id)
    assert (told.guild_id, told.answers) == (GUILD, ("Zanzibar",))
    assert (await trivia_db.as_told_here(db, GUILD, told.id)) == told                     # the server's own: as stored
    assert (await trivia_db.as_told_here(db, OTHER, doinels.id)).id == doinels.id         # not in other servers
    await sources_db.set_enabled(db, GUILD, "list", "fixes", False, actor_id=9)            # the pool's rule: list off
    assert (await trivia_db.as_told_here(db, GUILD, doinels.id)).id == doinels.id
    assert await trivia_db.as_told_here(db, GUILD, 123_456) is None


async def test_a_film_is_named_as_every_film_option_takes_it_and_a_shared_name_asks_which(
        db: Database, lookup_pack: Pack) -> None:
    await import_pack(db, lookup_pack)
    entries = [QuestionEntry(f"q.{film}", f"About {film}?", ("yes",), film=film)
               for film in ("hamlet-1948", "hamlet-1996", "breathless-1960")]
    await questions_db.import_questions(db, entries, guild_id=GUILD, actor_id=1)
    breathless = await sources_db.film_source(db, GUILD, "Breathless (1960)")
    for typed in ("À bout de souffle", "a bout de souffle", "BREATHLESS (1960)"):   # original title, alias, label
        assert await sources_db.film_source(db, GUILD, typed) == breathless
    assert await sources_db.source_named(db, GUILD, "a bout de souffle") == breathless
    with pytest.raises(InvalidInput, match=r"Several films .* \(Hamlet \(1948\), Hamlet \(1996\)\)"):
        await sources_db.film_source(db, GUILD, "Hamlet")
    with pytest.raises(NotFound, match="No film or question list called “Hamlet Goes Business”"):
        await sources_db.source_named(db, GUILD, "Hamlet Goes Business")       # a film, but no questions here
    for blank in ("   ", "\u200b"):                                             # nothing typed: a whole sentence
        with pytest.raises(InvalidInput, match=r"^Type a film's title"):
            await sources_db.film_source(db, GUILD, blank)
        with pytest.raises(InvalidInput, match=r"^Type a film's title or a question list's name"):
            await sources_db.source_named(db, GUILD, blank)
    offered = await sources_db.matching(db, GUILD, "souffle", kind="film")      # the picker, by original title
    assert offered == [breathless]

async def _ledger(db: Database) -> None:
    """Member 1: 2 rounds (won 1); member 2: 1 round; member 3 in another server."""
    r1 = await new_round(db)
    await reveal(db, r1.id, GUILD, 0, [ev(1, 0, True, 100), ev(2, 0, False)], 1)
    await reveal(db, r1.id, GUILD, 1, [ev(1, 1, False), ev(2, 1, True, 60)], 2)
    await trivia_db.finish_round(db, r1.id, "finished")
    r2 = await new_round(db)
    await reveal(db, r2.id, GUILD, 0, [ev(1, 0, True, 50)], 1)
    await trivia_db.finish_round(db, r2.id, "finished")
    r3 = await new_round(db, channel=9, guild=OTHER)
    await reveal(db, r3.id, OTHER, 0, [ev(3, 0, True, 500)], 1)


async def test_leaderboard_from_the_ledger(db: Database) -> None:
    await _ledger(db)
    page = await boards.leaderboard(db, GUILD)
    assert page.total == 2
    first, second = page.rows
    assert (first.rank, first.user_id, first.points, first.correct, first.answered, first.games, first.wins) == \
           (1, 1, 150, 2, 3, 2, 2)
    assert (second.rank, second.user_id, second.points, second.games, second.wins) == (2, 2, 60, 1, 0)
    assert first.accuracy == pytest.approx(2 / 3) and second.accuracy == 0.5
    assert (await boards.leaderboard(db, GUILD, limit=1, offset=1)).rows[0].user_id == 2
    assert (await boards.leaderboard(db, GUILD, since=2**40)).total == 0  # nothing in a future period


async def test_periods_filter_on_the_ledger_time(db: Database) -> None:
    await _ledger(db)
    await db.conn.execute("UPDATE trivia_scores SET created_at = 1000 WHERE user_id = 2")
    assert [r.user_id for r in (await boards.leaderboard(db, GUILD, since=2000)).rows] == [1]


async def test_member_reset_and_server_reset(db: Database) -> None:
    await _ledger(db)
    assert await boards.reset(db, GUILD, 1, actor_id=99) == 3
    assert [r.user_id for r in (await boards.leaderboard(db, GUILD)).rows] == [2]
    r = await new_round(db)
    await reveal(db, r.id, GUILD, 0, [ev(1, 0, True, 40)], 1)
    row = await boards.member_row(db, GUILD, 1)
    assert row is not None and (row.points, row.answered, row.games) == (40, 1, 1)  # only what came after
    assert (await boards.leaderboard(db, OTHER)).total == 1  # other servers untouched
    assert await boards.reset(db, GUILD, None, actor_id=99) == 3
    assert (await boards.leaderboard(db, GUILD)).total == 0
    assert await db.scalar("SELECT count(*) FROM trivia_scores") == 7  # the ledger keeps every row
    assert await db.scalar("SELECT count(*) FROM audit_log WHERE action = 'reset'") == 2


async def test_member_stats(db: Database) -> None:
    await _ledger(db)
    stats = await boards.member_stats(db, GUILD, 2, month_start=0, week_start=2**40)
    assert stats.all_time is not None and stats.all_time.rank == 2 and stats.all_time.fastest_ms == 1_000
    assert stats.month == stats.all_time and stats.week is None and stats.players == 2
    assert (await boards.member_stats(db, GUILD, 77, month_start=0, week_start=0)).all_time is None


async def test_import_questions_all_or_nothing(db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)
    good = QuestionEntry("l.q1", "Who?", ("Truffaut",), list_name="l")
    dry = await questions_db.import_questions(db, [good], guild_id=GUILD, actor_id=1, dry_run=True)
    assert dry.added == 1 and await db.scalar("SELECT count(*) FROM questions WHERE guild_id = ?", (GUILD,)) == 0
    bad = QuestionEntry("l.q2", "Which film?", ("x",), film="no-such-film", list_name="l")
    with pytest.raises(InvalidInput, match="no-such-film"):
        await questions_db.import_questions(db, [good, bad], guild_id=GUILD, actor_id=1)
    assert await db.scalar("SELECT count(*) FROM questions WHERE guild_id = ?", (GUILD,)) == 0
    film_q = QuestionEntry("l.q3", "Film?", ("y",), film="les-mistons", list_name="l")
    report = await questions_db.import_questions(db, [good, film_q], guild_id=GUILD, actor_id=1, list_name="l")
    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    again = await questions_db.import_questions(db, [good, QuestionEntry("l.q3", "Film?", ("z",), list_name="l")],
                                                guild_id=GUILD, actor_id=1)
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    exported = await questions_db.for_export(db, GUILD)
    assert [(q.id, q.answers) for q in exported] == [("l.q1", ("Truffaut",)), ("l.q3", ("z",))]
    assert len(await questions_db.for_export(db, GUILD, include_global=True)) == 3
    assert [q.film for q in await questions_db.for_export(db, None)] == ["day-for-night"]


async def test_an_import_finds_questions_by_prompt_and_a_server_telling_stands_in_for_doinels(
        db: Database, mini_pack: Pack) -> None:
    await import_pack(db, mini_pack)   # Doinel's own: 'Who plays Alphonse in Day for Night?'
    same = QuestionEntry("export.a1", "Who plays Alphonse in Day for Night?",
                         ("Jean-Pierre Léaud", "Jean-Pierre Leaud", "Léaud"),
                         ("Albert Rémy", "Jean-Paul Belmondo", "Jacques Demy"), None, "easy", "test", "export")
    report = await questions_db.import_questions(db, [same], guild_id=GUILD, actor_id=1)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)   # the film is kept: none was named

    club = QuestionEntry("club.q1", "Who directed Day for Night?", ("Truffaut",), list_name="club")
    await questions_db.import_questions(db, [club], guild_id=GUILD, actor_id=1)
    # The same question under another list's key (a whole-server export brought back) is the club's question.
    again = QuestionEntry("trivia.q1", "who directed day for night", ("François Truffaut",), list_name="trivia")
    report = await questions_db.import_questions(db, [again], guild_id=GUILD, actor_id=1)
    assert (report.added, report.updated) == (0, 1)
    assert await db.scalar("SELECT list_name || ' ' || pack_key FROM questions WHERE guild_id = ?",
                           (GUILD,)) == "club club.q1"

    # A file that re-words the club's question and asks its old words anew keeps both, whatever the order.
    reworded = QuestionEntry("club.q1", "Who directed La Nuit américaine?", ("Truffaut",), list_name="club")
    report = await questions_db.import_questions(db, [again, reworded], guild_id=GUILD, actor_id=1)
    assert (report.added, report.updated) == (1, 1)

    # The server's own telling of Doinel's question is added and asked in its place.
    own = QuestionEntry("club.q2", "Who plays Alphonse in Day for Night?", ("Léaud",), ("Belmondo",),
                        list_name="club")
    assert (await questions_db.import_questions(db, [own], guild_id=GUILD, actor_id=1)).added == 1
    pool = await trivia_db.question_pool(db, GUILD)
    assert [q.wrong for q in pool if q.prompt == "Who plays Alphonse in Day for Night?"] == [("Belmondo",)]
    assert len(pool) == 3
    assert [q.wrong for q in await trivia_db.question_pool(db, OTHER)] == [same.wrong]
