-- The facts' index terms, one row per occurrence (fts5vocab 'instance'): search asks it which spellings
-- of a word exist (bot/facts/spellings.py). The 'instance' kind answers "is there a term from x to y"
-- from the first occurrence it meets; the 'row' kind would first count every fact of that term.
-- It stores nothing: it reads facts_fts.
CREATE VIRTUAL TABLE facts_terms USING fts5vocab(facts_fts, instance);
