"""The /facts command group: add, edit, remove, restore, hide, unhide, history, queue, import, export.

Discord hides the group from members without Manage Server (server admins may change that), and
every command is checked again in the core (bot.moderation.policy) before anything is shown or
changed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.db import fact_writes, film_refs
from bot.db.fact_writes import FactPool
from bot.errors import InvalidInput
from bot.facts import browse
from bot.moderation import bulk, changes, fact_ops, suggestions
from bot.moderation.fact_ops import target_scope
from bot.moderation.importers import MAX_BYTES
from bot.moderation.policy import Action
from bot.moderation.validation import FactDraft
from bot.ui import paginator
from bot.ui.choices import offer
from bot.ui.fact_form import draft_of
from bot.ui.format import CHOICES_MAX, choice_name
from bot.ui.suggestions import register_review_forms, render_queue, unregister_review_forms
from cogs.moderation.flows import FactFlows
from cogs.moderation.render import NONE, export_messages, fact_embed, history_pages

if TYPE_CHECKING:
    from bot.client import Doinel

log = logging.getLogger(__name__)

Scope = Literal["server", "global"]
FactId = app_commands.Range[int, 1]
MAX_EXPORT_FILES = 10   # an export in more files than this (100,000 facts) is left to the owners' command line


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class FactsAdmin(commands.GroupCog, group_name="facts", group_description="Moderators: manage this server's facts"):
    def __init__(self, bot: Doinel) -> None:
        self.bot = bot
        self.flows = FactFlows(bot)

    async def cog_load(self) -> None:
        # Forms are answered by custom_id (bot.ui.forms), so one submitted after a restart still saves.
        self.flows.register_forms()
        register_review_forms(self.bot)
        paginator.install(self.bot)   # history pages

    async def cog_unload(self) -> None:
        self.flows.unregister_forms()
        unregister_review_forms(self.bot)

    # -- autocomplete ---------------------------------------------------------------------------

    async def _fact_choices(self, interaction: discord.Interaction, current: str, pool: FactPool,
                            action: Action) -> list[app_commands.Choice[int]]:
        return await offer("fact", current, self._fact_pairs(interaction, current, pool, action))

    async def _fact_pairs(self, interaction: discord.Interaction, current: str, pool: FactPool,
                          action: Action) -> list[tuple[str, int]]:
        if interaction.guild_id is None:
            return []
        ctx = await self.flows.context(interaction)
        if not ctx.allowed(action, ctx.guild_id) and not ctx.allowed(action, None):
            return []  # members learn nothing, not even removed facts' texts
        facts = await fact_writes.choices(self.bot.db, interaction.guild_id, current, pool=pool,
                                          include_global=ctx.actor.is_owner, limit=CHOICES_MAX)
        return [(choice_name(f"#{f.id} · {'[global] ' if f.is_global else ''}{f.text}"), f.id) for f in facts]

    async def manage_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._fact_choices(interaction, current, "manage", Action.EDIT)

    async def deleted_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._fact_choices(interaction, current, "deleted", Action.RESTORE)

    async def hideable_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._fact_choices(interaction, current, "hideable", Action.HIDE)

    async def hidden_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._fact_choices(interaction, current, "hidden", Action.UNHIDE)

    async def history_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._fact_choices(interaction, current, "history", Action.HISTORY)

    async def film_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await offer("film", current, browse.film_choices(self.bot.db, current))

    # -- single facts ---------------------------------------------------------------------------

    @app_commands.command(name="add", description="Add a fact (a form opens); warns of likely duplicates")
    @app_commands.describe(film="Pre-fill the form's film", scope="This server (default) or global (bot owners only)")
    @app_commands.autocomplete(film=film_choices)
    async def add(self, interaction: discord.Interaction, film: str | None = None, scope: Scope = "server") -> None:
        ctx = await self.flows.context(interaction)
        ctx.require(Action.ADD, target_scope(ctx, scope == "global"))  # refuse before anything is typed
        chosen = await fact_ops.resolve_film(self.bot.db, film)       # an unknown film, before the form
        draft = FactDraft(film=await fact_ops.form_film(self.bot.db, chosen))
        await interaction.response.send_modal(self.flows.add_form(draft, global_scope=scope == "global"))

    @app_commands.command(name="edit", description="Edit a fact (a form opens, pre-filled)")
    @app_commands.describe(id="The fact's number")
    @app_commands.autocomplete(id=manage_choices)
    async def edit(self, interaction: discord.Interaction, id: FactId) -> None:
        fact, film = await fact_ops.open_edit(self.bot.db, await self.flows.context(interaction), id)
        draft = draft_of(fact.text, film.title if film else None, fact.source, fact.tags)
        await interaction.response.send_modal(self.flows.edit_form(fact, draft))

    @app_commands.command(name="remove", description="Remove a fact everywhere it shows (it can be restored)")
    @app_commands.describe(id="The fact's number")
    @app_commands.autocomplete(id=manage_choices)
    async def remove(self, interaction: discord.Interaction, id: FactId) -> None:
        fact = await fact_ops.remove(self.bot.db, await self.flows.context(interaction), id)
        await self._done(interaction, fact, "remove", f"Removed fact #{fact.id}. /facts restore {fact.id} undoes it.")

    @app_commands.command(name="restore", description="Bring back a removed fact")
    @app_commands.describe(id="The removed fact's number")
    @app_commands.autocomplete(id=deleted_choices)
    async def restore(self, interaction: discord.Interaction, id: FactId) -> None:
        fact = await fact_ops.restore(self.bot.db, await self.flows.context(interaction), id)
        await self._done(interaction, fact, "restore", f"Restored fact #{fact.id}.")

    @app_commands.command(name="hide", description="Hide a global fact in this server only")
    @app_commands.describe(id="The global fact's number")
    @app_commands.autocomplete(id=hideable_choices)
    async def hide(self, interaction: discord.Interaction, id: FactId) -> None:
        fact = await fact_ops.set_hidden(self.bot.db, await self.flows.context(interaction), id, hidden=True)
        await self._done(interaction, fact, "hide", f"Fact #{fact.id} is hidden in this server. "
                                                    f"/facts unhide {fact.id} shows it again.", hidden=True)

    @app_commands.command(name="unhide", description="Show a hidden global fact in this server again")
    @app_commands.describe(id="The hidden fact's number")
    @app_commands.autocomplete(id=hidden_choices)
    async def unhide(self, interaction: discord.Interaction, id: FactId) -> None:
        fact = await fact_ops.set_hidden(self.bot.db, await self.flows.context(interaction), id, hidden=False)
        await self._done(interaction, fact, "unhide", f"Fact #{fact.id} shows in this server again.")

    async def _done(self, interaction: discord.Interaction, fact: fact_ops.Fact, action: str, message: str, *,
                    hidden: bool = False) -> None:
        embed = fact_embed(fact, await fact_ops.film_of(self.bot.db, fact), hidden_here=hidden)
        await interaction.response.send_message(message, embed=embed, ephemeral=True, allowed_mentions=NONE)
        await self.flows.log(interaction, changes.fact_log_line(interaction.user.id, action, fact.id, fact.text,
                                                                is_global=fact.is_global))

    @app_commands.command(name="history", description="Who changed a fact, when, and what it was before")
    @app_commands.describe(id="The fact's number")
    @app_commands.autocomplete(id=history_choices)
    async def history(self, interaction: discord.Interaction, id: FactId) -> None:
        fact, entries = await fact_ops.history(self.bot.db, await self.flows.context(interaction), id)
        film_ids = {v for e in entries for side in (e.before, e.after) if side
                    for k, v in side.items() if k == "film_id" and v}
        films = {i: f.label for i in film_ids if (f := await film_refs.get(self.bot.db, i))}
        pages = history_pages(fact, entries, films, shown_max=fact_ops.HISTORY_MAX)
        await paginator.Paginator(pages).start(interaction, ephemeral=True)

    # -- suggestions ----------------------------------------------------------------------------

    @app_commands.command(name="queue", description="Review members' suggested facts")
    async def queue(self, interaction: discord.Interaction) -> None:
        queue = await suggestions.queue(self.bot.db, await self.flows.context(interaction))
        kwargs = render_queue(queue)
        kwargs["view"] = kwargs["view"] or discord.utils.MISSING
        await interaction.response.send_message(**kwargs, ephemeral=True, allowed_mentions=NONE)

    # -- bulk -----------------------------------------------------------------------------------

    @app_commands.command(name="import", description="Import facts from a JSON, CSV or YAML file (a dry run first)")
    @app_commands.describe(file="Up to 5 MB and 10,000 facts; CSV columns: text, film, source, tags, id",
                           scope="This server (default) or global (bot owners only)")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment,
                      scope: Scope = "server") -> None:
        ctx = await self.flows.context(interaction)
        global_scope = scope == "global"
        ctx.require(Action.IMPORT, target_scope(ctx, global_scope))
        if file.size > MAX_BYTES:
            raise InvalidInput(f"Nothing was imported: {file.filename} is {file.size / 1024 / 1024:.1f} MB; "
                               "the limit is 5 MB. Split it into smaller files.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        report = await bulk.preview(self.bot.db, ctx, file.filename, data, global_scope=global_scope)
        await self.flows.show_import_preview(interaction, report)

    @app_commands.command(name="export", description="Download this server's facts as a file /facts import reads")
    @app_commands.describe(format="CSV for spreadsheets (default) or a JSON pack")
    async def export(self, interaction: discord.Interaction, format: Literal["csv", "json"] = "csv") -> None:
        ctx = await self.flows.context(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)  # a big server's file takes a moment
        guild_name = interaction.guild.name if interaction.guild else "server"
        files = await bulk.export(self.bot.db, ctx, format, guild_name=guild_name)
        biggest = max(len(f.data) for f in files)
        if len(files) > MAX_EXPORT_FILES or biggest > interaction.filesize_limit:
            size = f"{len(files)} files" if len(files) > MAX_EXPORT_FILES else f"{biggest / 1024 / 1024:.1f} MB"
            raise InvalidInput(f"The export is {size}, more than Discord accepts here; the bot's owners can write "
                               f"it to a file with `python -m bot export --guild {interaction.guild_id} facts.json`.")
        if sum(f.count for f in files) == 0:
            await interaction.followup.send("This server has no facts of its own yet: nothing to export.",
                                            ephemeral=True)
            return
        for text, file in export_messages(files):
            await interaction.followup.send(text, file=file, ephemeral=True)
