-- Doinel schema, version 6: the facts' full-text index no longer keeps its own copy of the facts.
--
-- facts_fts stored every fact's text, tags and film names a second time: a third of a
-- 1,000,000-fact database (537 MB -> 368 MB without it, measured). It now reads them from the
-- view facts_fts_source (FTS5 "external content"). The index must always match what the view
-- shows, so triggers on both facts and film_names keep it: a fact's entry is deleted BEFORE a
-- change, while the view still shows what was indexed, and written again AFTER it.
--
-- The view may only use plain functions: FTS5 reads it with virtual tables (json_each) disabled.
-- Tags are the JSON list with its punctuation taken out ('["paris", "new wave"]' -> 'paris new
-- wave'; whatever escapes are left are separators to the tokenizer). Film names are in norm
-- order, the order of film_names' unique index: bot.db.catalogue's bulk fill relies on it.

DROP TRIGGER facts_fts_insert;
DROP TRIGGER facts_fts_update;
DROP TRIGGER facts_fts_delete;
DROP TABLE facts_fts;

CREATE VIEW facts_fts_source (id, film_id, text, tags, film) AS
SELECT f.id, f.film_id, f.text,
       replace(replace(replace(substr(f.tags, 2, length(f.tags) - 2), '", "', ' '), '","', ' '), '"', ''),
       coalesce((SELECT group_concat(name, ' ')
                   FROM (SELECT name FROM film_names WHERE film_id = f.film_id ORDER BY norm)), '')
  FROM facts AS f;

CREATE VIRTUAL TABLE facts_fts USING fts5(
    text, tags, film,
    content = 'facts_fts_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO facts_fts(facts_fts) VALUES ('rebuild');

CREATE TRIGGER facts_fts_insert AFTER INSERT ON facts BEGIN
    INSERT INTO facts_fts(rowid, text, tags, film)
        SELECT id, text, tags, film FROM facts_fts_source WHERE id = new.id;
END;

CREATE TRIGGER facts_fts_unindex BEFORE UPDATE OF text, tags, film_id ON facts BEGIN
    DELETE FROM facts_fts WHERE rowid = old.id;
END;

CREATE TRIGGER facts_fts_update AFTER UPDATE OF text, tags, film_id ON facts BEGIN
    INSERT INTO facts_fts(rowid, text, tags, film)
        SELECT id, text, tags, film FROM facts_fts_source WHERE id = new.id;
END;

CREATE TRIGGER facts_fts_delete BEFORE DELETE ON facts BEGIN
    DELETE FROM facts_fts WHERE rowid = old.id;
END;

-- A film's names are part of each of its facts' entries. Most names are written for films with no
-- facts yet (a catalogue import): the WHEN clauses let those skip the work.
CREATE TRIGGER film_names_facts_unindex_insert BEFORE INSERT ON film_names
WHEN EXISTS (SELECT 1 FROM facts WHERE film_id = new.film_id) BEGIN
    DELETE FROM facts_fts WHERE rowid IN (SELECT id FROM facts WHERE film_id = new.film_id);
END;

CREATE TRIGGER film_names_facts_index_insert AFTER INSERT ON film_names
WHEN EXISTS (SELECT 1 FROM facts WHERE film_id = new.film_id) BEGIN
    INSERT INTO facts_fts(rowid, text, tags, film)
        SELECT id, text, tags, film FROM facts_fts_source WHERE film_id = new.film_id;
END;

CREATE TRIGGER film_names_facts_unindex_delete BEFORE DELETE ON film_names
WHEN EXISTS (SELECT 1 FROM facts WHERE film_id = old.film_id) BEGIN
    DELETE FROM facts_fts WHERE rowid IN (SELECT id FROM facts WHERE film_id = old.film_id);
END;

CREATE TRIGGER film_names_facts_index_delete AFTER DELETE ON film_names
WHEN EXISTS (SELECT 1 FROM facts WHERE film_id = old.film_id) BEGIN
    INSERT INTO facts_fts(rowid, text, tags, film)
        SELECT id, text, tags, film FROM facts_fts_source WHERE film_id = old.film_id;
END;

CREATE TRIGGER film_names_facts_unindex_update BEFORE UPDATE OF film_id, name, norm ON film_names BEGIN
    DELETE FROM facts_fts WHERE rowid IN (SELECT id FROM facts WHERE film_id IN (old.film_id, new.film_id));
END;

CREATE TRIGGER film_names_facts_index_update AFTER UPDATE OF film_id, name, norm ON film_names BEGIN
    INSERT INTO facts_fts(rowid, text, tags, film)
        SELECT id, text, tags, film FROM facts_fts_source WHERE film_id IN (old.film_id, new.film_id);
END;
