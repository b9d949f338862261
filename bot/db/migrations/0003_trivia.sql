-- Trivia, version 3: what 0001 left out.

-- Films or question lists a server turned off for trivia (everything is on by default).
CREATE TABLE trivia_disabled_sources (
    guild_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('film', 'list')),
    key         TEXT NOT NULL,              -- films.id as text, or questions.list_name
    disabled_by INTEGER,
    disabled_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind, key)
);

-- A reset hides ledger rows up to this id (exact, whatever the clock says). Rows stay in the ledger.
ALTER TABLE trivia_resets ADD COLUMN last_score_id INTEGER NOT NULL DEFAULT 0;

-- The message that carries each question, so a round interrupted by a restart can close its buttons.
ALTER TABLE trivia_round_questions ADD COLUMN message_id INTEGER;

-- Member stats and round winners read the ledger by member and by round.
CREATE INDEX trivia_scores_member ON trivia_scores(guild_id, user_id);
CREATE INDEX trivia_scores_round ON trivia_scores(round_id, user_id);
