"""Lookup of films, people and facts: ranking, disambiguation, cards and edits (pure, no Discord)."""
