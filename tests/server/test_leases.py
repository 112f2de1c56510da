"""Leases on PostgreSQL: concurrent requests against a real two-worker server never give
one lead to two agents; the guarded UPDATE alone holds under a race; leases expire and
return; an agent can give them back."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
import requests
from sqlalchemy import create_engine, delete, func, select, update
from sqlalchemy.orm import Session

from app.server import leases as lease_service
from models import Lease, QueueItem, User
from tests.server.harness import CAMPAIGN, ServerProcess, head

pytestmark = pytest.mark.postgres


def sign_in(server: ServerProcess, username: str) -> dict[str, str]:
    resp = requests.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": username, "password": "demo", "device_id": str(uuid.uuid4())},
        headers={"X-Prospector-Schema": head()}, timeout=30,
    )
    assert resp.status_code == 200, resp.text
    return {"X-Prospector-Schema": head(), "Authorization": f"Bearer {resp.json()['access_token']}"}


def active_per_item(url: str) -> dict[uuid.UUID, int]:
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Lease.queue_item_id, func.count())
            .where(Lease.released_at.is_(None), Lease.expires_at > now)
            .group_by(Lease.queue_item_id)
        ).all()
        holders = {item: who for item, who in conn.execute(
            select(QueueItem.id, QueueItem.lease_holder_id)
            .where(QueueItem.lease_holder_id.is_not(None), QueueItem.lease_expires_at > now)
        )}
        agents = {item: who for item, who in conn.execute(
            select(Lease.queue_item_id, Lease.agent_id)
            .where(Lease.released_at.is_(None), Lease.expires_at > now)
        )}
    engine.dispose()
    assert holders == agents  # the queue item and the lease agree on the holder
    return {item: int(n) for item, n in rows}


def test_concurrent_lease_requests_never_share_a_lead(pg_server: ServerProcess) -> None:
    agents = [f"agent{i}" for i in range(1, 13) if i != 5]
    headers = {a: sign_in(pg_server, a) for a in agents}
    got: dict[str, list[str]] = {a: [] for a in agents}
    errors: list[str] = []
    start = threading.Barrier(len(agents))

    def take(agent: str) -> None:
        start.wait()
        for _ in range(3):
            resp = requests.post(
                f"{pg_server.url}/api/v1/leases",
                json={"campaign": CAMPAIGN, "count": 4, "hours": 8},
                headers=headers[agent], timeout=60,
            )
            if resp.status_code != 200:
                errors.append(f"{agent}: {resp.status_code} {resp.text}")
                return
            got[agent] += [lease["company_id"] for lease in resp.json()["leases"]]

    threads = [threading.Thread(target=take, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    holders: dict[str, set[str]] = {}
    for agent, companies in got.items():
        for company in companies:
            holders.setdefault(company, set()).add(agent)
    assert holders, "nothing was leased"
    assert all(len(h) == 1 for h in holders.values()), holders
    assert max(active_per_item(pg_server.db_url).values()) == 1
    for agent in agents:
        requests.post(f"{pg_server.url}/api/v1/leases/release", json={},
                      headers=headers[agent], timeout=30)


def test_the_guarded_update_alone_stops_a_double_lease(pg_server: ServerProcess) -> None:
    """Without the change-sequence lock, 12 threads racing for the same free item."""
    engine = create_engine(pg_server.db_url, pool_size=14)
    with engine.begin() as conn:
        item = conn.execute(
            select(QueueItem.id, QueueItem.company_id, QueueItem.campaign_id)
            .where(QueueItem.lease_holder_id.is_(None), QueueItem.status != "done")
            .limit(1)
        ).one()
        users = conn.execute(select(User.id).where(User.role == "agent")).scalars().all()

    winners: list[uuid.UUID] = []
    gate = threading.Barrier(len(users))

    def race(user_id: uuid.UUID) -> None:
        now = dt.datetime.now(dt.UTC)
        with Session(engine) as s, s.begin():
            gate.wait()
            got = lease_service._take(s, item.id, item.company_id, item.campaign_id, user_id,
                                      now, now + dt.timedelta(hours=1), [])
            if got is not None:
                winners.append(user_id)

    threads = [threading.Thread(target=race, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with engine.begin() as conn:  # leave the lead free for the other tests
        conn.execute(update(QueueItem).where(QueueItem.id == item.id)
                     .values(lease_holder_id=None, lease_expires_at=None))
        conn.execute(delete(Lease).where(Lease.queue_item_id == item.id,
                                         Lease.server_rev.is_(None)))
    engine.dispose()
    assert len(winners) == 1


def test_leases_expire_and_return(pg_server: ServerProcess) -> None:
    first = sign_in(pg_server, "agent3")
    second = sign_in(pg_server, "agent5")
    requests.post(f"{pg_server.url}/api/v1/leases/release", json={}, headers=first, timeout=30)
    taken = requests.post(f"{pg_server.url}/api/v1/leases",
                          json={"campaign": CAMPAIGN, "count": 1}, headers=first,
                          timeout=30).json()["leases"]
    if not taken:
        pytest.skip("no free lead left in the template")
    company = taken[0]["company_id"]
    engine = create_engine(pg_server.db_url)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    with engine.begin() as conn:
        conn.execute(update(QueueItem).where(QueueItem.company_id == uuid.UUID(company))
                     .values(lease_expires_at=past))
        conn.execute(update(Lease).where(Lease.company_id == uuid.UUID(company))
                     .values(expires_at=past))
    again = requests.post(f"{pg_server.url}/api/v1/leases",
                          json={"campaign": CAMPAIGN, "count": 500}, headers=second,
                          timeout=30).json()["leases"]
    assert company in [lease["company_id"] for lease in again]
    with engine.connect() as conn:
        old = conn.execute(select(Lease.release_reason)
                           .where(Lease.id == uuid.UUID(taken[0]["lease_id"]))).scalar_one()
    assert old == "expired"
    back = requests.post(f"{pg_server.url}/api/v1/leases/release", json={}, headers=second,
                         timeout=30).json()
    assert back["released"] >= 1
    with engine.connect() as conn:
        holder = conn.execute(select(QueueItem.lease_holder_id)
                              .where(QueueItem.company_id == uuid.UUID(company))).scalars().all()
    engine.dispose()
    assert set(holder) == {None}


def test_leases_are_for_callers(pg_server: ServerProcess) -> None:
    admin = sign_in(pg_server, "admin")
    resp = requests.post(f"{pg_server.url}/api/v1/leases",
                         json={"campaign": CAMPAIGN, "count": 1}, headers=admin, timeout=30)
    assert resp.status_code == 403
    agent = sign_in(pg_server, "agent1")
    unknown = requests.post(f"{pg_server.url}/api/v1/leases",
                            json={"campaign": "nope", "count": 1}, headers=agent, timeout=30)
    assert unknown.status_code == 404
    assert requests.post(f"{pg_server.url}/api/v1/leases", json={"campaign": CAMPAIGN,
                                                                 "count": 100000},
                         headers=agent, timeout=30).status_code == 422
