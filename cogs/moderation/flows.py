"""Multi-step moderator flows: the fact form with its duplicate warning, and the import preview.

Every step that writes builds a fresh ``ModContext`` from the interaction that triggered it, so
permissions are checked again when a "Save anyway" or "Confirm" button is pressed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from bot.db.fact_writes import FactFields
from bot.db.facts import Fact
from bot.moderation import bulk, changes, fact_ops
from bot.moderation.context import ModContext, load_context
from bot.moderation.fact_ops import PreparedFact
from bot.moderation.importers import ParsedImport
from bot.moderation.validation import FactDraft
from bot.ui.actor import actor_from
from bot.ui.fact_form import FactForm, FactFormKind
from bot.ui.modlog import post_log
from bot.ui.pending import Choice, choice_view
from cogs.moderation.render import NONE, draft_embed, fact_embed, import_preview, reply

if TYPE_CHECKING:
    from bot.client import Doinel

log = logging.getLogger(__name__)

Save = Callable[[discord.Interaction, ModContext, FactFields], Awaitable[Fact]]


def _add_title(args: tuple[str, ...]) -> str:
    return "Add a global fact" if args[:1] == ("global",) else "Add a fact to this server"


class FactFlows:
    """The /facts add and edit forms (routed: a form submitted after a restart still saves) and the import."""

    def __init__(self, bot: Doinel) -> None:
        self.bot = bot
        self.add_kind = FactFormKind("add", _add_title, self._on_add)
        self.edit_kind = FactFormKind("edit", lambda args: f"Edit fact #{args[0]}", self._on_edit)

    def register_forms(self) -> None:
        self.add_kind.register(self.bot)
        self.edit_kind.register(self.bot)

    def unregister_forms(self) -> None:
        self.add_kind.unregister(self.bot)
        self.edit_kind.unregister(self.bot)

    async def context(self, interaction: discord.Interaction) -> ModContext:
        return await load_context(self.bot.db, actor_from(interaction))

    # -- add and edit ---------------------------------------------------------------------------

    def add_form(self, draft: FactDraft, *, global_scope: bool) -> FactForm:
        return self.add_kind.form("global" if global_scope else "server", draft=draft)

    async def _on_add(self, interaction: discord.Interaction, args: tuple[str, ...], draft: FactDraft) -> None:
        global_scope = args[:1] == ("global",)
        ctx = await self.context(interaction)
        prepared = await fact_ops.prepare_new(self.bot.db, ctx, draft, global_scope=global_scope)

        async def save(click: discord.Interaction, fresh: ModContext, fields: FactFields) -> Fact:
            return await fact_ops.save_new(self.bot.db, fresh, fields, global_scope=global_scope)

        await self._check_then_save(interaction, prepared, save, "add",
                                    lambda: self.add_form(draft, global_scope=global_scope))

    def edit_form(self, fact: Fact, draft: FactDraft) -> FactForm:
        """The edit form carries the fact's id and version: saving refuses if someone changed it meanwhile."""
        return self.edit_kind.form(fact.id, fact_ops.fact_version(fact), draft=draft)

    async def _on_edit(self, interaction: discord.Interaction, args: tuple[str, ...], draft: FactDraft) -> None:
        fact_id, version = int(args[0]), args[1]
        ctx = await self.context(interaction)
        prepared = await fact_ops.prepare_edit(self.bot.db, ctx, fact_id, draft, version=version)
        if prepared.unchanged:      # nothing to save, check or log
            await reply(interaction, f"Nothing changed: fact #{fact_id} stays as it was.")
            return

        async def save(click: discord.Interaction, fresh: ModContext, fields: FactFields) -> Fact:
            return await fact_ops.save_edit(self.bot.db, fresh, fact_id, fields, prepared.base)

        await self._check_then_save(interaction, prepared, save, "edit",
                                    lambda: self.edit_kind.form(fact_id, version, draft=draft))

    async def _check_then_save(self, interaction: discord.Interaction, prepared: PreparedFact, save: Save,
                               action: str, reopen: Callable[[], FactForm]) -> None:
        """Save at once, or first show the likely duplicates with Save anyway / Edit / Cancel."""
        if not prepared.similar:
            await self._save(interaction, prepared, save, action)
            return

        async def save_anyway(click: discord.Interaction) -> None:
            await self._save(click, prepared, save, action)

        async def edit(click: discord.Interaction) -> None:
            await click.response.send_modal(reopen())

        async def cancel(click: discord.Interaction) -> None:
            await reply(click, "Cancelled: nothing was saved.")

        lines = [f"• #{s.fact_id} ({s.score:.0f}% alike): {changes.quote(s.text, 150)}" for s in prepared.similar]
        view = choice_view(self.bot, interaction.user.id, [
            Choice("save", "Save anyway", save_anyway, discord.ButtonStyle.primary),
            Choice("edit", "Edit", edit, repeatable=True),
            Choice("cancel", "Cancel", cancel),
        ])
        await reply(interaction, f"This looks like {'an existing fact' if len(lines) == 1 else 'existing facts'}:\n"
                    + "\n".join(lines) + "\nSave it anyway?", embed=draft_embed(prepared.fields, prepared.film),
                    view=view)

    async def _save(self, interaction: discord.Interaction, prepared: PreparedFact, save: Save, action: str) -> None:
        fact = await save(interaction, await self.context(interaction), prepared.fields)
        verb = "Saved" if action == "add" else "Updated"
        await reply(interaction, f"{verb} fact #{fact.id}.", embed=fact_embed(fact, prepared.film))
        await self.log(interaction, changes.fact_log_line(interaction.user.id, action, fact.id, fact.text,
                                                          is_global=fact.is_global))

    # -- import ---------------------------------------------------------------------------------

    async def show_import_preview(self, interaction: discord.Interaction, report: bulk.ImportReport) -> None:
        content, embed, file = import_preview(report)
        kwargs: dict[str, object] = {"embed": embed}
        if file is not None:
            kwargs["file"] = file
        if report.can_confirm:
            parsed, global_scope = report.parsed, report.global_scope

            async def confirm(click: discord.Interaction) -> None:
                await self._apply_import(click, parsed, global_scope)

            async def cancel(click: discord.Interaction) -> None:
                await reply(click, f"Import of {parsed.origin} cancelled: nothing was changed.", attachments=[])

            kwargs["view"] = choice_view(self.bot, interaction.user.id, [
                Choice("confirm", f"Import {report.changes} change{'s' * (report.changes != 1)}", confirm,
                       discord.ButtonStyle.success),
                Choice("cancel", "Cancel", cancel),
            ])
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=NONE, **kwargs)  # type: ignore[arg-type]

    async def _apply_import(self, click: discord.Interaction, parsed: ParsedImport, global_scope: bool) -> None:
        await click.response.defer()  # a large import may take longer than Discord's 3 seconds
        report = await bulk.apply(self.bot.db, await self.context(click), parsed, global_scope=global_scope)
        content, embed, file = import_preview(report, done=True)
        await click.edit_original_response(content=content, embed=embed, view=None,
                                           attachments=[file] if file else [], allowed_mentions=NONE)
        if report.plan is not None and report.plan.applied:
            await self.log(click, changes.import_log_line(
                click.user.id, parsed.origin, report.plan.count("add"), report.plan.count("update"),
                report.plan.count("restore"), is_global=global_scope))

    async def log(self, interaction: discord.Interaction, line: str) -> None:
        await post_log(self.bot, self.bot.db, interaction.guild_id, line)
