"""Routed forms: custom ids, reading a submission, and what the member gets back when a form is refused."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.errors import Conflict, InvalidInput
from bot.moderation.validation import FactDraft
from bot.tree import APOLOGY
from bot.ui.fact_form import FactForm, FactFormKind, draft_from
from bot.ui.forms import (
    LOST,
    FormRouter,
    RefillButton,
    RoutedForm,
    form_id,
    parse_form_id,
    submitted_values,
    typed_embed,
    values_from_embed,
)


def test_form_ids_carry_their_context_and_fit_discord() -> None:
    custom_id = form_id("edit", 9_223_372_036_854_775_807, "3fa9c2d15e0b")
    assert custom_id == "doinel:form:edit:9223372036854775807:3fa9c2d15e0b"
    assert parse_form_id(custom_id) == ("edit", ("9223372036854775807", "3fa9c2d15e0b"))
    assert parse_form_id("doinel:form:suggest") == ("suggest", ())
    assert len(RefillButton(custom_id.removeprefix("doinel:form:")).custom_id) <= 100
    for other in ("5f0c1e2d3b4a59687766554433221100", "doinel:sugg:approve:1", "doinel:form:", "doinel:form:a::b"):
        assert parse_form_id(other) is None
    with pytest.raises(ValueError):
        form_id("edit", "has space")
    with pytest.raises(ValueError):
        form_id("edit", *["x" * 40] * 3)


def test_submitted_values_read_rows_and_labels() -> None:
    data = {"custom_id": "doinel:form:suggest", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "Léaud, 14."}]},
        {"type": 18, "component": {"type": 4, "custom_id": "film", "value": ""}},
        {"type": 18, "component": {"type": 3, "custom_id": "tags", "values": ["cast", "dates"]}},
    ]}
    assert submitted_values(data) == {"text": "Léaud, 14.", "film": "", "tags": "cast, dates"}
    assert draft_from(submitted_values(data)) == FactDraft("Léaud, 14.", "", "", "cast, dates")
    assert submitted_values(None) == {}


def test_typed_text_round_trips_through_the_embed() -> None:
    values = {"text": "Line one\nline two **bold**", "film": "", "source": "A book", "tags": "cast"}
    embed = typed_embed(values)
    assert embed is not None and [f.name for f in embed.fields] == ["Fact", "Source", "Tags"]
    assert values_from_embed(embed) == {"text": values["text"], "source": "A book", "tags": "cast"}
    assert typed_embed({"text": "  ", "film": ""}) is None       # nothing typed: nothing to show
    assert typed_embed({"text": "x" * 2_000}) is None             # too long for a field: sent as a file instead


async def test_routed_forms_are_never_kept_by_discord_py() -> None:
    form = FactFormKind("edit", lambda args: f"Edit fact #{args[0]}", _never).form(12, "abc", draft=FactDraft("T"))
    assert isinstance(form, RoutedForm) and isinstance(form, FactForm) and form.is_finished()
    payload = form.to_dict()
    assert payload["custom_id"] == "doinel:form:edit:12:abc" and payload["title"] == "Edit fact #12"


async def _never(*args: Any) -> None:
    raise AssertionError("not called")


class FakeSubmit:
    """A modal submission as the router sees it; records what the bot answered."""

    def __init__(self, custom_id: str, values: dict[str, str]) -> None:
        self.type = discord.InteractionType.modal_submit
        self.data = {"custom_id": custom_id, "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]} for k, v in values.items()]}
        self.client = SimpleNamespace()
        self.user = SimpleNamespace(id=7)
        self.guild_id, self.channel_id = 1, 2
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.response = SimpleNamespace(is_done=lambda: bool(self.sent), send_message=self._send)

    async def _send(self, content: str, **kwargs: Any) -> SimpleNamespace:
        self.sent.append((content, kwargs))
        return SimpleNamespace(message_id=None)     # discord.py's InteractionCallbackResponse, as far as used


def _router(error: Exception | None) -> tuple[FormRouter, list[tuple[tuple[str, ...], dict[str, str]]]]:
    seen: list[tuple[tuple[str, ...], dict[str, str]]] = []

    async def handle(interaction: Any, args: tuple[str, ...], values: dict[str, str]) -> None:
        seen.append((args, values))
        if error is not None:
            raise error
        await interaction.response.send_message("Saved.")

    router = FormRouter()
    router.add("add", handle, build=lambda args, values: FactForm(
        title="Add", custom_id=form_id("add", *args), draft=draft_from(values)))
    return router, seen


async def test_a_submission_reaches_its_handler_with_its_context() -> None:
    router, seen = _router(None)
    submit = FakeSubmit("doinel:form:add:server", {"text": "Léaud, 14."})
    await router.on_interaction(submit)  # type: ignore[arg-type]
    assert seen == [(("server",), {"text": "Léaud, 14."})] and submit.sent[0][0] == "Saved."


async def test_a_refused_draft_comes_back_with_a_retry_that_reopens_it() -> None:
    router, _ = _router(InvalidInput("No film matches 'Jules et Jim'."))
    submit = FakeSubmit("doinel:form:add:server", {"text": "Jules et Jim, 1961.", "film": "Jules et Jim"})
    await router.on_interaction(submit)  # type: ignore[arg-type]
    [(content, kwargs)] = submit.sent
    assert content == "No film matches 'Jules et Jim'." and kwargs["ephemeral"]
    [button] = kwargs["view"].children
    assert button.custom_id == "doinel:refill:add:server" and button.item.label == "Edit and try again"
    reopened = router.reopen("add:server", values_from_embed(kwargs["embed"]))
    assert isinstance(reopened, FactForm) and reopened.text.default == "Jules et Jim, 1961."
    assert reopened.film.default == "Jules et Jim" and reopened.custom_id == "doinel:form:add:server"
    assert router.reopen("gone:1", {}) is None


@pytest.mark.parametrize("error, message", [
    (Conflict("Fact #3 was changed by someone else."), "Fact #3 was changed by someone else."),
    (RuntimeError("a bug"), APOLOGY),
])
async def test_other_refusals_and_bugs_still_give_the_text_back(error: Exception, message: str) -> None:
    router, _ = _router(error)
    submit = FakeSubmit("doinel:form:add:server", {"text": "Typed with care."})
    await router.on_interaction(submit)  # type: ignore[arg-type]
    [(content, kwargs)] = submit.sent
    assert content.startswith(message) and "view" not in kwargs  # retrying the same form would not help
    assert values_from_embed(kwargs["embed"]) == {"text": "Typed with care."}


async def test_a_form_nobody_routes_is_answered_with_the_typed_text() -> None:
    router, seen = _router(None)
    for custom_id in ("doinel:form:retired:1", "5f0c1e2d3b4a59687766554433221100"):
        submit = FakeSubmit(custom_id, {"text": "Typed before the deploy."})
        await router.on_interaction(submit)  # type: ignore[arg-type]
        [(content, kwargs)] = submit.sent
        assert content == LOST and values_from_embed(kwargs["embed"]) == {"text": "Typed before the deploy."}
    assert seen == []
    click = FakeSubmit("doinel:form:add:server", {})
    click.type = discord.InteractionType.component
    await router.on_interaction(click)  # type: ignore[arg-type]
    assert click.sent == []  # only form submissions are the router's business
