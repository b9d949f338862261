"""Trivia: the pure core (answer matching, scoring, the round state machine, rotation, list formats).

Nothing here imports discord or touches the database; ``bot.db.trivia`` stores rounds and the score
ledger and ``cogs.trivia`` plays rounds in Discord.
"""
