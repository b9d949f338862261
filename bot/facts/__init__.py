"""Fact of the day, random facts and search: the core, with no Discord in it."""
