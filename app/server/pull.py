"""Paged pull: the changes in the caller's scope after its cursor, in revision order.

A page is read up to the committed head ``H`` of the change sequence (every revision up
to ``H`` is visible, see ``changes.py``). Suppressions and erasures form a *priority*
stream with its own cursor and come first: a page carries none of the other changes
until the client has every opt-out and erasure up to ``H``. The main stream is read one
window of revisions at a time (``server_rev`` in ``(cursor, cursor + window]``), one
index range per table, so a page costs what the changes in it cost — an empty pull is one
read of the head — however large the database is.

A lease that enters the caller's scope brings the lead's current rows with it (the
lead's older changes were before the caller's cursor).

On PostgreSQL the rows are turned into JSON by the database (``row_to_json``); the
page is assembled as text without being parsed again.
"""

from __future__ import annotations

import functools
import json
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    bindparam,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from app.server.auth import Principal
from app.server.changes import committed_head
from app.server.entities import Entity, registry
from app.server.scope import Scope
from app.server.settings import ServerSettings
from app.sync.protocol import Cursor, PullScope
from models import Lease, utcnow

LEASES = cast(Table, Lease.__table__)
CHUNK = 500


class CursorAhead(Exception):
    """The client's cursor is past the server's head (the server database was
    replaced or restored): the client must pull again from the start."""


@dataclass(frozen=True)
class Page:
    changes: list[str]  # each a JSON object {"entity": ..., "row": {...}}
    next: Cursor
    has_more: bool
    head: int

    def body(self) -> bytes:
        more = "true" if self.has_more else "false"
        return (
            '{"changes":['
            + ",".join(self.changes)
            + f'],"next":"{self.next.encode()}","has_more":{more},"head":{self.head}}}'
        ).encode("utf-8")


@dataclass(frozen=True)
class _Row:
    rev: int
    entity: str
    id: uuid.UUID
    json: str


def pull(
    session: Session,
    principal: Principal,
    cursor: Cursor,
    limit: int,
    settings: ServerSettings,
) -> Page:
    head = committed_head(session)
    if cursor.priority > head or cursor.main > head:
        raise CursorAhead(
            f"Your copy is ahead of this server (cursor {cursor.encode()}, server at {head}); "
            "it will be fetched again from the start."
        )
    if cursor.priority >= head and cursor.main >= head:
        return Page([], cursor, False, head)
    now = utcnow()
    scope = Scope.of(session, principal, now)
    fetch = _Fetch(session)
    params: dict[str, Any] = {
        "now": now,
        "me": principal.user_id,
        "team": principal.team,
        "members": list(scope.members or ()),
    }
    # Which tables changed: the priority ones up to the head, the others in the window.
    window = limit if scope.members is None else limit * settings.pull_window_factor
    high = min(head, cursor.main + window)
    busy = _changed_tables(session, cursor.priority, head, cursor.main, high)
    # 1. The priority stream (suppressions, erasures) up to the head.
    prio: list[_Row] = []
    for ent, kind in _plan(principal, priority=True):
        if ent.name in busy:
            prio += fetch.window(ent, kind, cursor.priority, head, limit, params)
    prio.sort(key=lambda r: r.rev)
    if len(prio) >= limit:
        prio = prio[:limit]
        nxt = Cursor(prio[-1].rev, cursor.main)
        return Page([_change(r) for r in prio], nxt, True, head)
    room = limit - len(prio)
    # 2. The main stream, one window of revisions.
    rows: list[_Row] = []
    if cursor.main < high:
        for ent, kind in _plan(principal, priority=False):
            if ent.name in busy:
                rows += fetch.window(ent, kind, cursor.main, high, room, params)
    rows.sort(key=lambda r: r.rev)
    if len(rows) > room:
        rows = rows[:room]
        main, more = rows[-1].rev, True
    else:
        main, more = high, high < head
    extra = (
        _lease_snapshots(session, scope, rows, fetch, cursor)
        if scope.members is not None and cursor.main > 0
        else []
    )
    seen = {(r.entity, r.id) for r in rows}
    extra = [r for r in extra if (r.entity, r.id) not in seen]
    changes = [_change(r) for r in prio] + [_change(r) for r in extra] + [
        _change(r) for r in rows
    ]
    return Page(changes, Cursor(head, main), more, head)


@functools.cache
def _probe() -> Any:
    """One statement naming the tables with a revision in their stream's range — (plo,
    phi] for the priority tables, (lo, hi] for the others: an index probe per table, so
    that a page queries only the tables that changed."""
    parts = []
    for ent in registry().values():
        t = ent.name
        lo, hi = ("plo", "phi") if ent.spec.pull is PullScope.PRIORITY else ("lo", "hi")
        parts.append(
            f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {t} "  # noqa: S608 - table names
            f"WHERE server_rev > :{lo} AND server_rev <= :{hi})"
        )
    return text(" UNION ALL ".join(parts))


def _changed_tables(session: Session, plo: int, phi: int, lo: int, hi: int) -> set[str]:
    params = {"plo": plo, "phi": phi, "lo": lo, "hi": hi}
    return {name for (name,) in session.execute(_probe(), params)}


def _change(row: _Row) -> str:
    return f'{{"entity":"{row.entity}","row":{row.json}}}'


# How a table's rows are limited to the caller's scope (the statement is built once).
ALL, LEAD, OWN, MY_CONFLICTS, TEAM_CONFLICTS = "all", "lead", "own", "mine", "team"


def _plan(principal: Principal, *, priority: bool) -> list[tuple[Entity, str]]:
    """The tables a principal pulls and how each is scoped."""
    out: list[tuple[Entity, str]] = []
    for ent in registry().values():
        pull_scope = ent.spec.pull
        if (pull_scope is PullScope.PRIORITY) != priority:
            continue
        if principal.is_admin or pull_scope in (PullScope.PRIORITY, PullScope.REFERENCE):
            out.append((ent, ALL))
        elif pull_scope is PullScope.LEAD and ent.spec.company_col is not None:
            out.append((ent, LEAD))
        elif ent.name == "sync_conflicts":
            team = principal.is_supervisor and principal.team
            out.append((ent, TEAM_CONFLICTS if team else MY_CONFLICTS))
        elif pull_scope is PullScope.OWN and ent.spec.owner_col is not None:
            out.append((ent, OWN))
    return out


def _in_scope(ent: Entity, kind: str) -> list[ColumnElement[bool]]:
    table = ent.table
    members: Any = bindparam("members", expanding=True)
    if kind == LEAD:
        col = ent.spec.company_col
        assert col is not None
        leads = select(LEASES.c.company_id).where(
            LEASES.c.agent_id.in_(members),
            LEASES.c.released_at.is_(None),
            LEASES.c.expires_at > bindparam("now", type_=LEASES.c.expires_at.type),
        )
        return [table.c[col].in_(leads)]
    if kind == OWN:
        owner = ent.spec.owner_col
        assert owner is not None
        return [table.c[owner].in_(members)]
    if kind in (MY_CONFLICTS, TEAM_CONFLICTS):
        me = bindparam("me", type_=table.c.incoming_user_id.type)
        mine = or_(table.c.incoming_user_id == me, table.c.replaced_user_id == me)
        if kind == TEAM_CONFLICTS:
            return [or_(mine, table.c.team == bindparam("team", type_=table.c.team.type))]
        return [mine]
    return []


@functools.cache
def _statement(name: str, kind: str, pg: bool, ranged: bool) -> Select[Any]:
    """Rows of table ``name`` in scope ``kind``: with ``ranged``, those with revisions in
    (lo, hi], oldest first, at most ``lim``; else those of the leads in ``companies``."""
    ent = registry()[name]
    table = ent.table
    if pg:
        if ent.spec.private:
            drop = " - ".join(f"'{c}'" for c in sorted(ent.spec.private))
            expr = f"(to_jsonb({name}) - {drop})::text"
        else:
            expr = f"row_to_json({name})::text"
        stmt = select(table.c.server_rev, table.c.id, literal_column(expr).label("j"))
    else:
        stmt = select(table)
    if ranged:
        rev_type = table.c.server_rev.type
        stmt = stmt.where(
            table.c.server_rev > bindparam("lo", type_=rev_type),
            table.c.server_rev <= bindparam("hi", type_=rev_type),
            *_in_scope(ent, kind),
        ).order_by(table.c.server_rev).limit(bindparam("lim", type_=Integer()))
    else:
        col = ent.spec.company_col
        assert col is not None
        stmt = stmt.where(
            table.c[col].in_(bindparam("companies", expanding=True)),
            table.c.server_rev <= bindparam("hi", type_=table.c.server_rev.type),
        ).order_by(table.c.server_rev)
    return stmt


class _Fetch:
    """Reads rows of one table as (revision, id, JSON text)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pg = session.get_bind().dialect.name == "postgresql"

    def window(self, ent: Entity, kind: str, lo: int, hi: int, limit: int,
               params: dict[str, Any]) -> list[_Row]:
        stmt = _statement(ent.name, kind, self.pg, True)
        return self._rows(ent, stmt, {**params, "lo": lo, "hi": hi, "lim": limit})

    def leads(self, ent: Entity, companies: list[uuid.UUID], upto: int) -> list[_Row]:
        stmt = _statement(ent.name, ALL, self.pg, False)
        return self._rows(ent, stmt, {"companies": companies, "hi": upto})

    def _rows(self, ent: Entity, stmt: Select[Any], params: dict[str, Any]) -> list[_Row]:
        wanted = params
        out: list[_Row] = []
        if self.pg:
            for rev, row_id, text in self.session.execute(stmt, wanted):
                out.append(_Row(int(rev or 0), ent.name, row_id, text))
        else:
            for rec in self.session.execute(stmt, wanted):
                data = dict(rec._mapping)
                out.append(
                    _Row(
                        int(data.get("server_rev") or 0),
                        ent.name,
                        data["id"],
                        json.dumps(ent.public(data), ensure_ascii=False),
                    )
                )
        return out


def _lease_snapshots(
    session: Session, scope: Scope, rows: list[_Row], fetch: _Fetch, cursor: Cursor
) -> list[_Row]:
    """The rows of every lead that has just entered the caller's scope, that the stream
    will not bring. A lease granted (or renewed) since the caller's previous page — its
    revision is above that page's head, which is ``cursor.priority`` — puts the lead in
    scope; its rows changed before ``cursor.main`` were skipped then and come now."""
    before = cursor.main
    lease_ids = [r.id for r in rows if r.entity == "leases" and r.rev > cursor.priority]
    if not lease_ids or scope.members is None:
        return []
    companies: set[uuid.UUID] = set()
    for start in range(0, len(lease_ids), CHUNK):
        chunk = lease_ids[start : start + CHUNK]
        companies.update(
            session.scalars(
                select(LEASES.c.company_id).where(
                    LEASES.c.id.in_(chunk),
                    LEASES.c.agent_id.in_(scope.members),
                    LEASES.c.released_at.is_(None),
                    LEASES.c.expires_at > scope.now,
                )
            ).all()
        )
    if not companies:
        return []
    out: list[_Row] = []
    ids = list(companies)
    for ent in registry().values():
        if ent.spec.pull is not PullScope.LEAD or ent.spec.company_col is None:
            continue
        for start in range(0, len(ids), CHUNK):
            out += fetch.leads(ent, ids[start : start + CHUNK], before)
    out.sort(key=lambda r: r.rev)
    return out


def rows_of_lead(session: Session, company_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """A lead's current rows by table, as JSON values (the online look-up)."""
    out: dict[str, list[dict[str, Any]]] = {}
    fetch = _Fetch(session)
    fetch.pg = False
    for ent in registry().values():
        if ent.spec.pull is not PullScope.LEAD or ent.spec.company_col is None:
            continue
        rows = fetch.leads(ent, [company_id], 2**62)
        if rows:
            out[ent.name] = [json.loads(r.json) for r in rows]
    return out
