"""The command tree: one error policy for every slash command, button, select and modal."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.errors import UserFacingError
from bot.permissions import permission_names
from bot.ui.deadline import reply
from bot.ui.format import CONTENT_LIMIT, cut

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again in a moment."

def user_message(error: BaseException) -> str | None:
    """The message a member should see for ``error``; None for a bug (an apology is shown instead)."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError) and error.__cause__:
        error = error.__cause__
    if isinstance(error, UserFacingError):
        return error.message
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {permission_names(error.missing_permissions)} permission to do that."
    if isinstance(error, app_commands.BotMissingPermissions):
        return f"I need the {permission_names(error.missing_permissions)} permission here to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: you can do that again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, discord.Forbidden):
        return ("I don't have permission to do that in that channel. A server admin can fix it by giving me "
                "View Channel, Send Messages and Embed Links there.")
    if isinstance(error, discord.NotFound):
        return "That channel or message no longer exists."
    return None


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """Reply ephemerally whether or not the interaction was already answered (a long message is cut to fit)."""
    message = cut(message, CONTENT_LIMIT)
    try:
        await reply(interaction, content=message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as exc:
        log.warning("could not tell user %s about an error: %s", interaction.user.id, exc)


async def report_error(interaction: discord.Interaction, error: BaseException, where: str) -> None:
    """Apply the error policy: a friendly message to the member; a log line with the ids for bugs."""
    cause = error.__cause__ if isinstance(error, app_commands.CommandInvokeError) and error.__cause__ else error
    if interaction.client.is_closed():
        # The bot is stopping: the database and Discord's connection closed under the command. Its
        # transaction never committed, and nobody can be told any more, so this is not a bug to report.
        log.info("%s interrupted by shutdown (guild=%s channel=%s user=%s): %s", where, interaction.guild_id,
                 interaction.channel_id, interaction.user.id, cause)
        return
    message = user_message(error)
    if message is None:
        log.error(
            "%s failed (guild=%s channel=%s user=%s)",
            where, interaction.guild_id, interaction.channel_id, interaction.user.id,
            exc_info=(type(cause), cause, cause.__traceback__),
        )
        message = APOLOGY
    elif isinstance(error, discord.HTTPException | app_commands.CommandInvokeError):
        log.warning("%s: %s (guild=%s channel=%s)", where, error, interaction.guild_id, interaction.channel_id)
    await send_private(interaction, message)


class DoinelTree(app_commands.CommandTree):
    """Routes every app-command error through ``report_error``."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        command = interaction.command
        where = f"/{command.qualified_name}" if command else "command"
        await report_error(interaction, error, where)
