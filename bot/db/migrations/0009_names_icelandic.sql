-- Doinel schema, version 9: film and person names folded again, now that 'ð' and 'þ' fold too.
--
-- 'Friðrik Þór Friðriksson' is stored as 'fridrik thor fridriksson' (was 'friðrik þor friðriksson'),
-- so /film and /person find him as members type him. As in version 8: doinel_fold is bot.text.fold,
-- only names whose stored form differs are rewritten, the triggers keep the indexes in step, and a
-- name whose new form its owner already has stays as it was (OR IGNORE).

UPDATE OR IGNORE film_names SET norm = doinel_fold(name) WHERE norm <> doinel_fold(name);
UPDATE OR IGNORE person_names SET norm = doinel_fold(name) WHERE norm <> doinel_fold(name);
