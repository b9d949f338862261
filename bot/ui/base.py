"""Base classes for views and modals that follow the bot's single error policy."""

from __future__ import annotations

from typing import Any

import discord

from bot.tree import report_error


class BaseView(discord.ui.View):
    """A view whose errors reach the member as the tree's errors do (never 'interaction failed')."""

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        await report_error(interaction, error, f"{type(self).__name__} ({getattr(item, 'custom_id', None)})")


class BaseModal(discord.ui.Modal):
    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error, f"{type(self).__name__} modal")
