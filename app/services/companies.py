"""Company search and the company card, shared by the GUI and the CLI."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union,
)
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

RELEVANCE = "relevance"
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


@dataclass(frozen=True)
class _Match:
    """What the search box means, as SQL: a condition, and for name/city fragments
    of 3+ characters on SQLite the FTS5 MATCH expression (searched via the index)."""

    condition: ColumnElement[bool] | None = None
    fts: str | None = None


_FTS = table("companies_fts", column("rowid"))


def _interpret(session: Session, raw: str) -> _Match:
    """A NIP/REGON, a phone, a postcode or NIP fragment, or a name/city fragment."""
    raw = raw.strip()
    if not raw:
        return _Match()
    digits = _DIGITS.sub("", raw.upper().removeprefix("PL"))
    looks_numeric = bool(digits) and len(digits) >= 0.7 * len(re.sub(r"[\s\-+()./]", "", raw))
    if looks_numeric:
        # Every reading of the number is an indexed look-up; one UNION of ids.
        parts: list[Select[Any]] = []
        if len(digits) == 10:
            parts.append(select(Company.id).where(Company.nip == digits))
        if len(digits) in (9, 14):
            parts.append(select(Company.id).where(Company.regon == digits))
        phone = normalize_phone(raw)
        if phone is not None:
            parts.append(select(PhoneNumber.company_id).where(PhoneNumber.e164 == phone.e164))
        if len(digits) < 9:  # a fragment: the start of a NIP, or a postcode
            parts.append(
                select(Company.id).where(Company.nip >= digits, Company.nip < _next_key(digits))
            )
            if len(digits) == 5:
                parts.append(
                    select(Company.id).where(Company.postcode == f"{digits[:2]}-{digits[2:]}")
                )
        if parts:
            return _Match(condition=Company.id.in_(union(*parts)))
    key = search_key(raw)
    if not key:
        return _Match()
    if session.get_bind().dialect.name != "sqlite":
        return _Match(
            condition=or_(Company.name_key.contains(key), Company.city_key.contains(key))
        )
    if len(key) < 3:  # too short for trigrams: name prefix on its index
        return _Match(condition=and_(Company.name_key >= key, Company.name_key < _next_key(key)))
    # Trigram FTS: any 3+ character fragment, anywhere in the name or the city.
    return _Match(fts="{name_key city_key}: " + '"' + key.replace('"', '""') + '"')


def _next_key(key: str) -> str:
    """The smallest string greater than every string starting with ``key``."""
    return key[:-1] + chr(ord(key[-1]) + 1)


def _filtered(session: Session, query: SearchQuery, *, join_fts: bool = False) -> Select[Any]:
    stmt = select(Company).where(Company.deleted.is_(False))
    match = _interpret(session, query.text)
    if match.condition is not None:
        stmt = stmt.where(match.condition)
    if match.fts is not None:
        if join_fts:
            stmt = stmt.join(_FTS, _FTS.c.rowid == literal_column("companies.rowid"))
            stmt = stmt.where(text("companies_fts MATCH :q").bindparams(q=match.fts))
        else:
            stmt = stmt.where(
                text(
                    "companies.rowid IN "
                    "(SELECT rowid FROM companies_fts WHERE companies_fts MATCH :q)"
                ).bindparams(q=match.fts)
            )
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
    """One page of companies matching ``query``, in the requested order.

    ``sort="relevance"`` (the default while text is typed in the GUI) keeps the
    full-text index's own order, so a page costs the same however many companies
    match; a column sort orders every match first.
    """
    if query.sort == RELEVANCE:
        if _interpret(session, query.text).fts is not None:
            stmt = _filtered(session, query, join_fts=True).order_by(_FTS.c.rowid)
            stmt = stmt.limit(limit).offset(offset)
            return [row_dict(c) for c in session.scalars(stmt)]
        query = SearchQuery(query.text, query.filters, "name", query.descending)
    column = SORTABLE.get(query.sort)
    if column is None:
        raise UserError(
            f"Cannot sort by {query.sort!r}; use one of {', '.join([*SORTABLE, RELEVANCE])}."
        )
    order = column.desc() if query.descending else column.asc()
    stmt = _filtered(session, query).order_by(order, Company.id).limit(limit).offset(offset)
    return [row_dict(c) for c in session.scalars(stmt)]


def count(session: Session, query: SearchQuery) -> int:
    stmt = _filtered(session, query, join_fts=True).with_only_columns(func.count())
    return int(session.scalar(stmt.order_by(None)) or 0)


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
