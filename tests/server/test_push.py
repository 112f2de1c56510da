"""Push: exactly once per (device, mutation), the merge rules, roles and scope, opt-out
wins, suppression re-checked for calls, erasure, and bad input answered with 4xx."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from app.services.calling_rules import suppression_hash
from app.services.queue import stored_key
from models import AppliedMutation, AuditEntry, CallAttempt, Company, SyncConflict
from tests.server.harness import CAMPAIGN, InProcessServer, head

NOW = dt.datetime.now(dt.UTC)


@dataclass
class Agent:
    client: TestClient
    username: str
    headers: dict[str, str]
    user_id: str
    device: uuid.UUID

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        resp = self.client.post(
            "/api/v1/sync/push", json={"mutations": list(mutations)}, headers=self.headers
        )
        assert resp.status_code == 200, resp.text
        results: list[dict[str, Any]] = resp.json()["results"]
        return results

    def leases(self, count: int = 2) -> list[dict[str, Any]]:
        resp = self.client.post(
            "/api/v1/leases", json={"campaign": CAMPAIGN, "count": count}, headers=self.headers
        )
        assert resp.status_code == 200, resp.text
        leases: list[dict[str, Any]] = resp.json()["leases"]
        return leases

    def lead(self, company_id: str) -> dict[str, list[dict[str, Any]]]:
        resp = self.client.get(f"/api/v1/leads/{company_id}", headers=self.headers)
        assert resp.status_code == 200, resp.text
        rows: dict[str, list[dict[str, Any]]] = resp.json()["rows"]
        return rows


def sign_in(client: TestClient, username: str, device: uuid.UUID | None = None) -> Agent:
    device = device or uuid.uuid4()
    resp = client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": "demo", "device_id": str(device)},
        headers={"X-Prospector-Schema": head()},
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    headers = {"X-Prospector-Schema": head(), "Authorization": f"Bearer {body['access_token']}"}
    return Agent(client, username, headers, body["user"]["id"], device)


def mut(entity: str, entity_id: Any, fields: dict[str, Any], op: str = "upsert",
        base: int | None = None, mid: uuid.UUID | None = None) -> dict[str, Any]:
    return {
        "mutation_id": str(mid or uuid.uuid4()),
        "entity": entity,
        "entity_id": str(entity_id),
        "op": op,
        "fields": fields,
        "base_revs": {k: base for k in fields} if base is not None else {},
        "created_at": NOW.isoformat(),
    }


def attempt(agent: Agent, company: dict[str, Any], **extra: Any) -> dict[str, Any]:
    fields = {
        "campaign_id": company["campaign_id"],
        "company_id": company["company_id"],
        "agent_id": agent.user_id,
        "started_at": NOW.isoformat(),
        "disposition_code": "no_answer",
        **extra,
    }
    return mut("call_attempts", uuid.uuid4(), fields, op="append")


def queue_item(agent: Agent, company_id: str) -> dict[str, Any]:
    items = [q for q in agent.lead(company_id)["queue_items"] if q["lease_holder_id"]]
    return items[0]


def db_count(server: InProcessServer, model: Any, *where: Any) -> int:
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(model).where(*where))
                       .scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def agent1(app_server: InProcessServer) -> Agent:
    return sign_in(app_server.client, "agent1")


def test_a_retried_batch_changes_nothing_twice(app_server: InProcessServer, agent1: Agent) -> None:
    lease = agent1.leases(1)[0]
    item = queue_item(agent1, lease["company_id"])
    batch = [
        attempt(agent1, item),
        mut("queue_items", item["id"], {"status": "retry", "attempts": 1}, base=item["server_rev"]),
    ]
    first = agent1.push(*batch)
    assert [r["status"] for r in first] == ["applied", "applied"]
    again = agent1.push(*batch)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert again[0]["original"] == first[0]
    attempt_id = batch[0]["entity_id"]
    assert db_count(app_server, CallAttempt, CallAttempt.id == uuid.UUID(attempt_id)) == 1
    assert db_count(app_server, AppliedMutation) == 2
    # The same attempt under a new mutation id is still recorded once.
    replay = dict(batch[0], mutation_id=str(uuid.uuid4()))
    assert agent1.push(replay)[0]["status"] == "duplicate"
    assert db_count(app_server, CallAttempt, CallAttempt.id == uuid.UUID(attempt_id)) == 1


def test_the_same_mutation_id_from_another_device_is_another_mutation(
    app_server: InProcessServer, agent1: Agent
) -> None:
    lease = agent1.leases(1)[0]
    mid = uuid.uuid4()
    m = mut("companies", lease["company_id"], {"notes": "A"}, mid=mid)
    assert agent1.push(m)[0]["status"] == "applied"
    other = sign_in(app_server.client, "agent1")  # a second laptop
    assert other.push(dict(m, fields={"notes": "B"}))[0]["status"] in ("applied", "resolved")


def test_field_edited_apart_is_applied_in_receive_order_and_recorded(
    app_server: InProcessServer, agent1: Agent
) -> None:
    lease = agent1.leases(1)[0]
    cid = lease["company_id"]
    base = agent1.lead(cid)["companies"][0]["server_rev"]
    laptop2 = sign_in(app_server.client, "agent2")
    r1 = agent1.push(mut("companies", cid, {"notes": "first", "employees": 10}, base=base))
    assert r1[0]["status"] == "applied"
    # The same device edits again from the same (old) base: its own change, no conflict.
    assert agent1.push(mut("companies", cid, {"notes": "first!"}, base=base))[0]["status"] == (
        "applied"
    )
    r2 = laptop2.push(mut("companies", cid, {"notes": "second", "website": "x.pl"}, base=base))
    assert r2[0]["status"] == "resolved"
    assert r2[0]["conflicts"] == ["notes"]
    assert r2[0]["kept"] == {"notes": "second"}
    assert agent1.lead(cid)["companies"][0]["notes"] == "second"
    supervisor = sign_in(app_server.client, "supervisor")
    found = app_server.client.get("/api/v1/conflicts", headers=supervisor.headers).json()
    [c] = found["conflicts"]
    assert (c["field"], c["replaced_value"], c["incoming_value"]) == ("notes", "first!", "second")
    assert (c["replaced_by"], c["incoming_by"]) == ("agent1", "agent2")
    # Agents see conflicts about their own edits; agent4 (another team) does not.
    mine = app_server.client.get("/api/v1/conflicts", headers=agent1.headers).json()
    assert len(mine["conflicts"]) == 1
    other = sign_in(app_server.client, "agent4")
    assert app_server.client.get("/api/v1/conflicts", headers=other.headers).json() == {
        "conflicts": []
    }
    assert app_server.client.post(f"/api/v1/conflicts/{c['id']}/settle", json={"keep": "replaced"},
                                  headers=agent1.headers).status_code == 403
    settled = app_server.client.post(
        f"/api/v1/conflicts/{c['id']}/settle", json={"keep": "replaced"},
        headers=supervisor.headers,
    )
    assert settled.json()["value"] == "first!"
    assert agent1.lead(cid)["companies"][0]["notes"] == "first!"
    assert db_count(app_server, SyncConflict, SyncConflict.status == "settled") == 1


def test_scope_and_roles_on_push(app_server: InProcessServer, agent1: Agent) -> None:
    lease = agent1.leases(1)[0]
    cid = lease["company_id"]
    item = queue_item(agent1, cid)
    team_mate = sign_in(app_server.client, "agent2")
    other_team = sign_in(app_server.client, "agent4")
    assert team_mate.push(mut("companies", cid, {"notes": "ok"}))[0]["status"] == "applied"
    [refused] = other_team.push(mut("companies", cid, {"notes": "no"}))
    assert refused["status"] == "rejected"
    assert "not one of your team's leads" in refused["reason"]
    new_company = mut("companies", uuid.uuid4(), {"name": "Nowa", "name_key": "nowa"})
    assert "administrator" in agent1.push(new_company)[0]["reason"]
    foreign = attempt(agent1, item, agent_id=team_mate.user_id)
    assert "own calls" in agent1.push(foreign)[0]["reason"]
    results = agent1.push(
        mut("no_such_table", uuid.uuid4(), {}),
        mut("applied_mutations", uuid.uuid4(), {}),
        mut("campaigns", item["campaign_id"], {"name": "x"}),
        mut("companies", cid, {"employees": "many"}),
        mut("companies", cid, {"password": "x"}),
        mut("companies", "not-a-uuid", {"notes": "x"}),
        mut("users", agent1.user_id, {"role": "admin"}),
    )
    assert [r["status"] for r in results] == ["rejected"] * 7
    reasons = [r["reason"] for r in results]
    assert "Unknown entity" in reasons[0]
    assert "server alone" in reasons[1]
    assert "administrator" in reasons[2]
    assert "integer" in reasons[3]
    assert "no field 'password'" in reasons[4]
    assert "not a valid id" in reasons[5]
    assert "server only" in reasons[6]
    admin = sign_in(app_server.client, "admin")
    assert admin.push(mut("campaigns", item["campaign_id"], {"name": "Nowa nazwa"}))[0][
        "status"] == "applied"


def test_one_bad_mutation_does_not_sink_the_batch(
    app_server: InProcessServer, agent1: Agent
) -> None:
    lease = agent1.leases(1)[0]
    item = queue_item(agent1, lease["company_id"])
    good = attempt(agent1, item)
    dangling = attempt(agent1, item, contact_id=str(uuid.uuid4()))  # no such contact
    later = mut("companies", lease["company_id"], {"notes": "after"})
    results = agent1.push(good, dangling, later)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert "does not have" in results[1]["reason"]


def test_opt_out_wins(app_server: InProcessServer, agent1: Agent) -> None:
    lease = agent1.leases(1)[0]
    cid = lease["company_id"]
    phone = agent1.lead(cid)["phone_numbers"][0]["e164"]
    digest = suppression_hash(stored_key("phone", phone))
    sup_id = uuid.uuid4()
    suppression = mut("suppressions", sup_id, {"kind": "phone", "value_hash": digest,
                                               "reason": "opt_out", "scope": "global"})
    assert agent1.push(suppression)[0]["status"] == "applied"
    # No client can lift it or change it...
    lifted = agent1.push(mut("suppressions", sup_id, {"deleted": True}))[0]
    assert lifted["status"] == "rejected"
    assert "administrator" in lifted["reason"]
    assert agent1.push(mut("suppressions", sup_id, {}, op="delete"))[0]["status"] == "rejected"
    # ... an opt-in recorded after it is kept as history but does not undo it ...
    opt_in = mut("consents", uuid.uuid4(), {"company_id": cid, "channel": "phone",
                                             "value_hash": digest, "kind": "opt_in",
                                             "source": "call"}, op="append")
    [res] = agent1.push(opt_in)
    assert res["status"] == "resolved"
    assert res["kept"] == {"consent": "opt_out"}
    # ... and a call to the number reaching the server is recorded but flagged.
    item = queue_item(agent1, cid)
    [call] = agent1.push(attempt(agent1, item, phone=phone))
    assert call["status"] == "resolved"
    assert call["flags"] == ["suppressed_number"]
    assert db_count(app_server, AuditEntry,
                    AuditEntry.action == "contact_with_suppressed_number") == 1
    # Only an administrator lifts it (audited).
    admin = sign_in(app_server.client, "admin")
    resp = app_server.client.post(f"/api/v1/suppressions/{sup_id}/lift",
                                  json={"reason": "double opt-in confirmed"},
                                  headers=admin.headers)
    assert resp.json() == {"id": str(sup_id), "lifted": True}


def test_a_row_the_server_already_has_under_its_natural_key_is_merged(
    app_server: InProcessServer, agent1: Agent
) -> None:
    lease = agent1.leases(1)[0]
    cid = lease["company_id"]
    local_id = uuid.uuid4()
    first = mut("field_values", local_id, {"company_id": cid, "field_key": "fleet_cars",
                                            "value": 7})
    other = sign_in(app_server.client, "agent2")
    assert other.push(mut("field_values", uuid.uuid4(), {"company_id": cid,
                                                          "field_key": "fleet_cars",
                                                          "value": 5}))[0]["status"] in (
        "applied", "resolved")
    [res] = agent1.push(first)
    assert res["status"] == "resolved"
    server_id = res["merged_into"]
    values = {v["field_key"]: v for v in agent1.lead(cid)["field_values"]}
    assert values["fleet_cars"]["id"] == server_id
    assert values["fleet_cars"]["value"] == 7
    # Later edits under the device's own id land on the server's row.
    agent1.push(mut("field_values", local_id, {"value": 9}))
    values = {v["field_key"]: v for v in agent1.lead(cid)["field_values"]}
    assert values["fleet_cars"]["value"] == 9


def test_closing_a_lead_ends_its_lease(app_server: InProcessServer, agent1: Agent) -> None:
    lease = agent1.leases(1)[0]
    item = queue_item(agent1, lease["company_id"])
    agent1.push(attempt(agent1, item, disposition_code="refused"),
                mut("queue_items", item["id"], {"status": "done"}, base=item["server_rev"]))
    mine = app_server.client.get("/api/v1/leases", headers=agent1.headers).json()["leases"]
    assert lease["lease_id"] not in {m["lease_id"] for m in mine}


def test_mutations_about_an_erased_person_are_rejected(
    app_server: InProcessServer, agent1: Agent
) -> None:
    lease = agent1.leases(1)[0]
    cid = lease["company_id"]
    item = queue_item(agent1, cid)
    admin = sign_in(app_server.client, "admin")
    erased = app_server.client.post(
        "/api/v1/erasures", json={"subject_kind": "company", "subject_id": cid},
        headers=admin.headers,
    )
    assert erased.status_code == 201, erased.text
    assert erased.json()["rows"]["companies"] == 1
    [res] = agent1.push(attempt(agent1, item))
    assert res["status"] == "rejected"
    assert "erased" in res["reason"]
    engine = create_engine(app_server.db_url)
    with engine.connect() as conn:
        row = conn.execute(select(Company.name, Company.phone, Company.deleted)
                           .where(Company.id == uuid.UUID(cid))).one()
    engine.dispose()
    assert tuple(row) == ("(erased)", None, True)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 422),
        (b'{"mutations": []}', 422),
        (b'{"mutations": "x"}', 422),
        (b'{"mutations": [{"mutation_id": "x"}]}', 422),
        (b'{"mutations": [], "extra": 1}', 422),
        (b"[]", 422),
        (b"", 422),
    ],
)
def test_malformed_push_is_4xx(app_server: InProcessServer, agent1: Agent, body: bytes,
                               status: int) -> None:
    resp = app_server.client.post(
        "/api/v1/sync/push", content=body,
        headers={**agent1.headers, "Content-Type": "application/json"},
    )
    assert resp.status_code == status, resp.text
    assert resp.json()["detail"]


def test_oversized_and_overlong_requests_are_refused(
    app_server: InProcessServer, agent1: Agent
) -> None:
    big = json.dumps({"mutations": [mut("companies", uuid.uuid4(), {"notes": "x" * 1_000_000})
                                    for _ in range(5)]}).encode()
    resp = app_server.client.post("/api/v1/sync/push", content=big,
                                  headers={**agent1.headers, "Content-Type": "application/json"})
    assert resp.status_code == 413
    assert "larger than the server accepts" in resp.json()["detail"]

    def chunks() -> Any:
        yield big[: len(big) // 2]
        yield big[len(big) // 2 :]

    streamed = app_server.client.post("/api/v1/sync/push", content=chunks(),
                                      headers={**agent1.headers,
                                               "Content-Type": "application/json"})
    assert streamed.status_code == 413
    many = {"mutations": [mut("companies", uuid.uuid4(), {}) for _ in range(501)]}
    assert app_server.client.post("/api/v1/sync/push", json=many,
                                  headers=agent1.headers).status_code == 422
    assert app_server.client.get("/api/v1/sync/pull", params={"limit": 0},
                                 headers=agent1.headers).status_code == 422
    assert app_server.client.get("/api/v1/sync/pull", params={"since": "garbage"},
                                 headers=agent1.headers).status_code == 400
