"""Test harness for the server and the sync engine: data sets, a real server process,
in-process transports with fault injection, throw-away PostgreSQL databases.

Fixtures defined here are imported by ``tests/server/conftest.py`` and
``tests/sync/conftest.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, insert, select, text, update
from sqlalchemy.engine import make_url

from app.config import Profile
from app.db import Database, create_sqlite_engine, open_profile
from app.server import changes
from app.server.app import create_app, schema_head
from app.services.demo import build_demo
from app.sync.engine import Credentials, SyncEngine
from app.sync.tokens import MemoryTokenStore
from app.sync.transport import HttpResponse, TransportError
from models import Base, User, migrate
from tests.conftest import PG_ADMIN_URL

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo"
# Cheap argon2 parameters for test accounts: verifying stays a real argon2 check but
# takes a fraction of a millisecond (the server reads the parameters from the hash).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TEMPLATE_COMPANIES = 40
CAMPAIGN = "kwalifikacja"


def head() -> str:
    return schema_head()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- data sets ------------------------------------------------------------------------------


def build_server_template(folder: Path, companies: int = TEMPLATE_COMPANIES) -> Path:
    """A demo workspace used as a server database: every row has a revision, every
    demo user the password 'demo' with a cheap hash."""
    build_demo(Profile(folder), companies=companies, seed=3)
    path = folder / "prospector.sqlite3"
    engine = create_sqlite_engine(path)
    changes.prepare(engine)
    with engine.begin() as conn:
        conn.execute(update(User).values(password_hash=FAST_HASHER.hash(PASSWORD)))
    engine.dispose()
    return path


def build_client_template(folder: Path) -> Path:
    db = open_profile(Profile(folder), create=True)
    db.dispose()
    return folder / "prospector.sqlite3"


def copy_sqlite(template: Path, dest_dir: Path, name: str = "db.sqlite3") -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / name
    shutil.copyfile(template, dest)
    return dest


def client_db(template: Path, dest_dir: Path) -> Database:
    return Database(create_sqlite_engine(copy_sqlite(template, dest_dir, "client.sqlite3")))


def copy_into(src: Engine, dst: Engine) -> None:
    """Every row of the models' tables from ``src`` into ``dst`` (already migrated)."""
    with src.connect() as read, dst.begin() as write:
        for table in Base.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in read.execute(select(table))]
            for start in range(0, len(rows), 1000):
                write.execute(insert(table), rows[start : start + 1000])


# ---- PostgreSQL ------------------------------------------------------------------------------


def pg_url_for(name: str) -> str:
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def create_pg_database(name: str, template: str | None = None) -> str:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    finally:
        admin.dispose()
    return pg_url_for(name)


def drop_pg_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@dataclass
class PgTemplate:
    name: str
    made: list[str] = field(default_factory=list)

    def fresh(self) -> str:
        """A new database, a copy of the template."""
        name = f"{self.name}_{uuid.uuid4().hex[:6]}"
        url = create_pg_database(name, template=self.name)
        self.made.append(name)
        return url


# ---- the server as a real process ------------------------------------------------------------


class ServerProcess:
    """``prospector server --db URL`` on 127.0.0.1 and a free port."""

    def __init__(self, db_url: str, home: Path, *, workers: int = 1) -> None:
        self.db_url = db_url
        self.home = home
        self.workers = workers
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ServerProcess:
        self.home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PROSPECTOR_HOME": str(self.home)}
        cmd = [sys.executable, "-m", "app", "server", "--db", self.db_url,
               "--port", str(self.port), "--workers", str(self.workers)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc is None:
            return
        # The whole process group: the server and its workers stop together.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


# ---- in-process server and transports ------------------------------------------------------------


class InProcessServer:
    """The app in this process (FastAPI's TestClient), restartable."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.requests = 0
        self.client = self._open()

    def _open(self) -> TestClient:
        client = TestClient(create_app(self.db_url, hasher=FAST_HASHER))
        client.__enter__()  # one event-loop thread for all requests, not one each
        return client

    def restart(self) -> None:
        self.close()
        self.client = self._open()

    def close(self) -> None:
        self.client.__exit__(None, None, None)
        self.client.app.state.prospector.db.dispose()  # type: ignore[attr-defined]


class AppTransport:
    """A sync Transport that calls the in-process app."""

    def __init__(self, server: InProcessServer) -> None:
        self.server = server

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        timeout: float = 30.0,
    ) -> HttpResponse:
        path = url.split("://", 1)[1]
        path = path[path.index("/"):]
        self.server.requests += 1
        resp = self.server.client.request(
            method, path, headers=dict(headers), json=json_body, params=params
        )
        return HttpResponse(resp.status_code, resp.content, dict(resp.headers))


class Faults:
    """Wraps a transport: offline, or the next responses lost after the server did the
    work (the client sees a dropped connection)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.offline = False
        self.lose: list[str] = []  # paths whose next response is lost
        self.lost = 0

    def request(self, method: str, url: str, **kw: Any) -> HttpResponse:
        if self.offline:
            raise TransportError("offline (test)")
        resp: HttpResponse = self.inner.request(method, url, **kw)
        for i, path in enumerate(self.lose):
            if url.endswith(path):
                del self.lose[i]
                self.lost += 1
                raise TransportError("response lost (test)")
        return resp


def engine_for(
    db: Database,
    server_url: str,
    username: str,
    transport: Any = None,
    **kw: Any,
) -> SyncEngine:
    kw.setdefault("tokens", MemoryTokenStore())
    kw.setdefault("retries", 2)
    kw.setdefault("backoff_s", 0.0)
    kw.setdefault("schema", head())
    return SyncEngine(
        db, server_url, lambda: Credentials(username, PASSWORD), username=username,
        transport=transport, **kw,
    )


# ---- fixtures ------------------------------------------------------------------------------------
# tests/server and tests/sync each import these fixtures into their conftest, which makes
# two session-scoped instances; the resources behind them are made once per process.

_ONCE: dict[str, Any] = {}


def _once(key: str, make: Callable[[], Any]) -> Any:
    if key not in _ONCE:
        _ONCE[key] = make()
    return _ONCE[key]


@pytest.fixture(scope="session")
def server_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _once("server_template", lambda: build_server_template(
        tmp_path_factory.mktemp("server-template")))
    return path


@pytest.fixture(scope="session")
def client_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _once("client_template", lambda: build_client_template(
        tmp_path_factory.mktemp("client-template")))
    return path


def _make_pg_template(server_template: Path) -> PgTemplate:
    name = f"prospector_sync_{uuid.uuid4().hex[:8]}"
    url = create_pg_database(name)
    engine = create_engine(url)
    migrate.upgrade(engine)
    src = create_sqlite_engine(server_template)
    copy_into(src, engine)
    src.dispose()
    changes.prepare(engine)
    engine.dispose()
    return PgTemplate(name)


@pytest.fixture(scope="session")
def pg_template(server_template: Path) -> Iterator[PgTemplate]:
    """A PostgreSQL copy of the server template; tests take copies of it."""
    template: PgTemplate = _once("pg_template", lambda: _make_pg_template(server_template))
    try:
        yield template
    finally:  # at the end of the session (idempotent: two fixture instances share it)
        for made in template.made:
            drop_pg_database(made)
        template.made.clear()
        drop_pg_database(template.name)


def _start_pg_server(pg_template: PgTemplate, home: Path) -> ServerProcess:
    url = pg_template.fresh()
    engine = create_engine(url)
    for i in range(6, 13):  # more agents than free leads, for the lease races
        fast_user(engine, f"agent{i}", "agent", "Zespół C")
    engine.dispose()
    return ServerProcess(url, home, workers=2).start()


@pytest.fixture(scope="session")
def pg_server(pg_template: PgTemplate, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[ServerProcess]:
    """One real server process with two workers on a PostgreSQL copy of the template,
    shared by the real-process tests (each gives its leases back when done)."""
    server: ServerProcess = _once("pg_server", lambda: _start_pg_server(
        pg_template, tmp_path_factory.mktemp("pg-server")))
    yield server
    server.stop()


@pytest.fixture
def sqlite_server_url(server_template: Path, tmp_path: Path) -> str:
    return f"sqlite:///{copy_sqlite(server_template, tmp_path / 'server')}"


@pytest.fixture
def app_server(sqlite_server_url: str) -> Iterator[InProcessServer]:
    server = InProcessServer(sqlite_server_url)
    yield server
    server.close()


@pytest.fixture
def new_client(client_template: Path, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    made: list[Database] = []

    def make(name: str) -> Database:
        db = client_db(client_template, tmp_path / "clients" / name)
        made.append(db)
        return db

    yield make
    for db in made:
        db.dispose()


@pytest.fixture
def keyring_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The keyrings.alt plain-text file backend, in a folder of the test's own."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    import keyring
    import keyring.core

    keyring.core._keyring_backend = None  # type: ignore[attr-defined]
    keyring.set_keyring(keyring.core.load_env())  # type: ignore[arg-type]
    return tmp_path / "xdg"


def login_headers(client: TestClient, username: str, device: uuid.UUID | None = None) -> dict[str, str]:
    resp = client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": PASSWORD,
              "device_id": str(device or uuid.uuid4())},
        headers={"X-Prospector-Schema": head()},
    )
    assert resp.status_code == 200, resp.text
    return {"X-Prospector-Schema": head(), "Authorization": f"Bearer {resp.json()['access_token']}"}


def dispose_all(*dbs: Database) -> None:
    for db in dbs:
        db.dispose()


def fast_user(engine: Engine, username: str, role: str, team: str | None) -> uuid.UUID:
    """Add a user with the cheap test hash and a revision."""
    from sqlalchemy.orm import Session

    with Session(engine) as s, s.begin():
        revs = changes.Revisions(s)
        uid = uuid.uuid4()
        s.add(User(id=uid, username=username, full_name=username, role=role, team=team,
                   password_hash=FAST_HASHER.hash(PASSWORD), active=True,
                   server_rev=revs.next()))
        s.flush()
        revs.finish()
    return uid


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
