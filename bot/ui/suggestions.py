"""Member suggestions on Discord: the /fact suggest form, the review queue and its buttons.

Queue buttons are ``DynamicItem``s whose custom_id carries the action and the suggestion id
(``doinel:sugg:approve:42``), and the forms they open are routed forms (``bot.ui.forms``), so both
keep working after a restart. Every click re-reads the
suggestion and re-checks the clicker's permission; a suggestion reviewed meanwhile says so.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.db.suggestions import Suggestion
from bot.moderation import changes, suggestions
from bot.moderation.context import load_context
from bot.moderation.suggestions import Queue, QueueItem
from bot.moderation.validation import FactDraft
from bot.text import escape_markdown
from bot.tree import report_error
from bot.ui.actor import actor_from
from bot.ui.deadline import reply
from bot.ui.fact_form import FactFormKind, draft_of
from bot.ui.format import BRAND_COLOUR, EMBED_FIELD_VALUE_LIMIT, EMBED_TOTAL_LIMIT, cut, tags_text
from bot.ui.forms import RoutedForm, form_id, form_router
from bot.ui.modlog import post_log

if TYPE_CHECKING:
    from bot.db.connection import Database

log = logging.getLogger(__name__)

NONE = discord.AllowedMentions.none()


def _db(interaction: discord.Interaction) -> Database:
    return interaction.client.db  # type: ignore[attr-defined]


# -- /fact suggest --------------------------------------------------------------------------------

async def _submit_suggestion(submitted: discord.Interaction, args: tuple[str, ...], draft: FactDraft) -> None:
    db = _db(submitted)
    suggestion = await suggestions.suggest(db, await load_context(db, actor_from(submitted)), draft)
    await reply(
        submitted, content=f"Thank you! Your suggestion #{suggestion.id} is waiting for this server's moderators. "
        "I will tell you privately how it went (if your direct messages are open).",
        ephemeral=True, allowed_mentions=NONE,
    )
    await post_log(submitted.client, db, submitted.guild_id, changes.suggestion_log_line(
        submitted.user.id, "suggest", suggestion.id, suggestion.text))


SUGGEST_FORM = FactFormKind("suggest", lambda args: "Suggest a fact", _submit_suggestion)


async def start_suggestion(interaction: discord.Interaction, film: str | None = None) -> None:
    """The whole of /fact suggest: check the member may suggest now, then open the form."""
    db = _db(interaction)
    await suggestions.check_allowance(db, await load_context(db, actor_from(interaction)))
    await interaction.response.send_modal(SUGGEST_FORM.form(draft=FactDraft(film=film or "")))


# -- the queue ------------------------------------------------------------------------------------

def _suggestion_embed(item: QueueItem) -> discord.Embed:
    """One suggestion whole: every word Approve would publish (text, source, tags, film)."""
    s = item.suggestion
    embed = discord.Embed(title=f"Suggestion #{s.id}", description=s.text, colour=BRAND_COLOUR)
    embed.add_field(name="From", value=f"<@{s.user_id}> · <t:{s.created_at}:R>")
    if item.film:
        embed.add_field(name="Film", value=cut(escape_markdown(item.film.label), EMBED_FIELD_VALUE_LIMIT))
    if s.source:
        embed.add_field(name="Source", value=cut(s.source, EMBED_FIELD_VALUE_LIMIT), inline=False)
    if s.tags:
        embed.add_field(name="Tags", value=tags_text(s.tags))
    for similar in item.similar:
        embed.add_field(name=f"Looks like fact #{similar.fact_id} ({similar.score:.0f}% alike)",
                        value=changes.quote(similar.text, 100), inline=False)
    return embed


def render_queue(queue: Queue, banner: str = "") -> dict[str, Any]:
    """Message kwargs for the queue: one embed and one row of buttons per suggestion shown.

    Each suggestion is shown whole, so a moderator reads every word they approve; as many of the
    oldest as fit in one message (Discord's 6,000 characters for all its embeds: two long ones, five short).
    """
    if not queue.items:
        body = "No suggestions are waiting. Members can send one with /fact suggest."
        return {"content": f"{banner}\n\n{body}".strip(), "embeds": [], "view": None}
    embeds: list[discord.Embed] = []
    for item in queue.items:
        embed = _suggestion_embed(item)
        if embeds and sum(map(len, embeds)) + len(embed) > EMBED_TOTAL_LIMIT:
            break
        embeds.append(embed)
    shown = len(embeds)
    later = queue.total - queue.earlier - shown     # waiting after this page
    where = (f" (showing {queue.earlier + 1}–{queue.earlier + shown}, oldest first)"
             if queue.earlier or later > 0 else "")
    header = f"**{queue.total} suggestion{'s' * (queue.total != 1)} waiting**{where}."
    view = discord.ui.View(timeout=None)
    for row, item in enumerate(queue.items[:shown]):
        for action, label, style in (("approve", "Approve", discord.ButtonStyle.success),
                                     ("edit", "Edit", discord.ButtonStyle.primary),
                                     ("reject", "Reject", discord.ButtonStyle.danger)):
            view.add_item(ReviewButton(action, item.suggestion.id, label=f"{label} #{item.suggestion.id}",
                                       style=style, row=row, page=queue.after))
    if queue.earlier:
        view.add_item(QueuePageButton(0, label="⏮ Oldest"))
    if later > 0:
        view.add_item(QueuePageButton(queue.items[shown - 1].suggestion.id, label="Next ▶"))
    return {"content": f"{banner}\n\n{header}".strip(), "embeds": embeds, "view": view}


async def _refresh(interaction: discord.Interaction, banner: str, after: int = 0) -> None:
    """Show the queue's page as it is now, with what just happened on top (edits the clicked message)."""
    db = _db(interaction)
    queue = await suggestions.queue(db, await load_context(db, actor_from(interaction)), after=after)
    kwargs = render_queue(queue, banner)
    if interaction.response.is_done():
        kwargs["view"] = kwargs["view"] or discord.utils.MISSING
        await interaction.followup.send(**kwargs, ephemeral=True, allowed_mentions=NONE)
    elif interaction.message is not None:
        await interaction.response.edit_message(**kwargs, allowed_mentions=NONE)
    else:
        kwargs["view"] = kwargs["view"] or discord.utils.MISSING
        await interaction.response.send_message(**kwargs, ephemeral=True, allowed_mentions=NONE)


async def notify_member(client: discord.Client, db: Database, suggestion: Suggestion, guild_name: str) -> bool:
    """Tell the member privately how their suggestion went; record it when their DMs are closed."""
    if suggestion.status == "approved":
        text = (f"Your fact suggestion in **{guild_name}** was approved: it is now fact #{suggestion.fact_id}. "
                f"Thank you!\n> {changes.quote(suggestion.text, 300)}")
    else:
        reason = f"\nThe moderators said: {suggestion.review_note}" if suggestion.review_note else ""
        text = (f"Your fact suggestion in **{guild_name}** was not added.{reason}\n"
                f"> {changes.quote(suggestion.text, 300)}")
    try:
        user = client.get_user(suggestion.user_id) or await client.fetch_user(suggestion.user_id)
        await user.send(text, allowed_mentions=NONE)
    except discord.HTTPException as exc:
        log.info("could not DM user %s about suggestion %s: %s", suggestion.user_id, suggestion.id, exc)
        await suggestions.record_notification(db, suggestion.id, f"direct message failed: {exc.text or exc.status}")
        return False
    await suggestions.record_notification(db, suggestion.id, None)
    return True


def _page(args: tuple[str, ...]) -> int:
    """The queue page a review form was opened from (its second argument; none: the first page)."""
    return int(args[1]) if len(args) > 1 else 0


async def _after_review(interaction: discord.Interaction, suggestion: Suggestion, fact_id: int | None,
                        page: int = 0) -> None:
    """Show the updated queue page at once, then tell the member and the log channel."""
    db = _db(interaction)
    outcome = (f"Approved suggestion #{suggestion.id}: it is now fact #{fact_id}." if fact_id
               else f"Rejected suggestion #{suggestion.id}.")
    await _refresh(interaction, outcome, page)
    guild_name = interaction.guild.name if interaction.guild else "the server"
    if not await notify_member(interaction.client, db, suggestion, guild_name):
        await interaction.followup.send(
            f"I could not send <@{suggestion.user_id}> a direct message about #{suggestion.id} "
            "(their DMs may be closed); that is recorded with the suggestion.",
            ephemeral=True, allowed_mentions=NONE)
    action = "approve" if fact_id else "reject"
    await post_log(interaction.client, db, interaction.guild_id, changes.suggestion_log_line(
        interaction.user.id, action, suggestion.id, suggestion.text, fact_id=fact_id, note=suggestion.review_note))


async def _approve_edited(submitted: discord.Interaction, args: tuple[str, ...], draft: FactDraft) -> None:
    db = _db(submitted)
    approved, fact_id = await suggestions.approve(db, await load_context(db, actor_from(submitted)), int(args[0]),
                                                  draft)
    await _after_review(submitted, approved, fact_id, _page(args))


APPROVE_FORM = FactFormKind("approve", lambda args: f"Edit, then approve #{args[0]}", _approve_edited)


class RejectForm(RoutedForm):
    def __init__(self, suggestion_id: int | str, reason: str = "", page: int | str = 0) -> None:
        super().__init__(title=f"Reject suggestion #{suggestion_id}",
                         custom_id=form_id("reject", suggestion_id, *([page] if int(page) else [])))
        self.reason: discord.ui.TextInput[RejectForm] = discord.ui.TextInput(
            custom_id="reason", default=reason or None,
            label="Reason (optional, sent to the member)", style=discord.TextStyle.paragraph, required=False,
            max_length=300, placeholder="e.g. Already covered by fact #12",
        )
        self.add_item(self.reason)


async def _reject(submitted: discord.Interaction, args: tuple[str, ...], values: dict[str, str]) -> None:
    db = _db(submitted)
    ctx = await load_context(db, actor_from(submitted))
    rejected = await suggestions.reject(db, ctx, int(args[0]), values.get("reason", ""))
    await _after_review(submitted, rejected, None, _page(args))


def register_review_forms(bot: commands.Bot) -> None:
    """Answer the queue's Edit and Reject forms, also when they are submitted after a restart."""
    APPROVE_FORM.register(bot)
    form_router(bot).add("reject", _reject,
                         build=lambda args, values: RejectForm(args[0], values.get("reason", ""), _page(args)))


def unregister_review_forms(bot: commands.Bot) -> None:
    form_router(bot).remove(APPROVE_FORM.kind, "reject")


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"doinel:sugg:(?P<action>approve|edit|reject):(?P<id>[0-9]{1,19})(?::p(?P<page>[0-9]{1,19}))?"):
    """Approve, Edit or Reject one suggestion; ``page`` is the queue page it is on (shown again after)."""

    def __init__(self, action: str, suggestion_id: int, *, label: str | None = None,
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary, row: int | None = None,
                 page: int = 0) -> None:
        custom_id = f"doinel:sugg:{action}:{suggestion_id}{f':p{page}' if page else ''}"
        super().__init__(discord.ui.Button(label=label or action.title(), style=style, custom_id=custom_id), row=row)
        self.action, self.suggestion_id, self.page = action, suggestion_id, page

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> ReviewButton:
        button = item if isinstance(item, discord.ui.Button) else None
        return cls(match["action"], int(match["id"]), label=getattr(button, "label", None),
                   style=getattr(button, "style", discord.ButtonStyle.secondary), page=int(match["page"] or 0))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            await self._run(interaction)
        except Exception as exc:  # dynamic items have no tree: apply the error policy here
            await report_error(interaction, exc, f"suggestion button {self.custom_id}")

    async def _run(self, interaction: discord.Interaction) -> None:
        db = _db(interaction)
        ctx = await load_context(db, actor_from(interaction))
        if self.action == "approve":
            approved, fact_id = await suggestions.approve(db, ctx, self.suggestion_id)
            await _after_review(interaction, approved, fact_id, self.page)
        elif self.action == "reject":
            await suggestions.open_review(db, ctx, self.suggestion_id)      # refuse before opening the form
            await interaction.response.send_modal(RejectForm(self.suggestion_id, page=self.page))
        else:
            suggestion, film = await suggestions.open_review(db, ctx, self.suggestion_id)
            draft = draft_of(suggestion.text, film.title if film else None, suggestion.source, suggestion.tags)
            page = [self.page] if self.page else []
            await interaction.response.send_modal(APPROVE_FORM.form(suggestion.id, *page, draft=draft))


class QueuePageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"doinel:suggq:(?P<after>[0-9]{1,19})"):
    """A page of /facts queue: the pending suggestions after suggestion ``after`` (0: from the oldest)."""

    def __init__(self, after: int, *, label: str | None = None) -> None:
        super().__init__(discord.ui.Button(label=label or "Next ▶", style=discord.ButtonStyle.secondary,
                                           custom_id=f"doinel:suggq:{after}", row=4))
        self.after = after

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> QueuePageButton:
        return cls(int(match["after"]))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            await _refresh(interaction, "", self.after)
        except Exception as exc:
            await report_error(interaction, exc, f"queue page {self.custom_id}")
