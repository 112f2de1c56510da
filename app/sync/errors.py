"""Why a sync did not happen, in words for the person at the laptop. Every one of
them leaves the outbox as it was."""

from __future__ import annotations

from app.errors import UserError


class SyncError(UserError):
    """A sync failed; nothing local was lost."""


class ServerUnreachable(SyncError):
    """No answer from the server (down, no network, time-out)."""


class LoginRequired(SyncError):
    """No valid sign-in and no credentials to get one."""


class UpdateRequired(SyncError):
    """This client's schema is too old for the server (HTTP 426)."""


class ServerTooOld(SyncError):
    """The server does not know this client's schema (it is older than the app)."""


class SyncRefused(SyncError):
    """The server refused a request (4xx) for a reason it states."""
