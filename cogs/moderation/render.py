"""How moderation results look on Discord: fact cards, history, import previews."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import discord

from bot.content.pack import MAX_FACT_TEXT
from bot.db.audit import AuditEntry
from bot.db.fact_import import PlannedRow
from bot.db.fact_writes import FactFields
from bot.db.facts import Fact
from bot.db.film_refs import FilmRef
from bot.moderation import changes
from bot.moderation.bulk import ExportFile, ImportReport
from bot.text import escape_markdown, plural
from bot.ui.format import BRAND_COLOUR, cut, tags_text, timestamp
from bot.ui.paginator import pages_from_entries

NONE = discord.AllowedMentions.none()
PREVIEW_LINES = 12
HISTORY_PER_PAGE = 8         # /facts history entries a page


def fact_embed(fact: Fact, film: FilmRef | None, *, hidden_here: bool = False) -> discord.Embed:
    scope = "global fact" if fact.is_global else "fact of this server"
    state = " · removed" if fact.deleted else " · hidden in this server" if hidden_here else ""
    embed = _with_details(discord.Embed(title=f"Fact #{fact.id}", description=fact.text, colour=BRAND_COLOUR),
                          film, fact.source, fact.tags)
    embed.set_footer(text=f"{scope}{state}".capitalize())
    return embed


def draft_embed(fields: FactFields, film: FilmRef | None) -> discord.Embed:
    """A fact not saved yet (with the duplicate warning: if its buttons expire, the text is still there to copy)."""
    return _with_details(discord.Embed(title="Your fact (not saved yet)", description=fields.text,
                                       colour=BRAND_COLOUR), film, fields.source, fields.tags)


def _with_details(embed: discord.Embed, film: FilmRef | None, source: str, tags: Sequence[str]) -> discord.Embed:
    if film:
        embed.add_field(name="Film", value=cut(escape_markdown(film.label), 200))
    if source:
        embed.add_field(name="Source", value=cut(source, 300), inline=False)
    if tags:
        embed.add_field(name="Tags", value=tags_text(tags))
    return embed


async def reply(interaction: discord.Interaction, content: str, **kwargs: Any) -> None:
    """Answer privately: edit the message a button was on, or send an ephemeral message."""
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=NONE, **kwargs)
    elif interaction.type is discord.InteractionType.component:
        kwargs.setdefault("view", None)
        kwargs.setdefault("embeds", [kwargs.pop("embed")] if "embed" in kwargs else [])
        await interaction.response.edit_message(content=content, allowed_mentions=NONE, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NONE, **kwargs)


def history_pages(fact: Fact, entries: list[AuditEntry], films: dict[int, str], *,
                  shown_max: int) -> list[discord.Embed]:
    """Who changed what and when, newest first, each with its before and after: pages of ``HISTORY_PER_PAGE``.

    ``entries`` holds one more than ``shown_max`` when there are more changes than are shown.
    """
    title = f"History of fact #{fact.id}"
    if not entries:
        return [discord.Embed(title=title, colour=BRAND_COLOUR,
                              description="No recorded changes (it came with a bundled pack).")]
    blocks = []
    for entry in entries[:shown_max]:
        headline, details = changes.entry_lines(entry, films)
        blocks.append("\n".join([headline, *(f"  {d}" for d in details)]))
    if len(entries) > shown_max:
        blocks.append(f"… older changes are not shown: these are the latest {shown_max}.")
    return pages_from_entries(blocks, title=title, per_page=HISTORY_PER_PAGE, separator="\n",
                              footer="Newest first · times in your timezone", entry_limit=MAX_FACT_TEXT + 200)


def _since_line(row: PlannedRow) -> str:
    """An entry left alone: its fact was changed or removed by someone after the file was exported."""
    by = f" by <@{row.by}>" if row.by else ""
    at = f" {timestamp(row.at, 'R')}" if row.at else ""
    if row.action == "removed-since":
        return (f"{row.where}: fact #{row.fact_id} was removed{by}{at}, since this file was exported: left removed "
                "(/facts restore brings it back)")
    return (f"{row.where}: fact #{row.fact_id} was changed{by}{at}, since this file was exported: left as it is "
            "(export again to edit its current text)")


def import_preview(report: ImportReport, *, done: bool = False) -> tuple[str, discord.Embed, discord.File | None]:
    """(content, embed, full report file when it does not fit) for a dry run or a finished import."""
    origin = report.parsed.origin
    where = "global facts" if report.global_scope else "this server's facts"
    full: list[str] = []
    if report.plan is not None:
        plan = report.plan
        counts = (f"{plan.count('add')} added, {plan.count('update')} updated, {plan.count('restore')} restored, "
                  f"{plan.count('unchanged')} unchanged")
        if left := plan.count("changed-since", "removed-since"):
            counts += f", {left} left as {'it is' if left == 1 else 'they are'} (changed since the export)"
        if done:
            headline = f"Imported {origin} into {where}: {counts}."
        else:
            headline = f"Dry run of {origin} into {where}: nothing has been changed yet.\nWould be: {counts}."
        full += [f"{r.where}: update fact #{r.fact_id} ({', '.join(r.changed) or 'no field'})" if r.action == "update"
                 else f"{r.where}: restore fact #{r.fact_id}" for r in plan.rows if r.action in ("update", "restore")]
        full += [_since_line(r) for r in plan.rows if r.action in ("changed-since", "removed-since")]
        full += [f"{where_}: looks like fact #{s.fact_id} ({s.score:.0f}% alike): {changes.quote(s.text, 60)}"
                 for where_, s in report.similar]
    else:
        headline = (f"Nothing was imported from {origin}: {len(report.rejected)} entr"
                    f"{'y was' if len(report.rejected) == 1 else 'ies were'} rejected. An import is all or "
                    "nothing: fix these and upload the file again.")
        full += [f"rejected · {r}" for r in report.rejected]
    full += [f"note · {n}" for n in report.notes]
    if report.can_confirm and not done:
        footer = "Import applies all of it at once; Cancel changes nothing."
    elif report.plan is not None and not done and report.changes == 0:
        footer = ("Nothing to import: every entry is already here."
                  if not report.plan.count("changed-since", "removed-since") else "Nothing else to import.")
    else:
        footer = ""
    shown = full[:PREVIEW_LINES]
    description = "\n".join(f"• {cut(line, 300)}" for line in shown)
    if len(full) > len(shown):
        description += f"\n… and {len(full) - len(shown)} more: see the attached report."
    embed = discord.Embed(title=cut(f"Import of {origin}", 256), description=description or None, colour=BRAND_COLOUR)
    if footer:
        embed.set_footer(text=footer)
    file = None
    if len(full) > len(shown):
        file = discord.File(io.BytesIO("\n".join([headline, "", *full]).encode()), filename="import-report.txt")
    return headline, embed, file


def export_messages(files: Sequence[ExportFile]) -> list[tuple[str, discord.File]]:
    """/facts export's replies, a file each (each within the upload limit): what the export holds, then the rest."""
    parts = f", in {len(files)} files: /facts import takes one at a time" if len(files) > 1 else ""
    first = (f"{plural(sum(f.count for f in files), 'fact')} of this server{parts}. Edit the file and bring it back "
             "with /facts import: rows with an id update their fact, rows without one are added.")
    return [(first if i == 1 else f"File {i} of {len(files)}.", discord.File(io.BytesIO(f.data), filename=f.filename))
            for i, f in enumerate(files, start=1)]
