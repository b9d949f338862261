-- Doinel schema, version 12: the film and person name indexes are merged into one segment each.
--
-- Autocomplete's word pass looks each word up in every segment of film_names_fts. A catalogue import
-- wrote 100,000 films' names as 21 segments, and one segment made the word pass 1.2-2.4x faster
-- (measured: bench/search.py). Imports now merge once after a bulk load of names
-- (bot.db.catalogue.merges_deferred); this merges the indexes of databases imported before.
-- 'optimize' rewrites the index, not what it finds: 100,000 films' names take a fraction of a second.

INSERT INTO film_names_fts(film_names_fts) VALUES ('optimize');
INSERT INTO person_names_fts(person_names_fts) VALUES ('optimize');
