"""Field sales reps, their absences and the meetings agents book for them."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
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


class Meeting(SyncMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_rep_start", "rep_id", "start_at"),
        Index("ix_meetings_company", "company_id"),
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
