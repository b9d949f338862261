"""The moderation cogs offline: command shapes, and what an import preview shows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.client import Doinel
from bot.config import Settings
from bot.db.fact_import import ImportPlan, PlannedRow
from bot.moderation.bulk import ImportReport
from bot.moderation.duplicates import Similar
from bot.moderation.importers import ParsedImport, Rejection
from bot.ui.format import CONTENT_LIMIT, EMBED_DESCRIPTION_LIMIT
from cogs.moderation.render import PREVIEW_LINES, import_preview


@pytest.fixture
async def offline_bot(tmp_path: Path) -> AsyncIterator[Doinel]:
    bot = Doinel(Settings(database_path=tmp_path / "m.sqlite3"), sync_dev_guild=False)
    await bot.setup_hook()
    try:
        yield bot
    finally:
        await bot.db.close()


async def test_moderator_groups_are_hidden_and_server_only(offline_bot: Doinel) -> None:
    for name, subcommands in (("facts", {"add", "edit", "remove", "restore", "hide", "unhide", "history", "queue",
                                         "import", "export"}), ("config", {"modrole", "logchannel", "show"})):
        payload = offline_bot.tree.get_command(name).to_dict(offline_bot.tree)  # type: ignore[union-attr]
        assert int(payload["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
        assert payload["contexts"] == [0]                     # guilds only
        assert {o["name"] for o in payload["options"]} == subcommands


async def test_fact_id_options_autocomplete(offline_bot: Doinel) -> None:
    facts = offline_bot.tree.get_command("facts").to_dict(offline_bot.tree)  # type: ignore[union-attr]
    for sub in facts["options"]:
        for option in sub.get("options", []):
            if option["name"] in ("id", "film"):
                assert option.get("autocomplete"), (sub["name"], option["name"])


def _parsed() -> ParsedImport:
    return ParsedImport("facts.csv", "csv", (), ())


def test_preview_with_changes_offers_confirmation() -> None:
    plan = ImportPlan([PlannedRow("line 2", "add", None), PlannedRow("line 3", "update", 7, ("text",)),
                       PlannedRow("line 4", "unchanged", 8)])
    report = ImportReport(_parsed(), (), plan, (("line 2", Similar(5, "Close text", 91.0)),), (), False)
    content, embed, file = import_preview(report)
    assert report.can_confirm and file is None
    assert "nothing has been changed yet" in content and "1 added, 1 updated, 0 restored, 1 unchanged" in content
    assert "line 3: update fact #7 (text)" in (embed.description or "")
    assert "line 2: looks like fact #5 (91% alike)" in (embed.description or "")
    assert embed.footer.text == "Import applies all of it at once; Cancel changes nothing."


def test_preview_with_rejections_lists_them_and_attaches_the_rest() -> None:
    rejected = tuple(Rejection(f"line {i}", "text", "x" * 500) for i in range(2, 40))
    report = ImportReport(_parsed(), rejected, None, (), ("ignored 2 films",), False)
    content, embed, file = import_preview(report)
    assert not report.can_confirm and content.startswith("Nothing was imported from facts.csv: 38 entries")
    assert len(content) <= CONTENT_LIMIT and len(embed.description or "") <= EMBED_DESCRIPTION_LIMIT
    assert (embed.description or "").count("\n• ") == PREVIEW_LINES - 1 and file is not None
    full = file.fp.read().decode()
    assert full.count("rejected · line") == 38 and "note · ignored 2 films" in full
    assert not embed.footer.text


def test_history_pages_hold_every_change_within_discord_limits() -> None:
    from bot.db.audit import AuditEntry
    from bot.db.facts import Fact
    from cogs.moderation.render import history_pages

    long_text = "Antoine runs to the sea. " * 40                       # 1,000 characters: the longest fact
    fact = Fact(7, 1, None, None, long_text, "", (), True, "approved", 2, 0, 2, 0, None)
    added = AuditEntry(1, 1, 2, "add", "fact", 7, None, {"text": long_text}, 1_000)
    edits = [AuditEntry(n, 1, 2, "edit", "fact", 7, {"text": f"{long_text} {n - 1}"}, {"text": f"{long_text} {n}"},
                        1_000 + n) for n in range(30, 1, -1)]
    pages = history_pages(fact, [*edits, added], {}, shown_max=40)
    text = "\n".join(p.description or "" for p in pages)
    assert text.count(" edited") == 29 and text.endswith(f"added\n  “{long_text.strip()}”")   # the oldest, in full
    assert all(len(p.description or "") <= EMBED_DESCRIPTION_LIMIT and len(p) <= 6_000 for p in pages)
    assert pages[0].footer.text == f"Page 1/{len(pages)} · Newest first · times in your timezone"
    capped = history_pages(fact, [*edits, added], {}, shown_max=10)   # 30 changes, 10 shown
    last = capped[-1].description or ""
    assert last.endswith("… older changes are not shown: these are the latest 10.") and "added" not in last
    (empty,) = history_pages(fact, [], {}, shown_max=10)
    assert empty.description == "No recorded changes (it came with a bundled pack)."
