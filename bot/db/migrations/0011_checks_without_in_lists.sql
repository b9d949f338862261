-- Doinel schema, version 11: the bulk-written tables check their fixed values with '=' and OR.
--
-- SQLite builds a lookup table for a CHECK (x IN ('a', 'b', 'c')) every time it runs the insert:
-- 2 µs a row through executemany, a third of the time of writing 1,000,000 facts (measured:
-- bench/import_pack.py), for a check that '=' and OR make with three comparisons. The constraints
-- mean the same, and every row already meets them, so only their text changes, as SQLite documents
-- for such changes (https://sqlite.org/lang_altertable.html#otheralter). The migration runner then
-- bumps schema_version, so every connection, this one included, reads the new text.

PRAGMA writable_schema = ON;

UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (status IN (''approved'', ''pending'', ''rejected''))',
                     'CHECK (status = ''approved'' OR status = ''pending'' OR status = ''rejected'')')
 WHERE type = 'table' AND name = 'facts';

UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (kind IN (''title'', ''original'', ''alias''))',
                     'CHECK (kind = ''title'' OR kind = ''original'' OR kind = ''alias'')')
 WHERE type = 'table' AND name = 'film_names';

UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (role IN (''director'', ''writer'', ''actor'', ''cinematographer'',
                                            ''composer'', ''producer'', ''editor'', ''cameo''))',
                     'CHECK (role = ''director'' OR role = ''writer'' OR role = ''actor''
                                   OR role = ''cinematographer'' OR role = ''composer''
                                   OR role = ''producer'' OR role = ''editor'' OR role = ''cameo'')')
 WHERE type = 'table' AND name = 'credits';

PRAGMA writable_schema = OFF;
