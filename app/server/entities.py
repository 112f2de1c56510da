"""The synced tables as the server handles them: their SQLAlchemy table, the protocol
rules (:data:`app.sync.protocol.ENTITIES`), strict conversion of pushed JSON values to
column values, natural keys, and rows as JSON."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Enum,
    Float,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from app.sync.protocol import ENTITIES, SYNC_COLUMNS, EntitySpec, parse_time, to_json_value
from models import Base
from models.base import UTCDateTime

Converter = Callable[[Any], Any]


class FieldError(ValueError):
    """A pushed value that does not fit its column."""


def _uuid(value: Any) -> uuid.UUID:
    if isinstance(value, str) and len(value) <= 40:
        return uuid.UUID(value)
    raise FieldError("expected a UUID")


def _time(value: Any) -> Any:
    if isinstance(value, str) and len(value) <= 40:
        return parse_time(value)
    raise FieldError("expected an ISO 8601 time with a UTC offset")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise FieldError("expected true or false")


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    raise FieldError("expected an integer")


def _float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        result = float(value)
        if result != result or result in (float("inf"), float("-inf")):
            raise FieldError("expected a finite number")
        return result
    raise FieldError("expected a number")


def _text(limit: int | None) -> Converter:
    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError("expected text")
        if limit is not None and len(value) > limit:
            raise FieldError(f"longer than {limit} characters")
        if "\x00" in value:
            raise FieldError("contains a NUL character")
        return value

    return convert


def _choice(values: list[str]) -> Converter:
    allowed = frozenset(values)

    def convert(value: Any) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise FieldError(f"expected one of {', '.join(sorted(allowed))}")

    return convert


def _any_json(value: Any) -> Any:
    return value


def converter_for(column: Column[Any]) -> Converter:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        base: Converter = _time
    elif isinstance(kind, Enum):
        base = _choice(list(kind.enums))
    elif isinstance(kind, Uuid):
        base = _uuid
    elif isinstance(kind, Boolean):
        base = _bool
    elif isinstance(kind, Integer):
        base = _int
    elif isinstance(kind, Float):
        base = _float
    elif isinstance(kind, JSON):
        base = _any_json
    elif isinstance(kind, String | Text):
        base = _text(getattr(kind, "length", None))
    else:  # pragma: no cover - a new column type must be added here
        raise TypeError(f"no JSON converter for {column.table.name}.{column.name} ({kind})")
    nullable = bool(column.nullable)

    def convert(value: Any) -> Any:
        if value is None:
            if nullable or isinstance(kind, JSON):
                return None
            raise FieldError("cannot be empty")
        try:
            return base(value)
        except FieldError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            raise FieldError(str(exc) or "invalid value") from exc

    return convert


@dataclass(frozen=True)
class Entity:
    spec: EntitySpec
    table: Table
    converters: Mapping[str, Converter]
    natural_keys: tuple[tuple[str, ...], ...]
    required: frozenset[str]  # NOT NULL columns without a default: an insert names them
    defaults: Mapping[str, Any]  # scalar Python-side defaults applied on insert
    callable_defaults: Mapping[str, Callable[[], Any]]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def writable(self) -> frozenset[str]:
        return frozenset(self.converters) - SYNC_COLUMNS - self.spec.server_owned

    def convert(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Pushed fields as column values; :class:`FieldError` names the first bad one."""
        out: dict[str, Any] = {}
        for name, value in fields.items():
            conv = self.converters.get(name)
            if conv is None or name in SYNC_COLUMNS:
                raise FieldError(f"{self.name} has no field {name!r} a client can set")
            try:
                out[name] = conv(value)
            except FieldError as exc:
                raise FieldError(f"{self.name}.{name}: {exc}") from exc
        return out

    def insert_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` completed with the column defaults, for an INSERT."""
        row = dict(values)
        for name, default in self.defaults.items():
            row.setdefault(name, default)
        for name, factory in self.callable_defaults.items():
            if name not in row:
                row[name] = factory()
        missing = sorted(c for c in self.required if row.get(c) is None)
        if missing:
            raise FieldError(f"a new {self.name} row needs {', '.join(missing)}")
        return row

    def public(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A row as JSON for a client (private columns left out)."""
        return {
            k: to_json_value(v) for k, v in row.items() if k not in self.spec.private
        }


def _defaults(table: Table) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    scalars: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for col in table.columns:
        default = col.default
        if default is None or col.primary_key:
            continue
        if getattr(default, "is_scalar", False):
            scalars[col.name] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            fn = default.arg  # type: ignore[attr-defined]
            factories[col.name] = functools.partial(fn, None)
    return scalars, factories


def _build(spec: EntitySpec, table: Table) -> Entity:
    converters = {c.name: converter_for(c) for c in table.columns}
    natural = tuple(
        tuple(c.name for c in con.columns)
        for con in table.constraints
        if isinstance(con, UniqueConstraint)
    )
    scalars, factories = _defaults(table)
    required = frozenset(
        c.name
        for c in table.columns
        if not c.nullable
        and not c.primary_key
        and c.default is None
        and c.server_default is None
        and c.name not in SYNC_COLUMNS
    )
    return Entity(spec, table, converters, natural, required, scalars, factories)


@functools.cache
def registry() -> dict[str, Entity]:
    tables = Base.metadata.tables
    return {name: _build(spec, tables[name]) for name, spec in ENTITIES.items() if name in tables}


def entity(name: str) -> Entity | None:
    return registry().get(name)
