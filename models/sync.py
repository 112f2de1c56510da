"""Client-side sync bookkeeping and the import batch record."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, SyncMixin, new_id, utcnow


class OutboxMutation(Base):
    """A local change waiting for the server. Written in the same transaction as the
    change itself; deleted only after the server has answered for it."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    mutation_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(16))  # upsert | delete | append
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    base_revs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    hlc: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class SyncState(Base):
    """Key/value sync state of this device (pull cursor, device id, last sync)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


class ImportBatch(SyncMixin, Base):
    __tablename__ = "import_batches"

    source: Mapped[str] = mapped_column(String(120))
    priority: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str | None] = mapped_column(String(500))
    encoding: Mapped[str | None] = mapped_column(String(32))
    rows: Mapped[int] = mapped_column(default=0)
    imported: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    issues: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column()
    rolled_back_at: Mapped[dt.datetime | None] = mapped_column()
