"""Company search and the company card, shared by the GUI and the CLI."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services.normalize import normalize_phone, search_key
from models import (
    CallAttempt,
    Callback,
    Campaign,
    Company,
    CompanySegment,
    Consent,
    Contact,
    FieldDefinition,
    FieldValue,
    Meeting,
    PhoneNumber,
    QueueItem,
    SalesRep,
    Segment,
    User,
)

SORTABLE = {
    "name": Company.name_key,
    "nip": Company.nip,
    "city": Company.city_key,
    "voivodeship": Company.voivodeship,
    "postcode": Company.postcode,
}
_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True)
class SearchFilters:
    segment: str | None = None  # segment key
    voivodeship: str | None = None
    campaign: str | None = None  # campaign key
    queue_status: str | None = None  # new | callback | retry | done (needs campaign)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "name"
    descending: bool = False


def parse_company_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise NotFound(f"No company with id {raw!r} (not a valid id).") from None


def _text_condition(session: Session, raw: str) -> ColumnElement[bool] | TextClause | None:
    """What the search box means: a NIP/REGON, a phone, or a name/city fragment."""
    raw = raw.strip()
    if not raw:
        return None
    digits = _DIGITS.sub("", raw.upper().removeprefix("PL"))
    looks_numeric = bool(digits) and len(digits) >= 0.7 * len(re.sub(r"[\s\-+()./]", "", raw))
    conditions: list[ColumnElement[bool]] = []
    if looks_numeric:
        if len(digits) == 10:
            conditions.append(Company.nip == digits)
        if len(digits) in (9, 14):
            conditions.append(Company.regon == digits)
        phone = normalize_phone(raw)
        if phone is not None:
            conditions.append(Company.phone == phone.e164)
            conditions.append(
                Company.id.in_(select(PhoneNumber.company_id).where(PhoneNumber.e164 == phone.e164))
            )
        if len(digits) < 9:  # a fragment of a number: postcode or partial NIP
            conditions.append(Company.nip.startswith(digits))
            if len(digits) == 5:
                conditions.append(Company.postcode == f"{digits[:2]}-{digits[2:]}")
        if conditions:
            return or_(*conditions)
    key = search_key(raw)
    if not key:
        return None
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    prefix = or_(
        and_(Company.name_key >= key, Company.name_key < upper),
        and_(Company.city_key >= key, Company.city_key < upper),
    )
    if session.get_bind().dialect.name != "sqlite":
        return or_(prefix, Company.name_key.contains(key), Company.city_key.contains(key))
    if len(key) < 3:
        return prefix
    # Trigram FTS: any 3+ character fragment, anywhere in the name or the city.
    phrase = '"' + key.replace('"', '""') + '"'
    return text(
        "companies.rowid IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH :q)"
    ).bindparams(q="{name_key city_key}: " + phrase)


def _filtered(session: Session, query: SearchQuery) -> Select[Any]:
    stmt = select(Company).where(Company.deleted.is_(False))
    cond = _text_condition(session, query.text)
    if cond is not None:
        stmt = stmt.where(cond)
    f = query.filters
    if f.voivodeship:
        stmt = stmt.where(Company.voivodeship == f.voivodeship)
    if f.segment:
        seg_id = session.scalar(select(Segment.id).where(Segment.key == f.segment))
        if seg_id is None:
            raise UserError(f"Unknown segment {f.segment!r}.")
        stmt = stmt.where(
            exists().where(
                CompanySegment.company_id == Company.id, CompanySegment.segment_id == seg_id
            )
        )
    if f.campaign:
        camp_id = session.scalar(select(Campaign.id).where(Campaign.key == f.campaign))
        if camp_id is None:
            raise UserError(f"Unknown campaign {f.campaign!r}.")
        q = exists().where(QueueItem.company_id == Company.id, QueueItem.campaign_id == camp_id)
        if f.queue_status:
            q = q.where(QueueItem.status == f.queue_status)
        stmt = stmt.where(q)
    return stmt


def row_dict(c: Company) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "name": c.name,
        "nip": c.nip,
        "regon": c.regon,
        "city": c.city,
        "postcode": c.postcode,
        "voivodeship": c.voivodeship,
        "phone": c.phone,
        "street": " ".join(p for p in (c.street, c.building) if p) or None,
    }


def search(
    session: Session, query: SearchQuery, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """One page of companies matching ``query``, in the requested order."""
    column = SORTABLE.get(query.sort)
    if column is None:
        raise UserError(f"Cannot sort by {query.sort!r}; use one of {', '.join(SORTABLE)}.")
    order = column.desc() if query.descending else column.asc()
    stmt = _filtered(session, query).order_by(order, Company.id).limit(limit).offset(offset)
    return [row_dict(c) for c in session.scalars(stmt)]


def count(session: Session, query: SearchQuery) -> int:
    stmt = _filtered(session, query).with_only_columns(func.count()).order_by(None)
    return int(session.scalar(stmt) or 0)


def _contact_dict(contact: Contact, phones: list[PhoneNumber]) -> dict[str, Any]:
    return {
        "id": str(contact.id),
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "role": contact.role,
        "is_decision_maker": contact.is_decision_maker,
        "phones": [
            {"number": p.e164, "extension": p.extension, "kind": p.kind, "label": p.label}
            for p in phones
        ],
        "email": contact.email,
        "timezone": contact.timezone,
        "calling_windows": contact.calling_windows,
        "preferred_channel": contact.preferred_channel,
    }


def company_card(session: Session, company_id: uuid.UUID | str) -> dict[str, Any]:
    """Everything the company card shows, as plain data."""
    cid = parse_company_id(company_id) if isinstance(company_id, str) else company_id
    company = session.get(Company, cid)
    if company is None or company.deleted:
        raise NotFound(f"No company with id {cid}.")
    phones = list(session.scalars(select(PhoneNumber).where(PhoneNumber.company_id == cid)))
    contacts = list(
        session.scalars(
            select(Contact)
            .where(Contact.company_id == cid, Contact.deleted.is_(False))
            .order_by(Contact.is_decision_maker.desc(), Contact.last_name)
        )
    )
    values = {
        fv.field_key: fv.value
        for fv in session.scalars(select(FieldValue).where(FieldValue.company_id == cid))
    }
    segments = list(
        session.execute(
            select(Segment.key, Segment.name_pl, Segment.name_en)
            .join(CompanySegment, CompanySegment.segment_id == Segment.id)
            .where(CompanySegment.company_id == cid)
            .order_by(Segment.position)
        )
    )
    return {
        "id": str(company.id),
        "name": company.name,
        "legal_form": company.legal_form,
        "nip": company.nip,
        "regon": company.regon,
        "address": {
            "street": company.street,
            "building": company.building,
            "flat": company.flat,
            "postcode": company.postcode,
            "city": company.city,
            "voivodeship": company.voivodeship,
            "country": company.country,
        },
        "timezone": company.timezone,
        "phone": company.phone,
        "phones": [
            {"number": p.e164, "extension": p.extension, "kind": p.kind, "label": p.label}
            for p in phones
            if p.contact_id is None
        ],
        "email": company.email,
        "website": company.website,
        "industry": company.industry,
        "employees": company.employees,
        "contacts": [
            _contact_dict(c, [p for p in phones if p.contact_id == c.id]) for c in contacts
        ],
        "fields": values,
        "segments": [{"key": k, "name_pl": pl, "name_en": en} for k, pl, en in segments],
        "history": history(session, cid),
    }


def field_groups(session: Session) -> list[dict[str, Any]]:
    """Active field definitions, grouped by topic in display order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for fd in session.scalars(
        select(FieldDefinition)
        .where(FieldDefinition.active.is_(True))
        .order_by(FieldDefinition.position)
    ):
        groups.setdefault(fd.group, []).append(
            {
                "key": fd.key,
                "type": fd.type,
                "label_pl": fd.label_pl,
                "label_en": fd.label_en,
                "required": fd.required,
                "choices": fd.choices,
            }
        )
    return [{"group": g, "fields": f} for g, f in groups.items()]


def history(session: Session, company_id: uuid.UUID, limit: int = 200) -> list[dict[str, Any]]:
    """The company's contact history, newest first: calls, callbacks, meetings, consents."""
    events: list[dict[str, Any]] = []
    attempts = session.execute(
        select(CallAttempt, User.full_name, Campaign.name)
        .join(User, User.id == CallAttempt.agent_id)
        .join(Campaign, Campaign.id == CallAttempt.campaign_id)
        .where(CallAttempt.company_id == company_id)
        .order_by(CallAttempt.started_at.desc())
        .limit(limit)
    )
    for a, agent, campaign in attempts:
        events.append(
            {
                "kind": "call",
                "at": a.started_at.isoformat(),
                "agent": agent,
                "campaign": campaign,
                "disposition": a.disposition_code,
                "talk_seconds": a.talk_seconds,
                "note": a.notes,
                "id": str(a.id),
            }
        )
    for cb in session.scalars(
        select(Callback).where(Callback.company_id == company_id).limit(limit)
    ):
        events.append(
            {
                "kind": "callback",
                "at": cb.created_at.isoformat(),
                "due_at": cb.due_at.isoformat(),
                "status": cb.status.value,
                "shared": cb.owner_id is None,
                "note": cb.note,
                "id": str(cb.id),
            }
        )
    for m, rep in session.execute(
        select(Meeting, SalesRep.full_name)
        .join(SalesRep, SalesRep.id == Meeting.rep_id)
        .where(Meeting.company_id == company_id)
        .limit(limit)
    ):
        events.append(
            {
                "kind": "meeting",
                "at": m.booked_at.isoformat(),
                "start": m.start_at.isoformat(),
                "rep": rep,
                "status": m.status.value,
                "note": m.outcome_notes,
                "id": str(m.id),
            }
        )
    for c in session.scalars(select(Consent).where(Consent.company_id == company_id).limit(limit)):
        events.append(
            {
                "kind": "consent",
                "at": c.recorded_at.isoformat(),
                "consent": c.kind.value,
                "channel": c.channel,
                "source": c.source,
                "note": c.note,
                "id": str(c.id),
            }
        )
    events.sort(key=lambda e: e["at"], reverse=True)
    return events[:limit]
