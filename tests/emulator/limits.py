"""Discord's documented limits, checked on everything the bot sends.

Each check adds to a :class:`FormErrors`, which renders Discord's nested 50035
``errors`` object and a flat list of human-readable problems for ``emu.violations``.
"""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .state import MessageFlag

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
FILES_MAX = 10
ROWS_MAX = 5
ROW_BUTTONS_MAX = 5
V2_COMPONENTS_MAX = 40
CHOICES_MAX = 25
_SELECTS = {3, 5, 6, 7, 8}
_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")

Path = tuple[str | int, ...]


class FormErrors:
    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}
        self.problems: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.problems)

    def add(self, path: Path, code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
        self.problems.append(f"{'.'.join(map(str, path)) or 'body'}: {message}")

    def max_length(self, path: Path, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length. (got {len(value)})")

    def length_between(self, path: Path, value: Any, low: int, high: int) -> None:
        size = len(value) if isinstance(value, (str, list)) else 0
        if not low <= size <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length. (got {size})")

    def raise_if_any(self) -> None:
        if self:
            raise errors.invalid_form(self.tree, self.problems)


def check_message(payload: dict[str, Any], fe: FormErrors, *, prefix: Path = (), files: int = 0) -> None:
    """Content, embeds, components and file count of a message body."""
    flags = int(payload.get("flags") or 0)
    fe.max_length((*prefix, "content"), payload.get("content"), CONTENT_MAX)
    embeds = payload.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        fe.add((*prefix, "embeds"), "BASE_TYPE_MAX_LENGTH", f"Must be {EMBEDS_MAX} or fewer in length.")
    check_embeds(embeds, fe, (*prefix, "embeds"))
    check_components(
        payload.get("components") or [], fe, (*prefix, "components"), v2=bool(flags & MessageFlag.IS_COMPONENTS_V2)
    )
    if flags & MessageFlag.IS_COMPONENTS_V2 and (payload.get("content") or embeds):
        fe.add(
            (*prefix, "content"),
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content' and 'embeds' fields cannot be used when using the IS_COMPONENTS_V2 flag",
        )
    if files > FILES_MAX:
        fe.add((*prefix, "files"), "BASE_TYPE_MAX_LENGTH", f"Must be {FILES_MAX} or fewer in length.")


def check_embeds(embeds: list[dict[str, Any]], fe: FormErrors, path: Path) -> None:
    total = 0
    for index, embed in enumerate(embeds):
        at = (*path, index)
        fields = embed.get("fields") or []
        footer = embed.get("footer") or {}
        author = embed.get("author") or {}
        fe.max_length((*at, "title"), embed.get("title"), 256)
        fe.max_length((*at, "description"), embed.get("description"), 4096)
        fe.max_length((*at, "footer", "text"), footer.get("text"), 2048)
        fe.max_length((*at, "author", "name"), author.get("name"), 256)
        if len(fields) > 25:
            fe.add((*at, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for number, field in enumerate(fields):
            fe.max_length((*at, "fields", number, "name"), field.get("name"), 256)
            fe.max_length((*at, "fields", number, "value"), field.get("value"), 1024)
            total += len(field.get("name") or "") + len(field.get("value") or "")
        for text in (embed.get("title"), embed.get("description"), footer.get("text"), author.get("name")):
            total += len(text or "")
    # Discord counts the 6,000 characters across all embeds of one message.
    if total > EMBED_TOTAL_MAX:
        fe.add(path, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX} (got {total})")


def check_components(components: list[dict[str, Any]], fe: FormErrors, path: Path, *, v2: bool = False) -> None:
    seen: set[str] = set()
    if v2:
        count = _walk_v2(components, fe, path, seen)
        if count > V2_COMPONENTS_MAX:
            fe.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {V2_COMPONENTS_MAX} or fewer in total. (got {count})")
        return
    if len(components) > ROWS_MAX:
        fe.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {ROWS_MAX} or fewer in length. (got {len(components)})")
    for index, row in enumerate(components):
        at = (*path, index)
        if row.get("type") != 1:
            fe.add((*at, "type"), "UNION_TYPE_CHOICES", "Top-level components must be action rows.")
            continue
        children = row.get("components") or []
        has_select = any(child.get("type") in _SELECTS for child in children)
        if has_select and len(children) != 1:
            fe.add((*at, "components"), "BASE_TYPE_BAD_LENGTH", "A select menu must be alone in its row.")
        else:
            fe.length_between((*at, "components"), children, 1, ROW_BUTTONS_MAX)
        for number, child in enumerate(children):
            _check_item(child, fe, (*at, "components", number), seen)


def _walk_v2(components: list[dict[str, Any]], fe: FormErrors, path: Path, seen: set[str]) -> int:
    count = 0
    for index, component in enumerate(components):
        at = (*path, index)
        count += 1
        _check_item(component, fe, at, seen)
        count += _walk_v2(component.get("components") or [], fe, (*at, "components"), seen)
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                count += _walk_v2([component[key]], fe, (*at, key), seen)
        if component.get("type") == 10:
            fe.max_length((*at, "content"), component.get("content"), 4000)
    return count


def _check_item(item: dict[str, Any], fe: FormErrors, at: Path, seen: set[str]) -> None:
    kind = item.get("type")
    custom_id = item.get("custom_id")
    if custom_id is not None:
        fe.length_between((*at, "custom_id"), custom_id, 1, 100)
        if custom_id in seen:
            fe.add((*at, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
        seen.add(custom_id)
    if kind == 2:
        fe.max_length((*at, "label"), item.get("label"), 80)
        if item.get("style") == 5:
            if not item.get("url") or custom_id is not None:
                fe.add((*at, "url"), "BUTTON_COMPONENT_INVALID_URL", "A link button needs a url and no custom_id.")
        elif item.get("style") != 6 and custom_id is None:
            fe.add((*at, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
    elif kind in _SELECTS:
        fe.max_length((*at, "placeholder"), item.get("placeholder"), 150)
        if kind == 3:
            options = item.get("options") or []
            fe.length_between((*at, "options"), options, 1, 25)
            for number, option in enumerate(options):
                for key in ("label", "value", "description"):
                    fe.max_length((*at, "options", number, key), option.get(key), 100)
        for key in ("min_values", "max_values"):
            value = item.get(key)
            if value is not None and not 0 <= int(value) <= 25:
                fe.add((*at, key), "NUMBER_TYPE_MAX", "Must be between 0 and 25.")
    elif kind == 4:
        fe.max_length((*at, "label"), item.get("label"), 45)
        fe.max_length((*at, "value"), item.get("value"), 4000)
        fe.max_length((*at, "placeholder"), item.get("placeholder"), 100)


def check_choices(choices: list[dict[str, Any]], fe: FormErrors, path: Path) -> None:
    if len(choices) > CHOICES_MAX:
        fe.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {CHOICES_MAX} or fewer in length. (got {len(choices)})")
    for index, choice in enumerate(choices):
        fe.length_between((*path, index, "name"), choice.get("name"), 1, 100)
        fe.max_length((*path, index, "value"), choice.get("value"), 100)


def check_modal(data: dict[str, Any], fe: FormErrors, path: Path) -> None:
    fe.length_between((*path, "custom_id"), data.get("custom_id"), 1, 100)
    fe.length_between((*path, "title"), data.get("title"), 1, 45)
    components = data.get("components") or []
    fe.length_between((*path, "components"), components, 1, 5)
    seen: set[str] = set()
    for index, top in enumerate(components):
        at = (*path, "components", index)
        if top.get("type") == 18:
            fe.length_between((*at, "label"), top.get("label"), 1, 45)
            fe.max_length((*at, "description"), top.get("description"), 100)
            _check_item(top.get("component") or {}, fe, (*at, "component"), seen)
        for number, child in enumerate(top.get("components") or []):
            _check_item(child, fe, (*at, "components", number), seen)


def check_commands(commands: list[dict[str, Any]], fe: FormErrors) -> None:
    names: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        kind = int(command.get("type", 1))
        name = command.get("name", "")
        if (name, kind) in names:
            fe.add(
                (index, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique ({name})",
            )
        names.add((name, kind))
        if kind == 1:
            _check_command_name(name, fe, (index, "name"))
            fe.length_between((index, "description"), command.get("description"), 1, 100)
            _check_options(command.get("options") or [], fe, (index, "options"))
        else:
            fe.length_between((index, "name"), name, 1, 32)


def _check_command_name(name: Any, fe: FormErrors, path: Path) -> None:
    if not isinstance(name, str) or not _COMMAND_NAME.match(name) or name != name.lower():
        fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid ({name!r})")


def _check_options(options: list[dict[str, Any]], fe: FormErrors, path: Path) -> None:
    if len(options) > 25:
        fe.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    optional_seen = False
    for index, option in enumerate(options):
        at = (*path, index)
        _check_command_name(option.get("name"), fe, (*at, "name"))
        fe.length_between((*at, "description"), option.get("description"), 1, 100)
        if option.get("type") in (1, 2):
            _check_options(option.get("options") or [], fe, (*at, "options"))
            continue
        if option.get("required"):
            if optional_seen:
                fe.add(
                    (*at, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
        check_choices(option.get("choices") or [], fe, (*at, "choices"))
