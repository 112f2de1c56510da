"""Conflicting edits recorded by the push, for supervisors to review and settle."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.server.auth import Principal
from app.server.changes import Revisions
from app.server.entities import FieldError, entity
from app.server.scope import Scope
from app.sync.protocol import to_json_value
from models import FieldRevision, SyncConflict, User, new_id, utcnow

CONFLICTS = cast(Table, SyncConflict.__table__)
FIELD_REVS = cast(Table, FieldRevision.__table__)


def list_conflicts(
    session: Session, principal: Principal, status: str | None, limit: int
) -> list[dict[str, Any]]:
    scope = Scope.of(session, principal, utcnow())
    query = select(CONFLICTS).where(scope.conflict_filter())
    if status:
        query = query.where(CONFLICTS.c.status == status)
    rows = session.execute(query.order_by(CONFLICTS.c.received_at.desc()).limit(limit)).all()
    people = {r.replaced_user_id for r in rows} | {r.incoming_user_id for r in rows}
    names = {
        uid: name
        for uid, name in session.execute(
            select(User.id, User.username).where(User.id.in_([p for p in people if p]))
        )
    }
    return [
        {
            "id": r.id,
            "entity": r.entity,
            "entity_id": r.entity_id,
            "field": r.field,
            "company_id": r.company_id,
            "team": r.team,
            "status": r.status,
            "replaced_value": r.replaced_value,
            "replaced_by": names.get(r.replaced_user_id),
            "replaced_at": r.replaced_at,
            "incoming_value": r.incoming_value,
            "incoming_by": names.get(r.incoming_user_id),
            "incoming_at": r.incoming_at,
            "received_at": r.received_at,
        }
        for r in rows
    ]


def settle(
    session: Session,
    principal: Principal,
    conflict_id: uuid.UUID,
    keep: str,
    value: Any,
    note: str | None,
) -> dict[str, Any]:
    """Settle a conflict: keep the incoming value, put the replaced one back, or set
    another ``value``. The chosen value is written as a new change (it syncs)."""
    if not (principal.is_admin or principal.is_supervisor):
        raise PermissionError("Only a supervisor or an administrator settles conflicts.")
    revs = Revisions(session)
    row = session.execute(select(CONFLICTS).where(CONFLICTS.c.id == conflict_id)).first()
    if row is None:
        raise NotFound(f"No conflict {conflict_id}.")
    if not principal.is_admin and row.team != principal.team:
        raise PermissionError("This conflict belongs to another team.")
    if row.status != "open":
        raise UserError("This conflict is already settled.")
    ent = entity(row.entity)
    if ent is None:
        raise UserError(f"{row.entity} can no longer be edited.")
    chosen = {"incoming": row.incoming_value, "replaced": row.replaced_value}.get(keep, value)
    try:
        converted = ent.convert({row.field: chosen})[row.field]
    except FieldError as exc:
        raise UserError(str(exc)) from exc
    target = uuid.UUID(row.entity_id)
    now = utcnow()
    current = session.execute(
        select(ent.table.c[row.field]).where(ent.table.c.id == target)
    ).first()
    if current is None:
        raise NotFound("The row of this conflict no longer exists.")
    changed = current[0] != converted
    if changed:
        seq = revs.next()
        session.execute(
            update(ent.table)
            .where(ent.table.c.id == target)
            .values({row.field: converted, "server_rev": seq})
        )
        stmt = select(FIELD_REVS.c.id).where(
            FIELD_REVS.c.entity == row.entity,
            FIELD_REVS.c.entity_id == row.entity_id,
            FIELD_REVS.c.field == row.field,
        )
        fr = session.execute(stmt).first()
        values = {"rev": seq, "device_id": None, "user_id": principal.user_id, "changed_at": now}
        if fr is None:
            session.execute(
                insert(FIELD_REVS).values(
                    id=new_id(), entity=row.entity, entity_id=row.entity_id, field=row.field,
                    deleted=False, **values,
                )
            )
        else:
            session.execute(update(FIELD_REVS).where(FIELD_REVS.c.id == fr.id).values(**values))
    session.execute(
        update(CONFLICTS)
        .where(CONFLICTS.c.id == conflict_id)
        .values(
            status="settled",
            settled_by=principal.user_id,
            settled_at=now,
            resolution={"keep": keep, "value": to_json_value(converted), "note": note},
            server_rev=revs.next(),
        )
    )
    revs.finish()
    return {"id": str(conflict_id), "status": "settled", "value": to_json_value(converted),
            "changed": changed}
