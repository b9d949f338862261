-- Doinel schema, version 13: the fact of the day's rounds.
--
-- A round shows every fact of the server's pool once (bot/facts/rotation.py). Until now the cycle a
-- pick was filed in stood for it; but a fact added late was filed in each cycle it had missed, one day
-- after another, as the fact of the day several days running. Now ``cycle`` counts a fact's posts (its
-- nth post is in cycle n) and ``round`` is the stretch of days in which no fact repeats.
--
-- Rows already there: a day's round is the highest cycle the server had reached by that day.
ALTER TABLE fact_of_day ADD COLUMN round INTEGER NOT NULL DEFAULT 1;

UPDATE fact_of_day SET round = (SELECT max(o.cycle) FROM fact_of_day AS o
                                 WHERE o.guild_id = fact_of_day.guild_id AND o.local_date <= fact_of_day.local_date);

CREATE INDEX fact_of_day_round ON fact_of_day(guild_id, round, fact_id);
