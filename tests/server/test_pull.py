"""Pull: paged and resumable in revision order, suppressions first, the caller's scope,
leads arriving with their lease, and an empty pull that costs a constant few queries."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from sqlalchemy import event

from app.services.calling_rules import suppression_hash
from tests.server.harness import InProcessServer
from tests.server.test_push import Agent, mut, sign_in


def pull_all(agent: Agent, since: str | None = None, limit: int = 100,
             pages: int = 10_000) -> tuple[list[dict[str, Any]], str | None]:
    changes: list[dict[str, Any]] = []
    cursor = since
    for _ in range(pages):
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["since"] = cursor
        resp = agent.client.get("/api/v1/sync/pull", params=params, headers=agent.headers)
        assert resp.status_code == 200, resp.text
        page = resp.json()
        changes += page["changes"]
        cursor = page["next"]
        if not page["has_more"]:
            break
    return changes, cursor


def test_admin_first_sync_is_paged_resumable_and_complete(app_server: InProcessServer) -> None:
    admin = sign_in(app_server.client, "admin")
    everything, head = pull_all(admin, limit=5000)
    keys = [(c["entity"], c["row"]["id"]) for c in everything]
    assert len(keys) == len(set(keys))
    assert {"companies", "contacts", "queue_items", "call_attempts", "users",
            "suppressions"} <= {e for e, _ in keys} | {"suppressions"}
    paged, cursor = pull_all(admin, limit=37)
    assert [(c["entity"], c["row"]["id"]) for c in paged] == keys
    assert cursor == head
    # Stop after three pages and go on from the cursor: the same rows, once.
    first, middle = pull_all(admin, limit=37, pages=3)
    rest, _ = pull_all(admin, since=middle, limit=37)
    assert [(c["entity"], c["row"]["id"]) for c in first + rest] == keys
    revs = [c["row"]["server_rev"] for c in paged if c["entity"] not in ("suppressions",
                                                                         "erasures")]
    assert revs == sorted(revs)
    assert all("password_hash" not in c["row"] for c in paged if c["entity"] == "users")


def test_suppressions_come_ahead_of_other_changes(app_server: InProcessServer) -> None:
    admin = sign_in(app_server.client, "admin")
    _, cursor = pull_all(admin, limit=5000)
    agent = sign_in(app_server.client, "agent1")
    lease = agent.leases(1)[0]
    agent.push(mut("companies", lease["company_id"], {"notes": "earlier change"}))
    digest = suppression_hash("+48600000001")
    agent.push(mut("suppressions", uuid.uuid4(), {"kind": "phone", "value_hash": digest,
                                                  "reason": "opt_out"}))
    resp = admin.client.get("/api/v1/sync/pull", params={"since": cursor, "limit": 1},
                            headers=admin.headers).json()
    assert [c["entity"] for c in resp["changes"]] == ["suppressions"]
    assert resp["has_more"] is True
    rest, _ = pull_all(admin, since=resp["next"])
    assert "suppressions" not in {c["entity"] for c in rest}
    assert {"companies", "leases", "queue_items"} <= {c["entity"] for c in rest}


def test_an_agent_gets_reference_data_its_leads_and_nothing_else(
    app_server: InProcessServer,
) -> None:
    agent1 = sign_in(app_server.client, "agent1")
    agent2 = sign_in(app_server.client, "agent2")
    mine = {lease["company_id"] for lease in agent1.leases(3)}
    theirs = {lease["company_id"] for lease in agent2.leases(3)}
    assert not mine & theirs
    changes, cursor = pull_all(agent1)
    by = Counter(c["entity"] for c in changes)
    assert by["companies"] == 3
    assert {c["row"]["id"] for c in changes if c["entity"] == "companies"} == mine
    assert by["campaigns"] == 3
    assert by["users"] == 7
    assert by["leases"] == 3
    lead_rows = [c for c in changes if "company_id" in c["row"] and c["entity"] not in (
        "leases", "sync_conflicts", "erasures")]
    assert {c["row"]["company_id"] for c in lead_rows} <= mine
    # A team mate's edit of my lead reaches me; a change of another lead does not.
    agent2.push(mut("companies", next(iter(mine)), {"notes": "by agent2"}))
    agent2.push(mut("companies", next(iter(theirs)), {"notes": "not for agent1"}))
    more, _ = pull_all(agent1, since=cursor)
    assert [(c["entity"], c["row"]["notes"]) for c in more] == [("companies", "by agent2")]


def test_a_new_lease_brings_its_lead(app_server: InProcessServer) -> None:
    agent = sign_in(app_server.client, "agent1")
    _, cursor = pull_all(agent)
    lease = agent.leases(1)[0]
    changes, _ = pull_all(agent, since=cursor)
    entities = Counter(c["entity"] for c in changes)
    assert entities["companies"] == 1
    assert entities["leases"] == 1
    assert entities["phone_numbers"] >= 1
    company = next(c["row"] for c in changes if c["entity"] == "companies")
    assert company["id"] == lease["company_id"]


def test_a_cursor_ahead_of_the_server_is_410(app_server: InProcessServer) -> None:
    agent = sign_in(app_server.client, "agent1")
    resp = agent.client.get("/api/v1/sync/pull", params={"since": "v1.999999999.999999999"},
                            headers=agent.headers)
    assert resp.status_code == 410


def test_an_empty_pull_costs_a_constant_few_queries(app_server: InProcessServer) -> None:
    agent = sign_in(app_server.client, "agent1")
    agent.leases(2)
    _, cursor = pull_all(agent)
    engine = app_server.client.app.state.prospector.db.engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        resp = agent.client.get("/api/v1/sync/pull", params={"since": cursor},
                                headers=agent.headers).json()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert resp["changes"] == []
    assert resp["has_more"] is False
    assert len(statements) <= 3, statements
