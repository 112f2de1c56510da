"""Applying a pulled page to the local SQLite database.

A page and its new cursor are written in one ``BEGIN IMMEDIATE`` transaction, so an
interrupted pull (the laptop shut, the process killed) leaves the previous cursor and
the next sync fetches the same page again. Rows are upserted by id straight through
the DB-API (the first sync of a new laptop can be a million rows), never moving a row
back to an older revision. A field with a local edit still waiting in the outbox keeps
its local value: the edit goes to the server and comes back with the next pull.

Foreign keys are not checked while a page is applied: the server sends each row's
newest state in revision order, so a row can arrive before a row it refers to (which
comes in the same sync). Erasures purge the subject's rows and every outbox entry that
mentions it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Boolean, Table, UniqueConstraint, Uuid

from app.sync.protocol import ENTITIES, SERVER_ONLY
from models import Base
from models.base import UTCDateTime

log = logging.getLogger(__name__)

REJECTED_PREFIX = "rejected: "
Convert = Callable[[Any], Any]


def _uuid(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 36:
        return value.replace("-", "").lower()
    return uuid.UUID(str(value)).hex


def _time(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    core = None
    if text.endswith("+00:00"):
        core = text[:-6]
    elif text.endswith("Z"):
        core = text[:-1]
    if core is not None and len(core) >= 19 and core[10] in "T ":
        head, _, frac = core.partition(".")
        return head.replace("T", " ") + "." + (frac + "000000")[:6]
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _bool(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _json(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False)


def _plain(value: Any) -> Any:
    return value


def sqlite_converter(column: Any) -> Convert:
    """JSON value → what SQLAlchemy stores in SQLite for this column type."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _time
    if isinstance(kind, Uuid):
        return _uuid
    if isinstance(kind, Boolean):
        return _bool
    if isinstance(kind, JSON):
        return _json
    return _plain


@dataclass
class LocalTable:
    table: Table
    converters: dict[str, Convert]
    natural_keys: list[tuple[str, ...]]
    defaults: dict[str, Callable[[], Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: Table) -> LocalTable:
        convs = {c.name: sqlite_converter(c) for c in table.columns}
        natural = [
            tuple(c.name for c in con.columns)
            for con in table.constraints
            if isinstance(con, UniqueConstraint)
        ]
        defaults: dict[str, Callable[[], Any]] = {}
        for col in table.columns:
            d = col.default
            if d is None or col.primary_key:
                continue
            conv = convs[col.name]
            if getattr(d, "is_scalar", False):
                defaults[col.name] = _constant(conv(d.arg))  # type: ignore[attr-defined]
            elif getattr(d, "is_callable", False):
                defaults[col.name] = _factory(d.arg, conv)  # type: ignore[attr-defined]
        return cls(table, convs, natural, defaults)


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _factory(fn: Callable[[Any], Any], conv: Convert) -> Callable[[], Any]:
    return lambda: conv(_jsonish(fn(None)))


def _jsonish(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


_TABLES: dict[str, LocalTable] = {}


def local_table(name: str) -> LocalTable | None:
    if name in SERVER_ONLY or name not in ENTITIES:
        return None
    found = _TABLES.get(name)
    if found is None:
        table = Base.metadata.tables.get(name)
        if table is None:
            return None
        found = _TABLES[name] = LocalTable.of(table)
    return found


@dataclass
class Applied:
    rows: int = 0
    by_entity: dict[str, int] = field(default_factory=dict)
    purged: int = 0
    outbox_purged: int = 0


def pending_fields(conn: sqlite3.Connection) -> dict[tuple[str, str], set[str]]:
    """Fields with local edits still waiting in the outbox, by (entity, id)."""
    out: dict[tuple[str, str], set[str]] = {}
    for entity, entity_id, fields in conn.execute(
        "SELECT entity, entity_id, fields FROM outbox "
        "WHERE last_error IS NULL OR last_error NOT LIKE 'rejected: %'"
    ):
        try:
            names = set(json.loads(fields or "{}"))
        except ValueError:
            names = set()
        out.setdefault((entity, _canonical(entity_id)), set()).update(names)
    return out


def _canonical(raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return raw


def apply_changes(conn: sqlite3.Connection, changes: Iterable[dict[str, Any]]) -> Applied:
    """Upsert the rows of a page (inside the caller's transaction)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        entity = change.get("entity")
        row = change.get("row")
        if isinstance(entity, str) and isinstance(row, dict) and "id" in row:
            groups.setdefault(entity, []).append(row)
    result = Applied()
    pending = pending_fields(conn) if groups else {}
    erasures: list[dict[str, Any]] = []
    for entity, rows in groups.items():
        info = local_table(entity)
        if info is None:
            continue
        rows.sort(key=lambda r: r.get("server_rev") or 0)
        count = _upsert(conn, info, rows, pending)
        result.rows += count
        result.by_entity[entity] = result.by_entity.get(entity, 0) + count
        if entity == "erasures":
            erasures.extend(rows)
    for erasure in erasures:
        purged, outbox = purge_subject(
            conn,
            str(erasure.get("subject_kind")),
            str(erasure.get("subject_id")),
            erasure.get("company_id"),
        )
        result.purged += purged
        result.outbox_purged += outbox
    return result


def _upsert(
    conn: sqlite3.Connection,
    info: LocalTable,
    rows: list[dict[str, Any]],
    pending: dict[tuple[str, str], set[str]],
) -> int:
    table = info.table
    name = table.name
    present = [c for c in info.converters if c in rows[0]]
    missing = [c for c in info.converters if c not in rows[0] and c in info.defaults]
    columns = present + missing
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    updatable = [c for c in present if c != "id"]
    convs = [info.converters[c] for c in present]
    fills = [info.defaults[c] for c in missing]

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(conv(row.get(c)) for c, conv in zip(present, convs, strict=True)) + tuple(
            f() for f in fills
        )

    def statement(keep: set[str]) -> str:
        sets = ", ".join(f'"{c}" = excluded."{c}"' for c in updatable if c not in keep)
        action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
        return (
            f'INSERT INTO "{name}" ({quoted}) VALUES ({marks}) ON CONFLICT("id") {action} '
            f'WHERE excluded.server_rev >= coalesce("{name}".server_rev, -1)'
        )

    if info.natural_keys:
        _drop_local_twins(conn, info, rows)
    plain: list[tuple[Any, ...]] = []
    special: list[tuple[set[str], tuple[Any, ...]]] = []
    for row in rows:
        keep = pending.get((name, str(row["id"]))) if pending else None
        if keep:
            special.append((keep, values(row)))
        else:
            plain.append(values(row))
    try:
        if plain:
            conn.executemany(statement(set()), plain)
        for keep, vals in special:
            conn.execute(statement(keep), vals)
    except sqlite3.IntegrityError:
        # A natural key held locally by another row the server has moved on from:
        # one row at a time, making room where needed.
        log.info("pull: %s rows collide on a unique key; applying one by one", name)
        for row in rows:
            keep = pending.get((name, str(row["id"]))) or set()
            try:
                conn.execute(statement(keep), values(row))
            except sqlite3.IntegrityError:
                _drop_local_twins(conn, info, [row], any_rev=True)
                conn.execute(statement(keep), values(row))
    return len(rows)


def _drop_local_twins(
    conn: sqlite3.Connection, info: LocalTable, rows: list[dict[str, Any]], any_rev: bool = False
) -> None:
    """Delete local rows that hold an incoming row's natural key under another id (a
    row this device created while the server had one; the server merged them)."""
    name = info.table.name
    for key in info.natural_keys:
        cols = ", ".join(f'"{c}"' for c in key)
        where = "" if any_rev else " WHERE server_rev IS NULL"
        local = {
            tuple(r[1:]): r[0]
            for r in conn.execute(f'SELECT id, {cols} FROM "{name}"{where}')  # noqa: S608
        }
        if not local:
            continue
        convs = [info.converters[c] for c in key]
        for row in rows:
            nat = tuple(conv(row.get(c)) for c, conv in zip(key, convs, strict=True))
            twin = local.get(nat)
            if twin is not None and twin != _uuid(row["id"]):
                conn.execute(f'DELETE FROM "{name}" WHERE id = ?', (twin,))  # noqa: S608
                log.info("pull: local %s row %s replaced by the server's %s", name, twin, row["id"])


# Tables whose rows belong to a company (purged with it) and to a contact.
_BY_COMPANY = [n for n, s in ENTITIES.items() if s.company_col == "company_id"]
_BY_CONTACT = ("phone_numbers",)


def purge_subject(
    conn: sqlite3.Connection, kind: str, subject_id: str, company_id: Any
) -> tuple[int, int]:
    """Delete an erased person's rows and every outbox entry about them (about one of
    those rows, or naming the person)."""
    try:
        subject = uuid.UUID(subject_id)
    except ValueError:
        return 0, 0
    hex_id = subject.hex
    tables = Base.metadata.tables
    doomed: dict[str, list[str]] = {}  # table -> ids (hex) of the rows to delete
    if kind == "company":
        for name in (*_BY_COMPANY, "leases"):
            if name in tables:
                doomed[name] = [r[0] for r in conn.execute(
                    f'SELECT id FROM "{name}" WHERE company_id = ?', (hex_id,))]  # noqa: S608
        doomed["companies"] = [hex_id]
    elif kind == "contact":
        for name in _BY_CONTACT:
            doomed[name] = [r[0] for r in conn.execute(
                f'SELECT id FROM "{name}" WHERE contact_id = ?', (hex_id,))]  # noqa: S608
        doomed["contacts"] = [hex_id]
    purged = 0
    for name, ids in doomed.items():
        for row_id in ids:
            purged += conn.execute(
                f'DELETE FROM "{name}" WHERE id = ?', (row_id,)  # noqa: S608
            ).rowcount
    about = {str(uuid.UUID(h)) for ids in doomed.values() for h in ids} | {str(subject)}
    text = str(subject)
    gone = [
        seq
        for seq, entity_id, fields in conn.execute("SELECT seq, entity_id, fields FROM outbox")
        if _canonical(entity_id) in about or text in (fields or "")
    ]
    for seq in gone:
        conn.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
    if purged or gone:
        log.info("erasure of %s %s: %d local rows, %d outbox entries purged",
                 kind, text, purged, len(gone))
    return purged, len(gone)


def set_state(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]
