"""One running round: an asyncio task that asks, waits, reveals and ends, committing before it shows.

Buttons rounds keep clicks in memory (answered at once) and write every answer to a question in one
transaction at the reveal, before the reveal shows who was right. Typed rounds commit the point of
the member who takes a question before telling them so. If the bot stops mid-round the task is
cancelled and the round stays 'running' in the database until the next start closes it as aborted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import discord

from bot.clock import Clock
from bot.db import Database
from bot.db import trivia as trivia_db
from bot.text import escape_markdown
from bot.trivia.planning import revised
from bot.trivia.session import EndReason, Mode, RoundQuestion, RoundSession, ScoreEvent
from cogs.trivia import render
from cogs.trivia.views import question_view, revealed_view

if TYPE_CHECKING:
    from bot.db.trivia import ClosedRound, Round

log = logging.getLogger(__name__)

START_DELAY = 3.0       # seconds between the announcement and the first question
REVEAL_PAUSE = 5.0      # seconds between a reveal and the next question
REPLY_NEEDS_HISTORY = 160002   # Discord refuses a reply from a bot without Read Message History


def mono_ms() -> int:
    return int(time.monotonic() * 1000)


class RunnerHost(Protocol):
    db: Database
    clock: Clock          # the bot's wall clock: the ledger dates each answer by it
    time_scale: float

    def forget(self, runner: RoundRunner) -> None: ...


class RoundRunner:
    def __init__(self, host: RunnerHost, round_: Round, session: RoundSession, channel: discord.abc.Messageable, *,
                 spoilers: bool, cycles: dict[int, int]) -> None:
        self.host = host
        self.round = round_
        self.session = session
        self.channel = channel
        self.spoilers = spoilers
        self.cycles = cycles  # question id -> the rotation cycle its asking is filed in
        self.wake = asyncio.Event()
        self.announced = asyncio.Event()  # set once the round's announcement (its link) is known
        self.task: asyncio.Task[None] | None = None
        self.take_task: asyncio.Task[None] | None = None
        self.skipped_by: int | None = None
        self.message: discord.Message | None = None
        self.shown_at_ms = 0  # wall clock: when the open question reached the channel (answers are timed from it)
        self.reason: EndReason | None = None
        self.closed = False   # the round is ended in the database

    @property
    def scale(self) -> float:
        return self.host.time_scale

    @property
    def first_question_in(self) -> float:
        return START_DELAY * self.scale

    def start(self) -> None:
        self.task = asyncio.create_task(self.run(), name=f"trivia-round-{self.round.id}")

    def cancel(self) -> list[asyncio.Task[None]]:
        """Cancel the round's tasks (the bot is stopping); the round stays 'running' until the next start."""
        tasks = [t for t in (self.task, self.take_task) if t is not None and not t.done()]
        for task in tasks:
            task.cancel()
        return tasks

    # -- controls (called from commands and listeners) -----------------------------------------------
    def stop(self, user_id: int) -> None:
        self.session.request_stop(user_id)
        self.wake.set()

    def skip(self, user_id: int) -> bool:
        """Reveal the open question now (True), or cut the pause before the next one (False)."""
        asking = self.session.is_open
        if asking:
            self.skipped_by = user_id
        self.wake.set()
        return asking

    def on_guess(self, message: discord.Message) -> None:
        take = self.session.guess(message.author.id, message.content, mono_ms())
        if take is not None:
            self.take_task = asyncio.create_task(self._confirm_take(message, take))
            self.wake.set()

    async def _confirm_take(self, message: discord.Message, take: ScoreEvent) -> None:
        """Commit the point, then tell the member: a crash in between loses nothing they were told."""
        try:
            await trivia_db.record_point(self.host.db, self.round.id, self.round.guild_id, take,
                                         shown_at_ms=self.shown_at_ms)
        except Exception:
            log.exception("round %s: could not save the point of %s; the reveal will retry", self.round.id,
                          take.user_id)
            return
        streak = f" · {take.streak} in a row" if take.streak > 1 else ""
        answer = render.spoiler(escape_markdown(self.session.questions[take.position].answer), self.spoilers)
        text = f"✅ <@{take.user_id}> got it: **{answer}** · +{take.points} points{streak}"
        try:
            try:
                await message.reply(text, mention_author=False)
            except discord.HTTPException as exc:
                if exc.code != REPLY_NEEDS_HISTORY:
                    raise
                await self.channel.send(text)   # a plain message: no reply, same words
        except discord.HTTPException as exc:
            log.warning("round %s: could not confirm a typed answer: %s", self.round.id, exc)

    # -- the round -----------------------------------------------------------------------------------
    def wall_ms(self) -> int:
        return int(self.host.clock.now() * 1000)

    async def run(self) -> None:
        reason = EndReason.ABORTED
        try:
            await self._pause(START_DELAY)
            while True:
                if self.session.stop_requested_by is not None:
                    reason = EndReason.STOPPED
                    break
                if not await self._ask():  # stopped while the question was being recorded
                    reason = EndReason.STOPPED
                    break
                await self._wait()
                found = await self._reveal()
                if found is not None:
                    reason = found
                    break
                await self._pause(REVEAL_PAUSE)
            await self._finish(reason)
        except asyncio.CancelledError:
            raise
        except discord.Forbidden as exc:   # a permission taken away mid-round: nothing is broken
            log.warning("round %s in channel %s: Discord refused a message (%s); the round stops",
                        self.round.id, self.round.channel_id, exc)
            await self._stop_failed(refused=True)
        except Exception:
            log.exception("round %s in channel %s failed", self.round.id, self.round.channel_id)
            await self._stop_failed(refused=False)
        finally:
            if not self.closed:  # else forgotten already, when the round was ended
                self.host.forget(self)

    async def _pause(self, seconds: float) -> None:
        self.wake.clear()
        if self.session.stop_requested_by is not None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.wake.wait(), seconds * self.scale)

    async def _ask(self) -> bool:
        self.skipped_by, self.take_task = None, None
        session = self.session
        upcoming = await self._as_it_is_now(session.questions[session.position + 1])
        await trivia_db.record_question(self.host.db, round_id=self.round.id, guild_id=self.round.guild_id,
                                        position=session.position + 1, question_id=upcoming.question_id,
                                        asked_at_ms=self.wall_ms(),
                                        cycle=self.cycles.get(upcoming.question_id, 1))
        if not session.has_next:
            return False
        # Only now: a skip sent while the question was being recorded was for the pause before it, not for it.
        self.wake.clear()
        question = session.ask(mono_ms())  # open before sending: the earliest click already counts
        self.shown_at_ms = self.wall_ms()
        closes_at = time.time() + session.seconds * self.scale
        embed = render.question_embed(session, question, closes_at)
        if session.mode is Mode.BUTTONS:
            view = question_view(self.round.id, session.position, question.choices)
            self.message = await self.channel.send(embed=embed, view=view)
        else:
            self.message = await self.channel.send(embed=embed)
        session.shown(mono_ms())
        self.shown_at_ms = self.wall_ms()
        await trivia_db.set_question_message(self.host.db, self.round.id, session.position, self.message.id)
        return True

    async def _as_it_is_now(self, planned: RoundQuestion) -> RoundQuestion:
        """The next question as a moderator may have corrected it since the round was planned: its new
        text, or the server's own telling of it, imported since (asked in its place, filed in its cycle)."""
        stored = await trivia_db.as_told_here(self.host.db, self.round.guild_id, planned.question_id)
        if stored is None:
            return planned
        same_choices = not planned.choices or set(stored.wrong_choices) <= set(planned.choices)
        if (stored.id, stored.prompt, stored.answers) == (planned.question_id, planned.prompt, planned.answers) \
                and same_choices:
            return planned
        current = revised(planned, stored.prompt, stored.answers, stored.wrong_choices)
        if stored.id != planned.question_id and current is not planned:
            current = replace(current, question_id=stored.id)
            self.cycles.setdefault(stored.id, self.cycles.get(planned.question_id, 1))
        if current != planned:
            self.session.revise_next(current)
        return current

    async def _wait(self) -> None:
        if self.session.stop_requested_by is not None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.wake.wait(), self.session.seconds * self.scale)

    async def _reveal(self) -> EndReason | None:
        session = self.session
        reveal = session.close()
        if self.take_task is not None:
            await self.take_task
        await trivia_db.record_reveal(self.host.db, self.round.id, self.round.guild_id, reveal.position,
                                      reveal.events, shown_at_ms=self.shown_at_ms, revealed_at_ms=self.wall_ms())
        session.apply(reveal, skipped=self.skipped_by is not None)  # committed: now it may be shown
        reason = session.end_reason()
        embed = render.reveal_embed(session, reveal, spoilers=self.spoilers, skipped_by=self.skipped_by,
                                    next_in=None if reason else REVEAL_PAUSE * self.scale)
        try:
            if session.mode is Mode.BUTTONS:
                q = reveal.question
                view = revealed_view(self.round.id, reveal.position, q.choices, reveal.counts,
                                     None if self.spoilers else q.correct)
                await self.message.edit(embed=embed, view=view)  # type: ignore[union-attr]
            else:
                await self.message.edit(embed=embed)  # type: ignore[union-attr]
        except discord.NotFound:  # the question was deleted: post the reveal instead
            await self.channel.send(embed=embed)
        return reason

    async def _close(self, reason: EndReason) -> ClosedRound:
        self.session.end()
        self.reason = reason
        ended = await trivia_db.finish_round(self.host.db, self.round.id, reason.value)
        self.closed = True
        self.host.forget(self)  # the channel is free as soon as the round is ended, summary sent or not
        return ended

    async def _finish(self, reason: EndReason) -> None:
        ended = await self._close(reason)
        await self.channel.send(embed=render.summary_embed(self.session, reason, ended.winner_id,
                                                           self.session.stop_requested_by))

    async def _stop_failed(self, *, refused: bool) -> None:
        """End a round that cannot go on, and say why: in the summary, or in plain text when that cannot
        be shown (``refused``: Discord refused a message, so an embed may be what is no longer allowed)."""
        ended = None
        if not self.closed:
            try:
                ended = await self._close(EndReason.ABORTED)
            except Exception:  # the database is out of reach: the next /trivia start here closes the round
                log.exception("round %s: could not end it", self.round.id)
        if ended is not None and not refused:
            embed = render.summary_embed(self.session, EndReason.ABORTED, ended.winner_id, None)
            embed.description = ("Something went wrong on my side and the round had to stop. Every point already "
                                 "revealed is saved.\n\n" + (embed.description or ""))
            try:
                await self.channel.send(embed=embed)
                return
            except Exception as exc:
                log.warning("round %s: could not show the summary: %s", self.round.id, exc)
        winner = ended.winner_id if ended is not None else None
        text = render.refused_text(self._missing_permissions(), winner) if refused else render.failed_text()
        with contextlib.suppress(Exception):
            await self.channel.send(text)

    def _missing_permissions(self) -> list[str]:
        """What Doinel lacks here to run a round, as far as its cache knows (the usual pair if unknown)."""
        channel, needs = self.channel, ["send_messages", "embed_links"]
        if isinstance(channel, discord.Thread):
            needs[0] = "send_messages_in_threads"
        me = getattr(getattr(channel, "guild", None), "me", None)
        if me is None or not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return needs
        perms = channel.permissions_for(me)
        return [p for p in ("view_channel", *needs) if not getattr(perms, p)] or needs
