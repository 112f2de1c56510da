"""Campaigns, dispositions, the call queue, call attempts and callbacks."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, utcnow
from models.people import enum_column


class CampaignType(enum.StrEnum):
    LEAD_GENERATION = "lead_generation"
    FOOT_IN_THE_DOOR = "foot_in_the_door"
    CUSTOMER_DEVELOPMENT = "customer_development"
    SURVEY = "survey"


class QueueStatus(enum.StrEnum):
    NEW = "new"
    CALLBACK = "callback"
    RETRY = "retry"
    DONE = "done"


class Campaign(SyncMixin, Base):
    __tablename__ = "campaigns"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[CampaignType] = mapped_column(enum_column(CampaignType, "campaign_type"))
    description: Mapped[str | None] = mapped_column(Text)
    script_id: Mapped[str | None] = mapped_column(String(64))
    script_version: Mapped[str | None] = mapped_column(String(64))
    # [{"key": "brand", "script_id": ..., "weight": 0.5, "caller_identity": ...}]
    variants: Mapped[list[Any]] = mapped_column(default=list)
    caller_identity: Mapped[str | None] = mapped_column(String(200))
    is_b2c: Mapped[bool] = mapped_column(default=False)
    # {"0": [["09:00", "17:00"]], ... "6": []}; 0 = Monday, callee's local time.
    calling_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    max_attempts: Mapped[int] = mapped_column(default=6)
    max_attempts_per_day: Mapped[int] = mapped_column(default=2)
    min_gap_minutes: Mapped[int] = mapped_column(default=60)
    lease_minutes: Mapped[int] = mapped_column(default=30)
    field_keys: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    starts_on: Mapped[dt.datetime | None] = mapped_column()
    ends_on: Mapped[dt.datetime | None] = mapped_column()


class Disposition(SyncMixin, Base):
    """An outcome code; campaign_id None = the default set every campaign inherits."""

    __tablename__ = "dispositions"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaigns.id"))
    code: Mapped[str] = mapped_column(String(32))
    label_pl: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    hotkey: Mapped[str | None] = mapped_column(String(8))
    # KPI category: no_contact | contact | refusal | meeting | data_error | dnc |
    # not_qualified | qualified | callback
    category: Mapped[str] = mapped_column(String(24))
    is_contact: Mapped[bool] = mapped_column(default=False)
    is_final: Mapped[bool] = mapped_column(default=False)
    retry_delay_minutes: Mapped[int | None] = mapped_column(Integer)
    max_retries: Mapped[int | None] = mapped_column(Integer)
    counts_as_attempt: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class QueueItem(SyncMixin, Base):
    """A company in a campaign's queue, with its attempt state and lease."""

    __tablename__ = "queue_items"
    __table_args__ = (
        UniqueConstraint("campaign_id", "company_id"),
        Index("ix_queue_items_pick", "campaign_id", "status", "priority", "next_attempt_at"),
        Index("ix_queue_items_lease", "lease_holder_id", "lease_expires_at"),
        Index("ix_queue_items_company", "company_id"),
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.id"))
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    status: Mapped[QueueStatus] = mapped_column(
        enum_column(QueueStatus, "queue_status"), default=QueueStatus.NEW
    )
    priority: Mapped[int] = mapped_column(default=0)  # higher first
    variant: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(default=0)
    attempts_today: Mapped[int] = mapped_column(default=0)
    attempts_day: Mapped[str | None] = mapped_column(String(10))  # ISO date of attempts_today
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column()
    last_disposition: Mapped[str | None] = mapped_column(String(32))
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column()
    lease_holder_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column()


class CallAttempt(SyncMixin, Base):
    """Append-only record of one call: who, whom, when, outcome, script path."""

    __tablename__ = "call_attempts"
    __table_args__ = (
        Index("ix_call_attempts_campaign_started", "campaign_id", "started_at"),
        Index("ix_call_attempts_company_started", "company_id", "started_at"),
        Index("ix_call_attempts_agent_started", "agent_id", "started_at"),
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.id"))
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    variant: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column()
    ended_at: Mapped[dt.datetime | None] = mapped_column()
    talk_seconds: Mapped[int] = mapped_column(default=0)
    wrapup_seconds: Mapped[int] = mapped_column(default=0)
    disposition_code: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    script_id: Mapped[str | None] = mapped_column(String(64))
    script_version: Mapped[str | None] = mapped_column(String(64))
    script_path: Mapped[list[Any]] = mapped_column(default=list)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CallbackStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"


class Callback(SyncMixin, Base):
    """A promised call back. owner_id None = shared with the campaign's agents."""

    __tablename__ = "callbacks"
    __table_args__ = (
        Index("ix_callbacks_due", "campaign_id", "status", "due_at"),
        Index("ix_callbacks_owner", "owner_id", "status", "due_at"),
        # The queue's pick: a campaign's pending callbacks, personal (owner_id = agent)
        # or shared (owner_id IS NULL), oldest due first — one index range each.
        Index("ix_callbacks_pick", "campaign_id", "status", "owner_id", "due_at"),
    )

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.id"))
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    attempt_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("call_attempts.id"))
    due_at: Mapped[dt.datetime] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CallbackStatus] = mapped_column(
        enum_column(CallbackStatus, "callback_status"), default=CallbackStatus.PENDING
    )
    done_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
