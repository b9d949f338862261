-- Doinel schema, version 1.
-- Conventions: times are UTC unix seconds (INTEGER) unless the name ends in _ms;
-- guild_id 0 means "global" (bundled or owner-managed pack content); JSON lists are TEXT.

CREATE TABLE packs (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
);

CREATE TABLE films (
    id              INTEGER PRIMARY KEY,
    pack_key        TEXT UNIQUE,
    title           TEXT NOT NULL,
    original_title  TEXT,
    year            INTEGER,
    runtime_minutes INTEGER,
    countries       TEXT NOT NULL DEFAULT '[]',
    languages       TEXT NOT NULL DEFAULT '[]',
    format          TEXT,
    locations       TEXT NOT NULL DEFAULT '[]',
    awards          TEXT NOT NULL DEFAULT '[]',
    synopsis        TEXT,
    sources         TEXT NOT NULL DEFAULT '[]',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Every name a film is known by (title, original title, aliases), normalised for lookups.
CREATE TABLE film_names (
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    norm    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('title', 'original', 'alias')),
    PRIMARY KEY (film_id, norm)
);
CREATE INDEX film_names_norm ON film_names(norm);

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    pack_key   TEXT UNIQUE,
    name       TEXT NOT NULL,
    born       TEXT,
    died       TEXT,
    known_for  TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE person_names (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    norm      TEXT NOT NULL,
    PRIMARY KEY (person_id, norm)
);
CREATE INDEX person_names_norm ON person_names(norm);

CREATE TABLE credits (
    film_id   INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('director', 'writer', 'actor', 'cinematographer',
                                            'composer', 'producer', 'editor', 'cameo')),
    character TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (film_id, person_id, role, character)
);
CREATE INDEX credits_person ON credits(person_id);

CREATE TABLE facts (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL DEFAULT 0,
    pack_key   TEXT,
    film_id    INTEGER REFERENCES films(id) ON DELETE SET NULL,
    text       TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    tags       TEXT NOT NULL DEFAULT '[]',
    verified   INTEGER NOT NULL DEFAULT 1,
    status     TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'pending', 'rejected')),
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_by INTEGER,
    deleted_at INTEGER
);
CREATE UNIQUE INDEX facts_pack_key ON facts(guild_id, pack_key) WHERE pack_key IS NOT NULL;
CREATE INDEX facts_scope ON facts(guild_id, status) WHERE deleted_at IS NULL;
CREATE INDEX facts_film ON facts(film_id);

-- Global facts a server chose not to see.
CREATE TABLE fact_hidden (
    guild_id  INTEGER NOT NULL,
    fact_id   INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    hidden_by INTEGER,
    hidden_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, fact_id)
);

-- Full-text index of facts: text, tags and every name of the fact's film, accents folded.
CREATE VIRTUAL TABLE facts_fts USING fts5(
    text, tags, film,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER facts_fts_insert AFTER INSERT ON facts BEGIN
    INSERT INTO facts_fts(rowid, text, tags, film) VALUES (
        new.id, new.text,
        (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)),
        (SELECT coalesce(group_concat(name, ' '), '') FROM film_names WHERE film_id = new.film_id)
    );
END;

CREATE TRIGGER facts_fts_update AFTER UPDATE OF text, tags, film_id ON facts BEGIN
    DELETE FROM facts_fts WHERE rowid = old.id;
    INSERT INTO facts_fts(rowid, text, tags, film) VALUES (
        new.id, new.text,
        (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)),
        (SELECT coalesce(group_concat(name, ' '), '') FROM film_names WHERE film_id = new.film_id)
    );
END;

CREATE TRIGGER facts_fts_delete AFTER DELETE ON facts BEGIN
    DELETE FROM facts_fts WHERE rowid = old.id;
END;

CREATE TABLE questions (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL DEFAULT 0,
    pack_key      TEXT,
    list_name     TEXT,
    film_id       INTEGER REFERENCES films(id) ON DELETE SET NULL,
    prompt        TEXT NOT NULL,
    answers       TEXT NOT NULL,
    wrong_choices TEXT NOT NULL DEFAULT '[]',
    difficulty    TEXT CHECK (difficulty IN ('easy', 'medium', 'hard')),
    source        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'pending', 'rejected')),
    created_by    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_by    INTEGER,
    updated_at    INTEGER NOT NULL,
    deleted_by    INTEGER,
    deleted_at    INTEGER
);
CREATE UNIQUE INDEX questions_pack_key ON questions(guild_id, pack_key) WHERE pack_key IS NOT NULL;
CREATE INDEX questions_scope ON questions(guild_id, status) WHERE deleted_at IS NULL;
CREATE INDEX questions_film ON questions(film_id);

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    mod_role_id       INTEGER,
    log_channel_id    INTEGER,
    trivia_seconds    INTEGER,
    trivia_questions  INTEGER,
    trivia_mode       TEXT CHECK (trivia_mode IN ('buttons', 'typed')),
    trivia_spoilers   INTEGER NOT NULL DEFAULT 0,
    trivia_idle_limit INTEGER,
    updated_by        INTEGER,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE daily_schedules (
    guild_id     INTEGER PRIMARY KEY,
    channel_id   INTEGER NOT NULL,
    thread_id    INTEGER,
    local_time   TEXT NOT NULL,          -- 'HH:MM'
    timezone     TEXT NOT NULL,          -- IANA name
    film_id      INTEGER REFERENCES films(id) ON DELETE SET NULL,
    ping_role_id INTEGER,
    enabled      INTEGER NOT NULL DEFAULT 1,
    next_post_at INTEGER,                -- UTC instant of the next due post
    last_error   TEXT,
    last_error_at INTEGER,
    updated_by   INTEGER,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX daily_schedules_due ON daily_schedules(next_post_at) WHERE enabled = 1;

-- One row per server and local day: claimed before sending, completed after.
CREATE TABLE daily_posts (
    guild_id   INTEGER NOT NULL,
    local_date TEXT NOT NULL,            -- 'YYYY-MM-DD' in the server's timezone
    fact_id    INTEGER REFERENCES facts(id) ON DELETE SET NULL,
    cycle      INTEGER NOT NULL DEFAULT 1,
    state      TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed')),
    channel_id INTEGER,
    message_id INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    claimed_at INTEGER NOT NULL,
    posted_at  INTEGER,
    PRIMARY KEY (guild_id, local_date)
);
CREATE INDEX daily_posts_cycle ON daily_posts(guild_id, cycle, fact_id);

-- Facts recently shown by /fact random, so it can avoid them.
CREATE TABLE fact_views (
    guild_id INTEGER NOT NULL,
    fact_id  INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    shown_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, fact_id)
);

CREATE TABLE trivia_rounds (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    started_by     INTEGER NOT NULL,
    film_id        INTEGER REFERENCES films(id) ON DELETE SET NULL,
    mode           TEXT NOT NULL CHECK (mode IN ('buttons', 'typed')),
    question_count INTEGER NOT NULL,
    seconds        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'idle', 'aborted')),
    started_at     INTEGER NOT NULL,
    ended_at       INTEGER,
    winner_id      INTEGER,
    message_id     INTEGER
);
-- At most one running round per channel, enforced by the database.
CREATE UNIQUE INDEX trivia_rounds_running ON trivia_rounds(channel_id) WHERE status = 'running';
CREATE INDEX trivia_rounds_guild ON trivia_rounds(guild_id, ended_at);

CREATE TABLE trivia_round_questions (
    round_id    INTEGER NOT NULL REFERENCES trivia_rounds(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    question_id INTEGER REFERENCES questions(id) ON DELETE SET NULL,
    asked_at_ms INTEGER NOT NULL,
    revealed_at_ms INTEGER,
    PRIMARY KEY (round_id, position)
);

-- The score ledger: one row per member per question answered. Boards are sums over it.
CREATE TABLE trivia_scores (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES trivia_rounds(id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    question_id INTEGER REFERENCES questions(id) ON DELETE SET NULL,
    choice      TEXT,
    correct     INTEGER NOT NULL,
    points      INTEGER NOT NULL DEFAULT 0,
    answer_ms   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (round_id, position, user_id)
);
CREATE INDEX trivia_scores_board ON trivia_scores(guild_id, created_at, user_id);

-- Questions already asked in a server in the current cycle.
CREATE TABLE trivia_asked (
    guild_id    INTEGER NOT NULL,
    cycle       INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    asked_at    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, cycle, question_id)
);

-- A member's reset of their trivia history in a server (ledger rows before it do not count).
CREATE TABLE trivia_resets (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,          -- 0 = the whole server
    reset_at INTEGER NOT NULL,
    reset_by INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, reset_at)
);

CREATE TABLE suggestions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    film_id     INTEGER REFERENCES films(id) ON DELETE SET NULL,
    source      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at  INTEGER NOT NULL,
    reviewed_by INTEGER,
    reviewed_at INTEGER,
    review_note TEXT,
    fact_id     INTEGER REFERENCES facts(id) ON DELETE SET NULL
);
CREATE INDEX suggestions_queue ON suggestions(guild_id, status, created_at);
CREATE INDEX suggestions_member ON suggestions(guild_id, user_id, created_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL DEFAULT 0,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    before_json TEXT,
    after_json  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, created_at);
CREATE INDEX audit_log_guild ON audit_log(guild_id, created_at);
