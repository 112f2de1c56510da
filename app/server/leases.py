"""Leases: an agent takes a batch of a campaign's leads for an offline shift.

A queue item is taken with a guarded ``UPDATE … WHERE`` its lease is free, expired or
already the caller's: whatever the interleaving of requests, workers or servers, the
database lets exactly one writer turn a free item into a held one. (Writers of synced
rows also hold the change-sequence lock, see ``changes.py``; the guard does not rely
on it.) A lease runs out at ``expires_at``: the item is then free for anyone, and the
next agent to take it ends the old grant (``release_reason = "expired"``), which the
former holder's laptop learns on its next pull.

Leads with a suppressed phone number are never handed out.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.server import changes
from app.server.auth import Principal
from app.server.settings import ServerSettings
from app.services.calling_rules import suppression_hash
from app.services.queue import stored_key
from models import (
    Campaign,
    Company,
    Lease,
    PhoneNumber,
    QueueItem,
    Suppression,
    new_id,
    utcnow,
)

log = logging.getLogger(__name__)

QI = cast(Table, QueueItem.__table__)
LEASES = cast(Table, Lease.__table__)


@dataclass(frozen=True)
class Granted:
    lease_id: uuid.UUID
    queue_item_id: uuid.UUID
    company_id: uuid.UUID
    expires_at: dt.datetime
    renewed: bool


def _free(now: dt.datetime, me: uuid.UUID) -> Any:
    return or_(
        QI.c.lease_holder_id.is_(None),
        QI.c.lease_expires_at.is_(None),
        QI.c.lease_expires_at <= now,
        QI.c.lease_holder_id == me,
    )


def suppressed_companies(
    session: Session, company_ids: list[uuid.UUID], campaign_id: uuid.UUID | None
) -> set[uuid.UUID]:
    """Of ``company_ids``, those with a phone number on the suppression list (global, or
    for ``campaign_id``)."""
    if not company_ids:
        return set()
    hashes: dict[str, set[uuid.UUID]] = {}
    for cid, e164 in session.execute(
        select(PhoneNumber.company_id, PhoneNumber.e164).where(
            PhoneNumber.company_id.in_(company_ids), PhoneNumber.deleted.is_(False)
        )
    ):
        hashes.setdefault(suppression_hash(stored_key("phone", e164)), set()).add(cid)
    for cid, phone in session.execute(
        select(Company.id, Company.phone).where(Company.id.in_(company_ids))
    ):
        if phone:
            hashes.setdefault(suppression_hash(stored_key("phone", phone)), set()).add(cid)
    if not hashes:
        return set()
    scope: ColumnElement[bool] = Suppression.campaign_id.is_(None)
    if campaign_id is not None:
        scope = or_(scope, Suppression.campaign_id == campaign_id)
    hit = session.scalars(
        select(Suppression.value_hash).where(
            Suppression.kind == "phone",
            Suppression.value_hash.in_(list(hashes)),
            Suppression.deleted.is_(False),
            scope,
        )
    ).all()
    return {cid for h in hit for cid in hashes.get(h, ())}


def grant(
    session: Session,
    principal: Principal,
    campaign_key: str,
    count: int,
    hours: float | None,
    settings: ServerSettings,
) -> tuple[Campaign, list[Granted]]:
    """Lease up to ``count`` of the campaign's open leads to the caller for ``hours``
    (its own unexpired leases in the campaign are renewed first and count)."""
    if principal.role not in ("agent", "supervisor"):
        raise UserError("Leases are for agents and supervisors who make calls.")
    _write_lock_first(session)
    touched: list[tuple[Table, Any]] = []
    campaign = session.scalar(select(Campaign).where(Campaign.key == campaign_key))
    if campaign is None or campaign.deleted:
        raise NotFound(f"Unknown campaign {campaign_key!r}.")
    if not campaign.active:
        raise UserError(f"The campaign {campaign_key!r} is not active.")
    now = utcnow()
    span = hours if hours is not None else settings.lease_default_hours
    expires = now + dt.timedelta(hours=min(span, settings.lease_max_hours))
    me = principal.user_id
    out: list[Granted] = []
    taken: set[uuid.UUID] = set()
    batch = max(count * 2, 16)
    for _ in range(20):  # bounded: candidates lost to races or suppressed are skipped
        if len(out) >= count:
            break
        stmt = (
            select(QI.c.id, QI.c.company_id, QI.c.lease_holder_id)
            .where(
                QI.c.campaign_id == campaign.id,
                QI.c.status != "done",
                QI.c.deleted.is_(False),
                _free(now, me),
            )
            .order_by(
                func.coalesce(QI.c.lease_holder_id == me, False).desc(),
                QI.c.priority.desc(),
                QI.c.next_attempt_at.asc().nulls_first(),
                QI.c.id,
            )
            .limit(batch + len(taken))
        )
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=QI)
        candidates = [c for c in session.execute(stmt).all() if c.id not in taken]
        if not candidates:
            break
        blocked = suppressed_companies(session, [c.company_id for c in candidates], campaign.id)
        for cand in candidates:
            if len(out) >= count:
                break
            taken.add(cand.id)
            if cand.company_id in blocked:
                continue
            got = _take(session, cand.id, cand.company_id, campaign.id, me, now, expires, touched)
            if got is not None:
                out.append(got)
    changes.stamp(session, touched)
    log.info("leased %d of %s to %s until %s", len(out), campaign.key, principal.username, expires)
    return campaign, out


def _take(
    session: Session,
    item_id: uuid.UUID,
    company_id: uuid.UUID,
    campaign_id: uuid.UUID,
    me: uuid.UUID,
    now: dt.datetime,
    expires: dt.datetime,
    touched: list[tuple[Table, Any]],
) -> Granted | None:
    """The guarded UPDATE: the item becomes the caller's only if it is free, expired or
    already the caller's, on the newest row version. The rows written are added to
    ``touched`` (they get their revisions at the end of the transaction)."""
    won = session.execute(
        update(QI)
        .where(QI.c.id == item_id, _free(now, me))
        .values(lease_holder_id=me, lease_expires_at=expires)
    )
    if int(won.rowcount) != 1:  # type: ignore[attr-defined]
        return None
    touched.append((QI, item_id))
    mine: uuid.UUID | None = None
    for lease_id, agent in session.execute(
        select(LEASES.c.id, LEASES.c.agent_id).where(
            LEASES.c.queue_item_id == item_id, LEASES.c.released_at.is_(None)
        )
    ):
        if agent == me and mine is None:
            mine = lease_id
            continue
        # Someone else's grant that ran out (or a stale one of ours): it ends now.
        session.execute(
            update(LEASES)
            .where(LEASES.c.id == lease_id)
            .values(released_at=now, release_reason="expired")
        )
        touched.append((LEASES, lease_id))
    if mine is not None:
        session.execute(update(LEASES).where(LEASES.c.id == mine).values(expires_at=expires))
        touched.append((LEASES, mine))
        return Granted(mine, item_id, company_id, expires, True)
    lease_id = new_id()
    session.execute(
        insert(LEASES).values(
            id=lease_id,
            queue_item_id=item_id,
            company_id=company_id,
            campaign_id=campaign_id,
            agent_id=me,
            granted_at=now,
            expires_at=expires,
            deleted=False,
        )
    )
    touched.append((LEASES, lease_id))
    return Granted(lease_id, item_id, company_id, expires, False)


def release(
    session: Session, principal: Principal, lease_ids: list[uuid.UUID] | None
) -> int:
    """Give back the caller's active leases (``lease_ids``, or all of them)."""
    _write_lock_first(session)
    touched: list[tuple[Table, Any]] = []
    now = utcnow()
    query = select(LEASES.c.id, LEASES.c.queue_item_id).where(
        LEASES.c.agent_id == principal.user_id, LEASES.c.released_at.is_(None)
    )
    if lease_ids is not None:
        query = query.where(LEASES.c.id.in_(lease_ids))
    rows = session.execute(query).all()
    for lease_id, item_id in rows:
        session.execute(
            update(LEASES)
            .where(LEASES.c.id == lease_id)
            .values(released_at=now, release_reason="returned")
        )
        touched.append((LEASES, lease_id))
        freed = session.execute(
            update(QI)
            .where(QI.c.id == item_id, QI.c.lease_holder_id == principal.user_id)
            .values(lease_holder_id=None, lease_expires_at=None)
        )
        if int(freed.rowcount):  # type: ignore[attr-defined]
            touched.append((QI, item_id))
    changes.stamp(session, touched)
    return len(rows)


def _write_lock_first(session: Session) -> None:
    """SQLite: take the (single) write lock before reading, so the reads are current.
    PostgreSQL: row locks as rows are written; the sequence lock only to stamp them at
    the end (``changes.stamp``) — the same order as the push, so they never deadlock."""
    if session.get_bind().dialect.name == "sqlite":
        changes.lock(session)


def active_leases(session: Session, principal: Principal) -> list[dict[str, Any]]:
    now = utcnow()
    rows = session.execute(
        select(LEASES, Campaign.key.label("campaign"))
        .join(Campaign, Campaign.id == LEASES.c.campaign_id)
        .where(
            LEASES.c.agent_id == principal.user_id,
            LEASES.c.released_at.is_(None),
            LEASES.c.expires_at > now,
        )
        .order_by(LEASES.c.granted_at)
    ).all()
    return [
        {
            "lease_id": str(r.id),
            "queue_item_id": str(r.queue_item_id),
            "company_id": str(r.company_id),
            "campaign": r.campaign,
            "expires_at": r.expires_at.isoformat(),
        }
        for r in rows
    ]
