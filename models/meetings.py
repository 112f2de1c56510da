"""Field sales reps, their absences and the meetings agents book for them.

A rep's slot can never be given twice. A meeting that holds the rep's time (status
confirmed, held or no_show, not deleted) blocks ``[start_at, blocked_until)``, where
``blocked_until`` is ``end_at`` plus the rep's travel buffer at booking time; so two
holding meetings of one rep are always at least one buffer apart. On PostgreSQL an
exclusion constraint (``btree_gist``) enforces it; on SQLite the booking service checks
it in one serialised write transaction (``BEGIN IMMEDIATE``). ``blocked_until`` NULL
(rows written by older code or bulk loaders) means no buffer: ``end_at``.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, and_, column, func
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, utcnow
from models.people import enum_column


class MeetingStatus(enum.StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CONFLICT = "conflict"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"


# Statuses whose meeting holds the rep's time (the exclusion constraint's predicate).
HOLDING_STATUSES: tuple[MeetingStatus, ...] = (
    MeetingStatus.CONFIRMED,
    MeetingStatus.HELD,
    MeetingStatus.NO_SHOW,
)
REP_BUSY_CONSTRAINT = "ex_meetings_rep_busy"


class SalesRep(SyncMixin, Base):
    __tablename__ = "sales_reps"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    home_city: Mapped[str | None] = mapped_column(String(120))
    # {"voivodeships": ["mazowieckie", ...], "postcode_prefixes": ["05", "96-5"]}
    territory: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {"0": [["08:00", "16:00"]], ...}; 0 = Monday, in the rep's time zone.
    working_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Warsaw")
    meeting_minutes: Mapped[int] = mapped_column(default=60)
    buffer_minutes: Mapped[int] = mapped_column(default=30)
    supervisor: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)


class RepAbsence(SyncMixin, Base):
    __tablename__ = "rep_absences"

    rep_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales_reps.id"), index=True)
    start_at: Mapped[dt.datetime] = mapped_column()
    end_at: Mapped[dt.datetime] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(120))


def _rep_busy_constraint() -> ExcludeConstraint:
    """PostgreSQL only: no two holding meetings of one rep overlap, buffer included.

    SQLite has no such constraint; the DDL is emitted on PostgreSQL alone (``ddl_if``).
    Alembic's comparison does not reflect exclusion constraints, and migration 0006
    creates it by hand; ``tests/models/test_migrations.py`` proves it is there.
    """
    holding = ", ".join(f"'{s.value}'" for s in HOLDING_STATUSES)
    constraint = ExcludeConstraint(
        (column("rep_id"), "="),
        (
            func.tstzrange(
                column("start_at"), func.coalesce(column("blocked_until"), column("end_at"))
            ),
            "&&",
        ),
        name=REP_BUSY_CONSTRAINT,
        using="gist",
        where=f"status IN ({holding}) AND NOT deleted",
    )
    constraint.ddl_if(dialect="postgresql")
    return constraint


class Meeting(SyncMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_rep_start", "rep_id", "start_at"),
        Index("ix_meetings_company", "company_id"),
        _rep_busy_constraint(),
    )

    rep_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales_reps.id"))
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaigns.id"))
    attempt_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_attempts.id"))
    start_at: Mapped[dt.datetime] = mapped_column()
    end_at: Mapped[dt.datetime] = mapped_column()
    place: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.TENTATIVE
    )
    booked_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    booked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_notes: Mapped[str | None] = mapped_column(Text)
    offer: Mapped[str | None] = mapped_column(Text)
    brief: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sequence: Mapped[int] = mapped_column(default=0)  # ICS SEQUENCE, bumped on change
    # End of the time this meeting blocks: end_at + the rep's travel buffer (see above).
    blocked_until: Mapped[dt.datetime | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(Text)  # the agent's notes for the rep
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meetings.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)


class MeetingEvent(SyncMixin, Base):
    """Append-only history of a meeting: who changed what, when (status, outcome)."""

    __tablename__ = "meeting_events"
    __table_args__ = (Index("ix_meeting_events_meeting_at", "meeting_id", "at"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"))
    # The meeting's company, so the history syncs with the lead like the meeting does.
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # booked | status | outcome | resolved
    kind: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)


class MeetingTaskStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class MeetingTask(SyncMixin, Base):
    """Work a meeting leaves for an agent: today only "reschedule" (a tentative booking
    the server could not confirm). A personal callback due at once (``callback_id``)
    puts it at the top of the agent's queue; ``alternatives`` are the free slots found
    when the conflict was detected."""

    __tablename__ = "meeting_tasks"
    __table_args__ = (Index("ix_meeting_tasks_agent_status", "agent_id", "status"),)

    kind: Mapped[str] = mapped_column(String(16), default="reschedule")
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), index=True)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaigns.id"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    callback_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("callbacks.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    alternatives: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[MeetingTaskStatus] = mapped_column(
        enum_column(MeetingTaskStatus, "meeting_task_status"), default=MeetingTaskStatus.OPEN
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column()


def blocks_time() -> ColumnElement[bool]:
    """SQL: the meeting holds its rep's time (the exclusion constraint's predicate)."""
    return and_(Meeting.status.in_(HOLDING_STATUSES), Meeting.deleted.is_(False))
