"""Round options and who may control a round: decided here, whatever Discord's permissions say."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import Conflict, InvalidInput, PermissionDenied
from bot.permissions import Actor, is_moderator
from bot.text import escape_markdown
from bot.trivia.session import Mode

QUESTIONS_MIN, QUESTIONS_MAX, DEFAULT_QUESTIONS = 1, 50, 10
SECONDS_MIN, SECONDS_MAX, DEFAULT_SECONDS = 5, 120, 20
IDLE_MIN, IDLE_MAX, DEFAULT_IDLE_LIMIT = 1, 10, 3
DEFAULT_MODE = Mode.BUTTONS

TYPED_NEEDS_INTENT = (
    "Typed rounds need the Message Content intent, which is off for this bot. The bot's owner can enable it "
    "in the Discord developer portal (Bot tab) and set MESSAGE_CONTENT_INTENT=true; until then, play with "
    "mode: buttons."
)


@dataclass(frozen=True)
class Topic:
    """What a round's questions are narrowed to: a film, a question list, both, or neither."""

    film_id: int | None = None
    film: str | None = None             # the film's label: 'The 400 Blows (1959)'
    question_list: str | None = None

    @property
    def about(self) -> str:
        """' about The 400 Blows (1959)', ' from the list week1', both, or '' (Markdown escaped)."""
        film = f" about {escape_markdown(self.film)}" if self.film else ""
        return film + (f" from the list {escape_markdown(self.question_list)}" if self.question_list else "")


@dataclass(frozen=True)
class RoundOptions:
    questions: int
    seconds: int
    mode: Mode
    idle_limit: int


def _in_range(name: str, value: int, lo: int, hi: int) -> int:
    if not lo <= value <= hi:
        raise InvalidInput(f"{name} must be between {lo} and {hi}; you gave {value}.")
    return value


def resolve_options(*, questions: int | None, seconds: int | None, mode: str | None,
                    default_questions: int | None = None, default_seconds: int | None = None,
                    default_mode: str | None = None, idle_limit: int | None = None,
                    message_content: bool = False) -> RoundOptions:
    """The options of a new round: what the member chose, else the server's defaults, else ours."""
    chosen_mode = Mode(mode or default_mode or DEFAULT_MODE)
    if chosen_mode is Mode.TYPED and not message_content:
        if mode is None:  # the server's default is typed but the bot can't read messages: fall back
            chosen_mode = Mode.BUTTONS
        else:
            raise InvalidInput(TYPED_NEEDS_INTENT)
    return RoundOptions(
        questions=_in_range("questions", questions or default_questions or DEFAULT_QUESTIONS,
                            QUESTIONS_MIN, QUESTIONS_MAX),
        seconds=_in_range("seconds", seconds or default_seconds or DEFAULT_SECONDS, SECONDS_MIN, SECONDS_MAX),
        mode=chosen_mode,
        idle_limit=_in_range("idle limit", idle_limit or DEFAULT_IDLE_LIMIT, IDLE_MIN, IDLE_MAX),
    )


def can_control(actor: Actor, starter_id: int, mod_role_id: int | None) -> bool:
    """The member who started the round, or a moderator, may skip questions and stop it."""
    return actor.user_id == starter_id or is_moderator(actor, mod_role_id)


def require_controller(actor: Actor, starter_id: int, mod_role_id: int | None, action: str) -> None:
    if not can_control(actor, starter_id, mod_role_id):
        raise PermissionDenied(f"Only the member who started this round (<@{starter_id}>) or a moderator can "
                               f"{action} it.")


def may_run_several(actor: Actor, mod_role_id: int | None) -> bool:
    """Moderators may run several rounds at once (a game night in two channels); members one at a time,
    so that one member cannot fill every channel."""
    return is_moderator(actor, mod_role_id)


def require_free_to_start(actor: Actor, mod_role_id: int | None, running_link: str | None) -> None:
    """A member runs one round at a time in a server (``running_link``: the one they run, if any)."""
    if running_link is not None and not may_run_several(actor, mod_role_id):
        raise Conflict(f"You already have a trivia round running: {running_link}\nLet it finish, or stop it with "
                       "`/trivia stop` in its channel, before you start another.")
