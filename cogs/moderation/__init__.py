"""/facts: moderators manage their server's facts (global ones: bot owners; hiding: any moderator)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.ui.pending import PendingButton
from bot.ui.suggestions import QueuePageButton, ReviewButton
from cogs.moderation.facts_admin import FactsAdmin

if TYPE_CHECKING:
    from bot.client import Doinel


async def setup(bot: Doinel) -> None:
    # Buttons answered by custom_id templates, so they keep working after a restart.
    bot.add_dynamic_items(ReviewButton, QueuePageButton, PendingButton)
    await bot.add_cog(FactsAdmin(bot))


async def teardown(bot: Doinel) -> None:
    bot.remove_dynamic_items(ReviewButton, QueuePageButton, PendingButton)
