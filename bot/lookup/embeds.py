"""Embed data within Discord's limits, cut cleanly (pure: the cog turns it into a discord.Embed).

Limits: title 256, description 4,096, field name 256, field value 1,024, footer 2,048, 25 fields,
6,000 characters in all. Text is cut at a word or line boundary and ends with an ellipsis; lists
end with "… and N more"; a field with no value is left out, never shown as "None".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.text import flat
from bot.ui.format import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_NAME_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_FIELDS_MAX,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
)

ELLIPSIS = "…"
_BOLD = re.compile(r"(?<!\\)(?:\\\\)*\*\*")   # a bold mark: after an even number of backslashes
# Do not cut more than this share of the allowed length just to reach a word boundary.
_BOUNDARY_SLACK = 0.25


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when shortened."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    head = text[: limit - 1]
    cut_at = max(head.rfind(" "), head.rfind("\n"))
    if cut_at >= int((limit - 1) * (1 - _BOUNDARY_SLACK)):
        head = head[:cut_at]
    head = head.rstrip(" \n,;:-—")
    # Never leave a dangling escape backslash or an unclosed markdown pair behind the cut.
    while head.endswith("\\"):
        head = head[:-1]
    bold = [m.end() - 2 for m in _BOLD.finditer(head)]
    if len(bold) % 2:   # a bold hit cut in its middle (a very long word): its opening mark goes
        head = head[:bold[-1]] + head[bold[-1] + 2:]
    return head + ELLIPSIS


def one_line(text: str, limit: int) -> str:
    return clip(flat(text), limit)


def join_lines(lines: Sequence[str], limit: int, *, more: str = "… and {n} more", hidden: int = 0) -> str:
    """Whole lines that fit in ``limit``, then "… and N more" for the rest; a lone long line is clipped.

    ``hidden`` counts items left out on purpose before the call (e.g. a cast beyond the main ten):
    they are included in the "N more".
    """
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        after = len(lines) - i - 1 + hidden
        reserve = len("\n" + more.format(n=after)) if after else 0
        add = len(line) + (1 if out else 0)
        if used + add + reserve <= limit:
            out.append(line)
            used += add
            continue
        if out:  # room for this note was reserved with the previous line
            out.append(more.format(n=len(lines) - i + hidden))
        else:
            note = more.format(n=after) if after else ""
            room = limit - len(note) - 1 if note else limit
            if room < 1:
                room, note = limit, ""
            out.append(clip(line, room))
            if note:
                out.append(note)
        return "\n".join(out)
    if hidden and out:
        out.append(more.format(n=hidden))
    return "\n".join(out)


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class EmbedData:
    title: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    footer: str = ""

    @property
    def total(self) -> int:
        """Characters counted against Discord's 6,000 limit."""
        return (len(self.title) + len(self.description) + len(self.footer)
                + sum(len(f.name) + len(f.value) for f in self.fields))


def field(name: str, value: str | None, *, inline: bool = False) -> Field | None:
    """A field, or None when there is nothing to show (so it is left out)."""
    if value is None or not value.strip() or not name.strip():
        return None
    return Field(name, value, inline)


def build(title: str, description: str | None = None, fields: Sequence[Field | None] = (),
          footer: str | None = None) -> EmbedData:
    """An embed guaranteed to fit Discord's limits, whatever the lengths of its parts."""
    kept = [f for f in fields if f is not None]
    return fit(EmbedData(title, description or "", tuple(kept), footer or ""))


def fit(embed: EmbedData) -> EmbedData:
    """Cut every part to its limit, keep at most 25 fields, then keep the total under 6,000.

    Over the total, the description shrinks first (not below a readable 500 characters), then the
    longest field values (not below 200), then fields are dropped from the end, and last the
    description shrinks further.
    """
    fields = tuple(
        Field(one_line(f.name, EMBED_FIELD_NAME_LIMIT), clip(f.value.strip(), EMBED_FIELD_VALUE_LIMIT), f.inline)
        for f in embed.fields if f.name.strip() and f.value.strip()
    )[:EMBED_FIELDS_MAX]
    out = EmbedData(
        one_line(embed.title, EMBED_TITLE_LIMIT) or ELLIPSIS,
        clip(embed.description.strip(), EMBED_DESCRIPTION_LIMIT),
        fields,
        clip(embed.footer.strip(), EMBED_FOOTER_LIMIT),
    )
    excess = out.total - EMBED_TOTAL_LIMIT
    if excess <= 0:
        return out
    shrink = min(excess, len(out.description) - min(len(out.description), 500))
    if shrink > 0:
        out = replace(out, description=clip(out.description, len(out.description) - shrink))
    while out.total > EMBED_TOTAL_LIMIT:
        longest = max(range(len(out.fields)), key=lambda i: len(out.fields[i].value), default=None)
        if longest is None or len(out.fields[longest].value) <= 200:
            break
        f = out.fields[longest]
        room = max(200, len(f.value) - (out.total - EMBED_TOTAL_LIMIT))
        out = replace(out, fields=(*out.fields[:longest], replace(f, value=clip(f.value, room)),
                                   *out.fields[longest + 1:]))
    while out.total > EMBED_TOTAL_LIMIT and out.fields:
        out = replace(out, fields=out.fields[:-1])
    if out.total > EMBED_TOTAL_LIMIT:
        room = max(0, len(out.description) - (out.total - EMBED_TOTAL_LIMIT))
        out = replace(out, description=clip(out.description, room) if room else "")
    return out
