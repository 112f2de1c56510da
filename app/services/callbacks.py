"""An agent's callbacks: the "My callbacks" list, due and overdue flags, closing by hand.

A callback is never silently dropped: it stays in the list, whatever happened to its
lead (even a lead whose queue item is closed), until a call is logged on the lead
(:func:`app.services.calls.log_call` marks due callbacks done) or someone completes or
cancels it here — and cancelling says who and when, in the outbox like every change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services.calling_rules import DEFAULT_TZ, zone
from app.services.queue import (
    CB,
    QI,
    Mutation,
    get_agent,
    get_campaign,
    record_mutations,
    status_text,
)
from models import Campaign, Company, Contact, Role, User

OVERDUE_AFTER = dt.timedelta(minutes=15)  # a due callback becomes "overdue" after this


@dataclass(frozen=True)
class CallbackView:
    """One row of "My callbacks"."""

    id: uuid.UUID
    campaign_key: str
    campaign_name: str
    company_id: uuid.UUID
    company_name: str
    contact_id: uuid.UUID | None
    contact_name: str | None
    owner: str | None  # username; None = shared with the campaign's agents
    due_at: dt.datetime  # UTC
    timezone: str  # the callee's
    note: str | None
    status: str  # pending | done | cancelled
    queue_status: str | None  # the lead's queue status (may be "done": still listed)
    due: bool  # due_at has come
    overdue: bool  # due for more than OVERDUE_AFTER
    minutes_late: int

    @property
    def shared(self) -> bool:
        return self.owner is None

    @property
    def due_local(self) -> dt.datetime:
        """The due time on the callee's clock (the console shows it next to the agent's)."""
        return self.due_at.astimezone(zone(self.timezone))


_OWNER = User.__table__.alias("owner")
_COLUMNS = (
    CB.c.id,
    CB.c.company_id,
    CB.c.contact_id,
    CB.c.due_at,
    CB.c.note,
    CB.c.status,
    Campaign.key.label("campaign_key"),
    Campaign.name.label("campaign_name"),
    Company.name.label("company_name"),
    Company.timezone.label("company_tz"),
    Contact.first_name,
    Contact.last_name,
    Contact.timezone.label("contact_tz"),
    _OWNER.c.username.label("owner"),
    QI.c.status.label("queue_status"),
)


def _select() -> Any:
    return (
        select(*_COLUMNS)
        .select_from(CB)
        .join(Campaign, Campaign.id == CB.c.campaign_id)
        .join(Company, Company.id == CB.c.company_id)
        .outerjoin(Contact, Contact.id == CB.c.contact_id)
        .outerjoin(_OWNER, _OWNER.c.id == CB.c.owner_id)
        .outerjoin(
            QI, and_(QI.c.campaign_id == CB.c.campaign_id, QI.c.company_id == CB.c.company_id)
        )
        .where(CB.c.deleted.is_(False))
    )


_PERSONAL = (
    _select()
    .where(CB.c.owner_id == bindparam("agent"), CB.c.status == "pending")
    .order_by(CB.c.due_at)
    .limit(bindparam("limit"))
)
_SHARED = (
    _select()
    .where(
        CB.c.campaign_id == bindparam("campaign"),
        CB.c.status == "pending",
        CB.c.owner_id.is_(None),
    )
    .order_by(CB.c.due_at)
    .limit(bindparam("limit"))
)
_PERSONAL_DUE = _PERSONAL.where(CB.c.due_at <= bindparam("at", type_=CB.c.due_at.type))
_SHARED_DUE = _SHARED.where(CB.c.due_at <= bindparam("at", type_=CB.c.due_at.type))
_ONE = _select().where(CB.c.id == bindparam("cb"))


def _view(row: Any, at: dt.datetime) -> CallbackView:
    late = at - row.due_at
    name = " ".join(p for p in (row.first_name, row.last_name) if p) or None
    return CallbackView(
        id=row.id,
        campaign_key=row.campaign_key,
        campaign_name=row.campaign_name,
        company_id=row.company_id,
        company_name=row.company_name,
        contact_id=row.contact_id,
        contact_name=name,
        owner=row.owner,
        due_at=row.due_at,
        timezone=row.contact_tz or row.company_tz or DEFAULT_TZ,
        note=row.note,
        status=status_text(row.status),
        queue_status=status_text(row.queue_status) if row.queue_status is not None else None,
        due=row.due_at <= at,
        overdue=late > OVERDUE_AFTER,
        minutes_late=max(0, int(late.total_seconds() // 60)),
    )


def my_callbacks(
    session: Session,
    agent_username: str,
    at: dt.datetime,
    *,
    campaign_key: str | None = None,
    include_upcoming: bool = True,
    limit: int = 500,
) -> list[CallbackView]:
    """The agent's pending callbacks — personal ones in every campaign and the shared
    ones of ``campaign_key`` (or of every active campaign) — the most overdue first."""
    at = at.astimezone(dt.UTC)
    agent = get_agent(session, agent_username)
    conn = session.connection()
    personal_stmt, shared_stmt = (
        (_PERSONAL, _SHARED)
        if include_upcoming
        else (
            _PERSONAL_DUE,
            _SHARED_DUE,
        )
    )
    if campaign_key is not None:
        campaigns = [get_campaign(session, campaign_key).id]
    else:
        campaigns = list(
            session.scalars(
                select(Campaign.id).where(Campaign.active.is_(True), Campaign.deleted.is_(False))
            )
        )
    rows = list(conn.execute(personal_stmt, {"agent": agent.id, "limit": limit, "at": at}))
    if campaign_key is not None:
        rows = [r for r in rows if r.campaign_key == campaign_key]
    for campaign_id in campaigns:
        rows.extend(conn.execute(shared_stmt, {"campaign": campaign_id, "limit": limit, "at": at}))
    rows.sort(key=lambda r: (r.due_at, str(r.id)))
    return [_view(r, at) for r in rows[:limit]]


def due_callbacks(
    session: Session, agent_username: str, at: dt.datetime, *, campaign_key: str | None = None
) -> list[CallbackView]:
    """The agent's callbacks whose time has come (for the in-app notification)."""
    return my_callbacks(
        session, agent_username, at, campaign_key=campaign_key, include_upcoming=False
    )


def get_callback(session: Session, callback_id: uuid.UUID, at: dt.datetime) -> CallbackView:
    row = session.connection().execute(_ONE, {"cb": callback_id}).first()
    if row is None:
        raise NotFound(f"No callback with id {callback_id}.")
    return _view(row, at.astimezone(dt.UTC))


def complete_callback(
    session: Session,
    callback_id: uuid.UUID,
    agent_username: str,
    at: dt.datetime,
    note: str | None = None,
) -> CallbackView:
    """Mark a callback handled without logging a call (the callee rang in, say)."""
    return _close(session, callback_id, agent_username, at, "done", note)


def cancel_callback(
    session: Session,
    callback_id: uuid.UUID,
    agent_username: str,
    at: dt.datetime,
    note: str | None = None,
) -> CallbackView:
    """Cancel a callback. Its lead goes back to the ordinary queue (a retry, due now) if
    no other callback is pending on it, so it is not stranded."""
    return _close(session, callback_id, agent_username, at, "cancelled", note)


def _close(
    session: Session,
    callback_id: uuid.UUID,
    agent_username: str,
    at: dt.datetime,
    status: str,
    note: str | None,
) -> CallbackView:
    at = at.astimezone(dt.UTC)
    agent = get_agent(session, agent_username)
    conn = session.connection()
    cb = conn.execute(
        select(
            CB.c.id,
            CB.c.owner_id,
            CB.c.status,
            CB.c.campaign_id,
            CB.c.company_id,
            CB.c.note,
            CB.c.server_rev,
        ).where(CB.c.id == callback_id, CB.c.deleted.is_(False))
    ).first()
    if cb is None:
        raise NotFound(f"No callback with id {callback_id}.")
    if status_text(cb.status) != "pending":
        raise UserError(f"This callback is already {status_text(cb.status)}.")
    role = session.scalar(select(User.role).where(User.id == agent.id))
    if cb.owner_id not in (None, agent.id) and role not in (Role.SUPERVISOR, Role.ADMIN):
        raise UserError("This is another agent's personal callback; ask a supervisor.")
    fields: dict[str, Any] = {"status": status, "done_at": at}
    if note:
        fields["note"] = f"{cb.note}\n{note}" if cb.note else note
    conn.execute(update(CB).where(CB.c.id == cb.id).values(**fields))
    mutations = [Mutation("callbacks", cb.id, "upsert", fields, cb.server_rev)]
    others = conn.execute(
        select(CB.c.id).where(
            CB.c.campaign_id == cb.campaign_id,
            CB.c.company_id == cb.company_id,
            CB.c.status == "pending",
            CB.c.deleted.is_(False),
        )
    ).first()
    item = conn.execute(
        select(QI.c.id, QI.c.status, QI.c.server_rev).where(
            QI.c.campaign_id == cb.campaign_id, QI.c.company_id == cb.company_id
        )
    ).first()
    if others is None and item is not None and status_text(item.status) == "callback":
        back = {"status": "retry", "next_attempt_at": at}
        conn.execute(update(QI).where(QI.c.id == item.id).values(**back))
        mutations.append(Mutation("queue_items", item.id, "upsert", back, item.server_rev))
    record_mutations(session, mutations)
    return get_callback(session, cb.id, at)
