"""My callbacks: personal and shared, due and overdue, never silently dropped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UserError
from app.services.callbacks import cancel_callback, complete_callback, due_callbacks, my_callbacks
from app.services.calls import log_call
from tests.services.test_queue import MONDAY_10, World, make_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path)
    yield w
    w.db.dispose()


def test_my_callbacks_personal_and_shared_most_overdue_first(world: World) -> None:
    a = world.company(name="Alfa", status="callback", attempts=1)
    b = world.company(
        name="Beta",
        status="callback",
        attempts=1,
        contacts=[{"first_name": "Ola", "last_name": "Lis"}],
    )
    c = world.company(name="Gamma", status="callback", attempts=1)
    d = world.company(name="Delta", status="callback", attempts=1)
    overdue = world.callback(a, MONDAY_10 - dt.timedelta(hours=1), owner="agent1")
    due = world.callback(b, MONDAY_10 - dt.timedelta(minutes=5), owner=None)
    upcoming = world.callback(c, MONDAY_10 + dt.timedelta(hours=2), owner="agent1")
    world.callback(d, MONDAY_10 - dt.timedelta(hours=3), owner="agent2")  # not mine

    with world.db.read() as s:
        mine = my_callbacks(s, "agent1", MONDAY_10)
        now = due_callbacks(s, "agent1", MONDAY_10)
    assert [(v.id, v.company_name, v.due, v.overdue) for v in mine] == [
        (overdue, "Alfa", True, True),
        (due, "Beta", True, False),
        (upcoming, "Gamma", False, False),
    ]
    assert [v.id for v in now] == [overdue, due]
    assert mine[0].minutes_late == 60
    assert mine[1].shared
    assert mine[1].owner is None
    assert mine[0].owner == "agent1"
    assert mine[0].due_local.isoformat() == "2026-03-02T09:00:00+01:00"


def test_a_callback_stays_listed_when_its_lead_is_closed(world: World) -> None:
    lead = world.company(status="done", attempts=3, last_disposition="qualified")
    cb = world.callback(lead, MONDAY_10 - dt.timedelta(days=1), owner="agent1")
    with world.db.read() as s:
        (view,) = my_callbacks(s, "agent1", MONDAY_10)
    assert view.id == cb
    assert view.queue_status == "done"
    assert view.overdue
    # … and the queue still serves it: a promise to the callee.
    got = world.next("agent1", MONDAY_10)
    assert (got.company_id, got.reason) == (lead, "callback")


def test_logging_the_call_back_clears_it(world: World) -> None:
    lead = world.company(status="callback", attempts=1)
    world.callback(lead, MONDAY_10 - dt.timedelta(minutes=1), owner="agent1")
    with world.db.session() as s:
        log_call(s, lead, world.campaign_key, "agent1", "qualified", at=MONDAY_10)
    with world.db.read() as s:
        assert my_callbacks(s, "agent1", MONDAY_10) == []


def test_cancel_returns_the_lead_to_the_queue(world: World) -> None:
    lead = world.company(status="callback", attempts=1)
    cb = world.callback(lead, MONDAY_10 + dt.timedelta(days=1), owner="agent1")
    with world.db.session() as s, pytest.raises(UserError, match="another agent's personal"):
        cancel_callback(s, cb, "agent2", MONDAY_10)
    with world.db.session() as s:
        view = cancel_callback(s, cb, "agent1", MONDAY_10, note="Klient zadzwonił sam")
    assert view.status == "cancelled"
    assert view.note == "Klient zadzwonił sam"
    item = world.item(lead)
    assert (item.status, item.next_attempt_at) == ("retry", MONDAY_10)
    with world.db.session() as s, pytest.raises(UserError, match="already cancelled"):
        complete_callback(s, cb, "agent1", MONDAY_10)


def test_a_supervisor_may_close_anyones_callback(world: World) -> None:
    lead = world.company(status="callback", attempts=1)
    cb = world.callback(lead, MONDAY_10, owner="agent1")
    with world.db.session() as s:
        from models import Role, User

        sup = s.get(User, world.users["supervisor"])
        assert sup is not None
        sup.role = Role.SUPERVISOR
    with world.db.session() as s:
        assert complete_callback(s, cb, "supervisor", MONDAY_10).status == "done"
