"""Migration 0013: each fact of the day already chosen gets its round, the highest cycle its server had reached."""

from __future__ import annotations

from pathlib import Path

from tests.bot.db.older import database_at


async def test_an_older_databases_days_get_the_round_they_were_chosen_in(tmp_path: Path) -> None:
    db = await database_at(tmp_path / "v12.sqlite3", 12)
    try:
        # Server 1: cycle 1, then cycle 2 began, and a fact that had missed cycle 1 was filed there meanwhile.
        days = {1: [("2024-01-01", 1), ("2024-01-02", 1), ("2024-01-03", 2), ("2024-01-04", 1), ("2024-01-05", 2),
                    ("2024-01-06", 3)],
                2: [("2024-01-03", 1), ("2024-01-04", 1)]}
        for guild, rows in days.items():
            for day, cycle in rows:
                await db.conn.execute("INSERT INTO fact_of_day (guild_id, local_date, fact_id, cycle, chosen_at) "
                                      "VALUES (?, ?, NULL, ?, 0)", (guild, day, cycle))
        assert [n for n in await db.migrate() if "0013" in n]
        rounds = await db.fetchall("SELECT guild_id, round FROM fact_of_day ORDER BY guild_id, local_date")
        assert [tuple(r) for r in rounds] == [(1, 1), (1, 1), (1, 2), (1, 2), (1, 2), (1, 3), (2, 1), (2, 1)]
    finally:
        await db.close()
