"""Agent states with their times, and the agent's figures for today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import UserError
from app.services.agent_state import current_state, figures_today, set_state
from app.services.calls import log_call
from models import AgentStateEvent, OutboxMutation
from tests.services.test_queue import MONDAY_10, World, local, make_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path, min_gap_minutes=0)
    yield w
    w.db.dispose()


def test_states_and_time_in_state(world: World) -> None:
    with world.db.read() as s:
        never = current_state(s, "agent1", MONDAY_10)
    assert (never.state, never.since) == ("logged_out", None)
    with world.db.session() as s:
        set_state(s, "agent1", "ready", MONDAY_10, campaign_key="kwal")
        set_state(s, "agent1", "paused", MONDAY_10 + dt.timedelta(minutes=30), reason="break")
    with world.db.read() as s:
        now = current_state(s, "agent1", MONDAY_10 + dt.timedelta(minutes=42))
    assert (now.state, now.reason, now.seconds_in_state) == ("paused", "break", 12 * 60)
    assert now.since == MONDAY_10 + dt.timedelta(minutes=30)


def test_state_validation_and_repeats(world: World) -> None:
    with world.db.session() as s:
        with pytest.raises(UserError, match="A pause needs a reason"):
            set_state(s, "agent1", "paused", MONDAY_10)
        with pytest.raises(UserError, match="Only a pause takes a reason"):
            set_state(s, "agent1", "ready", MONDAY_10, reason="break")
        with pytest.raises(UserError, match="Unknown agent state 'lunch'"):
            set_state(s, "agent1", "lunch", MONDAY_10)
        set_state(s, "agent1", "ready", MONDAY_10)
        set_state(s, "agent1", "ready", MONDAY_10 + dt.timedelta(minutes=1))  # no change
    with world.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AgentStateEvent)) == 1
        outbox = s.scalars(select(OutboxMutation)).all()
    assert [(m.entity, m.op) for m in outbox] == [("agent_state_events", "append")]


def test_figures_today(world: World) -> None:
    a, b, c, d = (world.company() for _ in range(4))
    with world.db.session() as s:
        log_call(s, d, "kwal", "agent1", "no_answer", at=local(2026, 3, 1, 12))  # yesterday
        log_call(s, a, "kwal", "agent1", "no_answer", at=MONDAY_10)
        log_call(s, b, "kwal", "agent1", "meeting_booked", at=MONDAY_10, talk_seconds=300)
        log_call(s, c, "kwal", "agent1", "refused", at=MONDAY_10, talk_seconds=40)
        log_call(s, d, "kwal", "agent2", "refused", at=MONDAY_10, talk_seconds=10)  # not mine
        set_state(s, "agent1", "ready", local(2026, 3, 2, 9))
        set_state(s, "agent1", "paused", local(2026, 3, 2, 9, 30), reason="training")
        set_state(s, "agent1", "ready", local(2026, 3, 2, 9, 45))
    with world.db.read() as s:
        f = figures_today(s, "agent1", MONDAY_10)
    assert (f.day, f.calls, f.contacts, f.meetings, f.talk_seconds) == (
        dt.date(2026, 3, 2),
        3,
        2,
        1,
        340,
    )
    assert f.seconds_by_state == {"ready": 45 * 60, "paused": 15 * 60}
