"""Trivia messages and embeds, within Discord's limits."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import discord

from bot.db.guilds import GuildSettings
from bot.db.trivia_boards import BoardPage, BoardRow, MemberStats
from bot.db.trivia_sources import Source
from bot.permissions import permission_names
from bot.text import escape_markdown, plural
from bot.trivia.choices import LETTERS
from bot.trivia.rules import DEFAULT_IDLE_LIMIT, DEFAULT_MODE, DEFAULT_QUESTIONS, DEFAULT_SECONDS, Topic
from bot.trivia.session import (
    EndReason,
    Mode,
    Reveal,
    RoundQuestion,
    RoundSession,
    Standing,
    competition_ranks,
)
from bot.ui import paginator
from bot.ui.format import BRAND_COLOUR, EMBED_DESCRIPTION_LIMIT, cut, timestamp

GOOD, BAD = 0x2E8B57, 0x8B0000
SHOWN = 10  # players named in a round summary
PERIOD_NAMES = {"all": "All time", "month": "This month", "week": "This week"}
PERIOD_RULES = {"month": "months start on the 1st", "week": "weeks start on Monday"}
_END_TITLES = {
    EndReason.FINISHED: "🏁 Trivia round over",
    EndReason.STOPPED: "⏹️ Trivia round stopped",
    EndReason.IDLE: "💤 Trivia round ended: nobody was answering",
    EndReason.ABORTED: "⚠️ Trivia round interrupted",
}


def seconds_text(ms: int) -> str:
    return f"{ms / 1000:.1f} s"


def spoiler(text: str, on: bool) -> str:
    return f"||{text}||" if on else text


def start_text(session: RoundSession, starter_id: int, topic: Topic, first_in: float) -> str:
    how = ("pick an answer with the buttons; you can change it once" if session.mode is Mode.BUTTONS
           else "type your answer in this channel; the first correct answer takes the question")
    about = f" about **{escape_markdown(topic.film)}**" if topic.film else ""
    listed = f" from the list **{escape_markdown(topic.question_list)}**" if topic.question_list else ""
    title = f"Trivia{about}{listed}!" if about or listed else "**Trivia!**"
    return (f"🎬 {title} {plural(len(session.questions), 'question')} · {session.seconds} s each · "
            f"{session.mode.value} — started by <@{starter_id}>.\nHow to play: {how}. Faster answers score more, "
            f"and answers in a row earn a streak bonus. First question in {first_in:.0f} s.")


def _header(session: RoundSession, question: RoundQuestion) -> str:
    return f"Question {session.position + 1}/{len(session.questions)}"


def question_embed(session: RoundSession, question: RoundQuestion, closes_at: float) -> discord.Embed:
    lines = [f"**{cut(question.prompt, 1_000)}**", ""]
    if session.mode is Mode.BUTTONS:
        lines += [f"**{LETTERS[i]}** · {escape_markdown(cut(c, 200))}" for i, c in enumerate(question.choices)]
        lines += ["", f"⏱️ Closes {timestamp(closes_at, 'R')} · answer once, change once"]
    else:
        lines += [f"⏱️ Closes {timestamp(closes_at, 'R')} · type your answer here; first correct answer wins"]
    embed = discord.Embed(title=_header(session, question), description="\n".join(lines), colour=BRAND_COLOUR)
    if question.label:
        embed.set_footer(text=cut(question.label, 200))
    return embed


def reveal_embed(session: RoundSession, reveal: Reveal, *, spoilers: bool, skipped_by: int | None,
                 next_in: float | None) -> discord.Embed:
    q = reveal.question
    lines = [f"**{cut(q.prompt, 1_000)}**", ""]
    if session.mode is Mode.BUTTONS and q.correct is not None:
        lines.append(f"✅ Answer: {spoiler(f'**{LETTERS[q.correct]}** · {escape_markdown(q.answer)}', spoilers)}")
        lines += [f"{LETTERS[i]} · {escape_markdown(cut(c, 150))} — **{reveal.counts[i]}**"
                  for i, c in enumerate(q.choices)]
        lines.append("")
        if reveal.answered:
            lines.append(f"**{len(reveal.correct)}/{reveal.answered}** right")
    else:
        lines.append(f"✅ Answer: {spoiler(f'**{escape_markdown(q.answer)}**', spoilers)}")
        lines.append("")
        if reveal.answered:
            lines.append(f"{plural(reveal.answered, 'member')} had a go")
    if reveal.fastest is not None:
        f = reveal.fastest
        verb = "took it" if session.mode is Mode.TYPED else "fastest"
        bonus = f" · streak {f.streak}" if f.streak > 1 else ""
        lines.append(f"⚡ <@{f.user_id}> {verb} in {seconds_text(f.answer_ms)} (+{f.points}{bonus})")
    elif not reveal.answered:
        left = session.unanswered_left()
        lines.append("Nobody answered." + (f" The round ends after {plural(left, 'more unanswered question')}."
                                           if left else ""))
    else:
        lines.append("Nobody got it.")
    notes = []
    if skipped_by is not None:
        notes.append(f"Skipped by <@{skipped_by}>")
    if next_in is not None:
        notes.append(f"next question {timestamp(time.time() + next_in, 'R')}")
    if notes:
        lines += ["", " · ".join(notes)]
    embed = discord.Embed(title=f"{_header(session, q)} · answer", description=cut("\n".join(lines),
                          EMBED_DESCRIPTION_LIMIT), colour=GOOD if reveal.correct else BAD)
    if q.label:
        embed.set_footer(text=cut(q.label, 200))
    return embed


def stop_text(session: RoundSession, user_id: int) -> str:
    """What the channel reads when a round is stopped: it depends on whether a question is on screen."""
    if not session.asked:
        return f"⏹️ <@{user_id}> stopped the round before the first question."
    if session.is_open:
        return f"⏹️ <@{user_id}> stopped the round: revealing this question, then the scores."
    return f"⏹️ <@{user_id}> stopped the round: here come the scores."


def interrupted_embed(taken_by: int | None = None) -> discord.Embed:
    """The question a restart cut short; ``taken_by`` had already got it right (their point was saved)."""
    if taken_by:
        text = (f"⚠️ I restarted during this question. <@{taken_by}> had already got it right: that point counts, "
                "like every point revealed before it.")
    else:
        text = "⚠️ I restarted during this question, so it was not scored. Every point revealed before it is kept."
    return discord.Embed(title="Question interrupted", colour=BAD, description=text)


def failed_text() -> str:
    return ("⚠️ Something went wrong on my side and the trivia round here had to stop. Every point already "
            "revealed is kept. Start a new one with `/trivia start`.")


def refused_text(missing: Sequence[str], winner_id: int | None) -> str:
    """Plain text (an embed may be what Discord refuses): the round stopped for want of a permission."""
    winner = f" 🏆 Winner: <@{winner_id}>." if winner_id else ""
    return (f"⚠️ The trivia round here had to stop: I need {permission_names(missing)} here to go on. Every point "
            f"already revealed is kept.{winner} Start a new one with `/trivia start` once that is fixed.")


def aborted_text(winner_id: int | None) -> str:
    winner = f" 🏆 Winner: <@{winner_id}>." if winner_id else ""
    return (f"⚠️ The trivia round here was interrupted when I restarted. Every point already revealed is kept."
            f"{winner} Start a new one with `/trivia start`.")


def _standing_line(rank: int, s: Standing) -> str:
    streak = f" · best streak {s.best_streak}" if s.best_streak > 1 else ""
    return f"**{rank}.** <@{s.user_id}> — **{s.points}** pts · {s.correct}/{s.answered} right{streak}"


def _winner_lines(ranked: list[tuple[int, Standing]], winner_id: int | None) -> list[str]:
    """Who won; when several share first place (points and correct answers), all of them, as a tie."""
    first = [s for rank, s in ranked if rank == 1 and s.points > 0]
    if len(first) > 1:
        names = ", ".join(f"<@{s.user_id}>" for s in first[:SHOWN]) + (
            f" and {len(first) - SHOWN} more" if len(first) > SHOWN else "")
        lines = [f"🏆 Tie for first with **{first[0].points}** points: {names}"]
        if winner_id in {s.user_id for s in first}:  # the ledger records one win (README: ties go to less time)
            faster = winner_id == first[0].user_id and first[0].total_ms < first[1].total_ms
            lines.append(f"Tie-break: the win is recorded for <@{winner_id}>"
                         + (" (less time on correct answers)." if faster else "."))
        return lines
    if winner_id is not None:
        top = next((s for _, s in ranked if s.user_id == winner_id), None)
        points = f" with **{top.points}** points" if top else ""
        return [f"🏆 Winner: <@{winner_id}>{points}"]
    return ["No winner this time: nobody scored."]


def summary_embed(session: RoundSession, reason: EndReason, winner_id: int | None,
                  stopped_by: int | None = None) -> discord.Embed:
    ranked = competition_ranks(session.standings())
    lines = _winner_lines(ranked, winner_id)
    if reason is EndReason.STOPPED and stopped_by is not None:
        when = f"after question {session.asked}" if session.asked else "before the first question"
        lines.append(f"Stopped by <@{stopped_by}> {when}.")
    elif reason is EndReason.IDLE:
        lines.append(f"{plural(session.idle_limit, 'question')} in a row went unanswered.")
    if ranked:
        lines += ["", *(_standing_line(rank, s) for rank, s in ranked[:SHOWN])]
        if len(ranked) > SHOWN:
            lines.append(f"… and {len(ranked) - SHOWN} more")
    embed = discord.Embed(title=_END_TITLES[reason], description=cut("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
                          colour=BRAND_COLOUR)
    asked = (f"{session.asked} of {plural(len(session.questions), 'question')} asked" if session.asked
             else "No questions asked")
    embed.set_footer(text=f"{asked} · points are saved · /trivia leaderboard" if session.asked
                     else f"{asked} · /trivia leaderboard")
    return embed


def _percent(value: float | None) -> str:
    """Rounded down: only a perfect record reads 100% (199 right of 200 is 99%), and a right answer never 0%."""
    if value is None:
        return "—"
    percent = math.floor(value * 100 + 1e-9)   # 0.29 * 100 is 28.999999999999996
    return "<1%" if percent == 0 and value > 0 else f"{percent}%"


def board_line(row: BoardRow) -> str:
    return (f"**{row.rank}.** <@{row.user_id}> — **{row.points}** pts · {row.correct} right · "
            f"{_percent(row.accuracy)} · {plural(row.games, 'game')} · {plural(row.wins, 'win')}")


def period_began(period: str, since: int) -> str:
    """When a week or month board's period began, as a timestamp each member reads in their own time."""
    return f"Since <t:{since}:f> (<t:{since}:R>): {PERIOD_RULES[period]} at 00:00 UTC."


def leaderboard_pages(board: BoardPage, period: str, page_size: int, since: int = 0) -> list[discord.Embed]:
    """The board's pages; a week or month board says first when its period began (``since``, unix time)."""
    shown = f"top {len(board.rows)} of " if board.total > len(board.rows) else ""
    footer = f"{shown}{plural(board.total, 'player')} · points · correct answers · accuracy · games · wins"
    lines = [board_line(r) for r in board.rows] or ["Nobody has scored yet. Start a round with /trivia start!"]
    header = period_began(period, since) if period in PERIOD_RULES else ""
    return paginator.pages_from_entries(lines, title=f"Trivia leaderboard · {PERIOD_NAMES[period]}",
                                        per_page=page_size, footer=footer, header=header)


def stats_embed(stats: MemberStats, name: str, *, own: bool = False,
                starts: tuple[int, int] | None = None) -> discord.Embed:
    """``name``'s trivia stats; ``own`` when members look at their own (the empty case then says "You").

    ``starts``: when this month and this week began (unix time), shown in each member's own time.
    """
    embed = discord.Embed(title=f"Trivia stats · {escape_markdown(cut(name, 200))}", colour=BRAND_COLOUR)
    row = stats.all_time
    if row is None:
        who = "You haven't" if own else f"{escape_markdown(cut(name, 200))} hasn't"
        embed.description = (f"{who} answered any trivia in this server yet." if stats.players
                             else "No trivia answers yet in this server.")
        return embed
    embed.add_field(name="All time", value=f"**{row.points}** pts · #{row.rank} of {stats.players}")
    for index, (label, period) in enumerate((("This month", stats.month), ("This week", stats.week))):
        value = f"**{period.points}** pts · #{period.rank}" if period else "—"
        embed.add_field(name=label, value=f"{value}\nsince <t:{starts[index]}:d>" if starts else value)
    embed.add_field(name="Correct answers", value=f"{row.correct} of {row.answered} ({_percent(row.accuracy)})")
    embed.add_field(name="Games", value=str(row.games))
    embed.add_field(name="Wins", value=str(row.wins))
    if row.fastest_ms is not None:
        embed.add_field(name="Fastest correct answer", value=seconds_text(row.fastest_ms))
    embed.set_footer(text="Weeks start on Monday and months on the 1st, at 00:00 UTC")
    return embed


def source_state(source: Source) -> str:
    """A film or list as the settings list it: 'week1 (4)', 'week1 (3 of 4: 1 is about a film turned off)'."""
    if not source.blocked or not source.enabled:
        return f"{source.name} ({source.questions})"
    if source.playable:
        return (f"{source.name} ({source.playable} of {source.questions}: {source.blocked} "
                f"{'is' if source.blocked == 1 else 'are'} about a film turned off)")
    return f"{source.name} ({source.questions}: each is about a film turned off)"


def source_label(source: Source, *, kind: bool = False) -> str:
    """A film or question list as autocomplete shows it: 'List · OTDB night · 1 question'."""
    prefix = f"{source.kind.title()} · " if kind else ""
    return f"{prefix}{source.name} · {plural(source.questions, 'question')}"


SETTING_NAMES = {"trivia_seconds": "seconds per question", "trivia_questions": "questions per round",
                 "trivia_mode": "mode", "trivia_spoilers": "answers in spoilers", "trivia_idle_limit": "idle limit"}


def settings_changed(changes: dict[str, Any], toggled: list[str]) -> str:
    """'seconds per question 30, answers in spoilers on; The 400 Blows off' for the moderation log."""
    values = [f"{SETTING_NAMES[k]} {('on' if v else 'off') if isinstance(v, bool) else v}" for k, v in changes.items()]
    return "; ".join(part for part in (", ".join(values), ", ".join(toggled)) if part)


def settings_embed(s: GuildSettings, sources: list[Source], notes: list[str]) -> discord.Embed:
    embed = discord.Embed(title="Trivia settings", colour=BRAND_COLOUR, description="\n".join(notes) or None)
    embed.add_field(name="Seconds per question", value=str(s.trivia_seconds or DEFAULT_SECONDS))
    embed.add_field(name="Questions per round", value=str(s.trivia_questions or DEFAULT_QUESTIONS))
    embed.add_field(name="Mode", value=s.trivia_mode or DEFAULT_MODE.value)
    embed.add_field(name="Answers in spoilers", value="on" if s.trivia_spoilers else "off")
    embed.add_field(name="Idle limit", value=plural(s.trivia_idle_limit or DEFAULT_IDLE_LIMIT, "unanswered question"))
    on = [source_state(x) for x in sources if x.playable]
    off = [source_state(x) for x in sources if not x.playable]
    embed.add_field(name="Films and lists on", value=cut(", ".join(on) or "none", 1_024), inline=False)
    if off:
        embed.add_field(name="Turned off", value=cut(", ".join(off), 1_024), inline=False)
    return embed
