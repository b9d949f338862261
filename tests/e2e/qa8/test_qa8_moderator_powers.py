"""QA8: moderator powers are checked by the bot itself, on every step a member can reach.

A server that lets every member see /facts, /daily, /config and /films (Server Settings → Integrations),
a member who crafts a queue button or a form's custom_id, a moderator demoted while a confirmation is
open: each test says what that member sees and that nothing changed.
"""

from __future__ import annotations

from typing import Any

from bot.client import Doinel
from tests.e2e.conftest import DiscordWorld
from tests.e2e.qa.support import act, buttons, said
from tests.e2e.qa5.support import quiet_and_within_limits  # noqa: F401 - an autouse fixture
from tests.e2e.test_moderation import suggest
from tests.emulator import Emulator, Member, Message
from tests.emulator.state import InteractionType

MOD_ONLY = "Only moderators can do that"
CSV = b"text,source\nLeaud was fourteen when he was cast.,Club notes\n"
RED_LIST = b"Who directed The 400 Blows?:\n- Truffaut\n"


def crafted_form(emulator: Emulator, world: DiscordWorld, member: Member, custom_id: str,
                 values: dict[str, str]) -> Any:
    """``member`` sends a form submission with any custom_id, as a modified client can."""
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()]
    return emulator._interact(InteractionType.MODAL_SUBMIT, member, world.general,
                              {"custom_id": custom_id, "components": rows})


def crafted_click(emulator: Emulator, world: DiscordWorld, member: Member, custom_id: str, message: Message) -> Any:
    """``member`` presses a button of a message only a moderator was shown (a modified client)."""
    return emulator._interact(InteractionType.MESSAGE_COMPONENT, member, world.general,
                              {"custom_id": custom_id, "component_type": 2}, message)


def show_everything_to_everyone(emulator: Emulator, world: DiscordWorld) -> None:
    """What a server admin can do in Discord's settings: every command visible to every member."""
    for name in ("facts", "config", "daily", "films"):
        emulator.commands(world.guild)[name]["default_member_permissions"] = None


async def counts(doinel: Doinel, guild_id: int) -> tuple[Any, ...]:
    db = doinel.db
    return (await db.scalar("SELECT count(*) FROM facts"),
            await db.scalar("SELECT count(*) FROM facts WHERE deleted_at IS NOT NULL"),
            await db.scalar("SELECT count(*) FROM suggestions WHERE status = 'pending'"),
            await db.scalar("SELECT count(*) FROM daily_schedules WHERE guild_id = ?", (guild_id,)),
            await db.scalar("SELECT count(*) FROM audit_log"),
            await db.scalar("SELECT count(*) FROM trivia_resets"),
            tuple(await db.fetchone("SELECT mod_role_id, log_channel_id FROM guild_settings WHERE guild_id = ?",
                                    (guild_id,)) or ()))


async def test_commands_shown_to_every_member_still_refuse_them_and_change_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    show_everything_to_everyone(emulator, w)
    before = await counts(doinel, w.guild.id)
    tries: list[tuple[str, dict[str, Any], str]] = [
        ("daily set", {"channel": w.general, "time": "9pm", "timezone": "Europe/Paris"}, MOD_ONLY),
        ("daily off", {}, MOD_ONLY),
        ("daily post-now", {}, MOD_ONLY),
        ("daily status", {}, MOD_ONLY),
        ("daily preview", {}, MOD_ONLY),
        ("facts hide", {"id": 1}, MOD_ONLY),
        ("facts history", {"id": 1}, MOD_ONLY),
        ("facts queue", {}, MOD_ONLY),
        ("facts export", {}, MOD_ONLY),
        ("facts remove", {"id": 1}, "only the bot's owners"),
        ("config modrole", {"role": w.moderators}, "Only members with Manage Server"),
        ("config logchannel", {"channel": w.general}, "Only members with Manage Server"),
        ("films add", {}, "only the bot's owners"),
        ("trivia reset", {}, MOD_ONLY),
        ("trivia settings", {"seconds": 5}, MOD_ONLY),
    ]
    for command, options, refusal in tries:
        record = await act(emulator, w.general, w.alice, command, **options)
        assert record.modal is None, command
        assert record.ephemeral and refusal in (record.content or ""), (command, record.content)
    assert await counts(doinel, w.guild.id) == before
    assert [m for m in emulator.messages(w.general) if m.author.id == emulator.bot_user.id] == []


async def test_crafted_queue_buttons_and_review_forms_from_a_member_change_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    number = await suggest(emulator, w, w.alice, "Truffaut kept the typewriter from the theft scene.")
    queue = (await act(emulator, w.general, w.moderator, "facts queue")).original
    before = await counts(doinel, w.guild.id)
    for action in ("approve", "edit", "reject"):
        refused = await crafted_click(emulator, w, w.bob, f"doinel:sugg:{action}:{number}", queue).wait_done()
        assert refused.modal is None and refused.ephemeral and MOD_ONLY in refused.content, (action, refused.content)
    rejected = await crafted_form(emulator, w, w.bob, f"doinel:form:reject:{number}", {"reason": "spam"}).wait_done()
    approved = await crafted_form(emulator, w, w.bob, f"doinel:form:approve:{number}",
                                  {"text": "Bob's own words", "film": "", "source": "", "tags": ""}).wait_done()
    for record in (rejected, approved):
        assert record.ephemeral and MOD_ONLY in record.content, record.content
    assert await counts(doinel, w.guild.id) == before
    assert await doinel.db.scalar("SELECT count(*) FROM facts WHERE text LIKE 'Bob%'") == 0


async def test_crafted_fact_forms_from_a_member_or_a_moderator_beyond_their_scope_change_nothing(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    before = await counts(doinel, w.guild.id)
    fields = {"film": "", "source": "Club notes", "tags": ""}
    added = await crafted_form(emulator, w, w.bob, "doinel:form:add:server",
                               {"text": "A member's own fact.", **fields}).wait_done()
    assert added.ephemeral and MOD_ONLY in added.content
    global_add = await crafted_form(emulator, w, w.moderator, "doinel:form:add:global",
                                    {"text": "A moderator's global fact.", **fields}).wait_done()
    edited = await crafted_form(emulator, w, w.moderator, "doinel:form:edit:1:0",
                                {"text": "A moderator rewrites a pack fact.", **fields}).wait_done()
    for record in (global_add, edited):
        assert record.ephemeral and "only the bot's owners" in record.content, record.content
        assert record.embeds and record.embeds[0]["title"] == "What you typed"     # nothing typed is lost
    assert await counts(doinel, w.guild.id) == before


async def test_a_demoted_moderator_cannot_confirm_a_facts_import(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "facts import", file=("club.csv", CSV))
    message = emulator.message(preview.followups[0].message_id)
    await emulator.update_member(w.moderator, roles=[])
    late = await (await emulator.click(message, buttons(message)["Import 1 change"], w.moderator)).wait_done()
    assert MOD_ONLY in said(late), said(late)
    assert await doinel.db.scalar("SELECT count(*) FROM facts WHERE guild_id = ?", (w.guild.id,)) == 0


async def test_a_demoted_moderator_cannot_confirm_a_trivia_reset(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    asked = await act(emulator, w.general, w.moderator, "trivia reset")
    await emulator.update_member(w.moderator, roles=[])                  # demoted while the question is open
    click = await (await emulator.click(asked.original, buttons(asked.original)["Reset"], w.moderator)).wait_done()
    shown = emulator.message(asked.original_message_id)
    told = " ".join(filter(None, [said(click), shown.content if shown else None]))
    assert MOD_ONLY in told, told
    assert await doinel.db.scalar("SELECT count(*) FROM trivia_resets") == 0


async def test_a_demoted_moderator_cannot_confirm_a_trivia_list_import(
        emulator: Emulator, discord_world: DiscordWorld, doinel: Doinel) -> None:
    w = discord_world
    preview = await act(emulator, w.general, w.moderator, "trivia questions import", file=("club.yaml", RED_LIST))
    message = emulator.message(preview.followups[-1].message_id)
    await emulator.update_member(w.moderator, roles=[])
    await (await emulator.click(message, buttons(message)["Import"], w.moderator)).wait_done()
    assert await doinel.db.scalar("SELECT count(*) FROM questions WHERE guild_id = ?", (w.guild.id,)) == 0
