"""A bare discord.py bot, defined here, proving the emulator works without Doinel's code."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.emulator import Channel, Emulator, Guild, Member, Role
from tests.emulator.pytest_plugin import emulator, emulator_config, run_client  # noqa: F401

FRUITS = ["apple", "apricot", "banana", "blackberry", "cherry"]


class PressView(discord.ui.View):
    """A persistent view: survives restarts and works on any message carrying it."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Press", custom_id="bare:press", style=discord.ButtonStyle.primary)
    async def press(self, interaction: discord.Interaction, button: discord.ui.Button[PressView]) -> None:
        await interaction.response.send_message(f"pressed by {interaction.user.name}", ephemeral=True)


class CounterView(discord.ui.View):
    """A non-persistent view bound to the message it was sent with."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.count = 0

    @discord.ui.button(label="0", custom_id="bare:count")
    async def count_up(self, interaction: discord.Interaction, button: discord.ui.Button[CounterView]) -> None:
        self.count += 1
        button.label = str(self.count)
        await interaction.response.edit_message(content=f"count {self.count}", view=self)

    @discord.ui.select(
        custom_id="bare:colour", options=[discord.SelectOption(label=c, value=c) for c in ("red", "blue")]
    )
    async def colour(self, interaction: discord.Interaction, select: discord.ui.Select[CounterView]) -> None:
        await interaction.response.send_message(f"colour {select.values[0]}")

    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="bare:who", max_values=2)
    async def who(self, interaction: discord.Interaction, select: discord.ui.UserSelect[CounterView]) -> None:
        await interaction.response.send_message("chose " + " and ".join(u.name for u in select.values))


class NameModal(discord.ui.Modal, title="Your name"):
    name = discord.ui.TextInput(label="Name", custom_id="bare:name", max_length=20)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"hello {self.name.value}")


def build_commands(bot: BareBot) -> list[app_commands.Command | app_commands.Group]:  # type: ignore[type-arg]
    @app_commands.command(description="Answer pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    @app_commands.command(description="Defer, follow up, edit")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("working")
        await interaction.edit_original_response(content="finished")

    @app_commands.command(description="Ephemeral answer")
    async def secret(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("only you", ephemeral=True)

    @app_commands.command(description="Echo typed options")
    @app_commands.describe(text="text", times="times", loud="loud", who="who", where="where", role="role")
    async def echo(
        interaction: discord.Interaction,
        text: str,
        times: int = 1,
        loud: bool = False,
        who: discord.Member | None = None,
        where: discord.TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        said = (text.upper() if loud else text) * times
        extras = [getattr(x, "name", "") for x in (who, where, role) if x is not None]
        await interaction.response.send_message(" ".join([said, *extras]))

    @app_commands.command(description="Post buttons")
    async def buttons(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("press it", view=PressView())

    @app_commands.command(description="Post a counter")
    async def counter(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("count 0", view=CounterView())

    @app_commands.command(description="Open a modal")
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(NameModal())

    @app_commands.command(description="Pick a fruit")
    async def pick(interaction: discord.Interaction, fruit: str) -> None:
        await interaction.response.send_message(f"you picked {fruit}")

    @pick.autocomplete("fruit")
    async def pick_fruit(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]

    @app_commands.command(description="Reply too long")
    async def long(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)

    @app_commands.command(description="Answer too late")
    async def late(interaction: discord.Interaction, seconds: float) -> None:
        await asyncio.sleep(seconds)
        try:
            await interaction.response.send_message("sorry I am late")
        except discord.NotFound as exc:
            bot.note_failure(exc)

    @app_commands.command(description="Send into this channel")
    async def post(interaction: discord.Interaction, text: str) -> None:
        try:
            await interaction.channel.send(text)  # type: ignore[union-attr]
        except discord.HTTPException as exc:
            bot.note_failure(exc)
            await interaction.response.send_message(f"failed {exc.status} {exc.code}", ephemeral=True)
        else:
            await interaction.response.send_message("posted", ephemeral=True)

    @app_commands.command(description="Send a file")
    async def upload(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("here", file=discord.File(io.BytesIO(b"hello file"), "hello.txt"))

    @app_commands.command(description="Measure an attachment")
    async def size(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        await interaction.response.send_message(f"{file.filename} has {len(data)} bytes: {data.decode()}")

    @app_commands.command(description="Moderators only")
    @app_commands.default_permissions(manage_guild=True)
    async def modonly(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("welcome, moderator")

    fact = app_commands.Group(name="fact", description="Facts")

    @fact.command(name="search", description="Search facts")
    async def fact_search(interaction: discord.Interaction, query: str) -> None:
        await interaction.response.send_message(f"searching {query}")

    return [ping, slow, secret, echo, buttons, counter, form, pick, long, late, post, upload, size, modonly, fact]


class BareBot(commands.Bot):
    """Only discord.py: a few app commands, a persistent view, and recorders for tests."""

    def __init__(self, guild_id: int, *, intents: discord.Intents | None = None) -> None:
        super().__init__(command_prefix="!", intents=intents or discord.Intents.default(), guild_ready_timeout=0.1)
        self.guild_id = guild_id
        self.failures: list[Exception] = []
        self.failed = asyncio.Event()
        self.seen_messages: list[discord.Message] = []
        self.message_seen = asyncio.Event()
        self.resumed = asyncio.Event()

    async def setup_hook(self) -> None:
        guild = discord.Object(self.guild_id)
        for command in build_commands(self):
            self.tree.add_command(command, guild=guild)
        self.add_view(PressView())
        await self.tree.sync(guild=guild)

    def note_failure(self, exc: Exception) -> None:
        self.failures.append(exc)
        self.failed.set()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before every re-IDENTIFY; the emulator has no identify limit to respect."""

    async def on_message(self, message: discord.Message) -> None:
        self.seen_messages.append(message)
        self.message_seen.set()

    async def on_resumed(self) -> None:
        self.resumed.set()


@dataclass
class World:
    guild: Guild
    general: Channel
    owner: Member
    alice: Member
    bob: Member
    mods: Role


@pytest.fixture
async def world(emulator: Emulator) -> World:  # noqa: F811
    guild = await emulator.create_guild("Bare Guild")
    general = await emulator.create_text_channel(guild, "general")
    mods = await emulator.create_role(guild, "Mods", permissions=discord.Permissions(manage_guild=True))
    alice = await emulator.add_member(guild, "alice")
    bob = await emulator.add_member(guild, "bob", roles=[mods])
    return World(guild, general, emulator.owner(guild), alice, bob, mods)


@pytest.fixture
async def bare_bot(emulator: Emulator, world: World) -> AsyncIterator[BareBot]:  # noqa: F811
    bot = BareBot(world.guild.id)
    async with run_client(bot, emulator.config.token):
        yield bot
