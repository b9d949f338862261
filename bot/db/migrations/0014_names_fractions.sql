-- Doinel schema, version 14: names with a fraction after a number folded again.
--
-- 'Fellini's 8½' is stored as '8 1 2' (was '81 2': Unicode splits ½ into 1⁄2 and glued its 1 to the
-- 8), the form a member typing "8 1/2" gives, so /film and /search find it. As in versions 8 and 9:
-- doinel_fold is bot.text.fold, only names whose stored form differs are rewritten, the triggers keep
-- the indexes in step, and a name whose new form its owner already has stays as it was (OR IGNORE).

UPDATE OR IGNORE film_names SET norm = doinel_fold(name) WHERE norm <> doinel_fold(name);
UPDATE OR IGNORE person_names SET norm = doinel_fold(name) WHERE norm <> doinel_fold(name);
