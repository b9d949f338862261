"""Build the core's ``Actor`` from a Discord interaction."""

from __future__ import annotations

import discord

from bot.permissions import Actor


def actor_from(interaction: discord.Interaction) -> Actor:
    user = interaction.user
    owner_ids = getattr(getattr(interaction.client, "settings", None), "owner_ids", frozenset())
    if isinstance(user, discord.Member):
        return Actor(
            user_id=user.id,
            guild_id=interaction.guild_id,
            manage_guild=user.guild_permissions.manage_guild,
            role_ids=frozenset(r.id for r in user.roles),
            is_owner=user.id in owner_ids,
        )
    return Actor(user_id=user.id, guild_id=interaction.guild_id, is_owner=user.id in owner_ids)
