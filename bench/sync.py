"""Sync: push throughput per client and per server process, empty-pull latency at
100k and 1M server leads, the first sync of a new laptop (50k leads + 200k attempts),
and 500 simulated agents pulling and pushing — all on PostgreSQL, 127.0.0.1 only.

Floors, measured in the same run on the same data (BENCHMARKS.md): psycopg single-row
inserts, 100 per transaction, each with an applied-mutations ledger row; the indexed
``server_rev > cursor`` query; a plain SELECT of the first sync's rows serialised to
JSON. ``--quick``: 10k/100k leads, a 5k-lead first sync, 100 agents.

The data sets are built once with bulk SQL (generate_series) and kept as databases
named ``prospector_bench_*``; the runs that write work on a fresh copy
(``CREATE DATABASE … TEMPLATE``). The PostgreSQL server is warm (one untimed pass).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, emit, percentile  # noqa: E402

ADMIN_URL = os.environ.get(
    "PROSPECTOR_BENCH_PG",
    os.environ.get("PROSPECTOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
)
CAMPAIGN = "kwalifikacja"
PASSWORD = "bench"
DATASET_VERSION = "2"


def log(msg: str) -> None:
    sys.stderr.write(f"[sync bench] {msg}\n")
    sys.stderr.flush()


def pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def psycopg_dsn(name: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(pg_url(name))
    return f"host={u.host} port={u.port or 5432} user={u.username} dbname={name}" + (
        f" password={u.password}" if u.password else "")


def admin_exec(sql: str) -> None:
    import psycopg

    with psycopg.connect(psycopg_dsn("postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def db_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(psycopg_dsn("postgres"), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (name,)).fetchone() is not None


# ---- data sets --------------------------------------------------------------------------------

BUILD_SQL = """
INSERT INTO campaigns (id, key, name, type, variants, is_b2c, calling_hours, max_attempts,
    max_attempts_per_day, min_gap_minutes, lease_minutes, field_keys, active, deleted, server_rev)
VALUES ('00000000-0000-4000-8000-00000000ca01', 'kwalifikacja', 'Kwalifikacja', 'lead_generation',
    '[]', false, '{"0": [["09:00", "17:00"]], "1": [["09:00", "17:00"]]}', 6, 2, 60, 30, '[]',
    true, false, nextval('bench_rev'));
INSERT INTO dispositions (id, campaign_id, code, label_pl, label_en, category, is_contact,
    is_final, counts_as_attempt, position, deleted, server_rev)
VALUES ('00000000-0000-4000-8000-00000000d001', NULL, 'no_answer', 'Nie odbiera', 'No answer',
    'no_contact', false, false, true, 0, false, nextval('bench_rev'));
INSERT INTO users (id, username, full_name, role, team, password_hash, active, created_at,
    deleted, server_rev)
SELECT md5('u' || i)::uuid, 'bench' || i, 'Agent ' || i, 'agent', 'Zespół ' || mod(i, 20),
    :hash, true, now(), false, nextval('bench_rev')
FROM generate_series(1, :agents) i;
INSERT INTO users (id, username, full_name, role, team, password_hash, active, created_at,
    deleted, server_rev)
VALUES (md5('admin')::uuid, 'benchadmin', 'Admin', 'admin', NULL, :hash, true, now(), false,
    nextval('bench_rev'));
INSERT INTO companies (id, name, name_key, nip, city, city_key, voivodeship, postcode, street,
    building, country, timezone, phone, email, industry, employees, is_household, notes,
    created_at, updated_at, deleted, server_rev)
SELECT md5('c' || i)::uuid, 'Firma Transportowa ' || i || ' Sp. z o.o.',
    'firma transportowa ' || i || ' sp z o o', lpad((1000000000 + i)::text, 10, '0'),
    'Warszawa', 'warszawa', 'mazowieckie', '00-' || lpad(mod(i, 1000)::text, 3, '0'),
    'Marszałkowska', mod(i, 200)::text, 'PL', 'Europe/Warsaw', '+4822' || lpad(i::text, 7, '0'),
    'biuro' || i || '@firma.pl', 'transport', 10 + mod(i, 500), false, NULL, now(), now(), false,
    nextval('bench_rev')
FROM generate_series(1, :n) i;
INSERT INTO contacts (id, company_id, first_name, last_name, role, is_decision_maker, email,
    calling_windows, preferred_channel, created_at, deleted, server_rev)
SELECT md5('k' || i)::uuid, md5('c' || i)::uuid, 'Anna', 'Nowak ' || i, 'owner', true,
    'anna' || i || '@firma.pl', '[]', 'phone', now(), false, nextval('bench_rev')
FROM generate_series(1, :n) i;
INSERT INTO phone_numbers (id, company_id, contact_id, e164, kind, label, deleted, server_rev)
SELECT md5('p' || i)::uuid, md5('c' || i)::uuid, NULL, '+4822' || lpad(i::text, 7, '0'),
    'landline', 'centrala', false, nextval('bench_rev')
FROM generate_series(1, :n) i;
INSERT INTO queue_items (id, campaign_id, company_id, status, priority, attempts,
    attempts_today, deleted, server_rev)
SELECT md5('q' || i)::uuid, '00000000-0000-4000-8000-00000000ca01', md5('c' || i)::uuid,
    'new', mod(i, 4), 0, 0, false, nextval('bench_rev')
FROM generate_series(1, :n) i;
INSERT INTO call_attempts (id, campaign_id, company_id, contact_id, agent_id, phone,
    started_at, ended_at, talk_seconds, wrapup_seconds, disposition_code, notes, script_id,
    script_path, answers, deleted, server_rev)
SELECT md5('a' || j)::uuid, '00000000-0000-4000-8000-00000000ca01',
    md5('c' || (1 + mod(j, :n)))::uuid, md5('k' || (1 + mod(j, :n)))::uuid, md5('u' || (1 + mod(j, 20)))::uuid,
    '+4822' || lpad((1 + mod(j, :n))::text, 7, '0'), now() - (j || ' minutes')::interval,
    now() - (j || ' minutes')::interval + interval '2 minutes', 60 + mod(j, 300), 20,
    'no_answer', 'Nie odebrał, spróbować po południu', 'lead_qualification', '["start"]', '{}',
    false, nextval('bench_rev')
FROM generate_series(1, :attempts) j;
"""


def build_dataset(name: str, leads: int, attempts: int, agents: int) -> None:
    """A server database of ``leads`` leads (company, contact, phone, queue item) and
    ``attempts`` call attempts, with every row's revision, kept between runs."""
    import psycopg
    from argon2 import PasswordHasher
    from sqlalchemy import create_engine

    from app.server.changes import prepare
    from models import migrate

    marker = f"v{DATASET_VERSION} leads={leads} attempts={attempts} agents={agents}"
    if db_exists(name):
        with psycopg.connect(psycopg_dsn(name)) as conn:
            try:
                row = conn.execute(
                    "SELECT value FROM sync_state WHERE key = 'bench_dataset'").fetchone()
                version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except psycopg.Error:
                row, version = None, None
        if row and row[0] == marker and version and version[0] == migrate.head_revision():
            log(f"reusing {name} ({marker})")
            return
        admin_exec(f'DROP DATABASE "{name}" WITH (FORCE)')
    log(f"building {name} ({marker}) …")
    started = time.perf_counter()
    admin_exec(f'CREATE DATABASE "{name}"')
    engine = create_engine(pg_url(name))
    migrate.upgrade(engine)
    engine.dispose()
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with psycopg.connect(psycopg_dsn(name)) as conn:
        conn.execute("CREATE SEQUENCE bench_rev")
        for statement in BUILD_SQL.split(";\n"):
            sql = statement.strip()
            if not sql:
                continue
            sql = (sql.replace(":hash", "%(hash)s").replace(":agents", "%(agents)s")
                   .replace(":attempts", "%(attempts)s").replace(":n", "%(n)s"))
            conn.execute(sql, {"hash": cheap, "agents": agents, "attempts": attempts,  # type: ignore[arg-type]
                               "n": leads})
        conn.execute("DROP SEQUENCE bench_rev")
        conn.execute("INSERT INTO sync_state (key, value) VALUES ('bench_dataset', %s)", (marker,))
        conn.commit()
    with psycopg.connect(psycopg_dsn(name), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    engine = create_engine(pg_url(name))
    prepare(engine)
    engine.dispose()
    log(f"built {name} in {time.perf_counter() - started:.1f} s")


@contextlib.contextmanager
def copy_of(template: str) -> Any:
    name = f"{template}_run_{uuid.uuid4().hex[:6]}"
    admin_exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield name
    finally:
        admin_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- a server process --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(db: str, workers: int = 1) -> Any:
    import requests

    port = free_port()
    home = Path(tempfile.mkdtemp(prefix="bench-sync-server-"))
    log_file = home / "server.log"
    env = {**os.environ, "PROSPECTOR_HOME": str(home)}
    with log_file.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "server", "--db", pg_url(db), "--port", str(port),
             "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(log_file.read_text()[-2000:])
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/api/v1/health", timeout=1).ok:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)


def headers_for(url: str, username: str, session: Any) -> dict[str, str]:
    from app.server.app import schema_head

    h = {"X-Prospector-Schema": schema_head()}
    resp = session.post(f"{url}/api/v1/auth/login", headers=h, timeout=60, json={
        "username": username, "password": PASSWORD, "device_id": str(uuid.uuid4())})
    resp.raise_for_status()
    return {**h, "Authorization": f"Bearer {resp.json()['access_token']}"}


# ---- floors --------------------------------------------------------------------------------------


def floor_push(db: str, rows: int) -> float:
    """psycopg: single-row inserts, 100 per transaction, each with a ledger row."""
    import psycopg

    with psycopg.connect(psycopg_dsn(db)) as conn:
        conn.execute("CREATE TEMP TABLE floor_rows (id uuid PRIMARY KEY, company_id uuid, "
                     "payload jsonb, server_rev bigint)")
        conn.execute("CREATE TEMP TABLE floor_ledger (device uuid, mutation uuid, result jsonb, "
                     "PRIMARY KEY (device, mutation))")
        conn.commit()
        device = uuid.uuid4()
        started = time.perf_counter()
        for start in range(0, rows, 100):
            with conn.transaction():
                for i in range(start, min(rows, start + 100)):
                    conn.execute("INSERT INTO floor_rows VALUES (%s, %s, %s, %s)",
                                 (uuid.uuid4(), uuid.uuid4(),
                                  json.dumps({"disposition": "no_answer", "n": i}), i))
                    conn.execute("INSERT INTO floor_ledger VALUES (%s, %s, %s)",
                                 (device, uuid.uuid4(), '{"status": "applied"}'))
        return rows / (time.perf_counter() - started)


def floor_indexed_query(db: str, repeat: int = 200) -> float:
    import psycopg

    with psycopg.connect(psycopg_dsn(db)) as conn:
        head = conn.execute("SELECT max(server_rev) FROM companies").fetchone()[0]  # type: ignore[index]
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            conn.execute("SELECT id FROM companies WHERE server_rev > %s ORDER BY server_rev "
                          "LIMIT 1000", (head,)).fetchall()
            samples.append((time.perf_counter() - t) * 1000)
    return percentile(samples, 0.5)


def floor_first_sync(db: str) -> tuple[float, int, int]:
    """A plain SELECT of every row the first sync moves, serialised to JSON."""
    import psycopg
    from psycopg.rows import dict_row

    from app.sync.protocol import ENTITIES

    tables = list(ENTITIES)  # an administrator's laptop receives every synced table
    started = time.perf_counter()
    size = count = 0
    with psycopg.connect(psycopg_dsn(db), row_factory=dict_row) as conn:
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()  # type: ignore[arg-type]
            if table == "users":
                for r in rows:
                    r.pop("password_hash", None)
            size += len(json.dumps(rows, default=str, ensure_ascii=False))
            count += len(rows)
    return time.perf_counter() - started, count, size


# ---- the measurements ----------------------------------------------------------------------------


def empty_pull(url: str, repeat: int) -> dict[str, float]:
    import requests

    s = requests.Session()
    h = headers_for(url, "bench1", s)
    cursor = None
    while True:  # catch up first (reference data and the suppression list)
        params: dict[str, Any] = {"limit": 5000}
        if cursor:
            params["since"] = cursor
        page = s.get(f"{url}/api/v1/sync/pull", params=params, headers=h, timeout=120).json()
        cursor = page["next"]
        if not page["has_more"]:
            break
    samples = []
    for _ in range(repeat + 20):
        t = time.perf_counter()
        resp = s.get(f"{url}/api/v1/sync/pull", params={"since": cursor}, headers=h, timeout=30)
        samples.append((time.perf_counter() - t) * 1000)
        assert resp.json()["changes"] == []
    samples = samples[20:]  # warm
    return {"p50_ms": round(percentile(samples, 0.5), 3),
            "p95_ms": round(percentile(samples, 0.95), 3)}


def laptop(url: str, username: str, folder: Path, leads: int) -> Any:
    from app.config import Profile
    from app.db import open_profile
    from app.sync.engine import Credentials, SyncEngine
    from app.sync.tokens import MemoryTokenStore

    db = open_profile(Profile(folder), create=True)
    engine = SyncEngine(db, url, lambda: Credentials(username, PASSWORD), username=username,
                        tokens=MemoryTokenStore(), batch_size=200, page_size=5000)
    if leads:
        engine.request_leases(CAMPAIGN, leads, 8)
    engine.sync_once()
    return engine


def fill_outbox(engine: Any, mutations: int) -> None:
    """Calls on the laptop's leads as the console writes them: an append-only attempt,
    the queue item's new state, a profile note — one outbox row each."""
    from sqlalchemy import insert, select

    from models import OutboxMutation, QueueItem, utcnow

    db = engine.db
    with db.read() as s:
        me = uuid.UUID(engine.user["id"])
        items = s.execute(select(QueueItem.id, QueueItem.company_id, QueueItem.campaign_id,
                                 QueueItem.server_rev)
                          .where(QueueItem.lease_holder_id == me)).all()
    assert items, "no leads leased"
    rows = []
    now = utcnow()
    for k in range(mutations):
        item = items[k % len(items)]
        kind = k % 3
        if kind == 0:
            rows.append({"entity": "call_attempts", "entity_id": str(uuid.uuid4()), "op": "append",
                         "fields": {"campaign_id": str(item.campaign_id),
                                    "company_id": str(item.company_id),
                                    "agent_id": str(me), "started_at": now.isoformat(),
                                    "disposition_code": "no_answer", "notes": f"call {k}"}})
        elif kind == 1:
            rows.append({"entity": "queue_items", "entity_id": str(item.id), "op": "upsert",
                         "fields": {"status": "retry", "attempts": 1 + k // 3,
                                    "last_disposition": "no_answer"},
                         "base_revs": {"status": item.server_rev}})
        else:
            rows.append({"entity": "companies", "entity_id": str(item.company_id),
                         "op": "upsert", "fields": {"notes": f"note {k}"},
                         "base_revs": {"notes": item.server_rev}})
    with db.session() as s:
        s.execute(insert(OutboxMutation), [
            {"mutation_id": uuid.uuid4(), "created_at": now, "attempts": 0,
             "base_revs": r.pop("base_revs", {}), **r} for r in rows])


def server_push_rate(url: str, agents: list[str], mutations: int, batch: int = 200) -> float:
    """The server alone: prebuilt batches (the mix of :func:`fill_outbox`) posted by one
    thread per agent at once, so that the clients' own work is not in the figure."""
    import requests

    bodies: list[tuple[requests.Session, dict[str, str], list[dict[str, Any]]]] = []
    for name in agents:
        s = requests.Session()
        h = headers_for(url, name, s)
        me = s.get(f"{url}/api/v1/me", headers=h, timeout=30).json()["id"]
        leases = s.post(f"{url}/api/v1/leases", headers=h, timeout=60,
                        json={"campaign": CAMPAIGN, "count": 30, "hours": 2}).json()["leases"]
        muts = []
        for k in range(mutations):
            lease = leases[k % len(leases)]
            kind = k % 3
            if kind == 0:
                muts.append({"mutation_id": str(uuid.uuid4()), "entity": "call_attempts",
                             "entity_id": str(uuid.uuid4()), "op": "append", "fields": {
                                 "campaign_id": "00000000-0000-4000-8000-00000000ca01",
                                 "company_id": lease["company_id"], "agent_id": me,
                                 "started_at": "2026-03-02T09:00:00+00:00",
                                 "disposition_code": "no_answer", "notes": f"call {k}"}})
            elif kind == 1:
                muts.append({"mutation_id": str(uuid.uuid4()), "entity": "queue_items",
                             "entity_id": lease["queue_item_id"], "op": "upsert",
                             "fields": {"status": "retry", "attempts": 1 + k // 3}})
            else:
                muts.append({"mutation_id": str(uuid.uuid4()), "entity": "companies",
                             "entity_id": lease["company_id"], "op": "upsert",
                             "fields": {"notes": f"note {k}"}})
        bodies.append((s, h, muts))
    errors: list[str] = []

    def run(s: Any, h: dict[str, str], muts: list[dict[str, Any]]) -> None:
        for start in range(0, len(muts), batch):
            resp = s.post(f"{url}/api/v1/sync/push", headers=h, timeout=120,
                          json={"mutations": muts[start : start + batch]})
            if resp.status_code != 200:
                errors.append(resp.text[:200])

    threads = [threading.Thread(target=run, args=b) for b in bodies]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(errors[0])
    return len(agents) * mutations / elapsed


def push_rate(engines: list[Any], mutations: int) -> float:
    for e in engines:
        fill_outbox(e, mutations)
    errors: list[BaseException] = []

    def run(e: Any) -> None:
        try:
            e.push()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return len(engines) * mutations / elapsed


async def load(url: str, agents: int, rounds: int, concurrency: int,
               interval_s: float) -> dict[str, Any]:
    """Each simulated agent: sign in and take 3 leads (not timed), then every
    ``interval_s`` (with jitter) push a call (attempt + queue item + note) and pull."""
    import httpx

    from app.server.app import schema_head

    schema = {"X-Prospector-Schema": schema_head()}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors: list[str] = []
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def setup(i: int) -> dict[str, Any]:
            async with gate:
                r = await client.post("/api/v1/auth/login", headers=schema, json={
                    "username": f"bench{i}", "password": PASSWORD,
                    "device_id": str(uuid.uuid4())})
                r.raise_for_status()
                body = r.json()
                h = {**schema, "Authorization": f"Bearer {body['access_token']}"}
                r = await client.post("/api/v1/leases", headers=h,
                                      json={"campaign": CAMPAIGN, "count": 3, "hours": 2})
                r.raise_for_status()
                return {"h": h, "me": body["user"]["id"], "leases": r.json()["leases"],
                        "cursor": None}

        states = await asyncio.gather(*(setup(i) for i in range(1, agents + 1)))

        async def timed(method: str, path: str, **kw: Any) -> Any:
            async with gate:
                t = time.perf_counter()
                try:
                    resp = await client.request(method, path, **kw)
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                    return None
                latencies.append((time.perf_counter() - t) * 1000)
                if resp.status_code >= 400:
                    errors.append(f"{path}: {resp.status_code}")
                    return None
                return resp.json()

        async def agent(st: dict[str, Any]) -> None:
            rng = random.Random(st["me"])
            await asyncio.sleep(rng.uniform(0, interval_s))  # laptops come online apart
            for r in range(rounds):
                if r:
                    await asyncio.sleep(interval_s * rng.uniform(0.8, 1.2))
                lease = st["leases"][r % len(st["leases"])] if st["leases"] else None
                if lease is not None:
                    muts = [
                        {"mutation_id": str(uuid.uuid4()), "entity": "call_attempts",
                         "entity_id": str(uuid.uuid4()), "op": "append",
                         "fields": {"campaign_id": "00000000-0000-4000-8000-00000000ca01",
                                    "company_id": lease["company_id"], "agent_id": st["me"],
                                    "started_at": "2026-03-02T09:00:00+00:00",
                                    "disposition_code": "no_answer"}},
                        {"mutation_id": str(uuid.uuid4()), "entity": "queue_items",
                         "entity_id": lease["queue_item_id"], "op": "upsert",
                         "fields": {"status": "retry", "attempts": r + 1}},
                        {"mutation_id": str(uuid.uuid4()), "entity": "companies",
                         "entity_id": lease["company_id"], "op": "upsert",
                         "fields": {"notes": f"round {r}"}},
                    ]
                    await timed("POST", "/api/v1/sync/push", headers=st["h"],
                                json={"mutations": muts})
                params = {"limit": 1000}
                if st["cursor"]:
                    params["since"] = st["cursor"]
                page = await timed("GET", "/api/v1/sync/pull", headers=st["h"], params=params)
                if page is not None:
                    st["cursor"] = page["next"]

        started = time.perf_counter()
        await asyncio.gather(*(agent(st) for st in states))
        elapsed = time.perf_counter() - started
    return {
        "agents": agents,
        "requests": len(latencies) + len(errors),
        "seconds": round(elapsed, 1),
        "requests_per_s": round((len(latencies) + len(errors)) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "errors": len(errors),
        "error_sample": errors[:5],
        "concurrency": concurrency,
        "interval_s": interval_s,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    small, large = (10_000, 100_000) if quick else (100_000, 1_000_000)
    first_leads, first_attempts = (5_000, 20_000) if quick else (50_000, 200_000)
    agents = 100 if quick else 500
    push_n = 1_200 if quick else 4_000
    prefix = "prospector_bench_sync"
    sets = {
        "small": (f"{prefix}_{small}", small, 0),
        "large": (f"{prefix}_{large}", large, 0),
        "first": (f"{prefix}_first_{first_leads}_{first_attempts}", first_leads, first_attempts),
    }
    for name, leads, attempts in sets.values():
        build_dataset(name, leads, attempts, agents=max(agents, 20))
    figures: dict[str, Any] = {}
    floor: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        small_db = sets["small"][0]
        floor["push_rows_per_s"] = round(floor_push(small_db, 2_000 if quick else 5_000))
        floor["indexed_query_p50_ms_1m" if not quick else "indexed_query_p50_ms_large"] = round(
            floor_indexed_query(sets["large"][0]), 3)
        # Empty pull at both sizes (one worker each, warm).
        with server(sets["small"][0]) as url:
            figures["empty_pull_small"] = empty_pull(url, 200)
        with server(sets["large"][0]) as url:
            figures["empty_pull_large"] = empty_pull(url, 200)
        growth = figures["empty_pull_large"]["p50_ms"] / figures["empty_pull_small"]["p50_ms"]
        figures["empty_pull_growth_p50"] = round(growth, 2)
        # Push: one laptop alone, then four at once, against one server process.
        with copy_of(small_db) as db, server(db) as url:
            one = laptop(url, "bench1", work / "l1", 30)
            push_rate([one], min(600, push_n))  # warm
            figures["push_per_client_per_s"] = round(push_rate([one], push_n))
            one.db.dispose()
            figures["push_per_process_per_s"] = round(
                server_push_rate(url, [f"bench{i}" for i in range(2, 6)], push_n))
        # First sync of a new laptop (an administrator's: every lead).
        first_db = sets["first"][0]
        floor_first_sync(first_db)  # warm
        floor_s, floor_rows, floor_bytes = floor_first_sync(first_db)
        floor["first_sync_select_json_s"] = round(floor_s, 2)
        floor["first_sync_rows"] = floor_rows
        floor["first_sync_json_mb"] = round(floor_bytes / 1e6, 1)
        with server(first_db) as url:
            from app.config import Profile
            from app.db import open_profile
            from app.sync.engine import Credentials, SyncEngine
            from app.sync.tokens import MemoryTokenStore

            db = open_profile(Profile(work / "first"), create=True)
            engine = SyncEngine(db, url, lambda: Credentials("benchadmin", PASSWORD),
                                tokens=MemoryTokenStore(), page_size=5000)
            started = time.perf_counter()
            result = engine.sync_once()
            figures["first_sync_s"] = round(time.perf_counter() - started, 2)
            figures["first_sync_rows"] = result.pulled
            db.dispose()
        # 500 agents (at most 50 requests in flight), two worker processes: each syncs
        # (pushes one call, pulls) every 30 s — twice as often as the app's default 60 s
        # — and then, for information, every 5 s.
        with copy_of(small_db) as db, server(db, workers=2) as url:
            figures["load"] = asyncio.run(load(url, agents, rounds=3, concurrency=50,
                                               interval_s=10.0 if quick else 30.0))
        with copy_of(small_db) as db, server(db, workers=2) as url:
            figures["load_stress"] = asyncio.run(load(url, agents, rounds=3, concurrency=50,
                                                      interval_s=5.0))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor["what"] = (
        "psycopg on PostgreSQL, same run: single-row inserts 100 per transaction with a "
        "ledger row; the indexed server_rev > cursor query; a plain SELECT of the first "
        "sync's rows serialised to JSON"
    )
    ratio_first = figures["first_sync_s"] / floor["first_sync_select_json_s"]
    goal = {"push_per_client_per_s": 500, "push_per_process_per_s": 2000,
            "empty_pull_p50_ms_large": 10, "empty_pull_growth_p50": 1.5,
            "first_sync_s": 60, "ratio_first_sync": 3, "load_p99_ms": 200, "load_errors": 0}
    meets = {
        "push_per_client": figures["push_per_client_per_s"] >= goal["push_per_client_per_s"],
        "push_per_process": figures["push_per_process_per_s"] >= goal["push_per_process_per_s"],
        "empty_pull": figures["empty_pull_large"]["p50_ms"] <= goal["empty_pull_p50_ms_large"],
        "empty_pull_growth": growth <= goal["empty_pull_growth_p50"],
        "first_sync": figures["first_sync_s"] <= goal["first_sync_s"]
        and ratio_first <= goal["ratio_first_sync"],
        "load": figures["load"]["p99_ms"] <= goal["load_p99_ms"]
        and figures["load"]["errors"] == 0,
    }
    emit({
        "bench": "sync",
        "data": {
            "server": "PostgreSQL 127.0.0.1, one worker process (load test: two)",
            "leads": {"small": small, "large": large},
            "first_sync": {"leads": first_leads, "attempts": first_attempts},
            "push_mutations": push_n,
            "mix": "1/3 call attempts (append), 1/3 queue items, 1/3 profile notes",
            "cache": "warm (one untimed pass)",
            "datasets": "built once with generate_series, reused between runs",
        },
        "figures": figures,
        "floor": floor,
        "ratio_first_sync": round(ratio_first, 2),
        "goal": goal,
        "meets": meets,
        "meets_goal": all(meets.values()),
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
