"""Companies (the lead account; B2C: the household), contacts, phones,
qualification fields and segments."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, SyncMixin, utcnow


class Company(SyncMixin, Base):
    __tablename__ = "companies"
    __table_args__ = (
        Index("ix_companies_name_key", "name_key"),
        Index("ix_companies_city_key", "city_key"),
        Index("ix_companies_voivodeship_name_key", "voivodeship", "name_key"),
    )

    name: Mapped[str] = mapped_column(String(300))
    # search_key(name): transliterated, lower-case; prefix search runs on its index.
    name_key: Mapped[str] = mapped_column(String(300))
    legal_form: Mapped[str | None] = mapped_column(String(32))
    nip: Mapped[str | None] = mapped_column(String(10), index=True)
    regon: Mapped[str | None] = mapped_column(String(14), index=True)
    street: Mapped[str | None] = mapped_column(String(200))
    building: Mapped[str | None] = mapped_column(String(32))
    flat: Mapped[str | None] = mapped_column(String(32))
    postcode: Mapped[str | None] = mapped_column(String(6), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    city_key: Mapped[str | None] = mapped_column(String(120))
    voivodeship: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(2), default="PL")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Warsaw")
    phone: Mapped[str | None] = mapped_column(String(20))  # main number, E.164
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(254))
    industry: Mapped[str | None] = mapped_column(String(80))
    employees: Mapped[int | None] = mapped_column(Integer)
    is_household: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="company", order_by="Contact.last_name"
    )


class Contact(SyncMixin, Base):
    """A person at a company: decision maker, fleet manager, owner …"""

    __tablename__ = "contacts"

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(80))  # a key of poland.ROLES or free text
    is_decision_maker: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    timezone: Mapped[str | None] = mapped_column(String(64))  # None: the company's
    # Preferred calling windows: [{"days": [0..6], "from": "HH:MM", "to": "HH:MM"}],
    # 0 = Monday. Empty: any time within the campaign's hours.
    calling_windows: Mapped[list[Any]] = mapped_column(default=list)
    preferred_channel: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship(back_populates="contacts")
    phones: Mapped[list[PhoneNumber]] = relationship(
        primaryjoin="Contact.id == foreign(PhoneNumber.contact_id)", viewonly=True
    )


class PhoneNumber(SyncMixin, Base):
    """A number of a company or of one of its contacts, normalised to E.164."""

    __tablename__ = "phone_numbers"

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    e164: Mapped[str] = mapped_column(String(20), index=True)
    extension: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(12), default="landline")  # mobile | landline | other
    label: Mapped[str | None] = mapped_column(String(40))


class FieldDefinition(SyncMixin, Base):
    """A typed qualification field (fleet, purchasing, decision makers, interests …)."""

    __tablename__ = "field_definitions"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    group: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(16))
    label_pl: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    required: Mapped[bool] = mapped_column(default=False)
    choices: Mapped[list[Any]] = mapped_column(default=list)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    pattern: Mapped[str | None] = mapped_column(String(200))
    help_pl: Mapped[str | None] = mapped_column(Text)
    help_en: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class FieldValue(SyncMixin, Base):
    """One qualification answer: company × field. Merges on its own during sync."""

    __tablename__ = "field_values"
    __table_args__ = (UniqueConstraint("company_id", "field_key"),)

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    field_key: Mapped[str] = mapped_column(ForeignKey("field_definitions.key"), index=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str | None] = mapped_column(String(64))  # "agent", "import:<batch>" …
    import_batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("import_batches.id"))


class Segment(SyncMixin, Base):
    """A saved filter; membership is materialised in company_segments."""

    __tablename__ = "segments"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    name_pl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[dict[str, Any]] = mapped_column(default=dict)
    color: Mapped[str | None] = mapped_column(String(9))
    position: Mapped[int] = mapped_column(default=0)


class CompanySegment(SyncMixin, Base):
    __tablename__ = "company_segments"
    __table_args__ = (
        UniqueConstraint("segment_id", "company_id"),
        Index("ix_company_segments_company", "company_id"),
    )

    segment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("segments.id"))
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
