"""Agent states (ready, paused with a reason, on call, wrap-up, logged out) and the agent's
figures for today.

Every change of state is an append-only :class:`~models.AgentStateEvent` with its time
(and an outbox row, for the supervisors' live board); the current state and the time in
it, and today's figures, are plain queries over the events and the call attempts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.services.calling_rules import DEFAULT_TZ, zone
from app.services.calls import DispositionInfo, dispositions_for
from app.services.queue import Mutation, aware, get_agent, get_campaign, record_mutations
from models import AgentState, AgentStateEvent, CallAttempt, Campaign, new_id

STATES = tuple(s.value for s in AgentState)
PAUSE_REASONS = ("break", "training", "meeting", "technical")

_LAST_EVENT = (
    select(
        AgentStateEvent.state,
        AgentStateEvent.reason,
        AgentStateEvent.at,
        AgentStateEvent.campaign_id,
        AgentStateEvent.company_id,
    )
    .where(
        AgentStateEvent.user_id == bindparam("agent"),
        AgentStateEvent.at <= bindparam("at", type_=AgentStateEvent.at.type),
        AgentStateEvent.deleted.is_(False),
    )
    .order_by(AgentStateEvent.at.desc())
    .limit(1)
)
_EVENTS_BETWEEN = (
    select(AgentStateEvent.state, AgentStateEvent.at)
    .where(
        AgentStateEvent.user_id == bindparam("agent"),
        AgentStateEvent.at >= bindparam("start", type_=AgentStateEvent.at.type),
        AgentStateEvent.at < bindparam("end", type_=AgentStateEvent.at.type),
        AgentStateEvent.deleted.is_(False),
    )
    .order_by(AgentStateEvent.at)
)
_ATTEMPTS_BETWEEN = select(
    CallAttempt.campaign_id,
    CallAttempt.disposition_code,
    CallAttempt.talk_seconds,
    CallAttempt.wrapup_seconds,
).where(
    CallAttempt.agent_id == bindparam("agent"),
    CallAttempt.started_at >= bindparam("start", type_=CallAttempt.started_at.type),
    CallAttempt.started_at < bindparam("end", type_=CallAttempt.started_at.type),
    CallAttempt.deleted.is_(False),
)


@dataclass(frozen=True)
class AgentStatus:
    """The state bar: the state, the pause reason, since when and for how long."""

    username: str
    state: str
    reason: str | None
    since: dt.datetime | None  # None: no event yet (never signed in)
    seconds_in_state: int
    campaign_key: str | None = None
    company_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AgentFigures:
    """The agent's figures for one local day (the status bar shows today's)."""

    day: dt.date
    calls: int
    contacts: int
    talk_seconds: int
    wrapup_seconds: int
    meetings: int
    seconds_by_state: dict[str, int] = field(default_factory=dict)


def set_state(
    session: Session,
    agent_username: str,
    state: str,
    at: dt.datetime | None = None,
    *,
    reason: str | None = None,
    campaign_key: str | None = None,
    company_id: uuid.UUID | None = None,
) -> AgentStatus:
    """Record a change of state. ``paused`` needs a reason (break, training, meeting,
    technical); the other states take none. Setting the state the agent is already in
    (with the same reason) records nothing."""
    at = aware(at) if at is not None else dt.datetime.now(dt.UTC)
    if state not in STATES:
        raise UserError(f"Unknown agent state {state!r}; use one of {', '.join(STATES)}.")
    if state == AgentState.PAUSED:
        if reason not in PAUSE_REASONS:
            raise UserError(f"A pause needs a reason: {', '.join(PAUSE_REASONS)}.")
    elif reason is not None:
        raise UserError(f"Only a pause takes a reason, not {state!r}.")
    agent = get_agent(session, agent_username)
    now = current_state(session, agent_username, at)
    if now.state == state and now.reason == reason and now.company_id == company_id:
        return now
    campaign_id = get_campaign(session, campaign_key).id if campaign_key else None
    fields: dict[str, Any] = {
        "id": new_id(),
        "user_id": agent.id,
        "state": state,
        "reason": reason,
        "campaign_id": campaign_id,
        "company_id": company_id,
        "at": at,
        "deleted": False,
    }
    session.connection().execute(insert(AgentStateEvent), [fields])
    record_mutations(session, [Mutation("agent_state_events", fields["id"], "append", fields)])
    return AgentStatus(agent.username, state, reason, at, 0, campaign_key, company_id)


def current_state(session: Session, agent_username: str, at: dt.datetime) -> AgentStatus:
    """The agent's state at ``at`` and how long they have been in it."""
    at = aware(at)
    agent = get_agent(session, agent_username)
    row = session.connection().execute(_LAST_EVENT, {"agent": agent.id, "at": at}).first()
    if row is None:
        return AgentStatus(agent.username, AgentState.LOGGED_OUT.value, None, None, 0)
    campaign_key = (
        session.scalar(select(Campaign.key).where(Campaign.id == row.campaign_id))
        if row.campaign_id is not None
        else None
    )
    state = row.state.value if isinstance(row.state, AgentState) else str(row.state)
    return AgentStatus(
        agent.username,
        state,
        row.reason,
        row.at,
        int((at - row.at).total_seconds()),
        campaign_key,
        row.company_id,
    )


def day_bounds(at: dt.datetime, timezone: str = DEFAULT_TZ) -> tuple[dt.datetime, dt.datetime]:
    """The local day around ``at`` as UTC instants [start, end)."""
    tz = zone(timezone)
    day = at.astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time(0, 0), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def figures_today(
    session: Session, agent_username: str, at: dt.datetime, *, timezone: str = DEFAULT_TZ
) -> AgentFigures:
    """Calls, contacts (dispositions marked is_contact), talk and wrap-up time, meetings
    booked (dispositions of category "meeting") and seconds per state, for the agent's
    local day around ``at`` (up to ``at``)."""
    at = aware(at)
    agent = get_agent(session, agent_username)
    start, end = day_bounds(at, timezone)
    conn = session.connection()
    params = {"agent": agent.id, "start": start, "end": min(end, at + dt.timedelta(seconds=1))}
    by_campaign: dict[uuid.UUID, dict[str, DispositionInfo]] = {}
    calls = contacts = meetings = talk = wrapup = 0
    for row in conn.execute(_ATTEMPTS_BETWEEN, params):
        codes = by_campaign.get(row.campaign_id)
        if codes is None:
            codes = by_campaign[row.campaign_id] = dispositions_for(session, row.campaign_id)
        disp = codes.get(row.disposition_code)
        calls += 1
        talk += row.talk_seconds or 0
        wrapup += row.wrapup_seconds or 0
        if disp is not None and disp.is_contact:
            contacts += 1
        if disp is not None and disp.category == "meeting":
            meetings += 1
    return AgentFigures(
        day=start.astimezone(zone(timezone)).date(),
        calls=calls,
        contacts=contacts,
        talk_seconds=talk,
        wrapup_seconds=wrapup,
        meetings=meetings,
        seconds_by_state=_seconds_by_state(session, agent.id, agent.username, start, at),
    )


def _seconds_by_state(
    session: Session, agent_id: uuid.UUID, username: str, start: dt.datetime, at: dt.datetime
) -> dict[str, int]:
    """Time spent in each state from ``start`` to ``at`` (the state carried over from the
    previous day counts from ``start``)."""
    before = current_state(session, username, start)
    events: list[tuple[str, dt.datetime]] = []
    if before.since is not None:
        events.append((before.state, start))
    for row in session.connection().execute(
        _EVENTS_BETWEEN, {"agent": agent_id, "start": start, "end": at}
    ):
        state = row.state.value if isinstance(row.state, AgentState) else str(row.state)
        events.append((state, row.at))
    out: dict[str, int] = {}
    for (state, t0), (_, t1) in zip(events, [*events[1:], ("", at)], strict=True):
        out[state] = out.get(state, 0) + max(0, int((t1 - t0).total_seconds()))
    out.pop(AgentState.LOGGED_OUT.value, None)
    return out
