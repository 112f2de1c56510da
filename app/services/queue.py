"""The call queue: which lead an agent gets next, leases, and why a lead is (not) callable.

``next_lead`` picks, in order:

0. a lead this agent already holds an unexpired lease on in the campaign (the console
   was closed mid-call: the agent gets the same lead back, nothing is lost);
1. due callbacks (``due_at`` ≤ now), the agent's personal ones before shared ones, the
   most overdue first;
2. retries whose ``next_attempt_at`` has passed, higher priority first, the longest
   waiting first;
3. new leads, higher priority first, in the order they were added;

skipping every lead the calling rules (:mod:`app.services.calling_rules`) do not allow
now, and leases the first callable one with a guarded ``UPDATE … WHERE`` the lease is
free, expired or already this agent's — so two agents (threads, processes, or clients
of one PostgreSQL) never hold the same lead; the loser of a race moves on to the next
candidate. Every step is an index range (``ix_callbacks_pick``, ``ix_queue_items_pick``
per priority); candidates are judged in growing batches and at most :data:`MAX_SCAN`
are looked at per call, so the work stays bounded at a million leads. When nothing is
callable, ``why_empty`` says why (the tally of reasons and the earliest time one of
them becomes callable).

Leads that can never be called again — a suppressed number, the maximum number of
attempts reached — are closed (status ``done``, with an outbox row) when a pick meets
them, so they do not pile up at the head of the queue.

Leases are local reservations; the server hands out its own (see DESIGN.md), so taking
or releasing a lease writes no outbox row.

Statements are built once per dialect with bind parameters (:class:`_Sql`) and run on
the session's connection: building a SQLAlchemy statement costs several times more
than running it, and the pick runs about ten of them.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import logging
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

from sqlalchemy import (
    Connection,
    Executable,
    Row,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    literal_column,
    null,
    or_,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services.calling_rules import (
    DEFAULT_COUNTRY,
    DEFAULT_TZ,
    Block,
    Callee,
    CampaignRules,
    LeadFacts,
    SuppressionHit,
    Tally,
    Verdict,
    evaluate,
    format_local,
    parse_windows,
    suppression_hash,
    suppression_value,
)
from models import (
    Callback,
    CallbackStatus,
    Campaign,
    Company,
    Contact,
    OutboxMutation,
    PhoneNumber,
    QueueItem,
    Suppression,
    User,
    new_id,
    utcnow,
)

log = logging.getLogger(__name__)

MAX_SCAN = 1000  # candidates judged per next_lead call at most
BATCHES = (1, 8, 32, 128, 256)  # page sizes, growing while nothing callable is found
RETIRE_CODES = frozenset({"suppressed", "max_attempts"})
# Blocks that belong to one lead (not to a whole time zone, like calling hours): a lead
# held back only by these is rescheduled to its next callable time when a pick meets it,
# so it leaves the head of the queue instead of being judged again on every pick.
DEFER_CODES = frozenset({"window", "gap", "max_today"})
PENDING = CallbackStatus.PENDING.value

QI = cast(Table, QueueItem.__table__)
CB = cast(Table, Callback.__table__)
QRow: TypeAlias = "Row[*tuple[Any, ...]]"
CO = cast(Table, Company.__table__)
_CB2 = CB.alias("pending_cb")
QCOLS = (
    QI.c.id,
    QI.c.company_id,
    QI.c.status,
    QI.c.priority,
    QI.c.attempts,
    QI.c.attempts_today,
    QI.c.attempts_day,
    QI.c.last_attempt_at,
    QI.c.last_disposition,
    QI.c.next_attempt_at,
    QI.c.lease_holder_id,
    QI.c.lease_expires_at,
    QI.c.server_rev,
    QI.c.variant,
)
# A lead as the rules see it: the queue row, its company's facts and its earliest pending
# callback — one row per candidate, so a batch costs two more queries, not five.
LEAD_COLS = (
    *QCOLS,
    CO.c.country.label("co_country"),
    CO.c.timezone.label("co_tz"),
    CO.c.phone.label("co_phone"),
    CO.c.email.label("co_email"),
    CO.c.nip.label("co_nip"),
    select(func.min(_CB2.c.due_at))
    .where(
        _CB2.c.company_id == QI.c.company_id,
        _CB2.c.campaign_id == QI.c.campaign_id,
        _CB2.c.status == CallbackStatus.PENDING.value,
        _CB2.c.deleted.is_(False),
    )
    .scalar_subquery()
    .label("cb_due"),
)
_LEADS = QI.join(CO, CO.c.id == QI.c.company_id)


@dataclass(frozen=True)
class NextLead:
    """The result of :func:`next_lead`. ``company_id`` None: nothing to call, and
    ``why_empty`` says why."""

    company_id: uuid.UUID | None
    reason: str | None  # "callback" | "retry" | "new"
    lease_expires: dt.datetime | None
    why_empty: str | None
    queue_item_id: uuid.UUID | None = None
    callback_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Explanation:
    """The result of :func:`explain`: ``reasons`` are the messages of ``blocks``."""

    callable: bool
    reasons: list[str]
    next_callable_at: dt.datetime | None
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class CampaignInfo:
    """What the queue and the call log need of a campaign."""

    id: uuid.UUID
    key: str
    name: str
    lease_minutes: int
    max_attempts: int
    script_id: str | None
    script_version: str | None
    rules: CampaignRules


@dataclass(frozen=True)
class AgentInfo:
    id: uuid.UUID
    username: str
    full_name: str


@dataclass(frozen=True)
class _Candidate:
    row: QRow
    reason: str  # held | callback | retry | new
    callback_id: uuid.UUID | None = None


# ---- statements, built once per dialect -------------------------------------------------


def _lease_free() -> Any:
    """The lease is free, expired or already the agent's (params ``at``, ``agent``)."""
    return or_(
        QI.c.lease_holder_id.is_(None),
        QI.c.lease_expires_at.is_(None),
        QI.c.lease_expires_at <= bindparam("at", type_=QI.c.lease_expires_at.type),
        QI.c.lease_holder_id == bindparam("agent", type_=QI.c.lease_holder_id.type),
    )


def _unchanged() -> Any:
    """Optimistic guard: the row is still as it was judged (params ``g_id``, ``g_status``,
    ``g_attempts``, ``g_last``) — nobody logged a call on it since."""
    return and_(
        QI.c.id == bindparam("g_id", type_=QI.c.id.type),
        QI.c.status == bindparam("g_status", type_=QI.c.status.type),
        QI.c.attempts == bindparam("g_attempts"),
        QI.c.last_attempt_at.is_not_distinct_from(
            bindparam("g_last", type_=QI.c.last_attempt_at.type)
        ),
    )


class _Sql:
    """Every statement of the pick, with bind parameters."""

    def __init__(self, dialect: str) -> None:
        sqlite = dialect == "sqlite"
        # Equal keys in index order: the rowid on SQLite (index entries end with it, so no
        # sort is needed), the primary key elsewhere.
        qtie = literal_column("queue_items.rowid") if sqlite else QI.c.id
        ctie = literal_column("callbacks.rowid") if sqlite else CB.c.id
        tie_type = QI.c.priority.type if sqlite else QI.c.id.type
        self.campaign = select(
            Campaign.id,
            Campaign.key,
            Campaign.name,
            Campaign.active,
            Campaign.deleted,
            Campaign.is_b2c,
            Campaign.calling_hours,
            Campaign.max_attempts,
            Campaign.max_attempts_per_day,
            Campaign.min_gap_minutes,
            Campaign.lease_minutes,
            Campaign.starts_on,
            Campaign.ends_on,
            Campaign.script_id,
            Campaign.script_version,
        ).where(Campaign.key == bindparam("key"))
        self.agent = select(
            User.id, User.username, User.full_name, User.active, User.deleted
        ).where(User.username == bindparam("username"))
        self.item = (
            select(*LEAD_COLS)
            .select_from(_LEADS)
            .where(
                QI.c.campaign_id == bindparam("campaign"),
                QI.c.company_id == bindparam("company"),
                QI.c.deleted.is_(False),
            )
        )
        self.held = (
            select(*LEAD_COLS)
            .select_from(_LEADS)
            .where(
                QI.c.lease_holder_id == bindparam("agent"),
                QI.c.lease_expires_at > bindparam("at", type_=QI.c.lease_expires_at.type),
                QI.c.campaign_id == bindparam("campaign"),
                QI.c.deleted.is_(False),
            )
            .order_by(QI.c.lease_expires_at)
            .limit(BATCHES[1])
        )
        cb_base = (
            select(*LEAD_COLS, CB.c.id.label("callback_id"), CB.c.due_at, ctie.label("tie"))
            .select_from(
                CB.join(
                    QI,
                    and_(QI.c.campaign_id == CB.c.campaign_id, QI.c.company_id == CB.c.company_id),
                ).join(CO, CO.c.id == QI.c.company_id)
            )
            .where(
                CB.c.campaign_id == bindparam("campaign"),
                CB.c.status == PENDING,
                CB.c.due_at <= bindparam("at", type_=CB.c.due_at.type),
                CB.c.deleted.is_(False),
                QI.c.deleted.is_(False),
                _lease_free(),
            )
        )
        cb_after = tuple_(CB.c.due_at, ctie) > tuple_(
            bindparam("k_due", type_=CB.c.due_at.type), bindparam("k_tie", type_=tie_type)
        )
        page: Any = bindparam("page")
        self.callbacks: dict[tuple[bool, bool], Executable] = {}
        for personal in (True, False):
            owner = (
                CB.c.owner_id == bindparam("agent", type_=CB.c.owner_id.type)
                if personal
                else CB.c.owner_id.is_(None)
            )
            for after in (False, True):
                stmt = cb_base.where(owner)
                if after:
                    stmt = stmt.where(cb_after)
                self.callbacks[personal, after] = stmt.order_by(CB.c.due_at, ctie).limit(page)
        self.top_priority = (
            select(QI.c.priority)
            .where(QI.c.campaign_id == bindparam("campaign"), QI.c.status == bindparam("qstatus"))
            .order_by(QI.c.priority.desc())
            .limit(1)
        )
        self.next_priority = self.top_priority.where(QI.c.priority < bindparam("below"))
        q_base = (
            select(*LEAD_COLS, qtie.label("tie"))
            .select_from(_LEADS)
            .where(
                QI.c.campaign_id == bindparam("campaign"),
                QI.c.status == bindparam("qstatus"),
                QI.c.priority == bindparam("priority"),
                QI.c.deleted.is_(False),
                _lease_free(),
            )
        )
        k_tie = bindparam("k_tie", type_=tie_type)
        nulls = q_base.where(QI.c.next_attempt_at.is_(None))
        due = q_base.where(
            QI.c.next_attempt_at <= bindparam("now", type_=QI.c.next_attempt_at.type)
        )
        due_after = tuple_(QI.c.next_attempt_at, qtie) > tuple_(
            bindparam("k_next", type_=QI.c.next_attempt_at.type), k_tie
        )
        self.queued: dict[tuple[bool, bool], Executable] = {
            (True, False): nulls.order_by(qtie).limit(page),
            (True, True): nulls.where(qtie > k_tie).order_by(qtie).limit(page),
            (False, False): due.order_by(QI.c.next_attempt_at, qtie).limit(page),
            (False, True): due.where(due_after).order_by(QI.c.next_attempt_at, qtie).limit(page),
        }
        self.take_lease = (
            update(QI)
            .where(_unchanged(), _lease_free())
            .values(lease_holder_id=bindparam("agent"), lease_expires_at=bindparam("expires"))
        )
        self.retire = (
            update(QI)
            .where(_unchanged(), _lease_free())
            .values(
                status="done", next_attempt_at=None, lease_holder_id=None, lease_expires_at=None
            )
        )
        self.defer = (
            update(QI)
            .where(_unchanged(), _lease_free())
            .values(next_attempt_at=bindparam("v_next", type_=QI.c.next_attempt_at.type))
        )
        self.release = (
            update(QI)
            .where(
                QI.c.campaign_id == bindparam("campaign"),
                QI.c.company_id == bindparam("company"),
                QI.c.lease_holder_id == bindparam("agent"),
            )
            .values(lease_holder_id=None, lease_expires_at=None)
        )
        ids: Any = bindparam("ids", expanding=True)
        self.people = union_all(
            select(
                Contact.company_id,
                literal("contact").label("kind"),
                Contact.first_name.label("first"),
                Contact.last_name.label("last"),
                Contact.timezone.label("tz"),
                Contact.calling_windows.label("windows"),
                Contact.email.label("email"),
                Contact.is_decision_maker.label("dm"),
            ).where(Contact.company_id.in_(ids), Contact.deleted.is_(False)),
            select(
                PhoneNumber.company_id,
                literal("phone"),
                PhoneNumber.e164,
                null(),
                null(),
                null(),
                null(),
                null(),
            ).where(PhoneNumber.company_id.in_(ids), PhoneNumber.deleted.is_(False)),
        )
        self.suppressions = select(
            Suppression.kind, Suppression.value_hash, Suppression.campaign_id
        ).where(
            Suppression.value_hash.in_(bindparam("hashes", expanding=True)),
            Suppression.deleted.is_(False),
            or_(
                Suppression.campaign_id.is_(None),
                Suppression.campaign_id == bindparam("campaign"),
            ),
        )
        self.usernames = select(User.id, User.username).where(User.id.in_(ids))
        self.outbox = insert(OutboxMutation)
        self.leased_to_others = (
            select(func.count())
            .select_from(QI)
            .where(
                QI.c.lease_holder_id.is_not(None),
                QI.c.lease_holder_id != bindparam("agent"),
                QI.c.lease_expires_at > bindparam("at", type_=QI.c.lease_expires_at.type),
                QI.c.campaign_id == bindparam("campaign"),
            )
        )
        self.next_callback = {
            personal: select(CB.c.due_at)
            .where(
                CB.c.campaign_id == bindparam("campaign"),
                CB.c.status == PENDING,
                CB.c.owner_id == bindparam("agent") if personal else CB.c.owner_id.is_(None),
                CB.c.due_at > bindparam("at", type_=CB.c.due_at.type),
            )
            .order_by(CB.c.due_at)
            .limit(1)
            for personal in (True, False)
        }
        self.next_retry = (
            select(QI.c.next_attempt_at)
            .where(
                QI.c.campaign_id == bindparam("campaign"),
                QI.c.status == "retry",
                QI.c.priority == bindparam("priority"),
                QI.c.next_attempt_at > bindparam("at", type_=QI.c.next_attempt_at.type),
            )
            .order_by(QI.c.next_attempt_at)
            .limit(1)
        )


@functools.cache
def _sql_for(dialect: str) -> _Sql:
    return _Sql(dialect)


def sql(session: Session) -> tuple[_Sql, Connection]:
    """The prebuilt statements for the session's database, and its connection."""
    conn = session.connection()
    return _sql_for(conn.dialect.name), conn


# ---- look-ups shared with calls.py, callbacks.py, agent_state.py -----------------------


def get_campaign(session: Session, key: str) -> CampaignInfo:
    q, conn = sql(session)
    row = conn.execute(q.campaign, {"key": key}).first()
    if row is None or row.deleted:
        keys = session.scalars(
            select(Campaign.key).where(Campaign.deleted.is_(False)).order_by(Campaign.key)
        ).all()
        known = ", ".join(keys) or "none yet"
        raise NotFound(f"Unknown campaign {key!r}. Campaigns: {known}.")
    try:
        rules = CampaignRules.from_campaign(row)
    except (ValueError, TypeError, IndexError) as exc:
        raise UserError(
            f"The calling hours of campaign {key!r} cannot be read ({exc}); "
            "ask an administrator to fix them."
        ) from exc
    return CampaignInfo(
        row.id,
        row.key,
        row.name,
        row.lease_minutes,
        row.max_attempts,
        row.script_id,
        row.script_version,
        rules,
    )


def get_agent(session: Session, username: str) -> AgentInfo:
    q, conn = sql(session)
    row = conn.execute(q.agent, {"username": username}).first()
    if row is None or row.deleted:
        raise NotFound(f"Unknown user {username!r}.")
    if not row.active:
        raise UserError(f"The user {username!r} is deactivated.")
    return AgentInfo(row.id, row.username, row.full_name)


def aware(at: dt.datetime) -> dt.datetime:
    """``at`` in UTC; a naive datetime is refused (its zone would be a guess)."""
    if at.tzinfo is None:
        raise ValueError("naive datetime: give the time zone")
    return at.astimezone(dt.UTC)


def status_text(value: Any) -> str:
    """A queue status as text, whether the row holds the enum member or its value."""
    return value.value if isinstance(value, enum.Enum) else str(value)


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


# ---- the outbox ----------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Mutation:
    """One outbox row: ``op`` upsert | append | delete; ``fields`` the changed fields;
    ``base_rev`` the row's ``server_rev`` as this device last saw it."""

    entity: str
    entity_id: uuid.UUID | str
    op: str
    fields: dict[str, Any]
    base_rev: int | None = None


def record_mutations(session: Session, mutations: Sequence[Mutation]) -> None:
    """Write outbox rows in the caller's transaction (DESIGN.md "Outbox"), in order."""
    if not mutations:
        return
    q, conn = sql(session)
    now = utcnow()
    conn.execute(
        q.outbox,
        [
            {
                "mutation_id": new_id(),
                "entity": m.entity,
                "entity_id": str(m.entity_id),
                "op": m.op,
                "fields": _jsonable(m.fields),
                "base_revs": {k: m.base_rev for k in m.fields} if m.base_rev is not None else {},
                "created_at": now,
                "attempts": 0,
            }
            for m in mutations
        ],
    )


def record_mutation(
    session: Session,
    entity: str,
    entity_id: uuid.UUID | str,
    op: str,
    fields: dict[str, Any],
    base_rev: int | None = None,
) -> None:
    """One outbox row; see :func:`record_mutations`."""
    record_mutations(session, [Mutation(entity, entity_id, op, fields, base_rev)])


# ---- loading the facts the rules need ------------------------------------------------------

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_NIP = re.compile(r"[0-9]{10}")


def stored_key(kind: str, raw: str) -> str:
    """The suppression key of a value as stored on a lead. Stored values are already
    normalised (E.164, a clean address, ten digits), so those skip the parsers, which
    cost up to a third of a millisecond each; anything else is normalised in full and,
    failing that, used as written."""
    text = raw.strip()
    if kind == "phone" and _E164.fullmatch(text):
        return text
    if kind == "email" and _PLAIN_EMAIL.fullmatch(text):
        return text.lower()
    if kind == "nip" and _NIP.fullmatch(text):
        return text
    return suppression_value(kind, text) or text


def load_facts(
    session: Session,
    campaign_id: uuid.UUID,
    rows: Sequence[QRow],
    *,
    lease_names: dict[uuid.UUID, str] | None = None,
) -> dict[uuid.UUID, LeadFacts]:
    """The rules' view of leads (rows with :data:`LEAD_COLS`), keyed by company id, in two
    queries for the whole batch: contacts and phones, and the suppression entries
    matching any of their phones / e-mails / NIPs."""
    ids = list({r.company_id for r in rows})
    if not ids:
        return {}
    q, conn = sql(session)
    contacts: dict[uuid.UUID, list[QRow]] = {}
    values: dict[uuid.UUID, set[tuple[str, str]]] = {cid: set() for cid in ids}
    for person in conn.execute(q.people, {"ids": ids}):
        if person.kind == "phone":
            values[person.company_id].add(("phone", person.first))
            continue
        contacts.setdefault(person.company_id, []).append(person)
        if person.email:
            values[person.company_id].add(("email", person.email))
    for people in contacts.values():
        people.sort(key=lambda p: (not p.dm, p.last or ""))
    for r in rows:
        for kind, raw in (("phone", r.co_phone), ("email", r.co_email), ("nip", r.co_nip)):
            if raw:
                values[r.company_id].add((kind, raw))
    hashes = {
        cid: {(kind, suppression_hash(stored_key(kind, raw))) for kind, raw in vals}
        for cid, vals in values.items()
    }
    all_hashes = sorted({h for hs in hashes.values() for _, h in hs})
    hits: dict[str, list[tuple[str, str]]] = {}
    if all_hashes:
        for s in conn.execute(q.suppressions, {"hashes": all_hashes, "campaign": campaign_id}):
            scope = "global" if s.campaign_id is None else "campaign"
            hits.setdefault(s.value_hash, []).append((s.kind, scope))
    names = lease_names or {}
    out: dict[uuid.UUID, LeadFacts] = {}
    for r in rows:
        tz = r.co_tz or DEFAULT_TZ
        callees = tuple(
            Callee(
                " ".join(p for p in (ct.first, ct.last) if p) or None,
                ct.tz or tz,
                parse_windows(ct.windows),
            )
            for ct in contacts.get(r.company_id, ())
        )
        suppressed = tuple(
            SuppressionHit(kind, scope)
            for kind, h in sorted(hashes.get(r.company_id, ()))
            for hit_kind, scope in hits.get(h, ())
            if hit_kind == kind
        )
        holder = r.lease_holder_id
        out[r.company_id] = LeadFacts(
            country=r.co_country or DEFAULT_COUNTRY,
            timezone=tz,
            callees=callees,
            status=status_text(r.status),
            attempts=r.attempts or 0,
            attempts_today=r.attempts_today or 0,
            attempts_day=r.attempts_day,
            last_attempt_at=r.last_attempt_at,
            last_disposition=r.last_disposition,
            next_attempt_at=r.next_attempt_at,
            lease_holder=names.get(holder, str(holder)) if holder is not None else None,
            lease_expires_at=r.lease_expires_at,
            suppressed=suppressed,
            callback_due_at=r.cb_due,
        )
    return out


def queue_row(session: Session, campaign_id: uuid.UUID, company_id: uuid.UUID) -> QRow | None:
    """The lead's queue row with its company's facts (:data:`LEAD_COLS`), or None."""
    q, conn = sql(session)
    return conn.execute(q.item, {"campaign": campaign_id, "company": company_id}).first()


def usernames(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    q, conn = sql(session)
    return {uid: name for uid, name in conn.execute(q.usernames, {"ids": list(ids)})}


# ---- explain ------------------------------------------------------------------------------------


def explain(
    session: Session,
    company_id: uuid.UUID,
    campaign_key: str,
    at: dt.datetime,
    *,
    agent_username: str | None = None,
) -> Explanation:
    """Whether the lead may be called at ``at`` and every reason it may not. A lease held
    by ``agent_username`` (the agent looking at the card) does not count against it."""
    at = aware(at)
    campaign = get_campaign(session, campaign_key)
    row = queue_row(session, campaign.id, company_id)
    if row is None:
        if session.get(Company, company_id) is None:
            raise NotFound(f"No company with id {company_id}.")
        raise UserError(
            f"The company {company_id} is not in the queue of campaign {campaign_key!r}."
        )
    holder = row.lease_holder_id
    names = usernames(session, {holder} if holder is not None else set())
    facts = load_facts(session, campaign.id, [row], lease_names=names)[row.company_id]
    verdict = evaluate(campaign.rules, facts, at, agent=agent_username)
    return Explanation(verdict.callable, verdict.reasons, verdict.next_callable_at, verdict.blocks)


# ---- next lead -----------------------------------------------------------------------------------


def _guard(row: QRow) -> dict[str, Any]:
    return {
        "g_id": row.id,
        "g_status": status_text(row.status),
        "g_attempts": row.attempts,
        "g_last": row.last_attempt_at,
    }


def _sizes() -> Iterator[int]:
    yield from BATCHES
    while True:
        yield BATCHES[-1]


@dataclass
class _Pick:
    session: Session
    campaign: CampaignInfo
    agent: AgentInfo
    at: dt.datetime

    def __post_init__(self) -> None:
        self.q, self.conn = sql(self.session)
        self.params = {"campaign": self.campaign.id, "agent": self.agent.id, "at": self.at}

    def _paged(
        self,
        stmts: dict[tuple[Any, bool], Executable],
        key: Any,
        params: dict[str, Any],
        keyset: Any,
    ) -> Iterator[list[QRow]]:
        """Pages of one index range, growing, each continuing after the last row."""
        extra: dict[str, Any] = {}
        for size in _sizes():
            stmt = stmts[key, bool(extra)]
            rows = list(self.conn.execute(stmt, {**params, **extra, "page": size}))
            if rows:
                yield rows
            if len(rows) < size:
                return
            extra = keyset(rows[-1])

    def held(self) -> Iterator[list[_Candidate]]:
        rows = list(self.conn.execute(self.q.held, self.params))
        if rows:
            yield [_Candidate(r, "held") for r in rows]

    def callbacks(self, personal: bool) -> Iterator[list[_Candidate]]:
        for rows in self._paged(
            self.q.callbacks,
            personal,
            self.params,
            lambda last: {"k_due": last.due_at, "k_tie": last.tie},
        ):
            yield [_Candidate(r, "callback", r.callback_id) for r in rows]

    def priorities(self, status: str) -> Iterator[int]:
        """The distinct priorities of items in ``status``, highest first: a seek each."""
        params = {"campaign": self.campaign.id, "qstatus": status}
        found = self.conn.execute(self.q.top_priority, params).scalar()
        while found is not None:
            yield int(found)
            found = self.conn.execute(self.q.next_priority, {**params, "below": found}).scalar()

    def queued(self, status: str) -> Iterator[list[_Candidate]]:
        """Per priority, two index ranges: no ``next_attempt_at`` (usual for new leads, so
        first for them) and ``next_attempt_at`` passed (usual for retries, so first)."""
        ranges = (True, False) if status == "new" else (False, True)
        for priority in self.priorities(status):
            params = {**self.params, "qstatus": status, "priority": priority, "now": self.at}
            for unscheduled in ranges:
                for rows in self._paged(
                    self.q.queued,
                    unscheduled,
                    params,
                    (lambda last: {"k_tie": last.tie})
                    if unscheduled
                    else (lambda last: {"k_next": last.next_attempt_at, "k_tie": last.tie}),
                ):
                    yield [_Candidate(r, status) for r in rows]

    def sources(self) -> Iterator[list[_Candidate]]:
        yield from self.held()
        yield from self.callbacks(personal=True)
        yield from self.callbacks(personal=False)
        yield from self.queued("retry")
        yield from self.queued("new")

    def take(self, row: QRow, expires: dt.datetime) -> bool:
        """The guarded lease: only if the lease is free, expired or already ours."""
        params = {**self.params, **_guard(row), "expires": expires}
        return _rowcount(self.conn.execute(self.q.take_lease, params)) == 1

    def defer(self, row: QRow, until: dt.datetime) -> None:
        """Reschedule a lead held back by its own rules (a contact's window, the gap, the
        daily limit) to when they allow it. A local scheduling hint, recomputed by any
        device from the same rules, so no outbox row."""
        self.conn.execute(self.q.defer, {**self.params, **_guard(row), "v_next": until})

    def retire(self, row: QRow, verdict: Verdict) -> None:
        """Close a lead no rule will ever let anyone call (suppressed, attempts used up)."""
        if _rowcount(self.conn.execute(self.q.retire, {**self.params, **_guard(row)})) != 1:
            return
        record_mutation(
            self.session,
            "queue_items",
            row.id,
            "upsert",
            {"status": "done", "next_attempt_at": None},
            row.server_rev,
        )
        log.info("closed queue item %s: %s", row.id, "; ".join(verdict.reasons))


def next_lead(
    session: Session, campaign_key: str, agent_username: str, at: dt.datetime
) -> NextLead:
    """The next lead for ``agent_username`` in the campaign, leased to them until
    ``lease_expires`` (the caller's unit of work commits the lease); or, when nothing
    may be called, ``company_id`` None and ``why_empty``."""
    at = aware(at)
    campaign = get_campaign(session, campaign_key)
    agent = get_agent(session, agent_username)
    rules = campaign.rules
    closed = [b for b in evaluate(rules, LeadFacts(), at).blocks if b.code == "campaign"]
    if closed:
        return NextLead(None, None, None, f"Campaign {campaign_key!r}: {closed[0].message}.")
    expires = at + dt.timedelta(minutes=campaign.lease_minutes)
    names = {agent.id: agent.username}
    pick = _Pick(session, campaign, agent, at)
    tally = Tally()
    seen: set[uuid.UUID] = set()
    raced = 0
    for batch in pick.sources():
        fresh = [c for c in batch if c.row.id not in seen]
        facts = load_facts(session, campaign.id, [c.row for c in fresh], lease_names=names)
        for cand in fresh:
            row = cand.row
            seen.add(row.id)
            lead = facts[row.company_id]
            verdict = evaluate(rules, lead, at, agent=agent.username)
            if verdict.callable:
                if pick.take(row, expires):
                    reason = _reason(cand, lead, at)
                    return NextLead(row.company_id, reason, expires, None, row.id, cand.callback_id)
                raced += 1
                continue
            tally.add(verdict)
            codes = {b.code for b in verdict.blocks}
            if cand.reason in ("retry", "new"):
                if codes & RETIRE_CODES:
                    pick.retire(row, verdict)
                elif codes <= DEFER_CODES and verdict.next_callable_at is not None:
                    pick.defer(row, verdict.next_callable_at)
            if tally.examined >= MAX_SCAN:
                return NextLead(None, None, None, _why_empty(pick, tally, raced, bounded=True))
    return NextLead(None, None, None, _why_empty(pick, tally, raced, bounded=False))


def _reason(cand: _Candidate, lead: LeadFacts, at: dt.datetime) -> str:
    if cand.reason != "held":
        return cand.reason
    if lead.callback_due_at is not None and lead.callback_due_at <= at:
        return "callback"
    return "retry" if lead.status == "retry" else "new"


def _why_empty(pick: _Pick, tally: Tally, raced: int, *, bounded: bool) -> str:
    key = pick.campaign.key
    if tally.examined == 0:
        text = (
            f"Nothing to call in campaign {key!r} now: no callbacks due, "
            "no retries due and no new leads."
        )
    else:
        text = (
            f"No lead in campaign {key!r} can be called now. Looked at {tally.examined} "
            f"lead(s) in line: {tally.summary()}."
        )
        if tally.earliest is not None:
            when = format_local(tally.earliest, DEFAULT_TZ)
            text += f" The first of them becomes callable at {when}."
        if bounded:
            text += f" Only the first {MAX_SCAN} leads in line were checked."
    if raced:
        text += f" {raced} lead(s) were taken by other agents meanwhile."
    leased = int(pick.conn.execute(pick.q.leased_to_others, pick.params).scalar_one())
    if leased:
        text += f" {leased} lead(s) are leased to other agents."
    upcoming = _upcoming(pick)
    if upcoming:
        text += " Coming up: " + ", ".join(upcoming) + "."
    return text


def _upcoming(pick: _Pick) -> list[str]:
    """The next callback and the next retry falling due, for the empty-queue message."""
    out: list[str] = []
    due = [
        found
        for personal in (True, False)
        if (found := pick.conn.execute(pick.q.next_callback[personal], pick.params).scalar())
        is not None
    ]
    if due:
        out.append(f"a callback at {format_local(min(due), DEFAULT_TZ, pick.at)}")
    retries = [
        found
        for priority in pick.priorities("retry")
        if (
            found := pick.conn.execute(
                pick.q.next_retry, {**pick.params, "priority": priority}
            ).scalar()
        )
        is not None
    ]
    if retries:
        out.append(f"a retry at {format_local(min(retries), DEFAULT_TZ, pick.at)}")
    return out


def release_lead(
    session: Session, company_id: uuid.UUID, campaign_key: str, agent_username: str
) -> bool:
    """Give a leased lead back (the agent skips it or signs out). False if it was not
    leased to this agent."""
    campaign = get_campaign(session, campaign_key)
    agent = get_agent(session, agent_username)
    q, conn = sql(session)
    params = {"campaign": campaign.id, "company": company_id, "agent": agent.id}
    return _rowcount(conn.execute(q.release, params)) == 1
