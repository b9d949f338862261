"""The answer-matching table: every rule of bot.trivia.matching.is_match, both ways."""

from __future__ import annotations

import pytest

from bot.trivia.matching import is_match

TRUFFAUT = ["François Truffaut", "Francois Truffaut", "Truffaut"]
LEAUD = ["Jean-Pierre Léaud", "Léaud"]
BLOWS = ["The 400 Blows", "Les Quatre Cents Coups"]
YEAR = ["1959"]
SEAL = ["The Seventh Seal", "Det sjunde inseglet"]
GODFATHER_2 = ["The Godfather Part II"]
ODYSSEY = ["2001: A Space Odyssey"]
STERNBERG = ["Josef von Sternberg", "Sternberg"]
STEPFATHER = ["His stepfather", "stepfather"]
GRANDFATHER = ["grandfather's death"]

# (guess, accepted answers, expected)
CASES: list[tuple[str, list[str], bool]] = [
    # Exact and case-insensitive
    ("François Truffaut", TRUFFAUT, True),
    ("francois truffaut", TRUFFAUT, True),
    ("FRANÇOIS TRUFFAUT", TRUFFAUT, True),
    ("truffaut", TRUFFAUT, True),
    ("TrUfFaUt", TRUFFAUT, True),
    # Accents
    ("leaud", LEAUD, True),
    ("Leaud", ["Léaud"], True),
    ("jean pierre leaud", LEAUD, True),
    ("Jean-Pierre Leaud", LEAUD, True),
    ("Léaud", ["Leaud"], True),
    ("bresson", ["Bresson"], True),
    ("Cinema du look", ["Cinéma du look"], True),
    ("Ecole", ["École"], True),
    ("oeuvre", ["Œuvre"], True),
    ("Gerard Depardieu", ["Gérard Depardieu"], True),
    # Punctuation ignored
    ("Jean Pierre Léaud", ["Jean-Pierre Léaud"], True),
    ("truffaut!!!", TRUFFAUT, True),
    ("truffaut?", TRUFFAUT, True),
    ("...Truffaut.", TRUFFAUT, True),
    ("Jules et Jim!", ["Jules et Jim"], True),
    ("M.A.S.H.", ["MASH"], True),
    ("M A S H", ["MASH"], True),
    ("Palme d'Or", ["Palme d Or"], True),
    ("Ma nuit chez Maud", ["Ma nuit chez Maud."], True),
    # Leading articles, English
    ("400 blows", BLOWS, True),
    ("The 400 Blows", BLOWS, True),
    ("the 400 blows", ["400 Blows"], True),
    ("Godfather", ["The Godfather"], True),
    ("a bout de souffle", ["À bout de souffle"], True),
    ("Clockwork Orange", ["A Clockwork Orange"], True),
    ("an american in paris", ["An American in Paris"], True),
    ("American in Paris", ["An American in Paris"], True),
    ("the a team", ["A-Team"], True),
    # Leading articles, French
    ("quatre cents coups", BLOWS, True),
    ("Les Quatre Cents Coups", BLOWS, True),
    ("Nouvelle Vague", ["La Nouvelle Vague"], True),
    ("la nouvelle vague", ["Nouvelle Vague"], True),
    ("enfant sauvage", ["L'Enfant sauvage"], True),
    ("l'enfant sauvage", ["L'Enfant sauvage"], True),
    ("Homme qui aimait les femmes", ["L'Homme qui aimait les femmes"], True),
    ("Chien andalou", ["Un chien andalou"], True),
    ("femme est une femme", ["Une femme est une femme"], True),
    ("Parapluies de Cherbourg", ["Les Parapluies de Cherbourg"], True),
    ("Demoiselles de Rochefort", ["Des demoiselles de Rochefort"], True),
    # ... and so is the article opening a subtitle, after a colon
    ("2001 Space Odyssey", ODYSSEY, True),
    ("2001: A Space Odyssey", ODYSSEY, True),
    ("2001 a space odyssey", ODYSSEY, True),
    ("Lord of the Rings Two Towers", ["The Lord of the Rings: The Two Towers"], True),
    ("Lord of the Rings: The Two Towers", ["The Lord of the Rings: The Two Towers"], True),
    ("Space Odyssey", ODYSSEY, False),
    ("2002 Space Odyssey", ODYSSEY, False),
    ("2001 Odyssey", ODYSSEY, False),
    ("Two Towers", ["The Lord of the Rings: The Two Towers"], False),
    ("Lord of the Rings Towers", ["The Lord of the Rings: The Two Towers"], False),
    # Articles inside a title still count
    ("400 coups", ["Les 400 coups"], True),
    ("Cents Coups", BLOWS, False),
    ("quatre coups", BLOWS, False),
    # "&" is "and"
    ("Jules and Jim", ["Jules & Jim"], True),
    ("Jules & Jim", ["Jules and Jim"], True),
    ("Sense & Sensibility", ["Sense and Sensibility"], True),
    ("Jules Jim", ["Jules & Jim"], False),
    # Numbers are exact
    ("1959", YEAR, True),
    ("1958", YEAR, False),
    ("1960", YEAR, False),
    ("195", YEAR, False),
    ("19590", YEAR, False),
    ("59", YEAR, False),
    ("400", ["400"], True),
    ("4000", ["400"], False),
    ("40", ["400"], False),
    ("The 4000 Blows", BLOWS, False),
    ("The 401 Blows", BLOWS, False),
    ("The 40 Blows", BLOWS, False),
    ("8 1/2", ["8½", "8 1/2"], True),
    ("9 1/2", ["8 1/2"], False),
    ("Apollo 13", ["Apollo 13"], True),
    ("Apollo 31", ["Apollo 13"], False),
    ("Apollo13", ["Apollo 13"], True),
    ("in 1959", YEAR, True),
    ("it was 1959", YEAR, True),
    ("1959 or 1958", YEAR, False),
    ("Jaws 2", ["Jaws"], False),
    ("Se7en", ["Seven"], False),
    # Typo tolerance on longer words
    ("Truffault", TRUFFAUT, True),
    ("Trufaut", TRUFFAUT, True),
    ("Truffuat", TRUFFAUT, True),
    ("Francois Trufaut", TRUFFAUT, True),
    ("Fracnois Truffaut", TRUFFAUT, True),
    ("Godrad", ["Godard"], True),
    ("Kubrik", ["Kubrick"], True),
    ("Hitchcok", ["Hitchcock"], True),
    ("Hichcok", ["Hitchcock"], True),
    ("Tarkovksy", ["Tarkovsky"], True),
    ("Antonionni", ["Antonioni"], True),
    ("Kieslowsky", ["Kieślowski"], True),
    ("Truffautxx", TRUFFAUT, False),
    ("Trafuat", ["Truffaut"], False),
    ("Godarrdd", ["Godard"], False),
    ("Hitchcockkkk", ["Hitchcock"], False),
    ("Fracnois Trufaut Jr", TRUFFAUT, False),
    ("Frnacois Trufuat", ["François Truffaut"], False),
    ("Rivete", ["Rivette"], True),
    ("Moussi", ["Moussy"], True),
    ("Musy", ["Moussy"], False),
    # ... but only for slips: another real word a typo or two away is wrong (qa31 1)
    ("his stepmother", STEPFATHER, False),
    ("stepmother", STEPFATHER, False),
    ("grandmother's death", GRANDFATHER, False),
    ("grandmother", ["grandfather"], False),
    ("The Godmother", ["The Godfather"], False),
    ("motor", ["Rotor"], False),
    ("Le Motor", ["Le Rotor"], False),
    ("Parish", ["Paris"], False),
    ("Paris", ["Parish"], True),      # a letter dropped at the end stays a slip
    ("Parsi", ["Paris"], True),
    ("Pariss", ["Paris"], True),
    ("Rotors", ["Rotor"], True),      # a plural names the same thing
    ("his stepfather", STEPFATHER, True),
    ("his stepfahter", STEPFATHER, True),
    ("stepfathr", STEPFATHER, True),
    ("step father", STEPFATHER, True),
    ("grandfathre's death", GRANDFATHER, True),
    ("grandfater's death", GRANDFATHER, True),
    ("Grandfaher", ["grandfather"], True),
    ("Grnadfathr", ["grandfather"], True),   # two slips apart
    ("rTuffaut", TRUFFAUT, True),     # the first two letters swapped
    ("Truffau", TRUFFAUT, True),
    ("Truffaut", TRUFFAUT, True),
    # No tolerance for short answers
    ("Jaws", ["Jaws"], True),
    ("Jams", ["Jaws"], False),
    ("Jaw", ["Jaws"], False),
    ("Rna", ["Ran"], False),
    ("Ram", ["Ran"], False),
    ("Up", ["Up"], True),
    ("Upp", ["Up"], False),
    ("Leon", ["Léon"], True),
    ("Lean", ["Léon"], False),
    ("Ozu", ["Ozu"], True),
    ("Ozy", ["Ozu"], False),
    ("Lang", ["Lang"], True),
    ("Long", ["Lang"], False),
    # Words may be split or joined
    ("spider man", ["Spiderman"], True),
    ("spiderman", ["Spider-Man"], True),
    ("Nouvellevague", ["Nouvelle Vague"], True),
    ("jeanpierre leaud", LEAUD, True),
    # Judged as a whole: filler around the answer passes
    ("I think it's Truffaut", TRUFFAUT, True),
    ("i think its truffaut", TRUFFAUT, True),
    ("It's Truffaut", TRUFFAUT, True),
    ("is it Truffaut?", TRUFFAUT, True),
    ("Truffaut obviously", TRUFFAUT, True),
    ("hmm maybe Truffaut", TRUFFAUT, True),
    ("pretty sure it's François Truffaut", TRUFFAUT, True),
    ("my final answer is Truffaut", TRUFFAUT, True),
    ("Je pense que c'est Truffaut", TRUFFAUT, True),
    ("c'est Truffaut !", TRUFFAUT, True),
    ("euh... Léaud ?", LEAUD, True),
    ("oh it's the 400 blows", BLOWS, True),
    ("I'd say Trufaut", TRUFFAUT, True),
    ("about 12", ["12"], True),                       # a "roughly how …" question's natural answer
    ("around 4.1 million", ["4.1 million"], True),
    ("environ 12 ans", ["12 ans"], True),
    ("About Schmidt", ["About Schmidt"], True),       # a word that is filler elsewhere, in the answer itself
    ("about 13", ["12"], False),
    # ... but a pasted list or extra names never win
    ("Godard, Chabrol, Truffaut, Rivette, Rohmer", TRUFFAUT, False),
    ("Godard Chabrol Truffaut Rivette Rohmer", TRUFFAUT, False),
    ("Truffaut Godard Chabrol Rohmer Rivette", TRUFFAUT, False),
    ("Truffaut or Godard", TRUFFAUT, False),
    ("Godard", TRUFFAUT, False),
    ("Truffaut, Truffaut", TRUFFAUT, False),
    ("not sure, Godard or Truffaut", TRUFFAUT, False),
    ("I think it's Godard", TRUFFAUT, False),
    ("Claude Chabrol", TRUFFAUT, False),
    ("François", TRUFFAUT, False),
    ("Jean-Pierre", LEAUD, False),
    ("Paris Texas", ["Paris"], False),
    ("The 400 Blows and Jules et Jim", BLOWS, False),
    # ... nor an answer inside another word
    ("Rant", ["Ran"], False),
    ("Grand", ["Ran"], False),
    ("Upside", ["Up"], False),
    ("Truffautesque", TRUFFAUT, False),
    ("antitruffaut", TRUFFAUT, False),
    ("Jawsome", ["Jaws"], False),
    ("Ozuu Ozu", ["Ozu"], False),
    ("Parisian", ["Paris"], False),
    ("itself", ["It"], False),
    # Filler alone is not an answer; single-word titles made of filler still work
    ("I think it's", TRUFFAUT, False),
    ("it", ["It"], True),
    ("I think it's It", ["It"], True),
    ("the", ["The 400 Blows"], False),
    ("", TRUFFAUT, False),
    ("   ", TRUFFAUT, False),
    ("?!", TRUFFAUT, False),
    # Several accepted answers: any one will do
    ("New Wave", ["French New Wave", "New Wave", "Nouvelle Vague"], True),
    ("nouvelle vague", ["French New Wave", "New Wave", "Nouvelle Vague"], True),
    ("Italian neorealism", ["French New Wave", "New Wave", "Nouvelle Vague"], False),
    ("Antoine", ["Antoine Doinel", "Antoine", "Doinel"], True),
    ("Doinel", ["Antoine Doinel", "Antoine", "Doinel"], True),
    ("anything", [], False),
    # Yes and no: filler around other answers, but both at once hedge a yes/no question
    ("yes no", ["no"], False),
    ("no yes", ["no"], False),
    ("yes no", ["yes"], False),
    ("oui non", ["non"], False),
    ("non oui", ["oui"], False),
    ("yeah, no", ["No"], False),
    ("no", ["no"], True),
    ("I think no", ["no"], True),
    ("No!", ["no"], True),
    ("oui", ["Oui"], True),
    ("c'est Truffaut, non ?", TRUFFAUT, True),
    ("yes it's Truffaut", TRUFFAUT, True),
    # ... and they are one answer in English and French
    ("non", ["no"], True),
    ("je pense que non", ["no"], True),
    ("oui !", ["yes"], True),
    ("yep", ["Oui"], True),
    ("no", ["non"], True),
    ("oui", ["no"], False),
    ("nope, yes", ["yes"], False),
    ("non", ["No Country for Old Men"], False),
    ("no country for old men", ["No Country for Old Men"], True),
    # Ordinals, as English and French write them
    ("50e", ["50th"], True),
    ("33ème", ["33rd"], True),
    ("1er", ["1st"], True),
    ("fiftieth", ["50th", "fiftieth"], True),
    ("50e", ["51st"], False),
    ("5th", ["50th"], False),
    # ... in words up to twenty too
    ("third", ["3rd"], True),
    ("troisième", ["3rd"], True),
    ("3rd", ["third"], True),
    ("The 7th Seal", SEAL, True),
    ("7th seal", SEAL, True),
    ("le 7e sceau", ["Le Septième Sceau"], True),
    ("dix-septième", ["17th"], True),
    ("fourth", ["3rd"], False),
    ("thirteenth", ["3rd"], False),
    ("The 8th Seal", SEAL, False),
    ("The Seal", SEAL, False),
    # Roman numerals II to XX are numbers, as sequels and parts are numbered; a lone I is the pronoun
    ("The Godfather Part 2", GODFATHER_2, True),
    ("godfather part two", GODFATHER_2, True),
    ("Godfather Part II", GODFATHER_2, True),
    ("Rocky 4", ["Rocky IV"], True),
    ("Louis 14", ["Louis XIV"], True),
    ("Part 1", ["Part I"], True),
    ("The Godfather Part 3", GODFATHER_2, False),
    ("The Godfather Part III", GODFATHER_2, False),
    ("The Godfather", GODFATHER_2, False),
    ("The Godfather 2", GODFATHER_2, False),
    ("I", ["1"], False),
    ("I think", ["1"], False),
    ("I think it's M", ["M"], True),
    ("1000", ["M"], False),
    ("I, Robot", ["I, Robot"], True),
    ("1 Robot", ["I, Robot"], False),
    # The end of a contraction is part of its word: it starts no answer, and only a possessive follows one
    ("I'm pretty sure", ["M"], False),
    ("I’m sure", ["M"], False),
    ("I'd", ["D"], False),
    ("isn't it", ["T"], False),
    ("Don't", ["Don"], False),
    ("M", ["M"], True),
    ("M.", ["M"], True),
    ("I'm sure it's M", ["M"], True),
    ("I think it's M", ["M"], True),
    ("Truffaut's", TRUFFAUT, True),
    ("Ocean's Eleven", ["Ocean's Eleven"], True),
    ("Oceans Eleven", ["Ocean's Eleven"], True),
    ("L'Atalante", ["Atalante"], True),
    ("isn't it Truffaut?", TRUFFAUT, True),
    # A name's particles just before the answer: the same person, never a wrong one made right
    ("Von Sternberg", STERNBERG, True),
    ("von sternberg", ["Sternberg"], True),
    ("I think it's von Sternberg", STERNBERG, True),
    ("van der Rohe", ["Mies van der Rohe", "Rohe"], True),
    ("da Vinci", ["Leonardo da Vinci", "Vinci"], True),
    ("de Oliveira", ["Manoel de Oliveira", "Oliveira"], True),
    ("von Stroheim", STERNBERG, False),
    ("von Sternbreg", ["Sternberg"], True),
    ("von Lang", STERNBERG, False),
    ("von", STERNBERG, False),
    ("von der", ["Sternberg"], False),
    ("Sternberg von", ["Sternberg"], False),
    ("Fritz von Sternberg", STERNBERG, False),
    ("Sternberg von Stroheim", STERNBERG, False),
    ("Stroheim von Sternberg", STERNBERG, False),
    # A number answer typed with its unit; the number is still exact and a unit is filler nowhere else
    ("99 minutes", ["99"], True),
    ("99 min", ["99"], True),
    ("99min", ["99"], True),
    ("I think it's 99 mins", ["99"], True),
    ("12 ans", ["12"], True),
    ("4,100,000 dollars", ["4,100,000"], True),
    ("90 minutes", ["99"], False),
    ("99 minutes 98", ["99"], False),
    ("9 min", ["99"], False),
    ("99 million", ["99"], False),
    ("minutes", ["99"], False),
    ("minutes 99", ["99"], False),
    ("99 minutes", ["99 Minutes to Live"], False),
    ("Truffaut minutes", TRUFFAUT, False),
    ("The 400 Blows minutes", BLOWS, False),
    ("35mm", ["35mm"], True),
    ("35 mm", ["35mm"], True),
    ("35", ["35mm"], False),
    # Non-Latin scripts are kept and compared as they are
    ("七人の侍", ["七人の侍"], True),
    ("羅生門", ["七人の侍"], False),
]


@pytest.mark.parametrize(("guess", "answers", "expected"), CASES, ids=[f"{i:03d}-{c[0][:30]}" for i, c in
                                                                       enumerate(CASES)])
def test_is_match(guess: str, answers: list[str], expected: bool) -> None:
    assert is_match(guess, answers) is expected


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 100
    assert sum(1 for c in CASES if c[2]) >= 40 and sum(1 for c in CASES if not c[2]) >= 40


def test_accepts_any_sequence() -> None:
    assert is_match("truffaut", ("Truffaut",))
    assert is_match("truffaut", TRUFFAUT)


def test_long_messages_never_match() -> None:
    chatter = "Truffaut " + "and some more words about the film " * 10
    assert not is_match(chatter, TRUFFAUT)


def test_a_burst_of_guesses_gets_the_same_answers_as_one_at_a_time() -> None:
    """Answers and guesses are cached: a burst must not mix them up (speed is bench.answer_burst's job)."""
    answers = ["Jean-Pierre Léaud", "Jean-Pierre Leaud", "Jean Pierre Leaud", "Léaud", "Leaud"]
    guesses = [f"I think it's jean pierre leaudd {i}" if i % 3 else "Leaud" for i in range(2_000)]
    assert [is_match(g, answers) for g in guesses] == [i % 3 == 0 for i in range(2_000)]
    assert is_match("I think it's jean pierre leaudd", answers)


def test_invisible_characters_in_a_guess_split_no_word() -> None:
    from bot.trivia.matching import is_match
    assert is_match("Twe\u00adlve or thirteen", ["Twelve or thirteen"])
    assert is_match("Z\u00e9\u200bro de conduite", ["Z\u00e9ro de conduite"])
    assert is_match("50\u200bth", ["50th"])
