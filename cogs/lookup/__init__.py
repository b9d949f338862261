"""Lookup: /film, /person and /search for everyone; /films for the bot's owners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.lookup.admin import FilmAdmin
from cogs.lookup.cog import Lookup

if TYPE_CHECKING:
    from bot.client import Doinel


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Lookup(bot))
    await bot.add_cog(FilmAdmin(bot))
