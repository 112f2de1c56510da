"""Erasure on request (GDPR art. 17), as the protocol carries it.

The server blanks the person's data in every row that holds it, marks those rows as
deleted (tombstones, so the change syncs), adds the person's phone numbers, e-mail and
NIP to the suppression list by hash (so they stay uncallable without being kept), and
records an :class:`~models.Erasure`. The erasure travels in the pull's priority stream:
every client purges its copy — rows and outbox entries that mention the subject — on
its next pull, and the server rejects any later mutation about the subject.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, cast

from sqlalchemy import Table, insert, or_, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.server.auth import Principal
from app.server.changes import Revisions
from app.services.calling_rules import suppression_hash, suppression_value
from models import Base, Company, Contact, Erasure, PhoneNumber, Suppression, new_id, utcnow

log = logging.getLogger(__name__)

# Personal columns, and what they become.
BLANK: dict[str, dict[str, Any]] = {
    "companies": {"name": "(erased)", "name_key": "", "nip": None, "regon": None,
                  "street": None, "building": None, "flat": None, "phone": None,
                  "email": None, "website": None, "notes": None},
    "contacts": {"first_name": None, "last_name": None, "email": None, "notes": None,
                 "role": None, "calling_windows": []},
    "phone_numbers": {"e164": "", "extension": None, "label": None},
    "field_values": {"value": None},
    "call_attempts": {"notes": None, "answers": {}, "phone": None, "script_path": []},
    "callbacks": {"note": None},
    "meetings": {"place": None, "outcome_notes": None, "notes": None, "brief": {},
                 "offer": None},
    "consents": {"note": None},
    "queue_items": {},
}


def erase(
    session: Session, actor: Principal, kind: str, subject_id: uuid.UUID, note: str | None
) -> dict[str, Any]:
    revs = Revisions(session)
    now = utcnow()
    tables = Base.metadata.tables
    if kind == "company":
        company = session.get(Company, subject_id)
        if company is None:
            raise NotFound(f"No company with id {subject_id}.")
        company_id: uuid.UUID | None = company.id
        values = {("phone", company.phone), ("email", company.email), ("nip", company.nip)}
        contacts = session.scalars(select(Contact).where(Contact.company_id == subject_id)).all()
        values |= {("email", c.email) for c in contacts}
        phones = session.scalars(
            select(PhoneNumber.e164).where(PhoneNumber.company_id == subject_id)
        ).all()
        where = {name: tables[name].c.company_id == subject_id
                 for name in BLANK if name != "companies"}
        where["companies"] = tables["companies"].c.id == subject_id
    elif kind == "contact":
        contact = session.get(Contact, subject_id)
        if contact is None:
            raise NotFound(f"No contact with id {subject_id}.")
        company_id = contact.company_id
        values = {("email", contact.email)}
        phones = session.scalars(
            select(PhoneNumber.e164).where(PhoneNumber.contact_id == subject_id)
        ).all()
        where = {
            "contacts": tables["contacts"].c.id == subject_id,
            "phone_numbers": tables["phone_numbers"].c.contact_id == subject_id,
        }
        for name in ("call_attempts", "callbacks", "meetings", "consents"):
            where[name] = tables[name].c.contact_id == subject_id
    else:
        raise ValueError("kind must be company or contact")
    values |= {("phone", p) for p in phones}
    added = 0
    for what, raw in values:
        norm = suppression_value(what, raw) if raw else None
        if norm is None:
            continue
        digest = suppression_hash(norm)
        exists = session.execute(
            select(Suppression.id).where(
                Suppression.kind == what,
                Suppression.value_hash == digest,
                Suppression.campaign_id.is_(None),
                Suppression.deleted.is_(False),
            )
        ).first()
        if exists is None:
            session.execute(
                insert(Suppression).values(
                    id=new_id(), kind=what, value_hash=digest, reason="erasure",
                    scope="global", campaign_id=None, created_at=now,
                    created_by=actor.user_id, server_rev=revs.next(), deleted=False,
                )
            )
            added += 1
    touched: dict[str, int] = {}
    for name, condition in where.items():
        table = tables[name]
        ids = session.scalars(select(table.c.id).where(condition)).all()
        for row_id in ids:
            session.execute(
                update(table)
                .where(table.c.id == row_id)
                .values(**BLANK.get(name, {}), deleted=True, server_rev=revs.next())
            )
        if ids:
            touched[name] = len(ids)
    erasure_id = new_id()
    session.execute(
        insert(cast(Table, Erasure.__table__)).values(
            id=erasure_id, subject_kind=kind, subject_id=subject_id, company_id=company_id,
            requested_by=actor.user_id, requested_at=now, note=note,
            server_rev=revs.next(), deleted=False,
        )
    )
    revs.finish()
    log.info("erased %s %s: %s, %d suppressions added", kind, subject_id, touched, added)
    return {"id": str(erasure_id), "subject_kind": kind, "subject_id": str(subject_id),
            "rows": touched, "suppressions_added": added}


def is_erased(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Erasure.subject_id).where(
                or_(Erasure.subject_id.in_(ids), Erasure.company_id.in_(ids))
            )
        ).all()
    )
