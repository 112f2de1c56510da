"""Consent records and the suppression list."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, utcnow
from models.people import enum_column


class ConsentKind(enum.StrEnum):
    OPT_IN = "opt_in"
    DOUBLE_OPT_IN_CONFIRMED = "double_opt_in_confirmed"
    OPT_OUT = "opt_out"


class Consent(SyncMixin, Base):
    """Append-only consent events with provenance."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_contact", "contact_id", "recorded_at"),)

    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    channel: Mapped[str] = mapped_column(String(16))  # phone | email | sms | any
    value_hash: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(32), default="marketing")
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind, "consent_kind"))
    source: Mapped[str] = mapped_column(String(64))  # call, import:<batch>, web form …
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class Suppression(SyncMixin, Base):
    """Do-not-contact entry, keyed by a hash of the normalised phone/e-mail/tax id,
    so an erased person stays uncallable without keeping their data."""

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("kind", "value_hash", "campaign_id"),)

    kind: Mapped[str] = mapped_column(String(8))  # phone | email | nip
    value_hash: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # opt_out | dnc | erasure | legal
    scope: Mapped[str] = mapped_column(String(16), default="global")  # global | campaign
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaigns.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
