"""Who sees and writes which leads.

- An **agent** pulls the leads it holds an active lease on; it may write leads that were
  ever leased to someone in its team (an offline agent whose lease ran out must still be
  able to send the calls it made), and only its own calls, state events and audit.
- A **supervisor** pulls and writes the leads its team's members hold, and sees the
  team's conflicts.
- An **administrator** pulls and writes everything.
Reference data (campaigns, dispositions, users without their password hashes …) and
the whole suppression list go to everyone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import ColumnElement, Table, and_, or_, select, true
from sqlalchemy.orm import Session

from app.server.auth import Principal
from models import Lease, SyncConflict, User

LEASES = cast(Table, Lease.__table__)


@dataclass(frozen=True)
class Scope:
    principal: Principal
    members: tuple[uuid.UUID, ...] | None  # whose leases count; None = everyone (admin)
    now: dt.datetime

    @classmethod
    def of(cls, session: Session, principal: Principal, now: dt.datetime) -> Scope:
        if principal.is_admin:
            return cls(principal, None, now)
        if principal.is_supervisor and principal.team:
            ids = session.scalars(
                select(User.id).where(User.team == principal.team, User.deleted.is_(False))
            ).all()
            members = tuple({*ids, principal.user_id})
        else:
            members = (principal.user_id,)
        return cls(principal, members, now)

    def team_members(self, session: Session) -> tuple[uuid.UUID, ...]:
        """The principal's team (itself included): whose leases it may write to."""
        if self.principal.team is None:
            return (self.principal.user_id,)
        ids = session.scalars(
            select(User.id).where(User.team == self.principal.team, User.deleted.is_(False))
        ).all()
        return tuple({*ids, self.principal.user_id})

    # ---- reading -----------------------------------------------------------------------

    def conflict_filter(self) -> ColumnElement[bool]:
        me = self.principal.user_id
        mine = or_(SyncConflict.incoming_user_id == me, SyncConflict.replaced_user_id == me)
        if self.principal.is_admin:
            return true()
        if self.principal.is_supervisor and self.principal.team:
            return or_(mine, SyncConflict.team == self.principal.team)
        return mine

    def can_read_lead(self, session: Session, company_id: uuid.UUID) -> bool:
        """An online look-up: admins any lead; others a lead their team holds now."""
        if self.principal.is_admin:
            return True
        members = self.team_members(session)
        found = session.execute(
            select(LEASES.c.id)
            .where(
                LEASES.c.company_id == company_id,
                LEASES.c.agent_id.in_(members),
                LEASES.c.released_at.is_(None),
                LEASES.c.expires_at > self.now,
            )
            .limit(1)
        ).first()
        return found is not None

    # ---- writing -------------------------------------------------------------------------

    def writable_companies(
        self, session: Session, company_ids: Iterable[uuid.UUID]
    ) -> set[uuid.UUID] | None:
        """Of ``company_ids``, those the principal may change (None: all of them)."""
        if self.principal.is_admin:
            return None
        ids = list(set(company_ids))
        if not ids:
            return set()
        p = self.principal
        team = (
            User.id == p.user_id if p.team is None
            else or_(User.id == p.user_id, User.team == p.team)
        )
        found: set[uuid.UUID] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(
                session.scalars(
                    select(LEASES.c.company_id)
                    .join(User, User.id == LEASES.c.agent_id)
                    .where(and_(LEASES.c.company_id.in_(chunk), team))
                    .distinct()
                ).all()
            )
        return found
