"""The client sync engine: push the outbox, pull the server's changes.

The GUI (or ``prospector sync``) owns one :class:`SyncEngine` per workspace and calls
:meth:`SyncEngine.sync_once` from a worker thread (:class:`app.sync.loop.SyncLoop` runs
it on change, on a timer and on reconnect). It never touches Qt: it reports through
:attr:`SyncEngine.status` and the callbacks given to :meth:`SyncEngine.subscribe`, which
run on the sync thread — the GUI turns them into queued signals.

Guarantees:
- an outbox row is deleted only when the server has answered for it (applied,
  duplicate, resolved); a rejected one is kept, marked, for a person to see;
- a pulled page and its cursor are committed together (resumable after any crash);
- the refresh token is kept in the OS keyring; the access token only in memory;
- a server that is down, an expired sign-in or an outdated app raise a
  :class:`~app.sync.errors.SyncError` with a message for the user, and change nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import logging
import platform
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.db import Database
from app.sync.apply import (
    REJECTED_PREFIX,
    Applied,
    apply_changes,
    set_state,
)
from app.sync.errors import (
    LoginRequired,
    ServerTooOld,
    ServerUnreachable,
    SyncError,
    SyncRefused,
    UpdateRequired,
)
from app.sync.hlc import HybridClock, Stamp
from app.sync.protocol import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    DUPLICATE,
    REJECTED,
    SCHEMA_HEADER,
    to_json_value,
)
from app.sync.tokens import KeyringTokenStore, StoredLogin, TokenStore
from app.sync.transport import HttpResponse, RequestsTransport, Transport, TransportError
from models import OutboxMutation, SyncConflict, SyncState, migrate, utcnow

log = logging.getLogger(__name__)

DEVICE_KEY = "device_id"
CURSOR_KEY = "pull_cursor"
SERVER_KEY = "pull_server"
LAST_SYNC_KEY = "last_sync_at"
USER_KEY = "sync_user"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


CredentialsProvider = Callable[[], Credentials | None]
"""Asked when the engine needs to sign in (no stored sign-in, or it ran out). Return
None to stay signed out (the sync then fails with LoginRequired, outbox kept)."""


class SyncPhase(enum.StrEnum):
    IDLE = "idle"  # online, nothing running
    SYNCING = "syncing"
    OFFLINE = "offline"  # the server did not answer
    LOGIN_REQUIRED = "login_required"
    UPDATE_REQUIRED = "update_required"
    ERROR = "error"  # the server refused something; see last_error


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows."""

    phase: SyncPhase = SyncPhase.IDLE
    pending: int = 0  # outbox rows waiting to be sent
    rejected: int = 0  # outbox rows the server refused (kept for review)
    conflicts_open: int = 0  # conflicts to review (local copy of sync_conflicts)
    last_sync_at: dt.datetime | None = None
    last_error: str | None = None
    username: str | None = None
    server_url: str = ""

    @property
    def online(self) -> bool:
        return self.phase in (SyncPhase.IDLE, SyncPhase.SYNCING)


@dataclass(frozen=True)
class SyncResult:
    pushed: int  # outbox rows the server answered for in this sync
    pulled: int  # rows received from the server
    conflicts: int  # conflicts the server reported for this device's changes
    pending: int  # outbox rows still waiting
    rejected: int = 0  # rows refused in this sync (kept, marked)

    def as_dict(self) -> dict[str, int]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "conflicts": self.conflicts,
            "pending": self.pending,
        }


@dataclass(frozen=True)
class SyncEvent:
    """``kind``: status | progress | finished | failed."""

    kind: str
    status: SyncStatus
    result: SyncResult | None = None
    error: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[SyncEvent], None]
FaultHook = Callable[[str], None]


# What the status bar shows, in one statement.
_COUNTS = select(
    select(func.count()).select_from(OutboxMutation).scalar_subquery(),
    select(func.count())
    .select_from(OutboxMutation)
    .where(OutboxMutation.last_error.like(REJECTED_PREFIX + "%"))
    .scalar_subquery(),
    select(func.count())
    .select_from(SyncConflict)
    .where(SyncConflict.status == "open", SyncConflict.deleted.is_(False))
    .scalar_subquery(),
    select(SyncState.value).where(SyncState.key == LAST_SYNC_KEY).scalar_subquery(),
)


@functools.cache
def client_schema() -> str:
    """This app's schema revision, sent with every request (read once per process)."""
    return migrate.head_revision()


class SyncEngine:
    def __init__(
        self,
        db: Database,
        server_url: str,
        credentials: CredentialsProvider | None = None,
        *,
        username: str | None = None,
        transport: Transport | None = None,
        tokens: TokenStore | None = None,
        batch_size: int = 200,
        page_size: int = DEFAULT_PULL_LIMIT,
        retries: int = 3,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
        timeout_s: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        now_ms: Callable[[], int] | None = None,
        schema: str | None = None,
    ) -> None:
        self.db = db
        self.server_url = server_url.rstrip("/")
        self.credentials = credentials
        self.username = username
        self.transport: Transport = transport or RequestsTransport()
        self.tokens: TokenStore = tokens or KeyringTokenStore()
        self.batch_size = batch_size
        self.page_size = page_size
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.timeout_s = timeout_s
        self.sleep = sleep
        self.schema = schema or client_schema()
        self.fault_hook: FaultHook | None = None  # tests: raise inside the apply transaction
        self._run_lock = threading.Lock()
        self._status_lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._access: str | None = None
        self._access_until = 0.0
        self._server_checked = False
        self.user: dict[str, Any] | None = None
        self.device_id = self._device_id()
        self.clock = HybridClock(self.device_id.hex, now_ms) if now_ms else HybridClock(
            self.device_id.hex
        )
        self._status = SyncStatus(server_url=self.server_url, username=username)
        self._status = self._counted(self._status)

    # ---- observing ------------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        with self._status_lock:
            return self._status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the sync thread) for every event; returns the
        unsubscribe function."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: SyncEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the sync
                log.exception("sync listener failed")

    def _set(self, kind: str = "status", **changes: Any) -> SyncStatus:
        with self._status_lock:
            self._status = replace(self._status, **changes)
            status = self._status
        self._emit(SyncEvent(kind, status))
        return status

    def refresh_status(self) -> SyncStatus:
        """Recount pending changes and conflicts (after a local edit, say)."""
        with self._status_lock:
            self._status = self._counted(self._status)
            status = self._status
        self._emit(SyncEvent("status", status))
        return status

    def _counted(self, status: SyncStatus) -> SyncStatus:
        with self.db.engine.connect() as conn:
            total, rejected, conflicts, last = conn.execute(_COUNTS).one()
        last_at = dt.datetime.fromisoformat(last) if last else None
        return replace(
            status,
            pending=int(total) - int(rejected),
            rejected=int(rejected),
            conflicts_open=int(conflicts),
            last_sync_at=last_at or status.last_sync_at,
        )

    # ---- local state ------------------------------------------------------------------------

    def _device_id(self) -> uuid.UUID:
        with self.db.session() as s:
            row = s.get(SyncState, DEVICE_KEY)
            if row is not None and row.value:
                return uuid.UUID(row.value)
            device = uuid.uuid4()
            s.add(SyncState(key=DEVICE_KEY, value=str(device)))
            return device

    def _state(self, key: str) -> str | None:
        with self.db.engine.connect() as conn:
            value = conn.execute(
                select(SyncState.value).where(SyncState.key == key)
            ).scalar_one_or_none()
        return None if value is None else str(value)

    def _put_state(self, key: str, value: str | None) -> None:
        with self.db.engine.begin() as conn:
            stmt = sqlite_insert(SyncState).values(key=key, value=value)
            conn.execute(stmt.on_conflict_do_update(index_elements=["key"],
                                                    set_={"value": value}))

    @property
    def _token_key(self) -> str:
        return f"{self.server_url}|{self.device_id}"

    # ---- HTTP ------------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> None:
        delay = min(self.max_backoff_s, self.backoff_s * (2 ** (attempt - 1)))
        if delay > 0:
            self.sleep(delay * (0.5 + random.random() / 2))  # noqa: S311 - jitter

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
    ) -> HttpResponse:
        url = f"{self.server_url}{API_PREFIX}{path}"
        attempt = 0
        renewed = False
        while True:
            headers = {SCHEMA_HEADER: self.schema}
            if auth:
                headers["Authorization"] = f"Bearer {self._access_token()}"
            try:
                resp = self.transport.request(
                    method, url, headers=headers, json_body=json_body, params=params,
                    timeout=self.timeout_s,
                )
            except TransportError as exc:
                attempt += 1
                if attempt > self.retries:
                    raise ServerUnreachable(self._offline_text(str(exc))) from exc
                log.info("sync: %s %s failed (%s); retry %d", method, path, exc, attempt)
                self._backoff(attempt)
                continue
            if resp.status in (502, 503, 504):
                attempt += 1
                if attempt > self.retries:
                    raise ServerUnreachable(self._offline_text(resp.detail()))
                self._backoff(attempt)
                continue
            if resp.status == 401 and auth and not renewed:
                renewed = True
                self._access = None
                continue
            if resp.status == 426:
                raise UpdateRequired(resp.detail())
            if resp.status == 409 and "schema" in resp.detail():
                raise ServerTooOld(resp.detail())
            return resp

    def _offline_text(self, reason: str) -> str:
        waiting = self._counted(self.status).pending
        return (
            f"Cannot reach the sync server at {self.server_url} ({reason}). You can keep "
            f"working; {waiting} change(s) wait in the outbox and go with the next sync."
        )

    # ---- signing in ----------------------------------------------------------------------------

    def _access_token(self) -> str:
        if self._access and time.monotonic() < self._access_until:
            return self._access
        stored = self.tokens.load(self._token_key)
        if stored is not None and (self.username is None or stored.username == self.username):
            resp = self._request(
                "POST", "/auth/refresh", json_body={"refresh_token": stored.refresh_token},
                auth=False,
            )
            if resp.status == 200:
                return self._take_tokens(resp)
            log.info("sync: stored sign-in refused (%s); signing in again", resp.detail())
            self.tokens.forget(self._token_key)
        creds = self.credentials() if self.credentials is not None else None
        if creds is None:
            self._request("GET", "/health", auth=False)  # unreachable: say so, not "sign in"
            raise LoginRequired(
                "Sign in to the sync server to send your changes; they are kept until then."
            )
        return self.login(creds.username, creds.password)

    def login(self, username: str, password: str) -> str:
        """Sign in with a password; the refresh token goes to the keyring."""
        resp = self._request(
            "POST",
            "/auth/login",
            json_body={
                "username": username,
                "password": password,
                "device_id": str(self.device_id),
                "device_name": platform.node()[:120] or None,
            },
            auth=False,
        )
        if resp.status == 401:
            raise LoginRequired(f"The server refused the sign-in: {resp.detail()}")
        if resp.status != 200:
            raise SyncRefused(f"The server refused the sign-in: {resp.detail()}")
        self.username = username
        return self._take_tokens(resp)

    def _take_tokens(self, resp: HttpResponse) -> str:
        data = resp.json()
        self._access = str(data["access_token"])
        self._access_until = time.monotonic() + max(0, int(data["expires_in"]) - 30)
        self.user = dict(data["user"])
        self.username = self.user["username"]
        self.tokens.save(
            self._token_key, StoredLogin(str(self.username), str(data["refresh_token"]))
        )
        self._put_state(USER_KEY, json.dumps(self.user))
        return self._access

    def logout(self) -> None:
        """End the sign-in on the server (when reachable) and forget it here."""
        stored = self.tokens.load(self._token_key)
        self.tokens.forget(self._token_key)
        self._access = None
        if stored is not None:
            try:
                self._request("POST", "/auth/logout",
                              json_body={"refresh_token": stored.refresh_token}, auth=False)
            except ServerUnreachable:
                log.info("sync: logged out locally; the server was not reachable")

    # ---- the sync ------------------------------------------------------------------------------

    def sync_once(self) -> SyncResult:
        """Push the whole outbox, then pull until the server has nothing more."""
        with self._run_lock:
            self._set(phase=SyncPhase.SYNCING, last_error=None)
            try:
                pushed, conflicts, rejected = self.push()
                pulled = self.pull()
            except ServerUnreachable as exc:
                self._fail(SyncPhase.OFFLINE, exc)
                raise
            except LoginRequired as exc:
                self._fail(SyncPhase.LOGIN_REQUIRED, exc)
                raise
            except (UpdateRequired, ServerTooOld) as exc:
                self._fail(SyncPhase.UPDATE_REQUIRED, exc)
                raise
            except SyncError as exc:
                self._fail(SyncPhase.ERROR, exc)
                raise
            except BaseException:
                self._fail(SyncPhase.ERROR, SyncError("The sync stopped unexpectedly."))
                raise
            now = utcnow()
            self._put_state(LAST_SYNC_KEY, now.isoformat())
            with self._status_lock:
                self._status = self._counted(
                    replace(self._status, phase=SyncPhase.IDLE, last_sync_at=now,
                            username=self.username)
                )
                status = self._status
            result = SyncResult(pushed, pulled, conflicts, status.pending, rejected)
            self._emit(SyncEvent("finished", status, result))
            log.info("sync: %s", result)
            return result

    def _fail(self, phase: SyncPhase, exc: SyncError) -> None:
        with self._status_lock:
            self._status = self._counted(replace(self._status, phase=phase,
                                                 last_error=exc.message))
            status = self._status
        self._emit(SyncEvent("failed", status, error=exc.message))

    # ---- push -----------------------------------------------------------------------------------

    def push(self) -> tuple[int, int, int]:
        """Send the outbox in batches; returns (answered, conflicts, rejected)."""
        answered = conflicts = rejected = 0
        while True:
            rows = self._outbox_batch()
            if not rows:
                break
            body = {"mutations": [self._payload(r) for r in rows]}
            resp = self._request("POST", "/sync/push", json_body=body)
            if resp.status != 200:
                self._note_failure(rows, resp.detail())
                raise SyncRefused(f"The server refused the changes: {resp.detail()}")
            results = resp.json().get("results", [])
            done, c, r = self._record(rows, results)
            answered += done
            conflicts += c
            rejected += r
            self._emit(SyncEvent("progress", self.status))
            if done == 0:
                raise SyncRefused("The server did not answer for any change; try again later.")
        return answered, conflicts, rejected

    def _outbox_batch(self) -> list[Any]:
        table = OutboxMutation.__table__
        with self.db.engine.connect() as conn:
            return list(
                conn.execute(
                    select(table)
                    .where(
                        (table.c.last_error.is_(None))
                        | (~table.c.last_error.like(REJECTED_PREFIX + "%"))
                    )
                    .order_by(table.c.seq)
                    .limit(self.batch_size)
                )
            )

    def _payload(self, row: Any) -> dict[str, Any]:
        created = row.created_at
        hlc = row.hlc or Stamp(int(created.timestamp() * 1000), 0, self.clock.node).encode()
        return {
            "mutation_id": str(row.mutation_id),
            "entity": row.entity,
            "entity_id": row.entity_id,
            "op": row.op,
            "fields": to_json_value(row.fields or {}),
            "base_revs": {k: v for k, v in (row.base_revs or {}).items()
                          if v is None or isinstance(v, int)},
            "hlc": hlc,
            "created_at": to_json_value(created),
        }

    def _note_failure(self, rows: list[Any], reason: str) -> None:
        seqs = [r.seq for r in rows]
        with self.db.session() as s:
            s.execute(
                update(OutboxMutation)
                .where(OutboxMutation.seq.in_(seqs))
                .values(attempts=OutboxMutation.attempts + 1, last_error=reason[:500])
            )

    def _record(self, rows: list[Any], results: list[dict[str, Any]]) -> tuple[int, int, int]:
        """Apply the server's answers to the outbox in one transaction."""
        by_id = {str(r.get("mutation_id")): r for r in results if isinstance(r, dict)}
        done = conflicts = rejected = 0
        with self.db.session() as s:
            for row in rows:
                res = by_id.get(str(row.mutation_id))
                if res is None:
                    continue  # no answer for it: it stays
                effective = res
                if res.get("status") == DUPLICATE and isinstance(res.get("original"), dict):
                    effective = res["original"]
                conflicts += len(effective.get("conflicts") or [])
                done += 1
                if effective.get("status") == REJECTED:
                    rejected += 1
                    reason = str(effective.get("reason") or "refused")
                    log.warning("sync: %s %s refused: %s", row.entity, row.entity_id, reason)
                    s.execute(
                        update(OutboxMutation)
                        .where(OutboxMutation.seq == row.seq)
                        .values(
                            attempts=OutboxMutation.attempts + 1,
                            last_error=(REJECTED_PREFIX + reason)[:1000],
                        )
                    )
                else:
                    s.execute(delete(OutboxMutation).where(OutboxMutation.seq == row.seq))
        return done, conflicts, rejected

    # ---- pull -----------------------------------------------------------------------------------

    def pull(self) -> int:
        """Fetch and apply pages until the server has no more; returns rows applied."""
        if not self._server_checked:
            if self._state(SERVER_KEY) != self.server_url:  # another server: start over
                self._put_state(CURSOR_KEY, None)
                self._put_state(SERVER_KEY, self.server_url)
            self._server_checked = True
        total = 0
        restarted = False
        cursor = self._state(CURSOR_KEY)
        while True:
            params: dict[str, Any] = {"limit": self.page_size}
            if cursor:
                params["since"] = cursor
            resp = self._request("GET", "/sync/pull", params=params)
            if resp.status == 410 and not restarted:
                log.warning("sync: %s; pulling everything again", resp.detail())
                self._put_state(CURSOR_KEY, None)
                cursor = None
                restarted = True
                continue
            if resp.status != 200:
                raise SyncRefused(f"The server refused the pull: {resp.detail()}")
            page = resp.json()
            cursor = str(page["next"])
            applied = self._apply(page.get("changes") or [], cursor)
            total += applied.rows
            self._emit(SyncEvent("progress", self.status))
            if not page.get("has_more"):
                return total

    def _apply(self, changes: list[dict[str, Any]], next_cursor: str) -> Applied:
        raw = self.db.engine.raw_connection()
        conn: Any = raw.driver_connection
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("BEGIN IMMEDIATE")
            try:
                applied = apply_changes(conn, changes)
                set_state(conn, CURSOR_KEY, next_cursor)
                if self.fault_hook is not None:
                    self.fault_hook("pull-apply")
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        finally:
            conn.execute("PRAGMA foreign_keys=ON")
            raw.close()
        return applied

    def cursor(self) -> str | None:
        """The pull cursor (for diagnosis)."""
        return self._state(CURSOR_KEY)

    # ---- leases -----------------------------------------------------------------------------------

    def request_leases(
        self, campaign: str, count: int = 50, hours: float | None = None
    ) -> list[dict[str, Any]]:
        """Ask the server for a batch of leads for an offline shift, then pull them."""
        body: dict[str, Any] = {"campaign": campaign, "count": count}
        if hours is not None:
            body["hours"] = hours
        resp = self._request("POST", "/leases", json_body=body)
        if resp.status != 200:
            raise SyncRefused(f"No leads from the server: {resp.detail()}")
        leases: list[dict[str, Any]] = resp.json()["leases"]
        return leases

    def release_leases(self, lease_ids: list[str] | None = None) -> int:
        resp = self._request("POST", "/leases/release", json_body={"lease_ids": lease_ids})
        if resp.status != 200:
            raise SyncRefused(f"The server refused: {resp.detail()}")
        return int(resp.json()["released"])
