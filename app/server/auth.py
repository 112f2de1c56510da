"""Accounts on the server: argon2 passwords, signed short-lived access tokens, rotating
refresh tokens, and login throttling kept in the database (so every worker process sees
the same counts and the server stays stateless between requests)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.server.settings import ServerSettings
from models import (
    AuthSession,
    Device,
    LoginThrottle,
    ServerKey,
    User,
    new_id,
    utcnow,
)

log = logging.getLogger(__name__)

THROTTLE = cast(Table, LoginThrottle.__table__)
SESSIONS = cast(Table, AuthSession.__table__)
DEVICES = cast(Table, Device.__table__)


class AuthError(Exception):
    """A refused credential or token: 401 with this message."""


class Throttled(Exception):
    """Too many failed logins: 429 with the seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many failed sign-ins. Wait {retry_after} s and try again, or ask an "
            "administrator to check the account."
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Principal:
    """Who makes a request: the user, the device the token was issued to, the role."""

    user_id: uuid.UUID
    username: str
    role: str
    team: str | None
    device_id: uuid.UUID | None
    session_id: uuid.UUID | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


# ---- passwords --------------------------------------------------------------------------


def password_hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    return (hasher or password_hasher()).hash(password)


_DUMMY: dict[int, str] = {}


def verify_password(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored``. An unknown user is checked against a
    dummy hash, so the time taken does not tell which user names exist."""
    if stored is None:
        key = id(hasher)
        if key not in _DUMMY:
            _DUMMY[key] = hasher.hash(secrets.token_urlsafe(16))
        stored = _DUMMY[key]
        real = False
    else:
        real = True
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return real


# ---- access tokens ----------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """HMAC-SHA256 signed access tokens ``v1.<kid>.<payload>.<signature>``. The keys
    live in the database (``server_keys``), so every worker verifies every token."""

    def __init__(self, keys: dict[str, bytes], current: str) -> None:
        self.keys = keys
        self.current = current

    @classmethod
    def load(cls, session: Session) -> TokenSigner:
        rows = session.execute(
            select(ServerKey.kid, ServerKey.secret, ServerKey.created_at).where(
                ServerKey.deleted.is_(False)
            )
        ).all()
        if not rows:
            kid = secrets.token_hex(4)
            try:
                with session.begin_nested():
                    session.add(ServerKey(kid=kid, secret=secrets.token_hex(32)))
            except IntegrityError:  # another worker made one at the same moment
                pass
            session.commit()
            rows = session.execute(
                select(ServerKey.kid, ServerKey.secret, ServerKey.created_at).where(
                    ServerKey.deleted.is_(False)
                )
            ).all()
        newest = max(rows, key=lambda r: r.created_at)
        return cls({r.kid: bytes.fromhex(r.secret) for r in rows}, newest.kid)

    def sign(self, payload: dict[str, Any]) -> str:
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        head = f"v1.{self.current}.{body}"
        sig = hmac.new(self.keys[self.current], head.encode(), hashlib.sha256).digest()
        return f"{head}.{_b64(sig)}"

    def verify(self, token: str, now: dt.datetime) -> dict[str, Any]:
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != "v1" or len(token) > 2000:
            raise AuthError("Malformed access token; sign in again.")
        key = self.keys.get(parts[1])
        if key is None:
            raise AuthError("Unknown token key; sign in again.")
        head = ".".join(parts[:3])
        expected = hmac.new(key, head.encode(), hashlib.sha256).digest()
        try:
            given = _unb64(parts[3])
            payload = json.loads(_unb64(parts[2]))
        except (ValueError, UnicodeDecodeError) as exc:
            raise AuthError("Malformed access token; sign in again.") from exc
        if not hmac.compare_digest(expected, given) or not isinstance(payload, dict):
            raise AuthError("Invalid access token; sign in again.")
        if float(payload.get("exp", 0)) <= now.timestamp():
            raise AuthError("The access token has expired; refresh it or sign in again.")
        return payload


def principal_from_payload(payload: dict[str, Any]) -> Principal:
    try:
        return Principal(
            user_id=uuid.UUID(payload["sub"]),
            username=str(payload["usr"]),
            role=str(payload["role"]),
            team=payload.get("team"),
            device_id=uuid.UUID(payload["dev"]) if payload.get("dev") else None,
            session_id=uuid.UUID(payload["sid"]) if payload.get("sid") else None,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise AuthError("Malformed access token; sign in again.") from exc


# ---- login, refresh, logout --------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Issued:
    access_token: str
    access_expires_at: dt.datetime
    refresh_token: str
    refresh_expires_at: dt.datetime
    user: User
    device_id: uuid.UUID | None


class Accounts:
    """Login, refresh and logout, with throttling. One instance per app (stateless: all
    state is in the database)."""

    def __init__(
        self,
        settings: ServerSettings,
        signer: TokenSigner,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.settings = settings
        self.signer = signer
        self.hasher = hasher or password_hasher()

    # -- throttling
    def _check_throttle(self, session: Session, keys: list[str], now: dt.datetime) -> None:
        rows = session.execute(
            select(THROTTLE.c.key, THROTTLE.c.locked_until).where(THROTTLE.c.key.in_(keys))
        ).all()
        waits = [
            int((r.locked_until - now).total_seconds()) + 1
            for r in rows
            if r.locked_until is not None and _aware(r.locked_until) > now
        ]
        if waits:
            raise Throttled(max(waits))

    def _record_failure(self, session: Session, key: str, limit: int, now: dt.datetime) -> None:
        s = self.settings
        row = session.execute(select(THROTTLE).where(THROTTLE.c.key == key)).first()
        if row is None:
            try:
                with session.begin_nested():
                    session.execute(
                        insert(THROTTLE).values(
                            id=new_id(),
                            key=key,
                            failures=1,
                            window_started_at=now,
                            last_failure_at=now,
                            deleted=False,
                        )
                    )
                failures = 1
            except IntegrityError:
                row = session.execute(select(THROTTLE).where(THROTTLE.c.key == key)).first()
        if row is not None:
            fresh = _aware(row.window_started_at) + s.throttle_window < now and (
                row.locked_until is None or _aware(row.locked_until) <= now
            )
            failures = 1 if fresh else int(row.failures) + 1
            session.execute(
                update(THROTTLE)
                .where(THROTTLE.c.key == key)
                .values(
                    failures=failures,
                    window_started_at=now if fresh else row.window_started_at,
                    last_failure_at=now,
                )
            )
        if failures >= limit:
            extra = failures - limit
            wait = s.throttle_lock_base * (2 ** min(extra, 20))
            wait = min(wait, s.throttle_lock_max)
            session.execute(
                update(THROTTLE).where(THROTTLE.c.key == key).values(locked_until=now + wait)
            )
            log.warning("login throttled: %s locked for %s after %d failures", key, wait, failures)

    # -- the flows
    def login(
        self,
        session: Session,
        username: str,
        password: str,
        client: str,
        device_id: uuid.UUID | None,
        device_name: str | None,
        schema: str | None,
    ) -> Issued:
        now = utcnow()
        user_key = f"user:{username.strip().lower()}"[:200]
        ip_key = f"ip:{client}"[:200]
        self._check_throttle(session, [user_key, ip_key], now)
        user = session.scalar(select(User).where(User.username == username.strip()))
        stored = user.password_hash if user is not None and user.active and not user.deleted else None
        if not verify_password(self.hasher, stored, password) or user is None:
            self._record_failure(session, user_key, self.settings.throttle_user_failures, now)
            self._record_failure(session, ip_key, self.settings.throttle_ip_failures, now)
            session.commit()
            raise AuthError("Wrong user name or password.")
        session.execute(delete(THROTTLE).where(THROTTLE.c.key == user_key))
        dev = self._device(session, user, device_id, device_name, schema, now)
        refresh = secrets.token_urlsafe(32)
        sid = new_id()
        expires = now + self.settings.refresh_ttl
        session.execute(
            insert(SESSIONS).values(
                id=sid,
                user_id=user.id,
                device_id=dev,
                token_hash=_token_hash(refresh),
                created_at=now,
                expires_at=expires,
                last_used_at=now,
                deleted=False,
            )
        )
        log.info("login: %s (device %s)", user.username, dev)
        return self._issue(user, dev, sid, refresh, expires, now)

    def _device(
        self,
        session: Session,
        user: User,
        device_id: uuid.UUID | None,
        name: str | None,
        schema: str | None,
        now: dt.datetime,
    ) -> uuid.UUID | None:
        if device_id is None:
            return None
        row = session.execute(
            select(DEVICES.c.id, DEVICES.c.user_id).where(DEVICES.c.id == device_id)
        ).first()
        if row is None:
            session.execute(
                insert(DEVICES).values(
                    id=device_id,
                    user_id=user.id,
                    name=(name or "")[:120] or None,
                    schema=schema,
                    created_at=now,
                    last_seen_at=now,
                    deleted=False,
                )
            )
        else:
            # A laptop handed to another agent keeps its device id; the ledger is keyed
            # by device, so that is safe.
            session.execute(
                update(DEVICES)
                .where(DEVICES.c.id == device_id)
                .values(user_id=user.id, last_seen_at=now, schema=schema)
            )
        return device_id

    def _issue(
        self,
        user: User,
        device_id: uuid.UUID | None,
        sid: uuid.UUID,
        refresh: str,
        refresh_expires: dt.datetime,
        now: dt.datetime,
    ) -> Issued:
        exp = now + self.settings.access_ttl
        role = user.role.value if hasattr(user.role, "value") else str(user.role)
        token = self.signer.sign(
            {
                "sub": str(user.id),
                "usr": user.username,
                "role": role,
                "team": user.team,
                "dev": str(device_id) if device_id else None,
                "sid": str(sid),
                "iat": int(now.timestamp()),
                "exp": int(exp.timestamp()),
            }
        )
        return Issued(token, exp, refresh, refresh_expires, user, device_id)

    def refresh(self, session: Session, token: str) -> Issued:
        now = utcnow()
        digest = _token_hash(token)
        row = session.execute(select(SESSIONS).where(SESSIONS.c.token_hash == digest)).first()
        keep_previous = False
        if row is None:
            row = session.execute(
                select(SESSIONS).where(SESSIONS.c.previous_hash == digest)
            ).first()
            if row is None:
                raise AuthError("Unknown refresh token; sign in again.")
            rotated = _aware(row.rotated_at) if row.rotated_at else None
            if rotated is None or now - rotated > self.settings.refresh_grace:
                session.execute(
                    update(SESSIONS)
                    .where(SESSIONS.c.id == row.id)
                    .values(revoked_at=now, revoke_reason="reused")
                )
                session.commit()
                log.warning("refresh token replayed; session %s revoked", row.id)
                raise AuthError("This sign-in was ended for safety; sign in again.")
            keep_previous = True  # a retry after a lost response
        if row.revoked_at is not None:
            raise AuthError("This sign-in has ended; sign in again.")
        if _aware(row.expires_at) <= now:
            raise AuthError("The sign-in has expired; sign in again.")
        user = session.get(User, row.user_id)
        if user is None or not user.active or user.deleted:
            raise AuthError("The account is disabled.")
        fresh = secrets.token_urlsafe(32)
        expires = now + self.settings.refresh_ttl
        session.execute(
            update(SESSIONS)
            .where(SESSIONS.c.id == row.id)
            .values(
                token_hash=_token_hash(fresh),
                previous_hash=row.previous_hash if keep_previous else digest,
                rotated_at=row.rotated_at if keep_previous else now,
                expires_at=expires,
                last_used_at=now,
            )
        )
        return self._issue(user, row.device_id, row.id, fresh, expires, now)

    def logout(self, session: Session, token: str) -> bool:
        result = session.execute(
            update(SESSIONS)
            .where(SESSIONS.c.token_hash == _token_hash(token), SESSIONS.c.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoke_reason="logout")
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def create_user(
    session: Session,
    username: str,
    role: str,
    password: str,
    *,
    full_name: str | None = None,
    team: str | None = None,
    hasher: PasswordHasher | None = None,
) -> User:
    """A new account (the caller commits). Raises ValueError for a taken name or a bad
    role."""
    from app.server.changes import Revisions

    username = username.strip()
    if not username or len(username) > 64:
        raise ValueError("A user name must be 1–64 characters.")
    if role not in ("agent", "supervisor", "admin"):
        raise ValueError("The role must be agent, supervisor or admin.")
    if len(password) < 4:
        raise ValueError("The password must be at least 4 characters.")
    revs = Revisions(session)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValueError(f"The user name {username!r} is taken.")
    user = User(
        id=new_id(),
        username=username,
        full_name=(full_name or username)[:200],
        role=role,
        team=team,
        password_hash=hash_password(password, hasher),
        active=True,
        server_rev=revs.next(),
    )
    session.add(user)
    session.flush()
    revs.finish()
    return user
