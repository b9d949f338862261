"""QA31: the trivia night host (Léa's Friday Ciné-Quiz)."""
