"""Helpers for the QA scenarios: act as a member, read what they see, check nobody was pinged."""

from __future__ import annotations

from typing import Any

from bot.tree import APOLOGY
from tests.emulator import Channel, Emulator, Member, Message

HOSTILE = [
    "a" * 6000,                                   # Discord's longest string option
    "🎬🍿",
    "@everyone",
    "@here look",
    "<@&{role}>",
    "<@{member}>",
    "**bold** __under__ ||spoiler|| `code` > quote",
    "مرحبا שלום Truffaut",                         # right-to-left text
    '"unbalanced (NEAR AND OR NOT *',
    "Léaud" * 200,
    "\u200b",
]


def hostile(role_id: int, member_id: int) -> list[str]:
    return [h.replace("{role}", str(role_id)).replace("{member}", str(member_id)) for h in HOSTILE]


async def act(emulator: Emulator, where: Channel, member: Member, command: str, /, **options: Any) -> Any:
    """``member`` runs ``command`` in ``channel``; returns the interaction once the bot has answered for good."""
    record = await emulator.slash(where, member, command, **options)
    return await record.wait_done()


def said(record: Any) -> str:
    """Everything the member reads in the answer: content and embed texts, followups included."""
    parts: list[str] = []
    for response in record.responses:
        parts.append(response.content or "")
        for embed in response.embeds:
            parts += [embed.get("title", ""), embed.get("description", "") or "",
                      (embed.get("footer") or {}).get("text", "")]
            parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
    return "\n".join(p for p in parts if p)


def buttons(message: Message) -> dict[str, str]:
    """label -> custom_id of the enabled buttons on ``message``."""
    return {c["label"]: c["custom_id"] for c in message.iter_components()
            if c.get("type") == 2 and not c.get("disabled")}


def assert_polite(record: Any) -> None:
    """Answered, never with the bug apology or a raw Python value."""
    assert record.state == "answered", record
    text = said(record)
    assert APOLOGY not in text, text
    for raw in ("None", "Traceback", "Exception"):
        assert raw not in text.split(), (raw, text)


def pings(emulator: Emulator, channels: list[Channel]) -> list[Message]:
    """Messages by the bot in ``channels`` that pinged someone."""
    bot_id = emulator.bot_user.id
    return [m for ch in channels for m in emulator.messages(ch, include_ephemeral=True)
            if m.author.id == bot_id and (m.mentions or m.mention_roles or m.mention_everyone)]
