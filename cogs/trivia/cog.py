"""/trivia: start, stop, skip, leaderboard and stats; the answer buttons and typed answers.

Settings, resets and question lists are in ``cogs.trivia.manage`` (a mixin of this cog).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.clock import Clock
from bot.db import guilds
from bot.db import trivia as trivia_db
from bot.db import trivia_boards as boards
from bot.db import trivia_sources as sources_db
from bot.db.trivia import ClosedRound
from bot.errors import Conflict, InvalidInput, NotFound
from bot.permissions import permission_names
from bot.text import escape_markdown, plural
from bot.tree import report_error
from bot.trivia.planning import plan_round
from bot.trivia.rules import (
    QUESTIONS_MAX,
    QUESTIONS_MIN,
    SECONDS_MAX,
    SECONDS_MIN,
    Topic,
    require_controller,
    require_free_to_start,
    resolve_options,
)
from bot.trivia.scoring import period_start
from bot.trivia.session import Click, EndReason, Mode, RoundSession
from bot.ui import paginator
from bot.ui.actor import actor_from
from bot.ui.choices import offer
from bot.ui.deadline import in_time, reply
from bot.ui.format import CHOICES_MAX, choice_name
from cogs.trivia import render
from cogs.trivia.manage import ManageCommands
from cogs.trivia.runner import RoundRunner, mono_ms
from cogs.trivia.views import ENDED, answer, answer_expired_confirm, parse_answer

if TYPE_CHECKING:
    from bot.client import Doinel
    from bot.trivia.rules import RoundOptions

log = logging.getLogger(__name__)

PAGE_SIZE = 10
THREAD_TYPES = frozenset({discord.ChannelType.public_thread, discord.ChannelType.private_thread,
                          discord.ChannelType.news_thread})
BOARD_MAX = 250  # the top 250 are paged; everyone sees their own rank in /trivia stats
CLICK_TEXT = {
    Click.LOCKED: "Locked in **{letter}** · {choice}. You can change your answer once before the reveal.",
    Click.CHANGED: "Changed to **{letter}** · {choice} (no more changes).",
    Click.SAME: "You're already locked in on **{letter}**.",
    Click.NO_MORE_CHANGES: "You already changed your answer once: **{letter}** stays locked in.",
    Click.CLOSED: "Too late: this question is closed. Get ready for the next one!",
    Click.OVER: "That question is over: answer the latest one.",
    Click.INVALID: "That choice isn't on this question.",
    Click.ENDED: ENDED,
}


def require_guild(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise InvalidInput("Trivia works in servers only.")
    return interaction.guild_id


@app_commands.guild_only()
class Trivia(ManageCommands, commands.GroupCog, group_name="trivia",
             group_description="Film trivia rounds: fast, fair, and every point kept"):
    """Runs rounds (one per channel, many channels at once) and keeps their scores."""

    # Tests speed rounds up: every wait (question time, pauses) is multiplied by this.
    time_scale: float = 1.0

    def __init__(self, bot: Doinel) -> None:
        self.bot = bot
        self.db = bot.db
        self.runners: dict[int, RoundRunner] = {}
        self.by_channel: dict[int, RoundRunner] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._closing = False  # set at unload: a start finishing after it must not launch a round
        self._starting = asyncio.Lock()

    # -- lifecycle -----------------------------------------------------------------------------------
    async def cog_load(self) -> None:
        paginator.install(self.bot)
        if not self.bot.serving:      # `sync` beside the running bot: its rounds are its own
            return
        closed = await trivia_db.abort_running_rounds(self.db)
        if closed:
            log.info("closed %d trivia rounds left running as aborted", len(closed))
            self._spawn(self._announce_aborted(closed))

    async def cog_unload(self) -> None:
        self._closing = True
        tasks = [t for r in list(self.runners.values()) for t in r.cancel()]
        for task in self._background:
            task.cancel()
            tasks.append(task)
        await asyncio.gather(*tasks, return_exceptions=True)
        self.runners.clear()
        self.by_channel.clear()

    def _spawn(self, coro: object) -> None:
        task = asyncio.create_task(coro)  # type: ignore[arg-type]
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _announce_aborted(self, closed: list[ClosedRound]) -> None:
        """After a restart: mark the interrupted question and say what happened in the round's channel.

        The question keeps its buttons: a click on them answers "This round has ended." to anyone who
        missed the notice.
        """
        await self.bot.wait_until_ready()
        for item in closed:
            r = item.round
            channel = self.bot.get_partial_messageable(r.channel_id, guild_id=r.guild_id)
            if item.open_question_message_id:
                try:   # the question may have been deleted meanwhile: the notice below still goes out
                    await channel.get_partial_message(item.open_question_message_id).edit(
                        embed=render.interrupted_embed(item.taken_by))
                except discord.HTTPException as exc:
                    log.info("could not mark the interrupted question of round %s: %s", r.id, exc)
            try:
                await channel.send(render.aborted_text(r.winner_id))
            except discord.HTTPException as exc:
                log.info("could not announce aborted round %s: %s", r.id, exc)

    @property
    def clock(self) -> Clock:
        """The bot's wall clock: rounds date answers by it, boards start their periods by it."""
        return self.bot.clock

    def _period_start(self, period: str) -> int:
        """Where a board period starts by the bot's clock (the one the ledger dates answers by)."""
        return period_start(period, datetime.fromtimestamp(self.clock.now(), UTC))

    def _round_of(self, guild_id: int, member_id: int) -> RoundRunner | None:
        """A round the member started that runs in this server, if any."""
        return next((r for r in self.runners.values()
                     if r.round.guild_id == guild_id and r.session.starter_id == member_id), None)

    def _upcoming(self, guild_id: int) -> Counter[int]:
        """Questions the server's running rounds have planned but not asked yet (reserved for them)."""
        return Counter(q.question_id for r in self.runners.values() if r.round.guild_id == guild_id
                       for q in r.session.upcoming())

    def forget(self, runner: RoundRunner) -> None:
        self.runners.pop(runner.round.id, None)
        if self.by_channel.get(runner.round.channel_id) is runner:
            del self.by_channel[runner.round.channel_id]

    # -- answers -------------------------------------------------------------------------------------
    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer buttons (routed by custom id, even from before a restart) and expired confirmations."""
        if interaction.type is not discord.InteractionType.component:
            return
        click = parse_answer(str((interaction.data or {}).get("custom_id", "")))
        if click is not None:
            await answer(interaction, self, click)
        else:
            await answer_expired_confirm(interaction)

    def answer_click(self, user_id: int, round_id: int, position: int, choice: int) -> str:
        """A click on an answer button: decided in memory, so the reply goes out at once."""
        runner = self.runners.get(round_id)
        if runner is None:
            return ENDED
        session = runner.session
        result = session.choose(user_id, position, choice, mono_ms())
        text = CLICK_TEXT[result.outcome]
        if result.choice is None:
            return text
        return text.format(letter="ABCD"[result.choice], choice=session.questions[position].choices[result.choice])

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        runner = self.by_channel.get(message.channel.id)
        if runner is None or message.author.bot or runner.session.mode is not Mode.TYPED:
            return
        runner.on_guess(message)

    # -- commands ------------------------------------------------------------------------------------
    @app_commands.command(name="start", description="Start a trivia round in this channel")
    @app_commands.describe(film="Only questions about this film", questions="How many questions (1-50)",
                           seconds="Seconds per question (5-120)",
                           mode="buttons: pick A-D (default) · typed: type the answer in the channel",
                           question_list="Only questions from this imported list")
    @app_commands.rename(question_list="list")
    async def start(self, interaction: discord.Interaction, film: str | None = None,
                    questions: app_commands.Range[int, QUESTIONS_MIN, QUESTIONS_MAX] | None = None,
                    seconds: app_commands.Range[int, SECONDS_MIN, SECONDS_MAX] | None = None,
                    mode: Literal["buttons", "typed"] | None = None, question_list: str | None = None) -> None:
        await self.start_round(interaction, film, questions, seconds, mode, question_list)

    @commands.Cog.listener()
    async def on_doinel_trivia_request(self, interaction: discord.Interaction, film_id: int) -> None:
        """The "Trivia" button of a /film card: a round about that film, as ``/trivia start film:<id>``.

        The lookup cog dispatches this event (cogs never import each other) and tells the member if
        nobody answers within 2.5 s; errors here follow the bot's error policy.
        """
        try:
            guild_id = require_guild(interaction)
            films = {s.key for s in await sources_db.sources(self.db, guild_id) if s.kind == "film"}
            if str(film_id) not in films:
                raise NotFound("There are no trivia questions about this film in this server yet.")
            await self.start_round(interaction, str(film_id), None, None, None)
        except Exception as error:
            await report_error(interaction, error, f"trivia request for film {film_id}")

    async def start_round(self, interaction: discord.Interaction, film: str | None, questions: int | None,
                          seconds: int | None, mode: str | None, question_list: str | None = None) -> None:
        guild_id = require_guild(interaction)
        channel = interaction.channel
        if channel is None or interaction.channel_id is None:
            raise InvalidInput("I can't run a round here.")
        running = self.by_channel.get(interaction.channel_id)
        if running is not None:
            with contextlib.suppress(TimeoutError):  # a start a moment ago: its link is on its way
                await asyncio.wait_for(running.announced.wait(), 2)
            raise Conflict(f"A trivia round is already running in this channel: {running.round.link}\nJoin in, "
                           "or wait for it to end (its starter or a moderator can `/trivia stop` it).")
        perms = interaction.app_permissions
        # A thread may be known only by its id and type (PartialMessageable) when it is not cached.
        in_thread = getattr(channel, "type", None) in THREAD_TYPES
        send = "send_messages_in_threads" if in_thread else "send_messages"
        missing = [p for p in (send, "embed_links") if not getattr(perms, p)]
        if missing:
            raise InvalidInput(f"I need {permission_names(missing)} in this {'thread' if in_thread else 'channel'} "
                               "to run a round.")
        settings = await guilds.get(self.db, guild_id)
        mine = self._round_of(guild_id, interaction.user.id)
        if mine is not None:
            with contextlib.suppress(TimeoutError):  # its link is on its way
                await asyncio.wait_for(mine.announced.wait(), 2)
        options = resolve_options(questions=questions, seconds=seconds, mode=mode,
                                  default_questions=settings.trivia_questions, default_seconds=settings.trivia_seconds,
                                  default_mode=settings.trivia_mode, idle_limit=settings.trivia_idle_limit,
                                  message_content=self.bot.settings.message_content)
        topic = await self._resolve_topic(guild_id, film, question_list)
        runner = await in_time(interaction, self._open_round(interaction, options, topic,
                                                             spoilers=settings.trivia_spoilers,
                                                             mod_role_id=settings.mod_role_id))
        session, planned, round_ = runner.session, runner.session.questions, runner.round
        try:
            text = render.start_text(session, interaction.user.id, topic, runner.first_question_in)
            if len(planned) < options.questions:
                verb = "is" if len(planned) == 1 else "are"
                text += f"\n(Only {plural(len(planned), 'question')} {verb} available{topic.about}.)"
            if mode is None and settings.trivia_mode == Mode.TYPED and options.mode is Mode.BUTTONS:
                text += "\n(Typed rounds need the Message Content intent, which is off: playing with buttons.)"
            message_id = await reply(interaction, content=text)
        except BaseException:
            self.forget(runner)
            with contextlib.suppress(Exception):
                await trivia_db.finish_round(self.db, round_.id, EndReason.ABORTED.value)
            raise
        try:
            if message_id:
                await trivia_db.set_round_message(self.db, round_.id, message_id)
                runner.round = await trivia_db.get_round(self.db, round_.id) or round_
        finally:
            runner.announced.set()
        if self._closing:  # the bot stopped meanwhile: the round is closed as aborted at the next start
            return
        runner.start()

    async def _open_round(self, interaction: discord.Interaction, options: RoundOptions, topic: Topic, *,
                          spoilers: bool, mod_role_id: int | None) -> RoundRunner:
        """Plan the round's questions, create it and register its runner (not started yet).

        One start plans at a time, so it sees the questions the server's running rounds have reserved
        and the rounds the member already runs.
        """
        guild_id, channel_id, starter_id = require_guild(interaction), interaction.channel_id, interaction.user.id
        assert channel_id is not None
        async with self._starting:
            mine = self._round_of(guild_id, starter_id)
            require_free_to_start(actor_from(interaction), mod_role_id, mine.round.link if mine else None)
            left = await trivia_db.running_round(self.db, channel_id)
            if left is not None and left.id not in self.runners:
                # Its runner failed and could not close it (the database was busy): it runs nowhere.
                log.warning("closing round %s in channel %s, left running by a failed runner", left.id, channel_id)
                await trivia_db.finish_round(self.db, left.id, EndReason.ABORTED.value)
            pool = await trivia_db.question_pool(self.db, guild_id, topic.film_id, topic.question_list)
            plan = plan_round(pool, options.questions, options.mode, random.Random(),
                              reserved=self._upcoming(guild_id))
            if not plan.questions:
                where = topic.about
                if pool and options.mode is Mode.BUTTONS:
                    raise NotFound(f"The trivia questions{where} here can't make a buttons round: each needs wrong "
                                   "choices to show, its own or other answers from a list of at least 4 questions. "
                                   "Try `mode: typed`.")
                raise NotFound(f"There are no trivia questions{where} to play in this server yet. A moderator "
                               "can import some with `/trivia questions import` or turn lists back on in "
                               "`/trivia settings`.")
            round_ = await trivia_db.create_round(
                self.db, guild_id=guild_id, channel_id=channel_id, started_by=starter_id,
                film_id=topic.film_id, mode=options.mode.value, question_count=len(plan.questions),
                seconds=options.seconds)
            session = RoundSession(round_.id, plan.questions, mode=options.mode, seconds=options.seconds,
                                   idle_limit=options.idle_limit, starter_id=starter_id,
                                   limit_ms=round(options.seconds * 1000 * self.time_scale))
            runner = RoundRunner(self, round_, session, interaction.channel, spoilers=spoilers,  # type: ignore[arg-type]
                                 cycles=plan.cycles)
            self.runners[round_.id] = runner
            self.by_channel[round_.channel_id] = runner
        return runner

    async def _resolve_topic(self, guild_id: int, film: str | None, question_list: str | None) -> Topic:
        """The film and list a round is narrowed to, each on in this server."""
        chosen = await sources_db.film_source(self.db, guild_id, film) if film else None
        listed = await sources_db.list_source(self.db, guild_id, question_list) if question_list else None
        for source, what in ((chosen, "about"), (listed, "from the list")):
            if source is not None and not source.enabled:
                raise InvalidInput(f"Questions {what} {escape_markdown(source.name)} are turned off in this server "
                                   "(a moderator can turn them on in `/trivia settings`).")
        return Topic(int(chosen.key) if chosen else None, chosen.name if chosen else None,
                     listed.key if listed else None)

    @start.autocomplete("question_list")
    async def _list_autocomplete(self, interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        return await offer("list", current, self._source_pairs(interaction.guild_id, current, "list"))

    @start.autocomplete("film")
    async def _film_autocomplete(self, interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        return await offer("film", current, self._source_pairs(interaction.guild_id, current, "film"))

    async def _source_pairs(self, guild_id: int | None, current: str, kind: str) -> list[tuple[str, str]]:
        """The server's films (or lists) with questions a round may ask whose name holds ``current``."""
        if guild_id is None:
            return []
        return [(choice_name(render.source_label(s)), s.key)
                for s in await sources_db.matching(self.db, guild_id, current, enabled=True, kind=kind,
                                                   limit=CHOICES_MAX) if s.playable]

    def _running(self, interaction: discord.Interaction) -> RoundRunner:
        runner = self.by_channel.get(interaction.channel_id or 0)
        if runner is None:
            raise NotFound("No trivia round is running in this channel.")
        return runner

    @app_commands.command(name="stop", description="Stop the round in this channel (its starter or a moderator)")
    async def stop(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        runner = self._running(interaction)
        settings = await guilds.get(self.db, guild_id)
        require_controller(actor_from(interaction), runner.session.starter_id, settings.mod_role_id, "stop")
        text = render.stop_text(runner.session, interaction.user.id)  # before stopping: what is on screen now
        runner.stop(interaction.user.id)
        await interaction.response.send_message(text)

    @app_commands.command(name="skip", description="Reveal the current question now (its starter or a moderator)")
    async def skip(self, interaction: discord.Interaction) -> None:
        guild_id = require_guild(interaction)
        runner = self._running(interaction)
        settings = await guilds.get(self.db, guild_id)
        require_controller(actor_from(interaction), runner.session.starter_id, settings.mod_role_id,
                           "skip questions in")
        position = runner.session.position + 1
        if runner.skip(interaction.user.id):
            await interaction.response.send_message(f"⏭️ <@{interaction.user.id}> skipped question {position}.")
        else:
            await interaction.response.send_message("⏭️ Next question coming up.", ephemeral=True)

    @app_commands.command(name="leaderboard", description="The server's trivia leaderboard")
    @app_commands.describe(period="all time (default), this month or this week (UTC)")
    async def leaderboard(self, interaction: discord.Interaction,
                          period: Literal["all", "month", "week"] = "all") -> None:
        guild_id = require_guild(interaction)
        since = self._period_start(period)
        board = await in_time(interaction, boards.leaderboard(self.db, guild_id, since=since, limit=BOARD_MAX))
        pages = render.leaderboard_pages(board, period, PAGE_SIZE, since)
        await paginator.Paginator(pages).start(interaction)  # a public board: anyone may turn its pages

    @app_commands.command(name="stats", description="Trivia stats for you or another member")
    # A User, not a Member: members who left stay on the boards.
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        guild_id = require_guild(interaction)
        who = member or interaction.user
        starts = self._period_start("month"), self._period_start("week")
        found = await in_time(interaction, boards.member_stats(self.db, guild_id, who.id,
                                                               month_start=starts[0], week_start=starts[1]))
        await reply(interaction, embed=render.stats_embed(found, who.display_name, own=who.id == interaction.user.id,
                                                          starts=starts))


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Trivia(bot))
