"""Recording calls: queue state after each disposition, callbacks, do-not-call, refusals."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.errors import UserError
from app.services.calls import campaign_dispositions, log_call
from app.services.queue import explain
from models import CallAttempt, Callback, Consent, OutboxMutation, QueueItem, Suppression
from tests.services.test_queue import MONDAY_10, World, local, make_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, min_gap_minutes=0, max_attempts=10)
    yield w
    w.db.dispose()


def log(world: World, company: uuid.UUID, code: str, at: dt.datetime, **kw: Any) -> dict[str, Any]:
    agent = kw.pop("agent", "agent1")
    with world.db.session() as s:
        return log_call(s, company, world.campaign_key, agent, code, at=at, **kw)


def counts(world: World) -> dict[str, int]:
    with world.db.read() as s:
        return {
            "attempts": s.scalar(select(func.count()).select_from(CallAttempt)) or 0,
            "callbacks": s.scalar(select(func.count()).select_from(Callback)) or 0,
            "outbox": s.scalar(select(func.count()).select_from(OutboxMutation)) or 0,
        }


@pytest.mark.parametrize(
    ("code", "at", "expected"),
    [
        ("no_answer", MONDAY_10, local(2026, 3, 2, 13)),  # 3 h
        ("busy", MONDAY_10, local(2026, 3, 2, 10, 15)),  # 15 min
        ("voicemail", MONDAY_10, local(2026, 3, 3, 10)),  # next day
        ("no_answer", local(2026, 3, 2, 16), local(2026, 3, 3, 9)),  # 19:00 → next morning
        ("voicemail", local(2026, 3, 6, 11), local(2026, 3, 9, 9)),  # Sat closed → Mon
    ],
)
def test_retry_delays_of_the_default_dispositions(
    world: World, code: str, at: dt.datetime, expected: dt.datetime
) -> None:
    lead = world.company()
    out = log(world, lead, code, at)
    item = world.item(lead)
    assert item.status == "retry"
    assert item.next_attempt_at == expected
    assert (item.attempts, item.attempts_today, item.attempts_day) == (1, 1, at.date().isoformat())
    assert item.last_disposition == code
    assert item.lease_holder_id is None
    assert out["queue"]["status"] == "retry"
    assert out["queue"]["next_attempt_at"] == expected.isoformat()
    assert out["attempt"]["disposition"] == code


def test_the_min_gap_pushes_a_short_retry(tmp_path: Path) -> None:
    w = make_world(tmp_path, min_gap_minutes=120)
    lead = w.company()
    log(w, lead, "busy", MONDAY_10)
    assert w.item(lead).next_attempt_at == local(2026, 3, 2, 12)
    w.db.dispose()


def test_final_disposition_closes_the_lead(world: World) -> None:
    lead = world.company()
    out = log(world, lead, "refused", MONDAY_10, note="Nie jest zainteresowany")
    assert out["queue"]["status"] == "done"
    assert out["queue"]["next_attempt_at"] is None
    with world.db.read() as s:
        attempt = s.scalar(select(CallAttempt))
        assert attempt is not None
        assert attempt.notes == "Nie jest zainteresowany"


def test_max_attempts_and_max_retries_close_the_lead(tmp_path: Path) -> None:
    w = make_world(tmp_path, min_gap_minutes=0, max_attempts=3, max_attempts_per_day=9)
    lead = w.company()
    for i in range(3):
        log(w, lead, "no_answer", MONDAY_10 + dt.timedelta(minutes=i))
    assert w.item(lead).status == "done"
    w.db.dispose()

    (tmp_path / "b").mkdir()
    w2 = make_world(tmp_path / "b", min_gap_minutes=0, max_attempts=20, max_attempts_per_day=20)
    other = w2.company()
    statuses = []
    for i in range(5):  # voicemail: max 4 retries
        statuses.append(
            log(w2, other, "voicemail", MONDAY_10 + dt.timedelta(minutes=i))["queue"]["status"]
        )
    assert statuses == ["retry", "retry", "retry", "retry", "done"]
    w2.db.dispose()


def test_callback_personal_and_shared(world: World) -> None:
    lead = world.company()
    due = local(2026, 3, 3, 11, 30)
    out = log(world, lead, "callback", MONDAY_10, callback_at=due, note="Po 11")
    assert out["queue"]["status"] == "callback"
    assert out["callback"]["owner"] == "agent1"
    assert out["callback"]["due_local"] == due.isoformat()
    item = world.item(lead)
    assert item.next_attempt_at == due

    other = world.company()
    out = log(world, other, "callback", MONDAY_10, callback_at=due, shared=True)
    assert out["callback"]["shared"] is True
    assert out["callback"]["owner"] is None
    with world.db.read() as s:
        owners = {cb.company_id: cb.owner_id for cb in s.scalars(select(Callback))}
    assert owners == {lead: world.users["agent1"], other: None}


def test_callback_refusals_offer_the_next_valid_time(world: World) -> None:
    lead = world.company()
    before = counts(world)
    with pytest.raises(
        UserError,
        match=r"in the past\. The next valid time is Mon 2026-03-02 10:05 \(Europe/Warsaw\)",
    ):
        log(
            world,
            lead,
            "callback",
            MONDAY_10 + dt.timedelta(minutes=2),
            callback_at=MONDAY_10 - dt.timedelta(hours=1),
        )
    with pytest.raises(UserError) as holiday:
        log(world, lead, "callback", local(2026, 12, 22, 10), callback_at=local(2026, 12, 25, 10))
    assert holiday.value.message == (
        "The callback time Fri 2026-12-25 10:00 falls on a public holiday "
        "(Boże Narodzenie (pierwszy dzień)). The next valid time is Mon 2026-12-28 09:00 "
        "(Europe/Warsaw)."
    )
    assert holiday.value.details == {"next_valid": "2026-12-28T09:00:00+01:00"}
    with pytest.raises(UserError, match="outside the campaign's calling hours"):
        log(world, lead, "callback", MONDAY_10, callback_at=local(2026, 3, 2, 20))
    with pytest.raises(UserError, match="needs a callback time"):
        log(world, lead, "callback", MONDAY_10)
    with pytest.raises(UserError, match="closes the lead"):
        log(world, lead, "refused", MONDAY_10, callback_at=local(2026, 3, 3, 10))
    assert counts(world) == before  # nothing written


def test_unknown_disposition_lists_the_valid_ones(world: World) -> None:
    lead = world.company()
    with pytest.raises(UserError) as err:
        log(world, lead, "maybe", MONDAY_10)
    assert err.value.message.startswith("Campaign 'kwal' has no disposition 'maybe'. Valid codes:")
    assert "no_answer, busy, voicemail, callback" in err.value.message
    with world.db.read() as s:
        bar = campaign_dispositions(s, world.campaign_key)
    assert [(d.code, d.hotkey) for d in bar[:2]] == [("no_answer", "F1"), ("busy", "F2")]


def test_a_lead_taken_over_is_refused_and_nothing_written(world: World) -> None:
    lead = world.company()
    assert world.next("agent1", MONDAY_10).company_id == lead
    before = counts(world)
    with pytest.raises(UserError, match="taken over by agent1 \\(leased until 10:30\\)") as err:
        log(world, lead, "no_answer", MONDAY_10 + dt.timedelta(minutes=5), agent="agent2")
    assert err.value.details == {"holder": "agent1", "lease_expires": "2026-03-02T10:30:00+01:00"}
    assert counts(world) == before
    assert world.item(lead).lease_holder_id == world.users["agent1"]
    # Once the lease has expired the other agent's call is recorded.
    log(world, lead, "no_answer", MONDAY_10 + dt.timedelta(minutes=31), agent="agent2")
    assert world.item(lead).attempts == 1


def test_do_not_call_suppresses_every_number_of_the_company(world: World) -> None:
    lead = world.company(phone="+48221234567", contacts=[{"mobile": "+48601234567"}])
    twin = world.company(phone="+48601234567")  # the same mobile on another company
    out = log(world, lead, "do_not_call", MONDAY_10)
    assert out["suppressed"] == 2
    assert out["queue"]["status"] == "done"
    with world.db.read() as s:
        hashes = set(s.scalars(select(Suppression.value_hash)))
        consents = s.scalars(select(Consent)).all()
        why = explain(s, twin, world.campaign_key, MONDAY_10)
    assert len(hashes) == 2
    assert {c.kind for c in consents} == {"opt_out"}
    assert len(consents) == 2
    assert why.reasons == ["number on the do-not-call list"]
    # Logging it again adds no duplicate suppression.
    assert log(world, lead, "do_not_call", MONDAY_10 + dt.timedelta(minutes=1))["suppressed"] == 0


def test_a_call_closes_due_callbacks_and_a_final_one_cancels_later_ones(world: World) -> None:
    lead = world.company(status="callback", attempts=1)
    due = world.callback(lead, MONDAY_10 - dt.timedelta(minutes=5), owner="agent1")
    later = world.callback(lead, MONDAY_10 + dt.timedelta(days=2), owner=None)
    out = log(world, lead, "no_answer", MONDAY_10)
    assert out["callbacks_closed"] == [
        {
            "id": str(due),
            "status": "done",
            "due_at": (MONDAY_10 - dt.timedelta(minutes=5)).isoformat(),
        }
    ]
    out = log(world, lead, "not_qualified", MONDAY_10 + dt.timedelta(hours=1))
    assert [c["id"] for c in out["callbacks_closed"]] == [str(later)]
    with world.db.read() as s:
        assert {cb.status for cb in s.scalars(select(Callback))} == {"done", "cancelled"}


def test_every_change_has_its_outbox_row(world: World) -> None:
    lead = world.company()
    log(world, lead, "callback", MONDAY_10, callback_at=local(2026, 3, 3, 10))
    with world.db.read() as s:
        rows = s.scalars(select(OutboxMutation).order_by(OutboxMutation.seq)).all()
        attempt = s.scalar(select(CallAttempt))
        item = s.scalar(select(QueueItem))
    assert [(r.entity, r.op) for r in rows] == [
        ("call_attempts", "append"),
        ("queue_items", "upsert"),
        ("callbacks", "upsert"),
    ]
    assert attempt is not None
    assert item is not None
    assert rows[0].entity_id == str(attempt.id)
    assert rows[1].fields["status"] == "callback"
    assert rows[1].fields["next_attempt_at"] == "2026-03-03T09:00:00+00:00"


def test_a_retried_save_is_idempotent(world: World) -> None:
    lead = world.company()
    attempt_id = uuid.uuid4()
    first = log(world, lead, "no_answer", MONDAY_10, attempt_id=attempt_id)
    again = log(world, lead, "no_answer", MONDAY_10, attempt_id=attempt_id)
    assert first["attempt"] == again["attempt"]
    assert counts(world)["attempts"] == 1


def test_a_call_on_a_company_outside_the_queue_queues_it(world: World) -> None:
    outsider = world.company(queued=False)
    out = log(world, outsider, "no_answer", MONDAY_10)
    assert out["queue"]["attempts"] == 1
    assert world.item(outsider).status == "retry"
