"""Logging set-up, done once at start-up."""

from __future__ import annotations

import logging
import sys

_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def setup_logging(level: str = "INFO") -> None:
    """Send logs to stderr at ``level``; quiet the chattiest discord.py loggers."""
    root = logging.getLogger()
    if getattr(setup_logging, "_done", False):
        root.setLevel(level)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord.gateway").setLevel(max(logging.INFO, root.level))
    logging.getLogger("discord.http").setLevel(max(logging.WARNING, root.level))
    # Its DEBUG lines carry interaction tokens (…/interactions/ID/TOKEN/callback): 15 minutes of posting as Doinel.
    logging.getLogger("discord.webhook").setLevel(max(logging.WARNING, root.level))
    setup_logging._done = True  # type: ignore[attr-defined]
