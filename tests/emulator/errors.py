"""Discord's JSON errors, as exceptions the REST handlers raise."""

from __future__ import annotations

from typing import Any


class APIError(Exception):
    """An HTTP error answered as Discord does: ``{"code", "message"[, "errors"]}``.

    ``violation`` marks errors that mean the bot broke one of Discord's rules (a limit);
    the server records those in ``emu.violations``.
    """

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: dict[str, Any] | None = None,
        violation: bool = False,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.violation = violation
        self.problems = problems or []

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            data["errors"] = self.errors
        return data


def unauthorized() -> APIError:
    return APIError(401, 0, "401: Unauthorized")


def not_found() -> APIError:
    return APIError(404, 0, "404: Not Found")


def unknown_channel() -> APIError:
    return APIError(404, 10003, "Unknown Channel")


def unknown_guild() -> APIError:
    return APIError(404, 10004, "Unknown Guild")


def unknown_member() -> APIError:
    return APIError(404, 10007, "Unknown Member")


def unknown_message() -> APIError:
    return APIError(404, 10008, "Unknown Message")


def unknown_role() -> APIError:
    return APIError(404, 10011, "Unknown Role")


def unknown_webhook() -> APIError:
    return APIError(404, 10015, "Unknown Webhook")


def unknown_command() -> APIError:
    return APIError(404, 10063, "Unknown application command")


def unknown_interaction() -> APIError:
    return APIError(404, 10062, "Unknown interaction")


def missing_access() -> APIError:
    return APIError(403, 50001, "Missing Access")


def cannot_message_user() -> APIError:
    """A DM to a user who does not accept it (closed DMs, no shared server, a bot)."""
    return APIError(403, 50007, "Cannot send messages to this user")


def unknown_user() -> APIError:
    return APIError(404, 10013, "Unknown User")


def missing_permissions() -> APIError:
    return APIError(403, 50013, "Missing Permissions")


def cannot_edit_foreign_message() -> APIError:
    return APIError(403, 50005, "Cannot edit a message authored by another user")


def invalid_webhook_token() -> APIError:
    return APIError(401, 50027, "Invalid Webhook Token")


def already_acknowledged() -> APIError:
    return APIError(400, 40060, "Interaction has already been acknowledged.")


def entity_too_large() -> APIError:
    return APIError(413, 40005, "Request entity too large", violation=True, problems=["file too large"])


def empty_message() -> APIError:
    return APIError(400, 50006, "Cannot send an empty message", violation=True, problems=["empty message"])


def thread_archived() -> APIError:
    return APIError(400, 50083, "Thread is archived")


def invalid_form(errors: dict[str, Any], problems: list[str]) -> APIError:
    return APIError(400, 50035, "Invalid Form Body", errors=errors, violation=True, problems=problems)
