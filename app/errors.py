"""Domain errors: expected failures with a message meant for a person."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: bad input, unknown id, refused action.

    The message is shown as is (CLI: ``{"error": message}`` and exit 1; GUI: the
    error presenter). Never put a stack trace or internal detail in it.
    """

    def __init__(self, message: str, *, details: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(UserError):
    """The thing asked for does not exist."""


class ProfileError(UserError):
    """The local workspace cannot be opened (corrupt, newer schema, unwritable)."""
