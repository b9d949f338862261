-- Facts: the fact of the day chosen for each server and local day, and indexes for the scheduler.

-- The day's fact, chosen once (at the first /fact today, /daily preview or post, whichever comes
-- first) so everyone sees the same fact all day, across restarts, and the post uses it too.
-- Rotation reads it: a fact is used once per cycle.
CREATE TABLE fact_of_day (
    guild_id   INTEGER NOT NULL,
    local_date TEXT NOT NULL,            -- 'YYYY-MM-DD' in the server's timezone (UTC without /daily)
    fact_id    INTEGER REFERENCES facts(id) ON DELETE SET NULL,
    cycle      INTEGER NOT NULL,
    chosen_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, local_date)
);
CREATE INDEX fact_of_day_cycle ON fact_of_day(guild_id, cycle, fact_id);

-- Claims not yet confirmed: few at any time, found at start-up and by the scheduler's checks.
CREATE INDEX daily_posts_claimed ON daily_posts(claimed_at) WHERE state = 'claimed';

-- /fact random avoids the facts a server saw last.
CREATE INDEX fact_views_recent ON fact_views(guild_id, shown_at);

