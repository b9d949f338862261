"""Moderator commands of /trivia: settings, reset, and importing/exporting question lists.

A mixin of the ``Trivia`` cog (``cogs.trivia.cog``); permission decisions are made in the core
(``bot.permissions``), whatever Discord's command permissions say.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands

from bot.db import Database, guilds
from bot.db import questions as questions_db
from bot.db import trivia_boards as boards
from bot.db import trivia_sources as sources_db
from bot.errors import InvalidInput, NotFound
from bot.facts import browse
from bot.moderation import changes as mod_changes
from bot.permissions import is_moderator, require_moderator
from bot.text import plural, row_id, slug
from bot.trivia.formats import (
    MAX_FILE_BYTES,
    Exported,
    ListError,
    ParsedList,
    export_questions,
    parse_question_file,
)
from bot.trivia.rules import (
    IDLE_MAX,
    IDLE_MIN,
    QUESTIONS_MAX,
    QUESTIONS_MIN,
    SECONDS_MAX,
    SECONDS_MIN,
    TYPED_NEEDS_INTENT,
)
from bot.ui.actor import actor_from
from bot.ui.choices import offer
from bot.ui.format import CHOICES_MAX, CONTENT_LIMIT, choice_name, cut
from bot.ui.modlog import post_log
from cogs.trivia import render
from cogs.trivia.views import ConfirmView

if TYPE_CHECKING:
    from bot.client import Doinel


async def _require_mod(db: Database, interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise InvalidInput("Trivia works in servers only.")
    settings = await guilds.get(db, interaction.guild_id)
    require_moderator(actor_from(interaction), settings.mod_role_id)
    return interaction.guild_id


async def _source_pairs(db: Database, guild_id: int | None, current: str, *,
                        enabled: bool | None = None) -> list[tuple[str, str]]:
    """The server's films and lists whose name holds ``current``: ('🎬 The 400 Blows (1959)', 'film:12')."""
    if guild_id is None:
        return []
    found = await sources_db.matching(db, guild_id, current, enabled=enabled, limit=CHOICES_MAX)
    return [(choice_name(render.source_label(s, kind=True)), s.value) for s in found]


def _wrong_choices_note(total: int, own: int) -> str:
    """Which questions bring their own wrong choices, in words that fit the counts."""
    borrow = "from the list in buttons rounds"
    if own == total:
        return "It has its own wrong choices." if total == 1 else "All of them have their own wrong choices."
    if own == 0:
        return (f"It has no wrong choices of its own: it borrows some {borrow}." if total == 1 else
                f"None have their own wrong choices: they borrow some {borrow}.")
    others = "the other borrows" if total - own == 1 else "the others borrow"
    return f"{own:,} {'has its' if own == 1 else 'have their'} own wrong choices; {others} some {borrow}."


def _import_report(parsed: ParsedList, report: questions_db.QuestionImportReport, *, done: bool) -> str:
    head = "✅ Imported" if done else "Ready to import"
    lines = [f"{head} {plural(len(parsed.questions), 'question', bold=True)} from the {parsed.format} list "
             f"**{parsed.name}**{f' by {parsed.author}' if parsed.author else ''}: {report.summary()}.",
             _wrong_choices_note(len(parsed.questions), parsed.multiple_choice)]
    lines += parsed.notes
    if not done:
        lines.append("Nothing is saved until you confirm; it is all or nothing.")
    return cut("\n".join(lines), CONTENT_LIMIT)


def _export_note(exported: Exported) -> str:
    done = f"{plural(exported.written, 'question')} exported."
    if exported.format == "red":
        return f"{done} Wrong choices have no place in the Red format and are left out."
    if exported.left_out:
        verb = "was" if exported.left_out == 1 else "were"
        return f"{done} {exported.left_out_text} {verb} left out: export as red to keep them."
    return done


class ManageCommands:
    bot: Doinel
    db: Database

    @app_commands.command(name="settings", description="Trivia settings for this server (moderators change them)")
    @app_commands.describe(seconds="Default seconds per question", questions="Default questions per round",
                           mode="Default mode", spoilers="Show revealed answers in spoilers",
                           idle_limit="End a round after this many unanswered questions in a row",
                           enable="Turn a film or question list on", disable="Turn a film or question list off")
    async def settings(self, interaction: discord.Interaction,
                       seconds: app_commands.Range[int, SECONDS_MIN, SECONDS_MAX] | None = None,
                       questions: app_commands.Range[int, QUESTIONS_MIN, QUESTIONS_MAX] | None = None,
                       mode: Literal["buttons", "typed"] | None = None, spoilers: bool | None = None,
                       idle_limit: app_commands.Range[int, IDLE_MIN, IDLE_MAX] | None = None,
                       enable: str | None = None, disable: str | None = None) -> None:
        changes: dict[str, Any] = {k: v for k, v in {
            "trivia_seconds": seconds, "trivia_questions": questions, "trivia_mode": mode,
            "trivia_spoilers": spoilers, "trivia_idle_limit": idle_limit}.items() if v is not None}
        if not changes and enable is None and disable is None:  # anyone may look; only moderators change
            await self._show_settings(interaction)
            return
        guild_id = await _require_mod(self.db, interaction)
        notes, toggled = [], []
        picked = [(await sources_db.source_named(self.db, guild_id, value), on)   # every name checked first
                  for value, on in ((enable, True), (disable, False)) if value is not None]
        for source, on in picked:
            changed = await sources_db.set_enabled(self.db, guild_id, source.kind, source.key, on, interaction.user.id)
            state = "on" if on else "off"
            notes.append(f"{source.name}: turned {state}." if changed else f"{source.name} was already {state}.")
            if changed:
                toggled.append(f"{source.name} {state}")
        if changes:
            current = await guilds.update(self.db, guild_id, interaction.user.id, **changes)
            notes.insert(0, "Saved.")
        else:
            current = await guilds.get(self.db, guild_id)
        if current.trivia_mode == "typed" and not self.bot.settings.message_content:
            notes.append(f"⚠️ {TYPED_NEEDS_INTENT}")
        embed = render.settings_embed(current, await sources_db.sources(self.db, guild_id), notes)
        await interaction.response.send_message(embed=embed, ephemeral=True)
        if details := render.settings_changed(changes, toggled):
            await post_log(self.bot, self.db, guild_id,
                           mod_changes.changed_log_line(interaction.user.id, "the trivia settings", details))

    async def _show_settings(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            raise InvalidInput("Trivia works in servers only.")
        current = await guilds.get(self.db, interaction.guild_id)
        notes = [] if is_moderator(actor_from(interaction), current.mod_role_id) else [
            "Only moderators can change these."]
        if current.trivia_mode == "typed" and not self.bot.settings.message_content:
            notes.append(f"⚠️ {TYPED_NEEDS_INTENT}")
        embed = render.settings_embed(current, await sources_db.sources(self.db, interaction.guild_id), notes)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @settings.autocomplete("enable")
    async def _enable_autocomplete(self, interaction: discord.Interaction,
                                   current: str) -> list[app_commands.Choice[str]]:
        return await offer("source", current, _source_pairs(self.db, interaction.guild_id, current, enabled=False))

    @settings.autocomplete("disable")
    async def _disable_autocomplete(self, interaction: discord.Interaction,
                                    current: str) -> list[app_commands.Choice[str]]:
        return await offer("source", current, _source_pairs(self.db, interaction.guild_id, current, enabled=True))

    @app_commands.command(name="reset", description="Reset a member's trivia history, or everyone's (moderators)")
    # A User, not a Member: members who left stay on the boards.
    @app_commands.describe(member="Whose history to reset (default: the whole server)")
    async def reset(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        guild_id = await _require_mod(self.db, interaction)
        who = f"{member.mention}'s" if member else "**everyone's**"

        async def do_reset(confirm: discord.Interaction) -> str:
            await _require_mod(self.db, confirm)  # still a moderator when confirming
            hidden = await boards.reset(self.db, guild_id, member.id if member else None, interaction.user.id)
            counts = "counts" if hidden == 1 else "count"
            await post_log(self.bot, self.db, guild_id, mod_changes.changed_log_line(
                confirm.user.id, "the trivia boards", f"reset {who} history ({plural(hidden, 'answer')})"))
            return (f"Done: {who} trivia history is reset ({plural(hidden, 'answer')} no longer {counts} on any "
                    f"board). The score ledger keeps {'it' if hidden == 1 else 'them'} for the audit log.")

        view = ConfirmView(interaction.client, interaction.user.id, do_reset, confirm_label="Reset")
        await interaction.response.send_message(
            f"Reset {who} trivia history in this server? Points, answers, games and wins stop counting on every "
            "leaderboard and in /trivia stats. This cannot be undone.", view=view, ephemeral=True)
        view.message = await interaction.original_response()

    questions = app_commands.Group(name="questions", description="Import or export trivia question lists")

    @questions.command(name="import", description="Import a question list: Red-DiscordBot YAML or Open Trivia DB "
                                                  "JSON (moderators)")
    @app_commands.describe(file="A .yaml Red-DiscordBot list, an Open Trivia DB .json, or a Doinel pack .json",
                           name="List name (default: the file name)",
                           film="Tie every question to this film")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment, name: str | None = None,
                      film: str | None = None) -> None:
        guild_id = await _require_mod(self.db, interaction)
        if file.size > MAX_FILE_BYTES:
            raise InvalidInput(f"That file is {file.size // 1000} kB; the limit is {MAX_FILE_BYTES // 1000} kB.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        chosen = await browse.resolve_film(self.db, film)   # any film of the catalogue: a first list about it too
        film_id = chosen.id if chosen else None
        raw = await file.read()
        try:
            parsed = parse_question_file(raw, file.filename, name.strip() if name else None)
        except ListError as exc:
            raise InvalidInput(cut(f"Nothing was imported: fix these and try again.\n{exc}", CONTENT_LIMIT)) from None
        preview = await questions_db.import_questions(self.db, parsed.questions, guild_id=guild_id,
                                                      actor_id=interaction.user.id, film_id=film_id, dry_run=True,
                                                      list_name=parsed.name, merge=parsed.merged)

        async def do_import(confirm: discord.Interaction) -> str:
            await _require_mod(self.db, confirm)  # still a moderator when confirming
            report = await questions_db.import_questions(self.db, parsed.questions, guild_id=guild_id,
                                                         actor_id=interaction.user.id, film_id=film_id,
                                                         list_name=parsed.name, merge=parsed.merged)
            if report.added or report.updated:
                await post_log(self.bot, self.db, guild_id, mod_changes.import_log_line(
                    confirm.user.id, f"the trivia list “{parsed.name}”", report.added, report.updated,
                    items="questions"))
            return _import_report(parsed, report, done=True)

        view = ConfirmView(interaction.client, interaction.user.id, do_import, confirm_label="Import")
        view.confirm.style = discord.ButtonStyle.success
        view.message = await interaction.followup.send(_import_report(parsed, preview, done=False), view=view,
                                                       ephemeral=True, wait=True)

    @import_.autocomplete("film")
    async def _import_film_autocomplete(self, interaction: discord.Interaction,
                                        current: str) -> list[app_commands.Choice[str]]:
        return await offer("film", current, browse.film_choices(self.db, current))

    @questions.command(name="export", description="Export this server's questions as a file (moderators)")
    @app_commands.describe(format="red: Red-DiscordBot YAML (default) · opentdb: Open Trivia DB JSON",
                           source="Only this film or list (default: every question this server can play)")
    async def export(self, interaction: discord.Interaction, format: Literal["red", "opentdb"] = "red",
                     source: str | None = None) -> None:
        guild_id = await _require_mod(self.db, interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        film_id = list_name = None
        label = "trivia"
        if source:
            parsed_source = sources_db.parse_value(source)
            if parsed_source is None:
                raise InvalidInput("Pick a film or list from the suggestions.")
            kind, key = parsed_source
            if kind == "film":
                film_id = row_id(key) or -1
            else:
                list_name = key
            label = key if kind == "list" else f"film-{key}"
        entries = await questions_db.for_export(self.db, guild_id, include_global=True, film_id=film_id,
                                                list_name=list_name)
        if not entries:
            raise NotFound("There are no questions to export there.")
        guild_name = interaction.guild.name if interaction.guild else "Doinel"
        exported = export_questions(entries, format, author=f"{guild_name} (exported by Doinel)")
        filename = f"{slug(label, 'trivia')}.{exported.suffix}"   # a list's name may have '/' or ':' in it
        await interaction.followup.send(_export_note(exported), ephemeral=True,
                                        file=discord.File(io.BytesIO(exported.text.encode("utf-8")), filename=filename))

    @export.autocomplete("source")
    async def _export_source_autocomplete(self, interaction: discord.Interaction,
                                          current: str) -> list[app_commands.Choice[str]]:
        return await offer("source", current, _source_pairs(self.db, interaction.guild_id, current))
