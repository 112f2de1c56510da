"""Accounts: login, refresh rotation, throttling, roles, the schema version header, and
every endpoint refusing a caller without a token."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.server.harness import InProcessServer, head, login_headers


def schema() -> dict[str, str]:
    return {"X-Prospector-Schema": head()}


def login(client: TestClient, username: str, password: str = "demo", **extra: Any) -> Any:
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password, **extra},
        headers=schema(),
    )


def test_health_needs_no_token(app_server: InProcessServer) -> None:
    resp = app_server.client.get("/api/v1/health")
    assert resp.status_code == 200
    assert resp.json()["schema"] == head()


def test_login_gives_tokens_and_me_answers(app_server: InProcessServer) -> None:
    c = app_server.client
    resp = login(c, "agent1", device_id=str(uuid.uuid4()))
    assert resp.status_code == 200
    body = resp.json()
    assert body["user"]["role"] == "agent"
    assert 0 < body["expires_in"] <= 15 * 60
    me = c.get("/api/v1/me", headers={**schema(), "Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "agent1"


def test_wrong_password_is_401_and_unknown_user_too(app_server: InProcessServer) -> None:
    assert login(app_server.client, "agent1", "nope").status_code == 401
    assert login(app_server.client, "nobody", "nope").status_code == 401


def test_login_is_throttled_after_repeated_failures(app_server: InProcessServer) -> None:
    c = app_server.client
    for _ in range(5):
        assert login(c, "agent2", "wrong").status_code == 401
    locked = login(c, "agent2", "demo")  # even the right password waits
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 1
    assert "Too many failed sign-ins" in locked.json()["detail"]
    # Other users are not locked out by agent2's failures.
    assert login(c, "agent3").status_code == 200


def test_refresh_rotates_and_a_replayed_token_is_tolerated_once_then_revokes(
    app_server: InProcessServer,
) -> None:
    c = app_server.client
    first = login(c, "agent1").json()["refresh_token"]
    second = c.post("/api/v1/auth/refresh", json={"refresh_token": first}, headers=schema())
    assert second.status_code == 200
    # The answer was lost: the client retries with the old token within the grace time.
    retry = c.post("/api/v1/auth/refresh", json={"refresh_token": first}, headers=schema())
    assert retry.status_code == 200
    newest = retry.json()["refresh_token"]
    # The unused middle token is dead.
    middle = second.json()["refresh_token"]
    assert c.post("/api/v1/auth/refresh", json={"refresh_token": middle},
                  headers=schema()).status_code == 401
    assert c.post("/api/v1/auth/refresh", json={"refresh_token": newest},
                  headers=schema()).status_code == 200


def test_replay_after_the_grace_time_ends_the_session(app_server: InProcessServer) -> None:
    import datetime as dt

    from sqlalchemy import create_engine, update

    from models import AuthSession

    c = app_server.client
    first = login(c, "agent1").json()["refresh_token"]
    second = c.post("/api/v1/auth/refresh", json={"refresh_token": first}, headers=schema())
    engine = create_engine(app_server.db_url)
    with engine.begin() as conn:
        conn.execute(update(AuthSession).values(
            rotated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    engine.dispose()
    stolen = c.post("/api/v1/auth/refresh", json={"refresh_token": first}, headers=schema())
    assert stolen.status_code == 401
    # The whole session is over, the legitimate newest token included.
    newest = second.json()["refresh_token"]
    assert c.post("/api/v1/auth/refresh", json={"refresh_token": newest},
                  headers=schema()).status_code == 401


def test_logout_ends_the_refresh_token(app_server: InProcessServer) -> None:
    c = app_server.client
    token = login(c, "agent1").json()["refresh_token"]
    assert c.post("/api/v1/auth/logout", json={"refresh_token": token},
                  headers=schema()).json() == {"ended": True}
    assert c.post("/api/v1/auth/refresh", json={"refresh_token": token},
                  headers=schema()).status_code == 401


def _operations(client: TestClient) -> list[tuple[str, str]]:
    spec = client.get("/api/v1/openapi.json").json()
    out = []
    for path, item in spec["paths"].items():
        for method in item:
            out.append((method.upper(), path))
    return out


def _concrete(path: str) -> str:
    return (path.replace("{company_id}", str(uuid.uuid4()))
            .replace("{user_id}", str(uuid.uuid4()))
            .replace("{conflict_id}", str(uuid.uuid4()))
            .replace("{suppression_id}", str(uuid.uuid4()))
            .replace("{meeting_id}", str(uuid.uuid4()))
            .replace("{key}", "kampania"))


PUBLIC = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/login"),
          ("POST", "/api/v1/auth/refresh"), ("POST", "/api/v1/auth/logout")}


def test_every_other_endpoint_refuses_a_caller_without_a_token(
    app_server: InProcessServer,
) -> None:
    c = app_server.client
    ops = [op for op in _operations(c) if op not in PUBLIC]
    assert len(ops) >= 15
    for method, path in ops:
        resp = c.request(method, _concrete(path), headers=schema(), json={})
        assert resp.status_code == 401, (method, path, resp.status_code, resp.text)
        bad = c.request(method, _concrete(path),
                        headers={**schema(), "Authorization": "Bearer v1.x.y.z"}, json={})
        assert bad.status_code == 401, (method, path)


def test_roles_are_enforced_on_the_server(app_server: InProcessServer) -> None:
    c = app_server.client
    agent = login_headers(c, "agent1")
    new_user = {"username": "nowy", "password": "tajne123", "role": "agent", "team": "Zespół A"}
    assert c.post("/api/v1/users", json=new_user, headers=agent).status_code == 403
    assert c.get("/api/v1/users", headers=agent).status_code == 403
    camp = {"name": "X", "type": "survey"}
    assert c.put("/api/v1/campaigns/nowa", json=camp, headers=agent).status_code == 403
    lift = {"reason": "the person asked"}
    assert c.post(f"/api/v1/suppressions/{uuid.uuid4()}/lift", json=lift,
                  headers=agent).status_code == 403
    supervisor = login_headers(c, "supervisor")
    team = c.get("/api/v1/users", headers=supervisor).json()["users"]
    assert {u["team"] for u in team} == {"Zespół A"}
    assert c.post("/api/v1/users", json=new_user, headers=supervisor).status_code == 403
    admin = login_headers(c, "admin")
    made = c.post("/api/v1/users", json=new_user, headers=admin)
    assert made.status_code == 201
    assert c.post("/api/v1/users", json=new_user, headers=admin).status_code == 409
    assert login(c, "nowy", "tajne123").status_code == 200
    assert c.put("/api/v1/campaigns/nowa", json=camp, headers=admin).json()["created"] is True
    # A deactivated account's token stops working at once.
    uid = made.json()["id"]
    fresh = login(c, "nowy", "tajne123").json()["access_token"]
    c.patch(f"/api/v1/users/{uid}", json={"active": False}, headers=admin)
    gone = c.get("/api/v1/me", headers={**schema(), "Authorization": f"Bearer {fresh}"})
    assert gone.status_code == 401


@pytest.mark.parametrize(
    ("version", "status"),
    [(None, 400), ("0001", 426), ("9999", 409), ("x" * 40, 422)],
)
def test_schema_header_policy(app_server: InProcessServer, version: str | None,
                              status: int) -> None:
    headers = {} if version is None else {"X-Prospector-Schema": version}
    resp = app_server.client.post(
        "/api/v1/auth/login", json={"username": "agent1", "password": "demo"}, headers=headers
    )
    assert resp.status_code == status, resp.text
    if status == 426:
        assert "Update Prospector" in resp.json()["detail"]


def test_a_client_one_schema_revision_behind_still_syncs(app_server: InProcessServer) -> None:
    from app.server.app import schema_chain

    chain = schema_chain()
    previous = chain[chain.index(head()) - 1]
    resp = app_server.client.post(
        "/api/v1/auth/login", json={"username": "agent1", "password": "demo"},
        headers={"X-Prospector-Schema": previous},
    )
    assert resp.status_code == 200
    token = resp.json()["access_token"]
    pull = app_server.client.get(
        "/api/v1/sync/pull",
        headers={"X-Prospector-Schema": previous, "Authorization": f"Bearer {token}"},
    )
    assert pull.status_code == 200
