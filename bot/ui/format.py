"""Formatting helpers for messages and embeds, within Discord's limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.text import ellipsized, one_line

# Discord's limits (https://discord.com/developers/docs/resources/message).
CONTENT_LIMIT = 2_000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4_096
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1_024
EMBED_FOOTER_LIMIT = 2_048
EMBED_TOTAL_LIMIT = 6_000
EMBED_FIELDS_MAX = 25
CHOICES_MAX = 25
CHOICE_NAME_LIMIT = 100
BUTTON_LABEL_LIMIT = 80

BRAND_COLOUR = 0x2B4C7E
UNVERIFIED_MARK = "⚠️"  # beside an unverified fact wherever facts are listed (/search, /fact search)
UNVERIFIED_NOTE = f"{UNVERIFIED_MARK} From a source we could not double-check."


def cut(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, ending with an ellipsis when shortened (keeps line breaks; a spoiler
    cut open is closed: ``bot.text.ellipsized``)."""
    return text if len(text) <= limit else ellipsized(text, limit)


def tags_text(tags: Sequence[str], limit: int = EMBED_FIELD_VALUE_LIMIT) -> str:
    """'cast, production' for an embed, with any mention markup left inert (older or imported tags)."""
    return cut(discord.utils.escape_mentions(", ".join(tags)), limit)


def choice_name(text: str) -> str:
    return one_line(text, CHOICE_NAME_LIMIT)


def timestamp(when: datetime | int | float, style: str = "f") -> str:
    """A Discord timestamp: every member sees it in their own timezone. Styles: t T d D f F R."""
    epoch = int(when.timestamp() if isinstance(when, datetime) else when)
    return f"<t:{epoch}:{style}>"
