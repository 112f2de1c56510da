"""Imported source records, per-field provenance, merges and remembered dedup decisions.

An :class:`ImportRecord` is one data row of a purchased list as it was read (``raw``)
and standardised (``values``), linked to the company it landed in (``origin_company_id``)
and to the company it belongs to now (``company_id``; they differ after a merge). The
match keys the deduplicator compares are copied into plain columns so that a run over a
million records reads short columns, not JSON.

A company made from one record takes every field from it; once records are merged, the
golden record's choice per field is written to :class:`FieldProvenance`. Every merge is a
:class:`CompanyMerge` holding what it changed, so it can be undone; a person's "merge" /
"keep apart" verdict on two records is a :class:`DedupDecision` that later runs honour.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, utcnow
from models.companies import Company

# The console warns while an agent types an e-mail that a company already has it
# (app.services.dedup.find_existing); NIP and phones are indexed already.
Index("ix_companies_email", Company.email)


class ImportRecord(SyncMixin, Base):
    """One imported data row of a source file."""

    __tablename__ = "import_records"
    __table_args__ = (Index("ix_import_records_batch_row", "batch_id", "row"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_batches.id"))
    source: Mapped[str] = mapped_column(String(120))
    row: Mapped[int] = mapped_column()
    """1-based number of the data record in its file (the first after the header is 1)."""
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Original cell text by header."""
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Standardised values: company columns, ``phones``, ``fields``, ``contact``."""
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"), index=True)
    origin_company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"))
    # Match keys (copies of what the deduplicator compares).
    match_name: Mapped[str] = mapped_column(String(300))
    legal_form: Mapped[str | None] = mapped_column(String(32))
    nip: Mapped[str | None] = mapped_column(String(10), index=True)
    regon: Mapped[str | None] = mapped_column(String(9))
    phones: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    postcode: Mapped[str | None] = mapped_column(String(6))
    city_key: Mapped[str | None] = mapped_column(String(120))
    street_key: Mapped[str | None] = mapped_column(String(200))
    household: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FieldProvenance(SyncMixin, Base):
    """Where the current value of one field of a merged company came from."""

    __tablename__ = "field_provenance"
    __table_args__ = (UniqueConstraint("company_id", "field"),)

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    field: Mapped[str] = mapped_column(String(80))
    """A company column (``name``, ``phone`` …) or ``field:<key>`` for a qualification field."""
    record_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("import_records.id"))
    batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("import_batches.id"))
    source: Mapped[str | None] = mapped_column(String(120))
    row: Mapped[int | None] = mapped_column()
    rule: Mapped[str] = mapped_column(String(16))  # only | priority | majority | edited
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CompanyMerge(SyncMixin, Base):
    """One merge operation: ``merged_ids`` folded into ``survivor_id``, reversibly."""

    __tablename__ = "company_merges"

    survivor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"), index=True)
    merged_ids: Mapped[list[str]] = mapped_column(default=list)
    mode: Mapped[str] = mapped_column(String(16))  # strict | loose | manual | rollback
    score: Mapped[float | None] = mapped_column(Float)
    merged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column()
    records: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Import record id → the company it was in before the merge."""
    moved: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Table → [[row id, column, old value]] of rows re-pointed to the survivor."""
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The survivor's golden columns, field values and provenance before the merge."""
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """What the merge wrote, so that undoing it keeps later edits."""


class DedupDecision(SyncMixin, Base):
    """A person's verdict on two records: ``merge`` or ``apart``. Later runs honour it."""

    __tablename__ = "dedup_decisions"
    __table_args__ = (UniqueConstraint("record_a", "record_b"),)

    record_a: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_records.id"))
    record_b: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_records.id"), index=True)
    decision: Mapped[str] = mapped_column(String(8))  # merge | apart
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[uuid.UUID | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(300))


__all__ = ["CompanyMerge", "DedupDecision", "FieldProvenance", "ImportRecord"]
