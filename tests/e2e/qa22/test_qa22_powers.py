"""QA22: a moderator's power is checked when they press the button or send the form, not when it opened."""

from __future__ import annotations

import pytest

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa22.support import moderator_team, within_limits  # noqa: F401 - fixture
from tests.e2e.test_moderation import add_fact, buttons, run, suggest
from tests.emulator import Emulator

pytestmark = pytest.mark.usefixtures("within_limits")

FACT = "Truffaut shot the film in Paris in 1958."


async def server_texts(doinel: Doinel, guild_id: int) -> list[str]:
    rows = await doinel.db.fetchall("SELECT text FROM facts WHERE guild_id = ? ORDER BY id", (guild_id,))
    return [r[0] for r in rows]


async def test_a_moderator_who_lost_the_role_cannot_press_save_anyway(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Milo adds a fact that looks like an existing one and gets "Save anyway / Edit / Cancel". The admin
    takes the moderator role from him before he presses Save anyway: he is refused privately, nothing is saved."""
    w = discord_world
    team = await moderator_team(emulator, w)
    milo = team.mods[1]
    await add_fact(emulator, w, FACT)
    opened = await run(emulator, w, milo, "facts add")
    warned = (await (await emulator.submit_modal(opened, None, {"text": FACT.upper()})).wait_done()).original
    assert warned is not None and "Save anyway" in buttons(warned), warned.content
    await emulator.update_member(milo, roles=[])
    pressed = await (await emulator.click(warned, buttons(warned)["Save anyway"], milo)).wait_done()
    shown = emulator.message(pressed.original_message_id or warned.id)
    answer = " ".join(filter(None, [pressed.content, shown.content if shown else None,
                                    *(f.content or "" for f in pressed.followups)]))
    assert "Only moderators" in answer, answer
    assert await server_texts(doinel, w.guild.id) == [FACT]


async def test_forms_open_when_the_moderator_role_changes_save_nothing_and_give_the_text_back(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Rosa has an edit form open, Ines the queue's Edit form of a suggestion. The admin moves the moderator
    role to a new role (/config modrole) that neither holds, then deletes the old one. Both forms, sent
    afterwards, are refused privately with what was typed; the fact and the suggestion are unchanged."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa, ines = team.mods[0], team.mods[2]
    fact_id = await add_fact(emulator, w, FACT)
    number = await suggest(emulator, w, w.alice, "Truffaut kept every draft of the script.")
    editing = await run(emulator, w, rosa, "facts edit", id=fact_id)
    queue = (await run(emulator, w, ines, "facts queue")).original
    reviewing = await (await emulator.click(queue, f"doinel:sugg:edit:{number}", ines)).wait_done()
    newer = await emulator.create_role(w.guild, "Senior mods")
    await run(emulator, w, team.admin, "config modrole", role=newer)
    await emulator.delete_role(team.role)
    typed = "Truffaut shot the film in Paris in the winter of 1958."
    late_edit = await (await emulator.submit_modal(editing, None, {"text": typed})).wait_done()
    late_review = await (await emulator.submit_modal(reviewing, None, {"text": "Truffaut kept drafts."})).wait_done()
    for late, words in ((late_edit, typed), (late_review, "Truffaut kept drafts.")):
        message = late.original
        assert message is not None and message.ephemeral and "Only moderators" in message.content, message
        assert words in str(message.embeds), message.embeds
    assert await server_texts(doinel, w.guild.id) == [FACT]
    assert await doinel.db.scalar("SELECT status FROM suggestions WHERE id = ?", (number,)) == "pending"


async def test_an_edit_sent_after_a_colleague_removed_the_fact_offers_no_dead_end_retry(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    """Rosa opens /facts edit N and rewrites the fact; meanwhile Milo removes it. Rosa sends the form and reads
    "Fact #N is removed; restore it first with /facts restore." with her text and an "Edit and try again"
    button. She presses it, the form reopens, she sends it: the same refusal, again and again. A refusal
    that editing cannot fix should not offer "Edit and try again" (the README: only "when fixing it helps"),
    and it should say the fact was removed while she was editing (by whom), not as if she had missed it."""
    w = discord_world
    team = await moderator_team(emulator, w)
    rosa, milo = team.mods[0], team.mods[1]
    fact_id = await add_fact(emulator, w, FACT)
    editing = await run(emulator, w, rosa, "facts edit", id=fact_id)
    await run(emulator, w, milo, "facts remove", id=fact_id)
    typed = "Truffaut shot the film in Paris in the winter of 1958."
    refused = (await (await emulator.submit_modal(editing, None, {"text": typed})).wait_done()).original
    assert refused is not None and "removed" in refused.content and typed in str(refused.embeds)
    retry = buttons(refused).get("Edit and try again")
    if retry is not None:
        reopened = await (await emulator.click(refused, retry, rosa)).wait_done()
        assert reopened.modal is not None
        again = (await (await emulator.submit_modal(reopened, None, {})).wait_done()).original
        assert again is not None and "Updated fact" in again.content, ("a retry that cannot work", again.content)
    assert f"<@{milo.id}>" in refused.content, refused.content
