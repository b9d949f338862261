-- Doinel schema, version 4: name search for /film, /person and /search.
--
-- film_names and person_names get an explicit integer key so a full-text index can point at their
-- rows (an implicit rowid may be renumbered by VACUUM). Each name table gets an external-content
-- FTS5 index over its folded names, with prefix indexes for autocomplete ("quat cen" finds
-- "les quatre cents coups"), kept in step by triggers, whoever writes the names.

-- The facts_fts triggers name film_names: rename without rewriting or re-checking other objects.
PRAGMA legacy_alter_table = ON;

CREATE TABLE film_names_v4 (
    id      INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    norm    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('title', 'original', 'alias')),
    UNIQUE (film_id, norm)
);
INSERT INTO film_names_v4 (film_id, name, norm, kind)
    SELECT film_id, name, norm, kind FROM film_names ORDER BY rowid;
DROP TABLE film_names;
ALTER TABLE film_names_v4 RENAME TO film_names;
CREATE INDEX film_names_norm ON film_names(norm);

CREATE TABLE person_names_v4 (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    norm      TEXT NOT NULL,
    UNIQUE (person_id, norm)
);
INSERT INTO person_names_v4 (person_id, name, norm)
    SELECT person_id, name, norm FROM person_names ORDER BY rowid;
DROP TABLE person_names;
ALTER TABLE person_names_v4 RENAME TO person_names;
CREATE INDEX person_names_norm ON person_names(norm);

PRAGMA legacy_alter_table = OFF;

CREATE VIRTUAL TABLE film_names_fts USING fts5(
    norm,
    content = 'film_names', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

CREATE TRIGGER film_names_fts_insert AFTER INSERT ON film_names BEGIN
    INSERT INTO film_names_fts(rowid, norm) VALUES (new.id, new.norm);
END;

CREATE TRIGGER film_names_fts_delete AFTER DELETE ON film_names BEGIN
    INSERT INTO film_names_fts(film_names_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;

CREATE TRIGGER film_names_fts_update AFTER UPDATE OF norm ON film_names BEGIN
    INSERT INTO film_names_fts(film_names_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
    INSERT INTO film_names_fts(rowid, norm) VALUES (new.id, new.norm);
END;

CREATE VIRTUAL TABLE person_names_fts USING fts5(
    norm,
    content = 'person_names', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

CREATE TRIGGER person_names_fts_insert AFTER INSERT ON person_names BEGIN
    INSERT INTO person_names_fts(rowid, norm) VALUES (new.id, new.norm);
END;

CREATE TRIGGER person_names_fts_delete AFTER DELETE ON person_names BEGIN
    INSERT INTO person_names_fts(person_names_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;

CREATE TRIGGER person_names_fts_update AFTER UPDATE OF norm ON person_names BEGIN
    INSERT INTO person_names_fts(person_names_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
    INSERT INTO person_names_fts(rowid, norm) VALUES (new.id, new.norm);
END;

INSERT INTO film_names_fts(film_names_fts) VALUES ('rebuild');
INSERT INTO person_names_fts(person_names_fts) VALUES ('rebuild');
