"""Moderation: who may change which facts, validation, duplicates, suggestions, bulk import and export.

Pure of Discord: the cogs convert interactions into ``Actor``s and plain values, call these
functions, and render what comes back. Every permission decision is made here.
"""
