"""Declarative base, shared column types and the sync mixin.

Every synced row has a client-generatable UUID primary key (uuid7, so new rows land
at the end of the index), ``server_rev`` (set by the server on every accepted change),
``hlc`` (hybrid logical clock of the last change, for display and diagnosis only) and,
where rows can be removed, a ``deleted`` tombstone.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def uuid7(at_ms: int | None = None, rand: bytes | None = None) -> uuid.UUID:
    """A version-7 UUID: 48 bits of Unix milliseconds, then random bits.

    ``at_ms`` and ``rand`` (10 bytes) make it reproducible, which the demo builder
    uses so that a seed gives the same ids every time.
    """
    ms = int(time.time() * 1000) if at_ms is None else at_ms
    tail = bytearray(rand if rand is not None else os.urandom(10))
    value = (ms & ((1 << 48) - 1)) << 80
    value |= int.from_bytes(tail, "big") & ((1 << 80) - 1)
    value &= ~(0xF << 76)
    value |= 0x7 << 76  # version 7
    value &= ~(0x3 << 62)
    value |= 0x2 << 62  # RFC 4122 variant
    return uuid.UUID(int=value)


def new_id() -> uuid.UUID:
    return uuid7(rand=secrets.token_bytes(10))


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC; returns aware datetimes. Naive input is refused.

    SQLite has no time zones, so the value is stored as naive UTC there; PostgreSQL
    gets ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        parsed: dt.datetime = (
            dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        )
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        list[str]: JSON(),
    }


class SyncMixin:
    """Columns every synced table carries."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    server_rev: Mapped[int | None] = mapped_column(BigInteger, index=True)
    hlc: Mapped[str | None] = mapped_column(String(32))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
