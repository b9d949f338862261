"""/config: the moderator role and the moderation log channel of this server."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.moderation import changes, settings
from bot.moderation.context import ModContext, load_context
from bot.permissions import permission_names
from bot.ui.actor import actor_from
from bot.ui.format import BRAND_COLOUR
from bot.ui.modlog import post_log

if TYPE_CHECKING:
    from bot.client import Doinel

NONE = discord.AllowedMentions.none()
LOG_NEEDS = ("view_channel", "send_messages")     # log lines are plain text


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Config(commands.GroupCog, group_name="config", group_description="Doinel's settings for this server"):
    def __init__(self, bot: Doinel) -> None:
        self.bot = bot

    async def _context(self, interaction: discord.Interaction) -> ModContext:
        return await load_context(self.bot.db, actor_from(interaction))

    @app_commands.command(name="modrole", description="Set the role whose members moderate Doinel here")
    @app_commands.describe(role="Members with this role moderate facts; leave empty to clear it")
    async def modrole(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        ctx = await self._context(interaction)
        await settings.set_mod_role(self.bot.db, ctx, role.id if role else None, managed=bool(role and role.managed))
        value = role.mention if role else "none (members with Manage Server only)"
        reply = (f"Moderator role: {value}. Members with Manage Server are always moderators." if role else
                 "Moderator role cleared: only members with Manage Server are moderators now.")
        await interaction.response.send_message(reply, ephemeral=True, allowed_mentions=NONE)
        await post_log(self.bot, self.bot.db, interaction.guild_id,
                       changes.settings_log_line(interaction.user.id, "moderator role", value))

    @app_commands.command(name="logchannel", description="Set the channel that gets one line per moderation change")
    @app_commands.describe(channel="Where to post the moderation log; leave empty to stop posting")
    async def logchannel(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        ctx = await self._context(interaction)
        await settings.set_log_channel(self.bot.db, ctx, channel.id if channel else None)
        if channel is None:
            await interaction.response.send_message("The moderation log is off.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        posted = await post_log(self.bot, self.bot.db, interaction.guild_id, changes.settings_log_line(
            interaction.user.id, "moderation log channel", channel.mention))
        if posted:
            message = f"Moderation changes will be noted in {channel.mention}, one line each."
        else:
            status = await settings.show(self.bot.db, ctx)
            message = (f"Saved, but I could not post in {channel.mention}: {status.log_status.error} "
                       "Changes still work; /config show reports this until it is fixed.")
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NONE)

    @app_commands.command(name="show", description="Show the moderator role, the log channel and the review queue")
    async def show(self, interaction: discord.Interaction) -> None:
        view = await settings.show(self.bot.db, await self._context(interaction))
        s, status = view.settings, view.log_status
        embed = discord.Embed(title="Doinel settings", colour=BRAND_COLOUR)
        if not s.mod_role_id:
            role_value = "None set: members with Manage Server"
        elif interaction.guild is not None and interaction.guild.get_role(s.mod_role_id) is None:
            role_value = ("⚠️ The role set was deleted: only members with Manage Server are moderators now. "
                          "Pick another with /config modrole.")
        else:
            role_value = f"<@&{s.mod_role_id}> and members with Manage Server"
        embed.add_field(name="Moderator role", value=role_value + _changed(view.role_changed), inline=False)
        log_value = f"<#{s.log_channel_id}>" if s.log_channel_id else "Off"
        problem = log_channel_problem(interaction.guild, s.log_channel_id) if s.log_channel_id else None
        if problem:
            log_value += f"\n⚠️ {problem}"
        if s.log_channel_id and status.error:
            log_value += f"\n⚠️ Last post failed <t:{status.error_at}:R>: {status.error}"
        elif s.log_channel_id and not problem:
            log_value += "\nPosting works."
        embed.add_field(name="Moderation log", value=log_value + _changed(view.log_changed), inline=False)
        embed.add_field(name="Suggestions waiting", value=f"{view.pending_suggestions} (see /facts queue)",
                        inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)


def _changed(changed: settings.Changed | None) -> str:
    return f"\nSet by <@{changed.by}> <t:{changed.at}:R>." if changed and changed.by else ""


def log_channel_problem(guild: discord.Guild | None, channel_id: int) -> str | None:
    """Why the log channel cannot take lines now, as far as discord.py's cache knows; None if it can."""
    if guild is None:
        return None
    channel = guild.get_channel(channel_id)
    if channel is None:
        return "This channel no longer exists: changes are not noted anywhere. Pick another with /config logchannel."
    missing = [p for p in LOG_NEEDS if not getattr(channel.permissions_for(guild.me), p)]
    if missing:
        return (f"I can't post there: I need {permission_names(missing)}. Changes still work, but their log "
                "lines are lost until this is fixed.")
    return None


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Config(bot))
