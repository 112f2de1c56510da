"""The sync engine against a real server process (PostgreSQL, two workers; once SQLite):
first sync, a call pushed exactly once even when the answer is lost after the server
committed, a pull killed in the middle of applying a page, a server restart, a server
that is down, an outdated client, the sign-in kept in the keyring."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from app.db import Database
from app.services.calls import log_call
from app.sync.engine import Credentials, SyncEngine, SyncPhase
from app.sync.errors import ServerUnreachable, UpdateRequired
from app.sync.tokens import KeyringTokenStore
from app.sync.transport import RequestsTransport
from models import AppliedMutation, CallAttempt, Company, OutboxMutation, QueueItem, SyncState
from tests.server.harness import (
    CAMPAIGN,
    Faults,
    ServerProcess,
    copy_sqlite,
    engine_for,
    free_port,
    head,
)


class Crash(Exception):
    """The process 'dies' inside the apply transaction."""


@pytest.fixture
def agent(pg_server: ServerProcess, new_client: Callable[[str], Database]) -> Iterator[
        tuple[SyncEngine, Database, Faults]]:
    """agent2's laptop, signed in, with three leads pulled; gives them back after."""
    db = new_client("agent2")
    faults = Faults(RequestsTransport())
    engine = engine_for(db, pg_server.url, "agent2", faults)
    engine.sync_once()
    engine.request_leases(CAMPAIGN, 3)
    engine.sync_once()
    yield engine, db, faults
    faults.offline = False
    faults.lose.clear()
    engine.release_leases()


def leased_company(db: Database, username: str = "agent2") -> uuid.UUID:
    from models import User

    with db.read() as s:
        me = s.scalar(select(User.id).where(User.username == username))
        item = s.scalar(
            select(QueueItem).where(QueueItem.lease_holder_id == me, QueueItem.status != "done")
        )
        assert item is not None
        return item.company_id


def call(db: Database, company: uuid.UUID, disposition: str = "no_answer",
         username: str = "agent2") -> uuid.UUID:
    with db.session() as s:
        result = log_call(s, company, CAMPAIGN, username, disposition,
                          at=dt.datetime.now(dt.UTC))
    return uuid.UUID(result["attempt"]["id"])


def server_count(url: str, model: Any, *where: Any) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(
                select(func.count()).select_from(model).where(*where)).scalar_one())
    finally:
        engine.dispose()


def outbox(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(OutboxMutation)).scalar_one())


pytestmark = pytest.mark.postgres


def test_a_call_made_on_the_laptop_reaches_the_server(
    agent: tuple[SyncEngine, Database, Faults], pg_server: ServerProcess
) -> None:
    engine, db, _ = agent
    company = leased_company(db)
    attempt = call(db, company)
    assert engine.status.pending == 0  # counted at the last sync
    assert engine.refresh_status().pending == 2
    result = engine.sync_once()
    assert (result.pushed, result.pending, result.conflicts) == (2, 0, 0)
    assert server_count(pg_server.db_url, CallAttempt, CallAttempt.id == attempt) == 1
    with db.read() as s:  # the server's echo came back with a revision
        assert s.get(CallAttempt, attempt).server_rev is not None  # type: ignore[union-attr]
    assert engine.status.phase is SyncPhase.IDLE


def test_lost_answer_after_commit_is_retried_and_recorded_once(
    agent: tuple[SyncEngine, Database, Faults], pg_server: ServerProcess
) -> None:
    engine, db, faults = agent
    company = leased_company(db)
    attempt = call(db, company)
    faults.lose.append("/sync/push")  # the server commits; the answer never arrives
    result = engine.sync_once()  # the engine retries; the server answers "duplicate"
    assert faults.lost == 1
    assert result.pushed == 2
    assert outbox(db) == 0
    assert server_count(pg_server.db_url, CallAttempt, CallAttempt.id == attempt) == 1
    # With no retry left the sync fails, keeps the outbox, and the next one finishes.
    attempt2 = call(db, company)
    engine.retries = 0
    faults.lose.append("/sync/push")
    with pytest.raises(ServerUnreachable):
        engine.sync_once()
    assert outbox(db) == 2
    assert engine.status.phase is SyncPhase.OFFLINE
    engine.retries = 2
    engine.sync_once()
    assert outbox(db) == 0
    assert server_count(pg_server.db_url, CallAttempt, CallAttempt.id == attempt2) == 1
    with db.read() as s:
        device = s.get(SyncState, "device_id")
    assert device is not None
    assert server_count(pg_server.db_url, AppliedMutation,
                        AppliedMutation.device_id == uuid.UUID(device.value or "")) == 4


def test_a_pull_killed_while_applying_resumes_where_it_was(
    pg_server: ServerProcess, new_client: Callable[[str], Database]
) -> None:
    db = new_client("admin-laptop")
    engine = engine_for(db, pg_server.url, "admin", page_size=200)
    pages = 0

    def die_on_third_page(_: str) -> None:
        nonlocal pages
        pages += 1
        if pages == 3:
            raise Crash

    engine.fault_hook = die_on_third_page
    with pytest.raises(Crash):
        engine.sync_once()
    assert engine.status.phase is SyncPhase.ERROR
    cursor_after_two = engine.cursor()
    with db.read() as s:
        partial = s.execute(select(func.count()).select_from(Company)).scalar_one()
    engine.fault_hook = None
    engine.sync_once()
    assert engine.cursor() != cursor_after_two
    # The same as a laptop that was never interrupted.
    clean = new_client("clean")
    engine_for(clean, pg_server.url, "admin", page_size=5000).sync_once()
    with db.read() as s, clean.read() as c:
        for model in (Company, QueueItem, CallAttempt):
            mine = s.execute(select(model.id, model.server_rev)).all()  # type: ignore[attr-defined]
            theirs = c.execute(select(model.id, model.server_rev)).all()  # type: ignore[attr-defined]
            assert sorted(mine) == sorted(theirs)
        assert s.execute(select(func.count()).select_from(Company)).scalar_one() >= partial


def test_a_server_that_is_down_keeps_the_outbox(
    agent: tuple[SyncEngine, Database, Faults],
) -> None:
    engine, db, faults = agent
    company = leased_company(db)
    call(db, company)
    faults.offline = True
    with pytest.raises(ServerUnreachable) as err:
        engine.sync_once()
    assert "Cannot reach the sync server" in err.value.message
    assert "2 change(s) wait" in err.value.message
    assert outbox(db) == 2
    assert engine.status.phase is SyncPhase.OFFLINE
    assert engine.status.pending == 2
    faults.offline = False
    assert engine.sync_once().pending == 0


def test_an_outdated_client_is_told_to_update_and_keeps_its_outbox(
    agent: tuple[SyncEngine, Database, Faults], pg_server: ServerProcess
) -> None:
    engine, db, _ = agent
    call(db, leased_company(db))
    engine.schema = "0001"
    with pytest.raises(UpdateRequired) as err:
        engine.sync_once()
    assert "Update Prospector" in err.value.message
    assert outbox(db) == 2
    assert engine.status.phase is SyncPhase.UPDATE_REQUIRED
    engine.schema = head()
    engine.sync_once()
    assert outbox(db) == 0


def test_the_sign_in_is_kept_in_the_keyring(
    pg_server: ServerProcess, new_client: Callable[[str], Database], keyring_file: Path
) -> None:
    db = new_client("keyring")
    first = SyncEngine(db, pg_server.url, lambda: Credentials("agent1", "demo"),
                       tokens=KeyringTokenStore(), backoff_s=0)
    first.sync_once()
    import keyring

    assert list(keyring_file.rglob("*.cfg")), "no keyring file written"
    entry = keyring.get_password("Prospector sync", f"{pg_server.url}|{first.device_id}")
    assert entry is not None
    assert json.loads(entry)["username"] == "agent1"
    assert not (db.engine.url.database or "").endswith("settings.ini")
    # A new engine (the app restarted) signs in with the stored refresh token alone.
    again = SyncEngine(db, pg_server.url, None, tokens=KeyringTokenStore(), backoff_s=0)
    assert again.sync_once().pending == 0
    assert again.username == "agent1"


def test_an_expired_access_token_is_renewed_without_asking(
    agent: tuple[SyncEngine, Database, Faults],
) -> None:
    engine, db, _ = agent
    asked: list[str] = []
    original = engine.credentials
    engine.credentials = lambda: asked.append("asked") or (original() if original else None)
    engine._access = "v1.bogus.token.sig"  # the server will say 401
    call(db, leased_company(db))
    assert engine.sync_once().pending == 0
    assert asked == []  # the refresh token did it


def test_sqlite_server_process_and_a_restart(server_template: Path, tmp_path: Path,
                                             new_client: Callable[[str], Database]) -> None:
    """The core path against a real server process on SQLite, restarted in the middle:
    the laptop does not notice (nothing lives in the server's memory; the token keys
    are in the database)."""
    url = f"sqlite:///{copy_sqlite(server_template, tmp_path / 'srv')}"
    server = ServerProcess(url, tmp_path / "home").start()
    try:
        db = new_client("sqlite-agent")
        faults = Faults(RequestsTransport())
        engine = engine_for(db, server.url, "agent3", faults)
        engine.request_leases(CAMPAIGN, 2)
        engine.sync_once()
        attempt = call(db, leased_company(db, "agent3"), username="agent3")
        faults.lose.append("/sync/push")
        assert engine.sync_once().pending == 0
        assert server_count(url, CallAttempt, CallAttempt.id == attempt) == 1
        second = call(db, leased_company(db, "agent3"), username="agent3")
        server.restart()
        result = engine.sync_once()
        assert (result.pushed, result.pending) == (2, 0)
        assert server_count(url, CallAttempt, CallAttempt.id == second) == 1
    finally:
        server.stop()


def _cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
         args: list[str], stdin: str = "") -> tuple[int, dict[str, Any]]:
    from app.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_cli_sync_and_create_user(pg_server: ServerProcess, tmp_path: Path, keyring_file: Path,
                                  capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, made = _cli(capsys, monkeypatch, [
        "server", "create-user", "--db", pg_server.db_url, "--username", "cli_agent",
        "--role", "agent", "--team", "Zespół A", "--password-stdin", "--json"], "haslo123\n")
    assert code == 0
    assert made["username"] == "cli_agent"
    code, taken = _cli(capsys, monkeypatch, ["server", "create-user", "--db", pg_server.db_url,
                                             "--username", "cli_agent", "--role", "agent",
                                             "--password-stdin", "--json"], "x1234\n")
    assert code == 1
    assert "taken" in taken["error"]
    laptop = str(tmp_path / "laptop")
    code, out = _cli(capsys, monkeypatch, [
        "sync", "--server", pg_server.url, "--username", "cli_agent", "--password-stdin",
        "--json", "--profile", laptop], "haslo123\n")
    assert code == 0, out
    assert set(out) == {"pushed", "pulled", "conflicts", "pending"}
    assert out["pulled"] > 0
    # Again without a password: the sign-in comes from the keyring.
    code, again = _cli(capsys, monkeypatch, ["sync", "--server", pg_server.url, "--json",
                                             "--profile", laptop])
    assert (code, again["pending"]) == (0, 0)
    code, down = _cli(capsys, monkeypatch, ["sync", "--server",
                                            f"http://127.0.0.1:{free_port()}", "--json",
                                            "--profile", laptop])
    assert code == 1
    assert "Cannot reach the sync server" in down["error"]
