"""Posting one line per moderation change in a server's log channel, if it has one.

A failure to post never undoes or fails the change itself: it is logged and recorded, and
/config show tells the moderators what to fix.
"""

from __future__ import annotations

import logging

import discord

from bot.db.connection import Database
from bot.moderation import settings
from bot.ui.format import CONTENT_LIMIT, cut

log = logging.getLogger(__name__)


def _describe(exc: Exception) -> str:
    if isinstance(exc, discord.Forbidden):
        return "I am not allowed to post there (I need View Channel and Send Messages)."
    if isinstance(exc, discord.NotFound):
        return "The channel no longer exists."
    if isinstance(exc, discord.HTTPException):
        return f"Discord refused the post ({exc.status})."
    return "The channel is not a text channel I can post in."


async def post_log(client: discord.Client, db: Database, guild_id: int | None, line: str) -> bool:
    """Post ``line`` in the server's log channel; True if it was posted (False: none set, or it failed)."""
    if guild_id is None:
        return False
    channel_id = await settings.log_channel(db, guild_id)
    if channel_id is None:
        return False
    try:
        channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} is not messageable")
        await channel.send(cut(line, CONTENT_LIMIT), allowed_mentions=discord.AllowedMentions.none())
    except (discord.HTTPException, TypeError) as exc:
        log.warning("log channel %s of guild %s: %s", channel_id, guild_id, exc)
        await settings.record_log_result(db, guild_id, _describe(exc))
        return False
    await settings.record_log_result(db, guild_id, None)
    return True
