-- Doinel schema, version 8: film and person names folded again, as bot.text.fold now reads them.
--
-- Initials joined by dots or stars are one word ("M*A*S*H" -> "mash", was "m a s h"), and 'ǿ', 'ǣ',
-- 'ǽ' fold to plain letters. doinel_fold is fold itself, registered on every connection
-- (bot.db.connection). Only names whose stored form differs are rewritten; the triggers keep the
-- name indexes and the facts' index in step. When a film already has a name with the new form
-- (an alias "MASH" beside the title "M*A*S*H"), that row stays as it was (OR IGNORE): the film is
-- found by the new form through the other row.

UPDATE OR IGNORE film_names SET norm = doinel_fold(name) WHERE norm <> doinel_fold(name);
UPDATE OR IGNORE person_names SET norm = doinel_fold(name) WHERE norm <> doinel_fold(name);
