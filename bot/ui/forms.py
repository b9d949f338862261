"""Forms (modals) that still work after a restart: nothing about them is kept in memory.

A form's custom_id names what it is for and carries the context it needs
(``doinel:form:edit:12:3fa9c2d15e``); what the member typed arrives with the submission. One
``on_interaction`` listener per bot routes every submission to the handler registered for its kind,
whether the form was opened a second ago, after its old 15-minute timeout, or before a restart.

- A handler that refuses what was typed (``InvalidInput``) gets the member's text back privately with
  an "Edit and try again" button; the button reads the text back from that message, so it too works
  after a restart.
- Any other refusal or failure is answered with the message the error policy gives, plus what was typed.
- A submission nobody can route (a form opened by an older version, or for a feature not loaded) is
  answered privately with what was typed. Discord never shows "This interaction failed" and no typed
  text is lost.
"""

from __future__ import annotations

import io
import logging
import re
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord.ext import commands

from bot.errors import InvalidInput
from bot.tree import APOLOGY, report_error, user_message
from bot.ui.base import BaseModal
from bot.ui.deadline import in_time, reply
from bot.ui.format import CONTENT_LIMIT, EMBED_FIELD_VALUE_LIMIT, EMBED_TOTAL_LIMIT, cut

log = logging.getLogger(__name__)

PREFIX = "doinel:form:"
REFILL_PREFIX = "doinel:refill:"
CUSTOM_ID_LIMIT = 100
_ROUTE_LIMIT = CUSTOM_ID_LIMIT - len(REFILL_PREFIX)     # the refill button carries the form's route
_ARG = re.compile(r"[A-Za-z0-9_-]{1,40}")

TYPED_TITLE = "What you typed"
LOST = ("I could not take this form: it was opened before I restarted (or updated), and I no longer know what "
        "it was for. Nothing was saved. Here is what you typed, so you can paste it into the command again.")
# Field names shown to members for the inputs our forms use; others are capitalised.
LABELS = {"text": "Fact", "film": "Film", "source": "Source", "tags": "Tags", "reason": "Reason"}

FormHandler = Callable[[discord.Interaction, tuple[str, ...], dict[str, str]], Awaitable[None]]
FormBuilder = Callable[[tuple[str, ...], Mapping[str, str]], discord.ui.Modal]


# -- custom ids (pure) ------------------------------------------------------------------------------

def form_id(kind: str, *args: object) -> str:
    """'doinel:form:edit:12:3fa9' — the custom_id of a form of ``kind`` with its context ``args``."""
    parts = [kind, *(str(a) for a in args)]
    if not all(_ARG.fullmatch(p) for p in parts):
        raise ValueError(f"form id parts must be short words: {parts!r}")
    custom_id = PREFIX + ":".join(parts)
    if len(custom_id) - len(PREFIX) > _ROUTE_LIMIT:
        raise ValueError(f"form id too long for Discord: {custom_id!r}")
    return custom_id


def parse_form_id(custom_id: str) -> tuple[str, tuple[str, ...]] | None:
    """(kind, args) of one of our forms; None for any other custom_id."""
    if not custom_id.startswith(PREFIX):
        return None
    parts = custom_id[len(PREFIX):].split(":")
    if not all(_ARG.fullmatch(p) for p in parts):
        return None
    return parts[0], tuple(parts[1:])


def submitted_values(data: Mapping[str, Any] | None) -> dict[str, str]:
    """custom_id -> typed text of a modal submission (inputs in action rows or in labels)."""
    values: dict[str, str] = {}

    def visit(component: Mapping[str, Any]) -> None:
        if "component" in component:                      # a label wraps one input
            visit(component["component"])
        for child in component.get("components") or ():    # an action row holds inputs
            visit(child)
        custom_id = component.get("custom_id")
        if custom_id and "value" in component:
            values[str(custom_id)] = str(component.get("value") or "")
        elif custom_id and "values" in component:
            values[str(custom_id)] = ", ".join(str(v) for v in component.get("values") or ())

    for top in (data or {}).get("components") or ():
        visit(top)
    return values


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


# -- what was typed, shown back ---------------------------------------------------------------------

def typed_embed(values: Mapping[str, str]) -> discord.Embed | None:
    """One field per non-empty input, in the form's order; None when nothing was typed or it cannot fit."""
    shown = {k: v for k, v in values.items() if v.strip()}
    if not shown or any(len(v) > EMBED_FIELD_VALUE_LIMIT for v in shown.values()):
        return None
    embed = discord.Embed(title=TYPED_TITLE, colour=discord.Colour.light_grey())
    for key, value in shown.items():
        embed.add_field(name=label(key), value=value, inline=False)
    return embed if len(embed) <= EMBED_TOTAL_LIMIT else None


def values_from_embed(embed: discord.Embed) -> dict[str, str]:
    """Read ``typed_embed`` back: input custom_id -> text."""
    keys = {v: k for k, v in LABELS.items()}
    return {keys.get(f.name or "", (f.name or "").lower().replace(" ", "_")): f.value or "" for f in embed.fields}


def _typed_file(values: Mapping[str, str]) -> discord.File:
    text = "\n\n".join(f"{label(k)}:\n{v}" for k, v in values.items() if v.strip())
    return discord.File(io.BytesIO(text.encode("utf-8")), filename="what-you-typed.txt")


async def _answer(interaction: discord.Interaction, message: str, values: Mapping[str, str], *,
                  retry_route: str | None = None) -> None:
    """Reply privately with ``message`` and what was typed (a button to reopen the form with ``retry_route``)."""
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": discord.AllowedMentions.none()}
    embed = typed_embed(values)
    if embed is not None:
        kwargs["embed"] = embed
        if retry_route is not None:
            view = discord.ui.View(timeout=None)
            view.add_item(RefillButton(retry_route))
            kwargs["view"] = view
    elif any(v.strip() for v in values.values()):
        kwargs["file"] = _typed_file(values)
    try:
        await reply(interaction, content=cut(message, CONTENT_LIMIT), **kwargs)
    except discord.HTTPException as exc:
        log.warning("could not answer form %s of user %s: %s", (interaction.data or {}).get("custom_id"),
                    interaction.user.id, exc)


async def answer_lost_form(interaction: discord.Interaction, values: Mapping[str, str]) -> None:
    """The fallback for a form nobody can handle: say so, and give the member their text back."""
    await _answer(interaction, LOST, values)


# -- routing ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    handle: FormHandler
    build: FormBuilder | None = None    # reopens the form pre-filled: enables "Edit and try again"


class FormRouter:
    """The kinds of form one bot answers, and the listener that answers their submissions."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}

    def add(self, kind: str, handle: FormHandler, *, build: FormBuilder | None = None) -> None:
        self._routes[kind] = Route(handle, build)

    def remove(self, *kinds: str) -> None:
        for kind in kinds:
            self._routes.pop(kind, None)

    def kinds(self) -> frozenset[str]:
        return frozenset(self._routes)

    def reopen(self, route: str, values: Mapping[str, str]) -> discord.ui.Modal | None:
        """The form ``route`` ('edit:12:3fa9') pre-filled with ``values``; None if it can't be rebuilt."""
        parsed = parse_form_id(PREFIX + route)
        entry = self._routes.get(parsed[0]) if parsed else None
        if parsed is None or entry is None or entry.build is None:
            return None
        return entry.build(parsed[1], values)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: Mapping[str, Any] = interaction.data or {}  # type: ignore[assignment]
        custom_id = str(data.get("custom_id", ""))
        parsed = parse_form_id(custom_id)
        if parsed is None and _has_live_modal(interaction.client, custom_id):
            return  # an ordinary discord.py modal of this process answers it
        values = submitted_values(data)
        route = self._routes.get(parsed[0]) if parsed else None
        if parsed is None or route is None:
            log.info("answering an unknown form %r of user %s with what was typed", custom_id, interaction.user.id)
            await answer_lost_form(interaction, values)
            return
        try:   # a submission saves something: behind a long write (a big import) it is deferred in time
            await in_time(interaction, route.handle(interaction, parsed[1], values), ephemeral=True)
        except Exception as exc:
            await self._refused(interaction, exc, values, custom_id, retry=route.build is not None)

    async def _refused(self, interaction: discord.Interaction, error: Exception, values: Mapping[str, str],
                       custom_id: str, *, retry: bool) -> None:
        message = user_message(error)
        if message is None:  # a bug: log it with the ids; the member gets the apology and their text
            log.error("form %s failed (guild=%s channel=%s user=%s)", custom_id, interaction.guild_id,
                      interaction.channel_id, interaction.user.id, exc_info=(type(error), error, error.__traceback__))
            await _answer(interaction, f"{APOLOGY} Here is what you typed, so nothing is lost.", values)
            return
        if not isinstance(error, InvalidInput):
            retry = False                     # e.g. permission or conflict: the same form would fail again
        await _answer(interaction, message, values, retry_route=custom_id[len(PREFIX):] if retry else None)


def _has_live_modal(client: discord.Client, custom_id: str) -> bool:
    """Whether discord.py has a live modal for ``custom_id`` (it dispatches to it before this listener runs).

    discord.py exposes no public way to ask; if its internals change, we assume there is none, which
    at worst answers a submission a live modal answers too (the second answer fails and is logged).
    """
    store = getattr(getattr(client, "_connection", None), "_view_store", None)
    modals = getattr(store, "_modals", None)
    return isinstance(modals, dict) and custom_id in modals


_ROUTERS: weakref.WeakKeyDictionary[discord.Client, FormRouter] = weakref.WeakKeyDictionary()


def form_router(bot: commands.Bot) -> FormRouter:
    """The bot's form router, created (and its listener and refill button installed) on first use."""
    router = _ROUTERS.get(bot)
    if router is None:
        router = _ROUTERS[bot] = FormRouter()
        bot.add_listener(router.on_interaction, "on_interaction")
        bot.add_dynamic_items(RefillButton)
    return router


def router_of(client: discord.Client) -> FormRouter | None:
    return _ROUTERS.get(client)


# -- forms ------------------------------------------------------------------------------------------

class RoutedForm(BaseModal):
    """A modal answered by the bot's ``FormRouter``, never by this object: discord.py does not keep it."""

    def __init__(self, *, title: str, custom_id: str) -> None:
        super().__init__(title=title[:45], custom_id=custom_id, timeout=None)

    def is_finished(self) -> bool:
        return True  # so send_modal does not store it: the router answers, after a restart too

    def add_inputs(self, inputs: Sequence[discord.ui.TextInput[Any]]) -> None:
        for item in inputs:
            self.add_item(item)


class RefillButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=re.escape(REFILL_PREFIX) + r"(?P<route>[A-Za-z0-9_:-]{1,86})"):
    """"Edit and try again": reopens a refused form with the text shown on its message."""

    def __init__(self, route: str) -> None:
        super().__init__(discord.ui.Button(label="Edit and try again", style=discord.ButtonStyle.primary,
                                           custom_id=REFILL_PREFIX + route))
        self.route = route

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> RefillButton:
        return cls(match["route"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            message = interaction.message
            typed = next((e for e in (message.embeds if message else []) if e.title == TYPED_TITLE), None)
            router = router_of(interaction.client)
            form = router.reopen(self.route, values_from_embed(typed)) if router and typed else None
            if form is None:
                await interaction.response.send_message(
                    "I can't reopen this form any more: run the command again (your text is above, to copy).",
                    ephemeral=True)
                return
            await interaction.response.send_modal(form)
        except Exception as exc:  # dynamic items have no tree: apply the error policy here
            await report_error(interaction, exc, f"refill button {self.custom_id}")
