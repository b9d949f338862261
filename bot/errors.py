"""Errors whose message is safe to show to a Discord member.

Anything raised from the core that a member should read is a ``UserFacingError``; the command
tree turns it into an ephemeral reply. Every other exception is a bug: the member gets an
apology and the log gets the traceback.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error with a message written for the member who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(UserFacingError):
    """The member typed something we cannot use; nothing was changed."""


class NotFound(UserFacingError):
    """The thing the member asked for does not exist (or is not theirs to see)."""


class PermissionDenied(UserFacingError):
    """The member may not do this here."""


class Conflict(UserFacingError):
    """The action clashes with the current state (e.g. a round already running)."""


class RateLimited(UserFacingError):
    """The member is doing this too often."""


class ConfigError(Exception):
    """A setting is missing or malformed. The message names the variable and the fix."""
