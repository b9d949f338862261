-- Doinel schema, version 10: the facts' full-text index no longer records each fact's column sizes.
--
-- FTS5 keeps, for its own bm25(), a row per fact in facts_fts_docsize with the number of words in
-- each column. Doinel never asks FTS5 for bm25: search ranks its candidates itself from the hits
-- highlight() marks (bot.facts.ranking). Writing those rows was a sixth of the time it takes to
-- index 1,000,000 facts (measured: bench/import_pack.py). The index is built again from the
-- facts_fts_source view; its triggers and facts_terms refer to it by name and stay as they are.

DROP TABLE facts_fts;

CREATE VIRTUAL TABLE facts_fts USING fts5(
    text, tags, film,
    content = 'facts_fts_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
INSERT INTO facts_fts(facts_fts) VALUES ('rebuild');
