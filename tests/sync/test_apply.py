"""Applying pulls on the laptop: pending local edits survive, rows the server merged by
natural key replace the laptop's twin, an erasure purges rows and outbox alike, a row
never goes back to an older revision; and the hybrid logical clock."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable

from sqlalchemy import func, select

from app.db import Database
from app.services.answers import save_answer
from app.services.calls import log_call
from app.services.queue import record_mutation
from app.sync.apply import apply_changes
from app.sync.hlc import HybridClock, Stamp, describe
from models import Company, FieldValue, OutboxMutation, QueueItem, User
from tests.server.harness import CAMPAIGN, AppTransport, InProcessServer, engine_for, login_headers


def laptop(server: InProcessServer, new_client: Callable[[str], Database], name: str,
           leads: int = 0) -> tuple[Database, object]:
    db = new_client(name)
    engine = engine_for(db, "http://t", name, AppTransport(server))
    if leads:
        engine.request_leases(CAMPAIGN, leads)
    engine.sync_once()
    return db, engine


def my_lead(db: Database, name: str) -> uuid.UUID:
    with db.read() as s:
        me = s.scalar(select(User.id).where(User.username == name))
        found = s.scalar(select(QueueItem.company_id).where(QueueItem.lease_holder_id == me))
    assert found is not None
    return found


def test_a_pending_local_edit_survives_a_pull(app_server: InProcessServer,
                                              new_client: Callable[[str], Database]) -> None:
    db1, e1 = laptop(app_server, new_client, "agent1", leads=1)
    db2, e2 = laptop(app_server, new_client, "agent2")
    company = my_lead(db1, "agent1")
    with db1.session() as s:  # agent1 types a note, not yet sent
        row = s.get(Company, company)
        assert row is not None
        row.notes = "mine"
        record_mutation(s, "companies", company, "upsert", {"notes": "mine"}, row.server_rev)
    admin = login_headers(app_server.client, "admin")
    app_server.client.post("/api/v1/sync/push", headers=admin, json={"mutations": [{
        "mutation_id": str(uuid.uuid4()), "entity": "companies", "entity_id": str(company),
        "op": "upsert", "fields": {"notes": "office", "employees": 77}}]})
    e1.pull()  # type: ignore[attr-defined]
    with db1.read() as s:
        row = s.get(Company, company)
        assert row is not None
        assert (row.notes, row.employees) == ("mine", 77)
    result = e1.sync_once()  # type: ignore[attr-defined]
    assert result.conflicts == 1  # the office changed the note since agent1 last saw it
    with db1.read() as s:
        row = s.get(Company, company)
        assert row is not None
        assert row.notes == "mine"
    del db2, e2


def test_the_servers_row_replaces_a_twin_made_offline(
    app_server: InProcessServer, new_client: Callable[[str], Database]
) -> None:
    db1, e1 = laptop(app_server, new_client, "agent1", leads=1)
    db2, e2 = laptop(app_server, new_client, "agent2")
    company = my_lead(db1, "agent1")
    with db1.read() as s:
        existing = s.scalar(select(FieldValue.id).where(FieldValue.company_id == company,
                                                        FieldValue.field_key == "fleet_vans"))
    # Another laptop answered first; agent1 answers the same question offline.
    admin = login_headers(app_server.client, "admin")
    server_row = existing or uuid.uuid4()
    app_server.client.post("/api/v1/sync/push", headers=admin, json={"mutations": [{
        "mutation_id": str(uuid.uuid4()), "entity": "field_values",
        "entity_id": str(server_row), "op": "upsert",
        "fields": {"company_id": str(company), "field_key": "fleet_vans", "value": 3}}]})
    if existing is not None:
        with db1.session() as s:  # make the laptop's copy a twin: its own id, never synced
            s.execute(FieldValue.__table__.delete().where(FieldValue.id == existing))
    with db1.session() as s:
        user = s.scalar(select(User.id).where(User.username == "agent1"))
        save_answer(s, company, "fleet_vans", 5, user)
    e1.sync_once()  # type: ignore[attr-defined]
    with db1.read() as s:
        rows = s.execute(select(FieldValue.id, FieldValue.value).where(
            FieldValue.company_id == company, FieldValue.field_key == "fleet_vans")).all()
    assert [(r.id, r.value) for r in rows] == [(server_row, 5)]
    del db2, e2


def test_an_erasure_purges_the_laptop_and_its_outbox(
    app_server: InProcessServer, new_client: Callable[[str], Database]
) -> None:
    db, engine = laptop(app_server, new_client, "agent1", leads=2)
    company = my_lead(db, "agent1")
    with db.session() as s:  # a call made offline, not yet sent
        log_call(s, company, CAMPAIGN, "agent1", "no_answer", at=dt.datetime.now(dt.UTC))
    admin = login_headers(app_server.client, "admin")
    resp = app_server.client.post("/api/v1/erasures", headers=admin,
                                  json={"subject_kind": "company", "subject_id": str(company)})
    assert resp.status_code == 201
    result = engine.sync_once()  # type: ignore[attr-defined]
    assert result.rejected == 2  # the server refused the call about an erased company
    with db.read() as s:
        assert s.get(Company, company) is None
        assert s.execute(select(func.count()).select_from(OutboxMutation)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(QueueItem)
                         .where(QueueItem.company_id == company)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Company)).scalar_one() >= 1


def test_a_row_never_goes_back_to_an_older_revision(client_template: object,
                                                    new_client: Callable[[str], Database]
                                                    ) -> None:
    db = new_client("plain")
    company = uuid.uuid4()
    row = {"id": str(company), "name": "Nowa", "name_key": "nowa", "country": "PL",
           "timezone": "Europe/Warsaw", "is_household": False,
           "created_at": "2026-01-01T10:00:00+00:00", "updated_at": "2026-01-01T10:00:00+00:00",
           "deleted": False, "server_rev": 10, "hlc": None}
    raw = db.engine.raw_connection()
    conn: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
    apply_changes(conn, [{"entity": "companies", "row": {**row, "notes": "new"}}])
    apply_changes(conn, [{"entity": "companies",
                          "row": {**row, "notes": "old", "server_rev": 9}},
                         {"entity": "no_such_table", "row": {"id": "x"}},
                         {"entity": "auth_sessions", "row": {"id": str(uuid.uuid4())}}])
    conn.commit()
    raw.close()
    with db.read() as s:
        stored = s.get(Company, company)
        assert stored is not None
        assert (stored.notes, stored.server_rev) == ("new", 10)
        assert stored.created_at == dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC)


def test_hybrid_clock_is_monotonic_and_moves_past_what_it_sees() -> None:
    wall = [1_000_000]
    clock = HybridClock("laptop-a", lambda: wall[0])
    first = clock.now()
    wall[0] -= 3_600_000  # the laptop's clock jumps back an hour
    second = clock.now()
    assert second > first
    remote = Stamp(5_000_000, 7, "laptop-b")
    seen = clock.observe(remote.encode())
    assert seen > remote
    assert clock.now() > seen
    assert Stamp.decode(seen.encode()) == seen
    assert len(seen.encode()) <= 32
    assert sorted([second.encode(), first.encode(), seen.encode()]) == [
        first.encode(), second.encode(), seen.encode()]
    assert describe(first.encode()).startswith("1970-01-01")
