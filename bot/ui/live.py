"""Which views of this bot still answer their buttons: tokens per bot instance, never per process.

A view that answers in memory (a paginator, a confirmation) puts its token here while it listens;
a listener answers clicks on tokens that are not here ("expired, run the command again"). Keeping
the tokens per client means a restarted bot — a new client, in a new process or in the same one —
starts with none, as it should.
"""

from __future__ import annotations

import weakref

import discord

_TOKENS: weakref.WeakKeyDictionary[discord.Client, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def live_tokens(client: discord.Client, kind: str) -> set[str]:
    """The live tokens of views of ``kind`` ('pager', 'confirm') of this bot; the set itself, to add and discard."""
    kinds = _TOKENS.get(client)
    if kinds is None:
        kinds = _TOKENS[client] = {}
    return kinds.setdefault(kind, set())
