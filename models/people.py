"""Users, agent state events and the audit trail."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, utcnow


class Role(enum.StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class AgentState(enum.StrEnum):
    READY = "ready"
    PAUSED = "paused"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    LOGGED_OUT = "logged_out"


class PauseReason(enum.StrEnum):
    BREAK = "break"
    TRAINING = "training"
    MEETING = "meeting"
    TECHNICAL = "technical"


def enum_column(e: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: VARCHAR + CHECK, values (not names) stored."""
    return Enum(
        e,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda cls: [m.value for m in cls],
    )


class User(SyncMixin, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    team: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AgentStateEvent(SyncMixin, Base):
    """Append-only: every change of an agent's state, with a timestamp."""

    __tablename__ = "agent_state_events"
    __table_args__ = (Index("ix_agent_state_events_user_at", "user_id", "at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    state: Mapped[AgentState] = mapped_column(enum_column(AgentState, "agent_state"))
    reason: Mapped[str | None] = mapped_column(String(32))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaigns.id"))
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(SyncMixin, Base):
    """Append-only audit trail: who did what to which row, when."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity", "entity_id"),)

    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
