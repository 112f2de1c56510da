"""Where the refresh token lives: the OS keyring (``keyring``), never settings or logs.

Tests use ``keyrings.alt``'s file backend (``PYTHON_KEYRING_BACKEND``) or
:class:`MemoryTokenStore`. When no keyring backend works (a bare Linux desktop without
a secret service), the token is kept in memory only and the user signs in again next
time — it is never written in plain text by us.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

SERVICE = "Prospector sync"


@dataclass(frozen=True)
class StoredLogin:
    username: str
    refresh_token: str


class TokenStore(Protocol):
    def load(self, key: str) -> StoredLogin | None: ...
    def save(self, key: str, login: StoredLogin) -> None: ...
    def forget(self, key: str) -> None: ...


class MemoryTokenStore:
    def __init__(self) -> None:
        self.items: dict[str, StoredLogin] = {}

    def load(self, key: str) -> StoredLogin | None:
        return self.items.get(key)

    def save(self, key: str, login: StoredLogin) -> None:
        self.items[key] = login

    def forget(self, key: str) -> None:
        self.items.pop(key, None)


class KeyringTokenStore:
    """One keyring entry per (server, device): service ``Prospector sync``."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._fallback = MemoryTokenStore()
        self._broken = False

    def _keyring_failed(self, exc: Exception) -> None:
        if not self._broken:
            log.warning("the OS keyring is unavailable (%s); the sign-in is kept in memory", exc)
        self._broken = True

    def load(self, key: str) -> StoredLogin | None:
        if self._broken:
            return self._fallback.load(key)
        import keyring
        from keyring.errors import KeyringError

        try:
            raw = keyring.get_password(self.service, key)
        except (KeyringError, RuntimeError, OSError) as exc:
            self._keyring_failed(exc)
            return self._fallback.load(key)
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return StoredLogin(str(data["username"]), str(data["refresh_token"]))
        except (ValueError, KeyError, TypeError):
            return None

    def save(self, key: str, login: StoredLogin) -> None:
        self._fallback.save(key, login)
        if self._broken:
            return
        import keyring
        from keyring.errors import KeyringError

        raw = json.dumps({"username": login.username, "refresh_token": login.refresh_token})
        try:
            keyring.set_password(self.service, key, raw)
        except (KeyringError, RuntimeError, OSError) as exc:
            self._keyring_failed(exc)

    def forget(self, key: str) -> None:
        self._fallback.forget(key)
        if self._broken:
            return
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(self.service, key)
        except PasswordDeleteError:
            pass
        except (KeyringError, RuntimeError, OSError) as exc:
            self._keyring_failed(exc)
