"""/daily: the fact of the day, posted in a channel at a local time; and the poster the scheduler uses."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import InvalidInput, NotFound
from bot.facts import browse, daily_admin
from bot.facts.missed import MissedRun
from bot.facts.posting import OutgoingPost, PostFailed
from bot.facts.schedule import utc_offset
from bot.facts.scheduler import DailyScheduler, PostOutcome
from bot.moderation import changes
from bot.text import escape_markdown, one_line
from bot.ui.actor import actor_from
from bot.ui.choices import choices, offer
from bot.ui.facts import DAILY_COLOUR, daily_post_embed, jump_url, long_date
from bot.ui.format import BRAND_COLOUR, EMBED_FIELD_VALUE_LIMIT, cut, timestamp
from bot.ui.modlog import post_log

if TYPE_CHECKING:
    from bot.client import Doinel

log = logging.getLogger(__name__)

# An unconfirmed post is looked for among the messages since its claim, from this long before it
# (Discord's clock and ours may differ a little). It was sent right after the claim: the first page has it.
FIND_MARGIN_S = 600
CHANNEL_NEEDS = ("view_channel", "send_messages", "embed_links")
THREAD_NEEDS = ("view_channel", "send_messages_in_threads", "embed_links")
MISSED_REASON_CHARS = 160  # why a run of days was not posted, in /daily status
THREAD_ARCHIVED = 50083   # Discord's error for a post in an archived thread it may not reopen (locked)


class ChannelPoster:
    """``Poster`` for the scheduler: sends the daily embed, finds it again by its footer marker."""

    def __init__(self, bot: Doinel) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise self._failure(exc, channel_id) from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise PostFailed(f"<#{channel_id}> is not a channel Doinel can post in.", permanent=True)
        return channel

    @staticmethod
    def _failure(exc: discord.HTTPException, channel_id: int) -> PostFailed:
        if isinstance(exc, discord.NotFound):
            return PostFailed(f"The channel <#{channel_id}> no longer exists (Discord error {exc.code}). "
                              "Pick another one with /daily set.", permanent=True, code=exc.code)
        if isinstance(exc, discord.Forbidden):
            return PostFailed(f"Doinel is missing a permission in <#{channel_id}> (Discord error {exc.code}): it "
                              "needs View Channel, Send Messages and Embed Links there.", permanent=True, code=exc.code)
        if exc.code == THREAD_ARCHIVED:
            return PostFailed(f"The thread <#{channel_id}> is closed and locked (Discord error {exc.code}). Unlock "
                              "it, or pick another channel or thread with /daily set.", permanent=True, code=exc.code)
        if isinstance(exc, discord.DiscordServerError):
            return PostFailed(f"Discord had a server error ({exc.status}).", permanent=False, code=exc.code)
        return PostFailed(f"Discord refused the post ({exc.status}, error {exc.code}): {cut(exc.text, 200)}",
                          permanent=True, code=exc.code)

    async def send(self, post: OutgoingPost) -> int:
        channel = await self._channel(post.target_id)
        role_id = post.ping_role_id
        # Only a server the gateway has sent knows its roles: a post sent while Doinel is still starting
        # (a late post, a recovered claim) fetches its channel, whose server has none yet, and pings anyway.
        if role_deleted(self.bot.get_guild(post.guild_id), role_id):
            log.info("guild %s: ping role %s was deleted, posting without a ping", post.guild_id, role_id)
            role_id = None
        if role_id:
            content: str | None = f"<@&{role_id}>"
            # Only the configured role may be pinged; nothing in the fact can ping anyone.
            allowed = discord.AllowedMentions(everyone=False, users=False, replied_user=False,
                                              roles=[discord.Object(role_id)])
        else:
            content, allowed = None, discord.AllowedMentions.none()
        try:
            message = await channel.send(content=content, embed=daily_post_embed(post), allowed_mentions=allowed,
                                         nonce=post.nonce)
        except discord.HTTPException as exc:
            raise self._failure(exc, post.target_id) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PostFailed(f"Network error talking to Discord ({type(exc).__name__}).", permanent=False) from exc
        return message.id

    def newest_message(self, channel_id: int) -> int | None:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            return None    # not in the cache (or a kind of channel that does not track it): by the clock
        return channel.last_message_id or 0    # 0: the channel had no message: from its start

    async def find(self, post: OutgoingPost, channel_id: int, since: int, after_message: int | None) -> int | None:
        channel = await self._channel(channel_id)
        me = self.bot.user.id if self.bot.user else None
        # After the message known before the claim (Discord's clock); else by the host's clock, with a margin.
        # (Not after snowflake 0: discord.py would send no "after" at all and read the newest messages.)
        after = discord.Object(max(after_message, 1) if after_message is not None else discord.utils.time_snowflake(
            datetime.fromtimestamp(since - FIND_MARGIN_S, UTC)))
        try:
            async for message in channel.history(limit=None, after=after, oldest_first=True):
                if message.author.id == me and any(post.marker in (e.footer.text or "") for e in message.embeds):
                    return message.id
        except discord.HTTPException as exc:
            failure = self._failure(exc, channel_id)
            if isinstance(exc, discord.Forbidden):
                failure = PostFailed(f"Doinel can't read the history of <#{channel_id}> (needs Read Message "
                                     "History)", permanent=True, code=exc.code)
            raise failure from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PostFailed(f"Network error talking to Discord ({type(exc).__name__}).", permanent=False) from exc
        return None


def role_deleted(guild: discord.Guild | None, role_id: int | None) -> bool:
    """True when a ping role is set but ``guild`` no longer has it: a post would show "@deleted-role"."""
    return role_id is not None and guild is not None and guild.get_role(role_id) is None


ROLE_DELETED = "⚠️ The ping role was deleted: posts go out without a ping. Pick another with /daily set."


async def place_deleted(guild: discord.Guild | None, channel_id: int, thread_id: int | None) -> bool:
    """True when the daily channel, or the thread set in it, is no longer in ``guild``.

    Every channel of a server is in discord.py's cache; archived threads are not, so a thread that is
    not cached is asked for (Discord answers Not Found for a deleted one).
    """
    if guild is None:
        return False
    if guild.get_channel(channel_id) is None:
        return True
    if thread_id is None or guild.get_thread(thread_id) is not None:
        return False
    try:
        await guild.fetch_channel(thread_id)
    except discord.NotFound:
        return True
    except discord.HTTPException:  # unknown (no access, Discord busy): the post itself will say
        return False
    return False


CHANNEL_DELETED = "⚠️ This channel or thread no longer exists: nothing can be posted. Pick another with /daily set."


async def _thread(option: app_commands.AppCommandThread, me: discord.Member | None) -> discord.Thread:
    """The thread a member picked, archived ones included (discord.py only caches the active ones).

    Discord reopens an archived thread when a post comes in, unless it is locked. A locked thread takes
    posts only from members who may manage threads, and only while it is open.
    """
    thread = option.guild.get_thread(option.id) if option.guild else None
    if thread is None:
        try:
            thread = await option.fetch()
        except discord.HTTPException as exc:
            raise NotFound(f"I can't open {option.mention} (Discord error {exc.code}): pick another thread, "
                           "or check that I can see it.") from exc
    if thread.locked and (thread.archived or me is None or not thread.permissions_for(me).manage_threads):
        raise InvalidInput(f"{thread.mention} is locked: the daily posts would be refused there. "
                           "Unlock it, or pick another thread or channel.")
    return thread


def _missing(target: discord.abc.GuildChannel | discord.Thread, me: discord.Member | None) -> tuple[list[str], bool]:
    """The permissions the bot lacks to post in ``target``, and whether it can read its history."""
    if me is None:
        return [], True
    perms = target.permissions_for(me)
    needs = THREAD_NEEDS if isinstance(target, discord.Thread) else CHANNEL_NEEDS
    return [p for p in needs if not getattr(perms, p)], perms.read_message_history


def outcome_message(outcome: PostOutcome, guild_id: int) -> str:
    link = (f" [Jump to it]({jump_url(guild_id, outcome.channel_id, outcome.message_id)})."
            if outcome.channel_id and outcome.message_id else "")
    if outcome.state == "posted":
        return f"Posted the fact of {long_date(outcome.local_date)} in <#{outcome.channel_id}>.{link}"
    if outcome.state == "already":
        return f"Today's fact was already posted ({long_date(outcome.local_date)}): one post a day.{link}"
    if outcome.state == "busy":
        return "Today's post is being sent right now. Check /daily status in a moment."
    return f"Could not post: {outcome.error}"


class Daily(commands.Cog):
    daily = app_commands.Group(name="daily", description="Post a fact of the day in a channel, at a local time",
                               guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, bot: Doinel) -> None:
        self.bot = bot
        self.scheduler = DailyScheduler(bot.db, ChannelPoster(bot), bot.clock)

    async def cog_load(self) -> None:
        if self.bot.serving:          # not in `sync` beside the running bot
            self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()

    def _now(self) -> int:
        return int(self.bot.clock.now())

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        if await daily_admin.bot_removed(self.bot.db, guild.id, self._now()):
            log.info("removed from guild %s: its daily posts are off", guild.id)
            self.scheduler.wake()

    async def timezone_autocomplete(self, interaction: discord.Interaction,
                                    current: str) -> list[app_commands.Choice[str]]:
        return choices(browse.zone_choices(current, self.bot.clock.now()))

    async def film_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await offer("film", current, browse.film_choices(self.bot.db, current))

    @daily.command(name="set", description="Post a fact every day at a local time (moderators)")
    @app_commands.describe(channel="The channel to post in", time="Local time, like 09:00 or 9pm",
                           timezone="Your timezone, like Europe/Paris (type a city)",
                           film="Only facts about this film", ping_role="A role to ping with each post",
                           thread="Post in this thread of the channel instead")
    @app_commands.autocomplete(timezone=timezone_autocomplete, film=film_autocomplete)
    async def set_(self, interaction: discord.Interaction, channel: discord.TextChannel, time: str, timezone: str,
                   film: str | None = None, ping_role: discord.Role | None = None,
                   thread: app_commands.AppCommandThread | None = None) -> None:
        actor = actor_from(interaction)
        await daily_admin.require_mod(self.bot.db, actor)
        if thread is not None and thread.parent_id != channel.id:
            await interaction.response.send_message(
                f"{thread.mention} is not a thread of {channel.mention}: pick one of its threads.", ephemeral=True)
            return
        me = interaction.guild.me if interaction.guild else None
        target = await _thread(thread, me) if thread is not None else channel
        missing, can_read = _missing(target, me)
        done = await daily_admin.configure(
            self.bot.db, actor, channel_id=channel.id, thread_id=thread.id if thread else None, time_text=time,
            timezone_text=timezone, film_text=film, ping_role_id=ping_role.id if ping_role else None,
            bot_missing=missing, now=self._now())
        self.scheduler.wake()
        schedule = done.schedule
        assert schedule.next_post_at is not None
        embed = discord.Embed(title="Daily facts are on", colour=BRAND_COLOUR)
        embed.add_field(name="Where", value=target.mention)
        # The offset the posts go out at (the first one may be after a change of clocks), not today's.
        offset = utc_offset(schedule.timezone, datetime.fromtimestamp(schedule.next_post_at, UTC))
        embed.add_field(name="When", value=f"{schedule.local_time} {schedule.timezone} ({offset})")
        embed.add_field(name="First post", value=f"{timestamp(schedule.next_post_at, 'F')} "
                                                 f"({timestamp(schedule.next_post_at, 'R')})", inline=False)
        embed.add_field(name="Film", value=escape_markdown(done.film.label) if done.film else "All films")
        embed.add_field(name="Ping", value=ping_role.mention if ping_role else "Nobody")
        warnings = []
        if done.pool == 0:
            warnings.append("No approved facts match these settings: nothing will be posted until some are added.")
        if not can_read:
            warnings.append("I can't read that channel's history: after a crash I couldn't check whether a post "
                            "went out, so it would be reported rather than sent again. Grant Read Message History.")
        if ping_role is not None and not ping_role.mentionable and me is not None \
                and not target.permissions_for(me).mention_everyone:
            warnings.append(f"{ping_role.mention} can't be mentioned by me: make it mentionable, or give me "
                            "“Mention @everyone, @here and All Roles” in that channel.")
        if warnings:
            embed.add_field(name="Heads-up", value=cut("\n".join(f"• {w}" for w in warnings),
                                                       EMBED_FIELD_VALUE_LIMIT), inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)
        await post_log(self.bot, self.bot.db, interaction.guild_id, changes.daily_log_line(
            interaction.user.id, f"{schedule.local_time} {schedule.timezone}", target.mention,
            film=escape_markdown(done.film.label) if done.film else None,
            ping=ping_role.mention if ping_role else None))

    @daily.command(name="off", description="Stop the daily fact (settings are kept) (moderators)")
    async def off(self, interaction: discord.Interaction) -> None:
        await daily_admin.turn_off(self.bot.db, actor_from(interaction), self._now())
        self.scheduler.wake()
        await interaction.response.send_message(
            "Daily facts are off. Your settings are kept: /daily set turns them back on.", ephemeral=True)
        await post_log(self.bot, self.bot.db, interaction.guild_id, changes.daily_log_line(interaction.user.id))

    @daily.command(name="status", description="Next post, last post and last error (moderators)")
    async def status(self, interaction: discord.Interaction) -> None:
        state = await daily_admin.status(self.bot.db, actor_from(interaction), self._now())
        embed = status_embed(state, interaction.guild_id or 0,
                             ping_gone=role_deleted(interaction.guild, state.schedule.ping_role_id),
                             channel_gone=await place_deleted(interaction.guild, state.schedule.channel_id,
                                                              state.schedule.thread_id))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @daily.command(name="preview", description="See the next daily post as it will look (moderators)")
    async def preview(self, interaction: discord.Interaction) -> None:
        shown = await daily_admin.preview(self.bot.db, actor_from(interaction), self._now())
        where = f"<#{shown.post.target_id}>"
        when = (f"{timestamp(shown.next_post_at, 'F')} ({timestamp(shown.next_post_at, 'R')})"
                if shown.next_post_at else "when daily facts are back on (they are off)")
        role_id = shown.post.ping_role_id
        ping = f", pinging <@&{role_id}>" if role_id else ""
        if role_deleted(interaction.guild, role_id):
            ping = ", without a ping (the ping role was deleted: pick another with /daily set)"
        gone = await place_deleted(interaction.guild, shown.post.channel_id, shown.post.thread_id)
        warning = f"{CHANNEL_DELETED}\n" if gone else ""
        await interaction.response.send_message(f"{warning}**Preview** — to be posted in {where} {when}{ping}:",
                                                embed=daily_post_embed(shown.post), ephemeral=True)

    @daily.command(name="post-now", description="Post today's fact now, if it hasn't gone out (moderators)")
    async def post_now(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        await daily_admin.require_mod(self.bot.db, actor)
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await asyncio.shield(daily_admin.post_now(self.bot.db, actor, self.scheduler))
        await interaction.followup.send(outcome_message(outcome, interaction.guild_id or 0), ephemeral=True)


def missed_text(runs: Sequence[MissedRun], limit: int = EMBED_FIELD_VALUE_LIMIT) -> str:
    """One line per run of missed days: every day named once, then why; the reasons are shortened so that
    every day fits in ``limit`` (a week of days missed for different reasons included)."""
    heads = [f"• {', '.join(long_date(d) for d in run.days)}: " for run in runs]
    room = (limit - sum(map(len, heads)) - (len(runs) - 1)) // max(1, len(runs))
    lines = [head + one_line(run.reason or "not posted", max(1, min(MISSED_REASON_CHARS, room)))
             for head, run in zip(heads, runs, strict=True)]
    return cut("\n".join(lines), limit)


def status_embed(state: daily_admin.Status, guild_id: int, *, ping_gone: bool = False,
                 channel_gone: bool = False) -> discord.Embed:
    s = state.schedule
    embed = discord.Embed(title=f"Daily facts: {'on' if s.enabled else 'off'}",
                          colour=DAILY_COLOUR if s.enabled else BRAND_COLOUR)
    embed.add_field(name="Where", value=f"<#{s.target_id}>\n{CHANNEL_DELETED}" if channel_gone else f"<#{s.target_id}>")
    embed.add_field(name="When", value=f"{s.local_time} {s.timezone}")
    embed.add_field(name="Film", value=escape_markdown(state.film.label) if state.film else "All films")
    if s.enabled and s.next_post_at:
        embed.add_field(name="Next post", value=f"{timestamp(s.next_post_at, 'F')} ({timestamp(s.next_post_at, 'R')})",
                        inline=False)
    today = state.today_post if state.today_post and state.today_post.state != "posted" else None
    if today is not None:        # today's post is late or failed: said here, not again as Last error
        tries = f" after {today.attempts} tries" if today.attempts > 1 else ""
        text = "being sent" if today.state == "claimed" else f"not posted{tries}: {today.error or 'failed'}"
        embed.add_field(name=f"Today ({long_date(state.today)})", value=cut(text, EMBED_FIELD_VALUE_LIMIT),
                        inline=False)
    last = state.last_post
    if last is not None and last.channel_id and last.message_id:
        when = f" {timestamp(last.posted_at, 'R')}" if last.posted_at else ""
        day = long_date(date.fromisoformat(last.local_date))
        embed.add_field(name="Last post", value=f"[Fact #{last.fact_id} · {day}]"
                                                f"({jump_url(guild_id, last.channel_id, last.message_id)}){when}",
                        inline=False)
    else:
        embed.add_field(name="Last post", value="None yet", inline=False)
    left = max(0, state.pool - state.used_in_cycle)
    pool = (f"{state.pool} fact{'s' if state.pool != 1 else ''} to draw from · cycle {state.cycle}: "
            f"{state.used_in_cycle} used, about {left} to go")
    if state.pool == 0:
        pool = "⚠️ No approved facts match: nothing can be posted until some are added or the film is changed."
    embed.add_field(name="Facts", value=pool, inline=False)
    if s.ping_role_id:
        embed.add_field(name="Ping", value=ROLE_DELETED if ping_gone else f"<@&{s.ping_role_id}>")
    if s.last_error and not (today is not None and today.error == s.last_error):
        when = f" ({timestamp(s.last_error_at, 'R')})" if s.last_error_at else ""
        embed.add_field(name="Last error", value=cut(f"{s.last_error}{when}", EMBED_FIELD_VALUE_LIMIT), inline=False)
    if state.failures:
        embed.add_field(name="Not posted earlier this week", value=missed_text(state.missed), inline=False)
    by = f" by <@{s.updated_by}>" if s.updated_by else ""
    embed.add_field(name="Settings last changed", value=f"{timestamp(s.updated_at, 'R')}{by}", inline=False)
    return embed


async def setup(bot: Doinel) -> None:
    await bot.add_cog(Daily(bot))
