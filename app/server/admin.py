"""Administrators' operations: users, campaigns, lifting a suppression."""

from __future__ import annotations

import uuid
from typing import Any, cast

from argon2 import PasswordHasher
from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.server.auth import Principal, hash_password
from app.server.changes import Revisions
from app.services.defaults import calling_hours
from models import AuditEntry, Campaign, Suppression, User, new_id, utcnow

USERS = cast(Table, User.__table__)


def user_dict(user: Any) -> dict[str, Any]:
    role = user.role.value if hasattr(user.role, "value") else str(user.role)
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "role": role,
        "team": user.team,
        "active": bool(user.active),
    }


def list_users(session: Session, principal: Principal) -> list[dict[str, Any]]:
    query = select(User).where(User.deleted.is_(False)).order_by(User.username)
    if not principal.is_admin:
        query = query.where(User.team == principal.team)
    return [user_dict(u) for u in session.scalars(query)]


def update_user(
    session: Session,
    user_id: uuid.UUID,
    changes: dict[str, Any],
    hasher: PasswordHasher | None,
) -> dict[str, Any]:
    revs = Revisions(session)
    user = session.get(User, user_id)
    if user is None or user.deleted:
        raise NotFound(f"No user {user_id}.")
    values = {k: v for k, v in changes.items() if k != "password"}
    if changes.get("password"):
        values["password_hash"] = hash_password(changes["password"], hasher)
    if values:
        values["server_rev"] = revs.next()
        session.execute(update(USERS).where(USERS.c.id == user_id).values(**values))
    revs.finish()
    session.flush()
    session.refresh(user)
    return user_dict(user)


def put_campaign(session: Session, key: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create the campaign ``key`` or update it with ``data``."""
    if not key or len(key) > 64 or not key.replace("_", "").replace("-", "").isalnum():
        raise UserError("A campaign key is 1–64 letters, digits, '-' or '_'.")
    revs = Revisions(session)
    table = cast(Table, Campaign.__table__)
    data = dict(data)
    if data.get("calling_hours") is None:
        data["calling_hours"] = calling_hours(b2c=bool(data.get("is_b2c")))
    existing = session.execute(select(table.c.id).where(table.c.key == key)).first()
    if existing is None:
        cid = new_id()
        session.execute(
            insert(table).values(
                id=cid, key=key, variants=[], field_keys=[], deleted=False,
                server_rev=revs.next(), **data,
            )
        )
        created = True
    else:
        cid = existing.id
        session.execute(
            update(table).where(table.c.id == cid).values(server_rev=revs.next(), **data)
        )
        created = False
    revs.finish()
    return {"id": cid, "key": key, "name": data["name"], "created": created}


def lift_suppression(
    session: Session, principal: Principal, suppression_id: uuid.UUID, reason: str
) -> dict[str, Any]:
    revs = Revisions(session)
    table = cast(Table, Suppression.__table__)
    row = session.execute(select(table).where(table.c.id == suppression_id)).first()
    if row is None:
        raise NotFound(f"No suppression {suppression_id}.")
    if row.reason == "erasure":
        raise UserError("A suppression kept for an erased person cannot be lifted.")
    lifted = not row.deleted
    if lifted:
        session.execute(
            update(table)
            .where(table.c.id == suppression_id)
            .values(deleted=True, server_rev=revs.next())
        )
        session.execute(
            insert(cast(Table, AuditEntry.__table__)).values(
                id=new_id(), at=utcnow(), user_id=principal.user_id,
                action="suppression_lifted", entity="suppressions",
                entity_id=str(suppression_id), details={"kind": row.kind}, note=reason,
                server_rev=revs.next(), deleted=False,
            )
        )
    revs.finish()
    return {"id": suppression_id, "lifted": lifted}
