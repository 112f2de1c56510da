"""Recording a call: the attempt, the lead's new queue state, callbacks, do-not-call.

:func:`log_call` is what the console's disposition bar and ``prospector call log`` run.
One transaction writes the append-only :class:`~models.CallAttempt`, updates the
:class:`~models.QueueItem` (attempt counters, status and next attempt from the
disposition's retry rules), creates or closes callbacks, releases the lease, and writes
an outbox row for every one of those changes — a crash loses all of it or none.

The first write is the guarded lease claim, so on SQLite the rest of the unit of work
runs under the write lock and reads fresh data; on PostgreSQL the guarded ``UPDATE``
re-checks the lease on the newest row version.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services.calling_rules import (
    DEFAULT_COUNTRY,
    DEFAULT_TZ,
    Callee,
    LeadFacts,
    callback_problem,
    evaluate,
    format_local,
    local_day,
    parse_windows,
    suppression_hash,
    suppression_value,
    zone,
)
from app.services.queue import (
    CB,
    QI,
    AgentInfo,
    CampaignInfo,
    Mutation,
    QRow,
    aware,
    get_agent,
    get_campaign,
    queue_row,
    record_mutations,
    status_text,
)
from models import (
    CallAttempt,
    Company,
    Consent,
    ConsentKind,
    Contact,
    Disposition,
    PhoneNumber,
    Suppression,
    User,
    new_id,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DispositionInfo:
    """A disposition code as the disposition bar shows it and the call log applies it."""

    code: str
    label_pl: str
    label_en: str
    hotkey: str | None
    category: str
    is_contact: bool
    is_final: bool
    retry_delay_minutes: int | None
    max_retries: int | None
    counts_as_attempt: bool
    position: int


_DISPOSITIONS = (
    select(
        Disposition.campaign_id,
        Disposition.code,
        Disposition.label_pl,
        Disposition.label_en,
        Disposition.hotkey,
        Disposition.category,
        Disposition.is_contact,
        Disposition.is_final,
        Disposition.retry_delay_minutes,
        Disposition.max_retries,
        Disposition.counts_as_attempt,
        Disposition.position,
    )
    .where(
        or_(Disposition.campaign_id.is_(None), Disposition.campaign_id == bindparam("campaign")),
        Disposition.deleted.is_(False),
    )
    .order_by(Disposition.position, Disposition.code)
)
_COMPANY = select(
    Company.id, Company.country, Company.timezone, Company.phone, Company.deleted
).where(Company.id == bindparam("company"))
_CONTACTS = select(
    Contact.id,
    Contact.first_name,
    Contact.last_name,
    Contact.timezone,
    Contact.calling_windows,
).where(Contact.company_id == bindparam("company"), Contact.deleted.is_(False))
_ATTEMPT_EXISTS = select(CallAttempt.id).where(CallAttempt.id == bindparam("attempt"))
_ITEM_ID = select(QI.c.id).where(
    QI.c.campaign_id == bindparam("campaign"), QI.c.company_id == bindparam("company")
)
_CLAIM = (
    update(QI)
    .where(
        QI.c.campaign_id == bindparam("campaign"),
        QI.c.company_id == bindparam("company"),
        or_(
            QI.c.lease_holder_id.is_(None),
            QI.c.lease_expires_at.is_(None),
            QI.c.lease_expires_at <= bindparam("at", type_=QI.c.lease_expires_at.type),
            QI.c.lease_holder_id == bindparam("agent", type_=QI.c.lease_holder_id.type),
        ),
    )
    .values(lease_holder_id=bindparam("agent"), lease_expires_at=bindparam("expires"))
)
# By company only, so that no planner prefers a campaign-wide index.
_HISTORY = select(CallAttempt.campaign_id, CallAttempt.disposition_code).where(
    CallAttempt.company_id == bindparam("company")
)
_UPDATE_ITEM = (
    update(QI)
    .where(QI.c.id == bindparam("item"))
    .values(
        status=bindparam("v_status"),
        attempts=bindparam("v_attempts"),
        attempts_today=bindparam("v_attempts_today"),
        attempts_day=bindparam("v_attempts_day"),
        last_attempt_at=bindparam("v_last_attempt_at"),
        last_disposition=bindparam("v_last_disposition"),
        next_attempt_at=bindparam("v_next_attempt_at"),
        lease_holder_id=None,
        lease_expires_at=None,
    )
)
_PENDING = select(CB.c.id, CB.c.due_at, CB.c.server_rev).where(
    CB.c.company_id == bindparam("company"),
    CB.c.campaign_id == bindparam("campaign"),
    CB.c.status == "pending",
    CB.c.deleted.is_(False),
)
_CLOSE_CALLBACK = (
    update(CB)
    .where(CB.c.id == bindparam("cb"))
    .values(status=bindparam("v_status"), done_at=bindparam("v_done_at"))
)
_RESULT = (
    select(
        CallAttempt.id,
        CallAttempt.company_id,
        CallAttempt.contact_id,
        CallAttempt.disposition_code,
        CallAttempt.notes,
        CallAttempt.started_at,
        User.username,
    )
    .join(User, User.id == CallAttempt.agent_id)
    .where(CallAttempt.id == bindparam("attempt"))
)


def dispositions_for(session: Session, campaign_id: uuid.UUID) -> dict[str, DispositionInfo]:
    """The campaign's disposition codes in display order: the default set, overridden and
    extended by the campaign's own rows."""
    rows = session.connection().execute(_DISPOSITIONS, {"campaign": campaign_id}).all()
    out: dict[str, DispositionInfo] = {}
    for r in sorted(rows, key=lambda r: r.campaign_id is not None):
        out[r.code] = DispositionInfo(
            r.code,
            r.label_pl,
            r.label_en,
            r.hotkey,
            r.category,
            bool(r.is_contact),
            bool(r.is_final),
            r.retry_delay_minutes,
            r.max_retries,
            bool(r.counts_as_attempt),
            r.position,
        )
    return dict(sorted(out.items(), key=lambda kv: (kv[1].position, kv[0])))


def campaign_dispositions(session: Session, campaign_key: str) -> list[DispositionInfo]:
    """The disposition bar of a campaign, in order (hotkeys F1…)."""
    return list(dispositions_for(session, get_campaign(session, campaign_key).id).values())


def iso_local(at: dt.datetime | None, timezone: str = DEFAULT_TZ) -> str | None:
    """ISO 8601 with the offset, in ``timezone`` (default Europe/Warsaw)."""
    return at.astimezone(zone(timezone)).isoformat() if at is not None else None


def log_call(
    session: Session,
    company_id: uuid.UUID,
    campaign_key: str,
    agent_username: str,
    disposition_code: str,
    note: str | None = None,
    callback_at: dt.datetime | None = None,
    shared: bool = False,
    at: dt.datetime | None = None,
    *,
    contact_id: uuid.UUID | None = None,
    answers: dict[str, Any] | None = None,
    script_id: str | None = None,
    script_version: str | None = None,
    script_path: list[Any] | None = None,
    phone: str | None = None,
    answered_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    talk_seconds: int = 0,
    wrapup_seconds: int = 0,
    attempt_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Record one call made by ``agent_username`` at ``at`` (default now) and move the lead
    on. ``callback_at`` (aware) promises a call back — personal, or ``shared`` with the
    campaign's agents. ``attempt_id`` makes a retried save idempotent: an attempt already
    stored under that id is returned, nothing written.

    Raises :class:`UserError`, with nothing written, for an unknown disposition code (the
    valid ones listed), a callback in the past / outside calling hours / on a holiday (the
    next valid time offered, also in ``details["next_valid"]``), or a lead leased by
    another agent ("taken over"; ``details["holder"]``)."""
    at = aware(at) if at is not None else dt.datetime.now(dt.UTC)
    conn = session.connection()
    campaign = get_campaign(session, campaign_key)
    agent = get_agent(session, agent_username)
    company = conn.execute(_COMPANY, {"company": company_id}).first()
    if company is None or company.deleted:
        raise NotFound(f"No company with id {company_id}.")
    tz = company.timezone or DEFAULT_TZ
    if attempt_id is not None and conn.execute(_ATTEMPT_EXISTS, {"attempt": attempt_id}).first():
        return _result(session, campaign, attempt_id, tz)
    dispositions = dispositions_for(session, campaign.id)
    disp = dispositions.get(disposition_code)
    if disp is None:
        raise UserError(
            f"Campaign {campaign.key!r} has no disposition {disposition_code!r}. "
            f"Valid codes: {', '.join(dispositions)}."
        )
    contacts = conn.execute(_CONTACTS, {"company": company_id}).all()
    contact = None
    if contact_id is not None:
        contact = next((c for c in contacts if c.id == contact_id), None)
        if contact is None:
            raise NotFound(f"The company {company_id} has no contact {contact_id}.")
    if callback_at is not None:
        callback_at = aware(callback_at)
        _check_callback(campaign, disp, company, contact, callback_at, at)
    elif disp.category == "callback":
        raise UserError(f"The {disp.code!r} disposition needs a callback time.")

    row = _claim(session, conn, campaign, company, agent, at)
    attempt_id = attempt_id or new_id()
    state = _next_state(conn, campaign, disp, company, contacts, row, at, callback_at)
    attempt = {
        "id": attempt_id,
        "campaign_id": campaign.id,
        "company_id": company.id,
        "contact_id": contact.id if contact else None,
        "agent_id": agent.id,
        "phone": phone,
        "variant": row.variant,
        "started_at": at,
        "answered_at": answered_at,
        "ended_at": ended_at or at,
        "talk_seconds": talk_seconds,
        "wrapup_seconds": wrapup_seconds,
        "disposition_code": disp.code,
        "notes": note,
        "script_id": script_id or campaign.script_id,
        "script_version": script_version or campaign.script_version,
        "script_path": script_path or [],
        "answers": answers or {},
        "deleted": False,
    }
    conn.execute(insert(CallAttempt), [attempt])
    conn.execute(_UPDATE_ITEM, {"item": row.id, **{f"v_{k}": v for k, v in state.items()}})
    mutations = [
        Mutation("call_attempts", attempt_id, "append", attempt),
        Mutation("queue_items", row.id, "upsert", state, row.server_rev),
    ]
    closed = _close_callbacks(conn, campaign, company.id, disp, at, callback_at, mutations)
    callback = None
    if callback_at is not None:
        callback = _new_callback(
            conn,
            campaign,
            company,
            contact,
            agent,
            attempt_id,
            callback_at,
            note,
            shared,
            at,
            mutations,
        )
    suppressed = 0
    if disp.category == "dnc":
        suppressed = _do_not_call(conn, company, contact, agent, phone, at, mutations)
    record_mutations(session, mutations)
    log.info(
        "call logged: %s %s %s by %s -> %s",
        campaign.key,
        company.id,
        disp.code,
        agent.username,
        state["status"],
    )
    return {
        "attempt": _attempt_view(attempt, campaign.key, agent.username),
        "queue": _queue_view(state, tz, holder=None, lease_expires=None),
        "callback": callback,
        "callbacks_closed": closed,
        "suppressed": suppressed,
    }


def _attempt_view(a: Any, campaign_key: str, username: str) -> dict[str, Any]:
    get = a.get if isinstance(a, dict) else lambda k: getattr(a, k)
    return {
        "id": str(get("id")),
        "company_id": str(get("company_id")),
        "campaign": campaign_key,
        "agent": username,
        "contact_id": str(get("contact_id")) if get("contact_id") else None,
        "disposition": get("disposition_code"),
        "note": get("notes"),
        "at": iso_local(get("started_at")),
    }


def _queue_view(
    state: Any, tz: str, *, holder: str | None, lease_expires: dt.datetime | None
) -> dict[str, Any]:
    get = state.get if isinstance(state, dict) else lambda k: getattr(state, k)
    return {
        "status": status_text(get("status")),
        "attempts": get("attempts"),
        "attempts_today": get("attempts_today"),
        "last_attempt_at": iso_local(get("last_attempt_at")),
        "last_disposition": get("last_disposition"),
        "next_attempt_at": iso_local(get("next_attempt_at")),
        "next_attempt_local": iso_local(get("next_attempt_at"), tz),
        "lease_holder": holder,
        "lease_expires": iso_local(lease_expires),
    }


def _check_callback(
    campaign: CampaignInfo,
    disp: DispositionInfo,
    company: Any,
    contact: Any,
    when: dt.datetime,
    at: dt.datetime,
) -> None:
    if disp.is_final:
        raise UserError(
            f"{disp.code!r} closes the lead, so no callback can be set with it; "
            "use a disposition that keeps the lead open (e.g. 'callback')."
        )
    tz = company.timezone or DEFAULT_TZ
    callee = Callee(None, (contact.timezone if contact is not None else None) or tz)
    facts = LeadFacts(country=company.country or DEFAULT_COUNTRY, timezone=tz, callees=(callee,))
    problem = callback_problem(campaign.rules, facts, when, at)
    if problem is None:
        return
    message, offer = problem
    if offer is not None:
        message += (
            f". The next valid time is {format_local(offer, callee.timezone)} ({callee.timezone})."
        )
    else:
        message += "; no valid time was found within a year."
    raise UserError(message, details={"next_valid": iso_local(offer, callee.timezone)})


def _claim(
    session: Session,
    conn: Connection,
    campaign: CampaignInfo,
    company: Any,
    agent: AgentInfo,
    at: dt.datetime,
) -> QRow:
    """The lead's queue row, leased to ``agent`` (created if the company was not queued in
    this campaign: a call made from search still counts). Refused when another agent
    holds an unexpired lease. The guarded UPDATE is the transaction's first write."""
    keys = {"campaign": campaign.id, "company": company.id}
    if conn.execute(_ITEM_ID, keys).first() is None:
        fields = {
            "id": new_id(),
            **{"campaign_id": campaign.id, "company_id": company.id},
            "status": "new",
            "priority": 0,
            "attempts": 0,
            "attempts_today": 0,
            "deleted": False,
        }
        conn.execute(insert(QI), [fields])
        record_mutations(session, [Mutation("queue_items", fields["id"], "upsert", fields)])
    expires = at + dt.timedelta(minutes=campaign.lease_minutes)
    claimed = conn.execute(_CLAIM, {**keys, "agent": agent.id, "at": at, "expires": expires})
    row = queue_row(session, campaign.id, company.id)
    assert row is not None  # it exists: found or inserted above, in this transaction
    if int(claimed.rowcount) != 1:
        holder = session.get(User, row.lease_holder_id)
        who = holder.username if holder is not None else "another agent"
        until = format_local(row.lease_expires_at, company.timezone or DEFAULT_TZ, at)
        raise UserError(
            f"This lead was taken over by {who} (leased until {until}); your call was not "
            "saved. Keep your notes and agree with them or a supervisor who records it.",
            details={"holder": who, "lease_expires": iso_local(row.lease_expires_at)},
        )
    return row


def _next_state(
    conn: Connection,
    campaign: CampaignInfo,
    disp: DispositionInfo,
    company: Any,
    contacts: Any,
    row: QRow,
    at: dt.datetime,
    callback_at: dt.datetime | None,
) -> dict[str, Any]:
    """The queue item's fields after this call: closed when final, the attempts are used
    up or the disposition's retries are; a callback; else a retry at the first time ≥
    the retry delay that the calling rules allow."""
    tz = company.timezone or DEFAULT_TZ
    counts = 1 if disp.counts_as_attempt else 0
    today = local_day(tz, at)
    before_today = row.attempts_today if row.attempts_day == today else 0
    attempts = row.attempts + counts
    state: dict[str, Any] = {
        "attempts": attempts,
        "attempts_today": before_today + counts,
        "attempts_day": today,
        "last_attempt_at": at,
        "last_disposition": disp.code,
    }
    if disp.is_final:
        return {**state, "status": "done", "next_attempt_at": None}
    if callback_at is not None:
        return {**state, "status": "callback", "next_attempt_at": callback_at}
    if attempts >= campaign.max_attempts:
        return {**state, "status": "done", "next_attempt_at": None}
    if disp.max_retries is not None:
        same = sum(
            1
            for campaign_id, code in conn.execute(_HISTORY, {"company": company.id})
            if campaign_id == campaign.id and code == disp.code
        )
        if same + 1 > disp.max_retries:
            return {**state, "status": "done", "next_attempt_at": None}
    earliest = at + dt.timedelta(minutes=disp.retry_delay_minutes or 0)
    after = LeadFacts(
        country=company.country or DEFAULT_COUNTRY,
        timezone=tz,
        callees=tuple(
            Callee(None, c.timezone or tz, parse_windows(c.calling_windows)) for c in contacts
        ),
        status="retry",
        attempts=attempts,
        attempts_today=state["attempts_today"],
        attempts_day=today,
        last_attempt_at=at,
    )
    verdict = evaluate(campaign.rules, after, earliest)
    nxt = earliest if verdict.callable else (verdict.next_callable_at or earliest)
    return {**state, "status": "retry", "next_attempt_at": nxt}


def _close_callbacks(
    conn: Connection,
    campaign: CampaignInfo,
    company_id: uuid.UUID,
    disp: DispositionInfo,
    at: dt.datetime,
    callback_at: dt.datetime | None,
    mutations: list[Mutation],
) -> list[dict[str, Any]]:
    """Pending callbacks of this lead: those due are done (this was the call back); later
    ones are cancelled when the lead closes or a new callback replaces them."""
    closed: list[dict[str, Any]] = []
    for cb in conn.execute(_PENDING, {"company": company_id, "campaign": campaign.id}):
        if cb.due_at <= at:
            status = "done"
        elif disp.is_final or callback_at is not None:
            status = "cancelled"
        else:
            continue
        conn.execute(_CLOSE_CALLBACK, {"cb": cb.id, "v_status": status, "v_done_at": at})
        fields = {"status": status, "done_at": at}
        mutations.append(Mutation("callbacks", cb.id, "upsert", fields, cb.server_rev))
        closed.append({"id": str(cb.id), "status": status, "due_at": iso_local(cb.due_at)})
    return closed


def _new_callback(
    conn: Connection,
    campaign: CampaignInfo,
    company: Any,
    contact: Any,
    agent: AgentInfo,
    attempt_id: uuid.UUID,
    due: dt.datetime,
    note: str | None,
    shared: bool,
    at: dt.datetime,
    mutations: list[Mutation],
) -> dict[str, Any]:
    cb_id = new_id()
    fields = {
        "id": cb_id,
        "campaign_id": campaign.id,
        "company_id": company.id,
        "contact_id": contact.id if contact is not None else None,
        "owner_id": None if shared else agent.id,
        "created_by": agent.id,
        "attempt_id": attempt_id,
        "due_at": due,
        "note": note,
        "status": "pending",
        "created_at": at,
        "deleted": False,
    }
    conn.execute(insert(CB), [fields])
    mutations.append(Mutation("callbacks", cb_id, "upsert", fields))
    tz = (contact.timezone if contact is not None else None) or company.timezone or DEFAULT_TZ
    return {
        "id": str(cb_id),
        "due_at": iso_local(due),
        "due_local": iso_local(due, tz),
        "timezone": tz,
        "shared": shared,
        "owner": None if shared else agent.username,
        "note": note,
    }


def _do_not_call(
    conn: Connection,
    company: Any,
    contact: Any,
    agent: AgentInfo,
    dialled: str | None,
    at: dt.datetime,
    mutations: list[Mutation],
) -> int:
    """Suppress the person's numbers — the contact's, or with no contact named every
    number of the company — globally, by hash, and record the opt-out. Returns how many
    numbers were newly suppressed."""
    query = select(PhoneNumber.e164, PhoneNumber.contact_id).where(
        PhoneNumber.company_id == company.id, PhoneNumber.deleted.is_(False)
    )
    if contact is not None:
        query = query.where(PhoneNumber.contact_id == contact.id)
    numbers: dict[str, uuid.UUID | None] = {}
    for e164, owner in conn.execute(query):
        numbers.setdefault(suppression_value("phone", e164) or e164, owner)
    extra = [dialled] if dialled else []
    if contact is None and company.phone:
        extra.append(company.phone)
    for raw in extra:
        owner_id = contact.id if contact is not None else None
        numbers.setdefault(suppression_value("phone", raw) or raw.strip(), owner_id)
    added = 0
    for e164, owner in numbers.items():
        digest = suppression_hash(e164)
        exists = conn.execute(
            select(Suppression.id).where(
                Suppression.kind == "phone",
                Suppression.value_hash == digest,
                Suppression.campaign_id.is_(None),
                Suppression.deleted.is_(False),
            )
        ).first()
        if exists is None:
            fields: dict[str, Any] = {
                "id": new_id(),
                "kind": "phone",
                "value_hash": digest,
                "reason": "dnc",
                "scope": "global",
                "campaign_id": None,
                "created_at": at,
                "created_by": agent.id,
                "note": "do-not-call disposition",
                "deleted": False,
            }
            conn.execute(insert(Suppression), [fields])
            mutations.append(Mutation("suppressions", fields["id"], "upsert", fields))
            added += 1
        consent: dict[str, Any] = {
            "id": new_id(),
            "company_id": company.id,
            "contact_id": owner or (contact.id if contact is not None else None),
            "channel": "phone",
            "value_hash": digest,
            "purpose": "marketing",
            "kind": ConsentKind.OPT_OUT.value,
            "source": "call",
            "agent_id": agent.id,
            "recorded_at": at,
            "note": "do-not-call disposition",
            "deleted": False,
        }
        conn.execute(insert(Consent), [consent])
        mutations.append(Mutation("consents", consent["id"], "append", consent))
    return added


def _result(
    session: Session, campaign: CampaignInfo, attempt_id: uuid.UUID, tz: str
) -> dict[str, Any]:
    """A stored attempt and the lead's current queue state (a repeated save)."""
    a = session.connection().execute(_RESULT, {"attempt": attempt_id}).one()
    row = queue_row(session, campaign.id, a.company_id)
    assert row is not None  # an attempt's lead is always queued (log_call makes sure)
    holder = session.get(User, row.lease_holder_id) if row.lease_holder_id else None
    return {
        "attempt": _attempt_view(
            {**a._asdict(), "disposition_code": a.disposition_code}, campaign.key, a.username
        ),
        "queue": _queue_view(
            row,
            tz,
            holder=holder.username if holder is not None else None,
            lease_expires=row.lease_expires_at,
        ),
        "callback": None,
        "callbacks_closed": [],
        "suppressed": 0,
    }
