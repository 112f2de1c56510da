"""Meetings for field sales reps: finding slots, booking, confirming offline bookings.
(What happens to a meeting afterwards — statuses, outcomes, rescheduling, the reads of
the meetings view — is in :mod:`app.services.meeting_records`; the slot rules in
:mod:`app.services.slots`.)

Who decides (DESIGN.md "Meetings"): the database a booking is made in is either the
authority on rep calendars — the central server, or a workspace working alone — or a
laptop of a synced team that is off line. :class:`BookingMode` says which:

- ``SERVER``: the central server. A booking is ``confirmed`` or a ``conflict`` with
  alternatives, at once. No outbox rows (the server owns the truth; its sync layer
  stamps ``server_rev`` on the rows listed in :class:`MeetingChanges`).
- ``LOCAL``: a workspace with no sync server: authoritative like the server, and every
  change also writes an outbox row, as every local edit does.
- ``OFFLINE``: a laptop of a synced team without a connection: the booking is
  ``tentative`` (with an outbox row). When the server receives it, the sync layer calls
  :func:`resolve_tentative`, which confirms it or marks it ``conflict`` and leaves a
  reschedule task (with alternatives, and a personal callback due at once, so it is the
  first thing the agent's queue offers).

Never twice the same slot: a holding meeting (confirmed, held, no-show) blocks
``[start_at, blocked_until)`` with ``blocked_until = end_at + buffer``. PostgreSQL
enforces it with the exclusion constraint ``ex_meetings_rep_busy``: the service checks
first (for a clear answer), then inserts with ``ON CONFLICT DO NOTHING``, so a racing
loser waits for the winner's commit, writes nothing and gets the same answer (conflict
and alternatives) without an error. SQLite has no such constraint, so there the check
and the write run in one ``BEGIN IMMEDIATE`` transaction: bookings are serialised by
the database's write lock, across threads and processes.

Bad requests (outside the rep's hours or territory, in the past, on a holiday or an
absence, an address no territory covers) raise :class:`BookingRefused` carrying the
reason and alternatives; a clash with another meeting is a normal answer (status
``conflict``) with alternatives.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services import slots as sl
from app.services.calling_rules import DAY_ABBR, holiday_name, zone
from app.services.slots import Location, Slot
from models import Callback, CallbackStatus, Company, SalesRep, new_id, utcnow
from models.meetings import (
    HOLDING_STATUSES,
    REP_BUSY_CONSTRAINT,
    Meeting,
    MeetingEvent,
    MeetingStatus,
    MeetingTask,
    MeetingTaskStatus,
)
from models.sync import OutboxMutation

log = logging.getLogger(__name__)

DEFAULT_TZ = "Europe/Warsaw"
ALTERNATIVES = 5
SAME_REP_ALTERNATIVES = 3
_POOL = 12  # free slots looked at per group when choosing the nearest alternatives


class BookingMode(enum.StrEnum):
    SERVER = "server"
    LOCAL = "local"
    OFFLINE = "offline"


# ---- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingChanges:
    """What a meeting operation changed, for views to refresh and the server to stamp."""

    meetings: tuple[uuid.UUID, ...] = ()
    events: tuple[uuid.UUID, ...] = ()
    tasks: tuple[uuid.UUID, ...] = ()
    callbacks: tuple[uuid.UUID, ...] = ()

    def __add__(self, other: MeetingChanges) -> MeetingChanges:
        return MeetingChanges(
            self.meetings + other.meetings,
            self.events + other.events,
            self.tasks + other.tasks,
            self.callbacks + other.callbacks,
        )

    def __bool__(self) -> bool:
        return bool(self.meetings or self.events or self.tasks or self.callbacks)


@dataclass(frozen=True)
class BookingResult:
    """The answer to a booking: ``confirmed``, ``tentative`` or ``conflict``."""

    status: MeetingStatus
    meeting_id: uuid.UUID | None
    timezone: str  # the company's, for display
    reason: str | None = None
    alternatives: tuple[Slot, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    rep_id: uuid.UUID | None = None
    task_id: uuid.UUID | None = None
    changes: MeetingChanges = field(default_factory=MeetingChanges)

    def as_dict(self) -> dict[str, Any]:
        tz = zone(self.timezone)
        return {
            "meeting_id": str(self.meeting_id) if self.meeting_id else None,
            "status": self.status.value,
            "reason": self.reason,
            "rep": str(self.rep_id) if self.rep_id else None,
            "start": self.start.astimezone(tz).isoformat() if self.start else None,
            "end": self.end.astimezone(tz).isoformat() if self.end else None,
            "timezone": self.timezone,
            "alternatives": [s.as_dict(self.timezone) for s in self.alternatives],
            "task_id": str(self.task_id) if self.task_id else None,
        }


class BookingRefused(UserError):
    """A booking that cannot be made as asked; says why and offers alternatives.

    ``code``: past | hours | holiday | absence | territory | no_territory | minutes |
    inactive_rep | status.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        alternatives: Sequence[Slot] = (),
        timezone: str = DEFAULT_TZ,
    ) -> None:
        super().__init__(message, details={"code": code})
        self.code = code
        self.alternatives = tuple(alternatives)
        self.timezone = timezone

    def as_dict(self) -> dict[str, Any]:
        return {
            "error": self.message,
            "code": self.code,
            "alternatives": [s.as_dict(self.timezone) for s in self.alternatives],
        }


class NoTerritory(BookingRefused):
    """No rep's territory covers the company's address."""

    def __init__(self, message: str, *, supervisor: str, timezone: str = DEFAULT_TZ) -> None:
        super().__init__(message, code="no_territory", timezone=timezone)
        self.supervisor = supervisor


# ---- small helpers ------------------------------------------------------------------------


def parse_time(raw: str, timezone: str = DEFAULT_TZ) -> dt.datetime:
    """An ISO 8601 date/time from a person; without an offset it is ``timezone`` local
    time (Europe/Warsaw). Returns UTC. A local time a DST change skips is refused."""
    try:
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise UserError(
            f"{raw!r} is not a date and time; write it as ISO 8601, e.g. "
            "2026-03-05T10:00 (Warsaw time) or 2026-03-05T10:00+01:00."
        ) from None
    if value.tzinfo is None:
        tz = zone(timezone)
        aware = value.replace(tzinfo=tz)
        if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != value:
            raise UserError(
                f"{raw} does not exist in {timezone}: the clocks skip it (summer time)."
            )
        value = aware
    return value.astimezone(dt.UTC)


def parse_id(raw: uuid.UUID | str, what: str) -> uuid.UUID:
    """An id typed by a person; NotFound (naming ``what``) when it is not one."""
    if isinstance(raw, uuid.UUID):
        return raw
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise NotFound(f"No {what} with id {raw!r} (not a valid id).") from None


def get_company(session: Session, company_id: uuid.UUID | str) -> Company:
    cid = parse_id(company_id, "company")
    company = session.get(Company, cid)
    if company is None or company.deleted:
        raise NotFound(f"No company with id {cid}.")
    return company


def get_rep(session: Session, key: uuid.UUID | str) -> SalesRep:
    """A rep by id or code."""
    rep = session.scalars(select(SalesRep).where(sl.rep_filter(str(key)))).first()
    if rep is None or rep.deleted:
        codes = session.scalars(
            select(SalesRep.code).where(SalesRep.deleted.is_(False)).order_by(SalesRep.code)
        ).all()
        raise NotFound(f"Unknown sales rep {str(key)!r}. Reps: {', '.join(codes) or 'none'}.")
    return rep


def get_meeting(session: Session, meeting_id: uuid.UUID | str) -> Meeting:
    mid = parse_id(meeting_id, "meeting")
    meeting = session.get(Meeting, mid)
    if meeting is None or meeting.deleted:
        raise NotFound(f"No meeting with id {mid}.")
    return meeting


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


def _row_fields(obj: Any, names: Iterable[str] | None = None) -> dict[str, Any]:
    cols = obj.__table__.columns.keys()
    keys = [n for n in cols if n not in ("server_rev", "hlc")] if names is None else names
    return {k: getattr(obj, k) for k in keys}


def outbox_change(
    session: Session, mode: BookingMode, obj: Any, op: str, names: Iterable[str] | None = None
) -> None:
    """One outbox row for a local change of ``obj`` (not on the server, which owns the
    truth); ``names``: the changed fields (default: all)."""
    if mode is BookingMode.SERVER:
        return
    outbox_row(
        session,
        mode,
        obj.__tablename__,
        obj.id,
        op,
        _row_fields(obj, names),
        getattr(obj, "server_rev", None),
    )


def outbox_row(
    session: Session,
    mode: BookingMode,
    entity: str,
    row_id: uuid.UUID,
    op: str,
    fields: dict[str, Any],
    base: int | None = None,
) -> None:
    if mode is BookingMode.SERVER:
        return
    fields = {k: v for k, v in fields.items() if k not in ("server_rev", "hlc")}
    session.execute(
        insert(OutboxMutation),
        [
            {
                "mutation_id": new_id(),
                "entity": entity,
                "entity_id": str(row_id),
                "op": op,
                "fields": _jsonable(fields),
                "base_revs": {k: base for k in fields}
                if base is not None and op == "upsert"
                else {},
                "created_at": utcnow(),
                "attempts": 0,
            }
        ],
    )


def _serialise(session: Session, rep_id: uuid.UUID) -> None:
    """SQLite: hold the database write lock from here to the commit, so the check and the
    write of a booking are one serialised step (``BEGIN IMMEDIATE``). PostgreSQL needs
    no lock: the exclusion constraint decides races."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.driver_connection
    if raw is not None and not raw.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # already writing or in an explicit transaction: take the write lock now
        conn.execute(text("UPDATE sales_reps SET code = code WHERE id = :id"), {"id": rep_id.hex})


def _is_busy_violation(exc: IntegrityError) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == "23P01" or REP_BUSY_CONSTRAINT in str(orig)


def record_event(
    session: Session,
    mode: BookingMode,
    meeting: Meeting | dict[str, Any],
    kind: str,
    to_status: MeetingStatus | None,
    *,
    from_status: MeetingStatus | None = None,
    actor_id: uuid.UUID | None,
    note: str | None,
    at: dt.datetime,
) -> uuid.UUID:
    """Append one history row (who, when, from → to) and its outbox row."""
    event_id = new_id()
    ids = (
        meeting
        if isinstance(meeting, dict)
        else {"id": meeting.id, "company_id": meeting.company_id}
    )
    row: dict[str, Any] = {
        "id": event_id,
        "meeting_id": ids["id"],
        "company_id": ids["company_id"],
        "at": at,
        "actor_id": actor_id,
        "kind": kind,
        "from_status": from_status.value if from_status else None,
        "to_status": to_status.value if to_status else None,
        "note": note,
        "deleted": False,
    }
    session.execute(insert(MeetingEvent).values(row))
    outbox_row(session, mode, "meeting_events", event_id, "append", row)
    return event_id


def rep_tz(rep: SalesRep) -> str:
    return rep.timezone or DEFAULT_TZ


# ---- slots ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotSearch:
    """The slot finder's answer for one company."""

    company_id: uuid.UUID
    company_name: str
    location: str
    timezone: str
    reps: tuple[tuple[uuid.UUID, str, str, str], ...]  # id, code, name, territory
    slots: tuple[Slot, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "company": {
                "id": str(self.company_id),
                "name": self.company_name,
                "location": self.location,
            },
            "timezone": self.timezone,
            "reps": [
                {"rep": str(i), "rep_code": c, "rep_name": n, "territory": t}
                for i, c, n, t in self.reps
            ],
            "slots": [s.as_dict(self.timezone) for s in self.slots],
        }


def _covering(session: Session, company: Company) -> list[tuple[SalesRep, str]]:
    where = Location.of(company)
    reps = sl.covering_reps(session, where)
    if not reps:
        supervisor = sl.supervisor_to_ask(session, where)
        raise NoTerritory(
            f"No sales rep's territory covers {company.name} ({where.describe()}). Ask "
            f"{supervisor} to assign this area to a rep; you can still finish the call.",
            supervisor=supervisor,
            timezone=company.timezone or DEFAULT_TZ,
        )
    return reps


def find_slots(
    session: Session,
    company_id: uuid.UUID | str,
    *,
    after: dt.datetime | None = None,
    count: int = sl.DEFAULT_COUNT,
    minutes: int | None = None,
    now: dt.datetime | None = None,
) -> SlotSearch:
    """The next free slots of the reps covering the company, earliest first, balanced
    across reps. Raises :class:`NoTerritory` when no territory covers the address."""
    if count < 1 or count > 200:
        raise UserError("--count must be between 1 and 200.")
    _check_minutes(minutes)
    now = now or utcnow()
    company = get_company(session, company_id)
    reps = _covering(session, company)
    soonest = now + sl.NOTICE
    start = sl.round_up(max(after or soonest, soonest))
    found = sl.find_free(session, reps, after=start, count=count, minutes=minutes)
    return SlotSearch(
        company_id=company.id,
        company_name=company.name,
        location=Location.of(company).describe(),
        timezone=company.timezone or DEFAULT_TZ,
        reps=tuple((r.id, r.code, r.full_name, why) for r, why in reps),
        slots=tuple(found),
    )


def _check_minutes(minutes: int | None) -> None:
    if minutes is not None and not sl.MIN_MINUTES <= minutes <= sl.MAX_MINUTES:
        raise BookingRefused(
            f"A meeting lasts {sl.MIN_MINUTES} to {sl.MAX_MINUTES} minutes, not {minutes}.",
            code="minutes",
        )


def _alternatives(
    session: Session,
    reps: Sequence[tuple[SalesRep, str]],
    rep_id: uuid.UUID | None,
    around: dt.datetime,
    now: dt.datetime,
    minutes: int | None,
    *,
    exclude: uuid.UUID | None = None,
) -> list[Slot]:
    """Free slots nearest to ``around`` (from that local day on): up to
    :data:`SAME_REP_ALTERNATIVES` of the same rep, the rest from the other covering reps;
    by start time."""
    tz = zone(next((rep_tz(r) for r, _ in reps if r.id == rep_id), DEFAULT_TZ))
    day_start = dt.datetime.combine(around.astimezone(tz).date(), dt.time(0), tz)
    after = sl.round_up(max(now + sl.NOTICE, day_start.astimezone(dt.UTC)))
    pool, _ = sl.free_by_rep(
        session, reps, after=after, count=_POOL, minutes=minutes, exclude=exclude
    )

    def nearest(slots: Iterable[Slot]) -> list[Slot]:
        return sorted(slots, key=lambda s: (abs(s.start - around), s.start, s.rep_code))

    mine = nearest(pool.get(rep_id, [])) if rep_id is not None else []
    theirs = nearest(s for r, slots in pool.items() if r != rep_id for s in slots)
    out = mine[:SAME_REP_ALTERNATIVES]
    out += theirs[: ALTERNATIVES - len(out)]
    out += mine[SAME_REP_ALTERNATIVES:][: ALTERNATIVES - len(out)]
    return sorted(out, key=lambda s: (s.start, s.rep_code))


# ---- checking one requested slot -----------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    code: str  # past | holiday | hours | absence | overlap
    message: str


def _slot_problem(
    cal: sl.RepCalendar,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    company_tz: str,
) -> _Problem | None:
    tz = zone(cal.timezone)
    local = start.astimezone(tz)
    shown = start.astimezone(zone(company_tz))
    when = f"{shown:%Y-%m-%d %H:%M}"
    if start < now:
        return _Problem("past", f"{when} is in the past.")
    holiday = holiday_name(sl.HOLIDAY_COUNTRY, local.date())
    if holiday is not None:
        return _Problem("holiday", f"{local:%Y-%m-%d} is a public holiday ({holiday}).")
    if not cal.in_hours(start, end):
        hours = sl.describe_hours(cal.hours, local.weekday())
        return _Problem(
            "hours",
            f"{when}–{end.astimezone(zone(company_tz)):%H:%M} is outside {cal.name}'s working "
            f"hours on {DAY_ABBR[local.weekday()]} ({hours}, {cal.timezone}).",
        )
    away = cal.absence(start, end)
    if away is not None:
        (a, b), reason = away
        return _Problem(
            "absence",
            f"{cal.name} is away {sl.describe_interval(a, b, company_tz)}"
            + (f" ({reason})." if reason else "."),
        )
    blocking = cal.blocking_meeting(start, end)
    if blocking is not None:
        a, b = blocking
        return _Problem(
            "overlap",
            f"{cal.name} already has a meeting {sl.describe_interval(a, b, company_tz)} "
            f"(travel buffer included; {cal.buffer_minutes} min between meetings).",
        )
    return None


def _calendar(
    session: Session,
    rep: SalesRep,
    why: str,
    start: dt.datetime,
    end: dt.datetime,
    statuses: Sequence[MeetingStatus],
    exclude: uuid.UUID | None = None,
) -> sl.RepCalendar:
    try:
        cals = sl.load_calendars(
            session,
            [(rep, why)],
            start,
            end + dt.timedelta(minutes=rep.buffer_minutes),
            statuses=statuses,
            exclude=exclude,
        )
    except (ValueError, TypeError) as exc:
        raise UserError(
            f"The working hours of {rep.full_name} ({rep.code}) cannot be read ({exc}); "
            "ask an administrator to fix them."
        ) from exc
    return cals[0]


# ---- booking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingRequest:
    company_id: uuid.UUID | str
    rep: uuid.UUID | str  # id or code
    start: dt.datetime  # aware
    minutes: int | None = None  # None: the rep's default length
    contact_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    attempt_id: uuid.UUID | None = None
    booked_by: uuid.UUID | None = None
    place: str | None = None  # None: the company's address
    offer: str | None = None
    notes: str | None = None  # the agent's notes for the rep
    directions: str | None = None  # how to get there / where to report
    meeting_id: uuid.UUID | None = None  # client-made id: a retried request books once


def address_line(company: Company) -> str:
    street = " ".join(p for p in (company.street, company.building) if p)
    if street and company.flat:
        street += f"/{company.flat}"
    town = " ".join(p for p in (company.postcode, company.city) if p)
    return ", ".join(p for p in (street, town) if p)


def _existing(
    session: Session, meeting_id: uuid.UUID | None, company: Company
) -> BookingResult | None:
    if meeting_id is None:
        return None
    m = session.get(Meeting, meeting_id)
    if m is None:
        return None
    if m.company_id != company.id:
        raise UserError(f"Meeting id {meeting_id} is already used for another company.")
    return BookingResult(
        m.status,
        m.id,
        company.timezone or DEFAULT_TZ,
        start=m.start_at,
        end=m.end_at,
        rep_id=m.rep_id,
    )


def book(
    session: Session,
    request: BookingRequest,
    *,
    mode: BookingMode = BookingMode.LOCAL,
    now: dt.datetime | None = None,
) -> BookingResult:
    """Book a meeting in the caller's unit of work (see the module docstring).

    Returns ``confirmed`` (SERVER/LOCAL) or ``tentative`` (OFFLINE) with the meeting id,
    or ``conflict`` with the clash and alternatives (no row written). Raises
    :class:`BookingRefused` for a request that cannot be booked at all.
    """
    now = now or utcnow()
    if request.start.tzinfo is None:
        raise ValueError("naive start given to book(): give the time zone")
    start = request.start.astimezone(dt.UTC).replace(second=0, microsecond=0)
    company = get_company(session, request.company_id)
    ctz = company.timezone or DEFAULT_TZ
    done = _existing(session, request.meeting_id, company)
    if done is not None:
        return done
    reps = _covering(session, company)
    key = str(request.rep).strip()
    rep = next((r for r, _ in reps if key in (str(r.id), r.id.hex, r.code)), None)
    rep = rep or get_rep(session, request.rep)
    _check_minutes(request.minutes)
    minutes = request.minutes or rep.meeting_minutes
    end = start + dt.timedelta(minutes=minutes)
    if not rep.active:
        raise BookingRefused(
            f"{rep.full_name} ({rep.code}) no longer takes meetings.",
            code="inactive_rep",
            alternatives=_alternatives(session, reps, None, start, now, request.minutes),
            timezone=ctz,
        )
    why = sl.territory_match(rep.territory, Location.of(company))
    if why is None:
        names = ", ".join(f"{r.code} ({r.full_name})" for r, _ in reps)
        raise BookingRefused(
            f"{rep.full_name} ({rep.code}) does not cover {Location.of(company).describe()}; "
            f"reps who do: {names}.",
            code="territory",
            alternatives=_alternatives(session, reps, None, start, now, request.minutes),
            timezone=ctz,
        )
    _serialise(session, rep.id)
    statuses = sl.AVOIDED_STATUSES if mode is BookingMode.OFFLINE else HOLDING_STATUSES
    cal = _calendar(session, rep, why, start, end, statuses)
    problem = _slot_problem(cal, start, end, now, ctz)
    if problem is not None and problem.code != "overlap":
        raise BookingRefused(
            f"Cannot book {rep.full_name} then: {problem.message}",
            code=problem.code,
            alternatives=_alternatives(session, reps, rep.id, start, now, request.minutes),
            timezone=ctz,
        )
    if problem is not None:
        return _conflict(session, reps, rep, start, end, now, request.minutes, ctz, problem.message)
    status = MeetingStatus.TENTATIVE if mode is BookingMode.OFFLINE else MeetingStatus.CONFIRMED
    row: dict[str, Any] = {
        "id": request.meeting_id or new_id(),
        "rep_id": rep.id,
        "company_id": company.id,
        "contact_id": request.contact_id,
        "campaign_id": request.campaign_id,
        "attempt_id": request.attempt_id,
        "start_at": start,
        "end_at": end,
        "blocked_until": end + dt.timedelta(minutes=rep.buffer_minutes),
        "place": request.place or address_line(company) or None,
        "status": status,
        "booked_by": request.booked_by,
        "booked_at": now,
        "outcome": None,
        "outcome_notes": None,
        "offer": request.offer,
        "notes": request.notes,
        "brief": {"directions": request.directions} if request.directions else {},
        "sequence": 0,
        "replaces_id": None,
        "updated_at": now,
        "deleted": False,
    }
    if not _insert_holding(session, row):
        done = _existing(session, request.meeting_id, company)  # a twin request won
        if done is not None:
            return done
        return _conflict(
            session,
            reps,
            rep,
            start,
            end,
            now,
            request.minutes,
            ctz,
            f"{rep.full_name} was booked for this time a moment ago.",
        )
    outbox_row(session, mode, "meetings", row["id"], "upsert", row)
    ev = record_event(
        session,
        mode,
        row,
        "booked",
        status,
        actor_id=request.booked_by,
        note=f"{rep.code} {start.astimezone(zone(ctz)):%Y-%m-%d %H:%M}",
        at=now,
    )
    log.info("meeting %s %s: rep %s at %s", row["id"], status.value, rep.code, start)
    return BookingResult(
        status,
        row["id"],
        ctz,
        start=start,
        end=end,
        rep_id=rep.id,
        changes=MeetingChanges(meetings=(row["id"],), events=(ev,)),
    )


def _insert_holding(session: Session, row: dict[str, Any]) -> bool:
    """Write the meeting; False when the database refuses it: on PostgreSQL the
    exclusion constraint (a race lost; ``ON CONFLICT DO NOTHING`` waits for the other
    transaction and then skips the row, no error, no savepoint)."""
    if session.get_bind().dialect.name == "postgresql":
        stmt = pg_insert(Meeting).values(row).on_conflict_do_nothing().returning(Meeting.id)
        return session.execute(stmt).first() is not None
    session.execute(insert(Meeting).values(row))
    return True


def _conflict(
    session: Session,
    reps: Sequence[tuple[SalesRep, str]],
    rep: SalesRep,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    minutes: int | None,
    ctz: str,
    reason: str,
    exclude: uuid.UUID | None = None,
) -> BookingResult:
    alts = _alternatives(session, reps, rep.id, start, now, minutes, exclude=exclude)
    return BookingResult(
        MeetingStatus.CONFLICT,
        None,
        ctz,
        reason=reason,
        alternatives=tuple(alts),
        start=start,
        end=end,
        rep_id=rep.id,
    )


# ---- confirming an offline booking ----------------------------------------------------------


def resolve_tentative(
    session: Session,
    meeting_id: uuid.UUID | str,
    *,
    now: dt.datetime | None = None,
    actor_id: uuid.UUID | None = None,
) -> BookingResult:
    """Server side: confirm a tentative booking that arrived by sync, or mark it
    ``conflict`` and leave the agent a reschedule task with alternatives (and, when the
    meeting belongs to a campaign and an agent, a personal callback due now, which the
    call queue serves first). Receive order decides between two laptops. Idempotent: a
    meeting no longer tentative is answered with its status and nothing changes."""
    now = now or utcnow()
    meeting = get_meeting(session, meeting_id)
    company = get_company(session, meeting.company_id)
    ctz = company.timezone or DEFAULT_TZ
    if meeting.status is not MeetingStatus.TENTATIVE:
        task = session.scalars(
            select(MeetingTask.id).where(MeetingTask.meeting_id == meeting.id)
        ).first()
        return BookingResult(
            meeting.status,
            meeting.id,
            ctz,
            start=meeting.start_at,
            end=meeting.end_at,
            rep_id=meeting.rep_id,
            task_id=task,
        )
    rep = session.get(SalesRep, meeting.rep_id)
    if rep is None:
        raise NotFound(f"Meeting {meeting.id} names an unknown rep.")
    _serialise(session, rep.id)
    where = Location.of(company)
    reps = sl.covering_reps(session, where)
    why = sl.territory_match(rep.territory, where)
    reason: str | None = None
    if not rep.active:
        reason = f"{rep.full_name} no longer takes meetings."
    elif why is None:
        reason = f"{rep.full_name} does not cover {where.describe()}."
    else:
        cal = _calendar(
            session,
            rep,
            why,
            meeting.start_at,
            meeting.end_at,
            HOLDING_STATUSES,
            exclude=meeting.id,
        )
        problem = _slot_problem(cal, meeting.start_at, meeting.end_at, now, ctz)
        if problem is not None:
            reason = problem.message
    if reason is None:
        meeting.blocked_until = meeting.end_at + dt.timedelta(minutes=rep.buffer_minutes)
        if _confirm(session, meeting, now):
            ev = record_event(
                session,
                BookingMode.SERVER,
                meeting,
                "resolved",
                MeetingStatus.CONFIRMED,
                from_status=MeetingStatus.TENTATIVE,
                actor_id=actor_id,
                note=None,
                at=now,
            )
            return BookingResult(
                MeetingStatus.CONFIRMED,
                meeting.id,
                ctz,
                start=meeting.start_at,
                end=meeting.end_at,
                rep_id=rep.id,
                changes=MeetingChanges(meetings=(meeting.id,), events=(ev,)),
            )
        reason = f"{rep.full_name} was booked for this time a moment ago."
    return _mark_conflict(session, meeting, rep, reps, reason, now, actor_id, ctz)


def _confirm(session: Session, meeting: Meeting, now: dt.datetime) -> bool:
    """Tentative → confirmed; False when the exclusion constraint refuses it."""
    if session.get_bind().dialect.name == "sqlite":
        meeting.status = MeetingStatus.CONFIRMED
        meeting.sequence += 1
        meeting.updated_at = now
        session.flush()
        return True
    try:
        with session.begin_nested():
            meeting.status = MeetingStatus.CONFIRMED
            meeting.sequence += 1
            meeting.updated_at = now
            session.flush()
    except IntegrityError as exc:
        if not _is_busy_violation(exc):
            raise
        session.refresh(meeting)
        return False
    return True


def _mark_conflict(
    session: Session,
    meeting: Meeting,
    rep: SalesRep,
    reps: Sequence[tuple[SalesRep, str]],
    reason: str,
    now: dt.datetime,
    actor_id: uuid.UUID | None,
    ctz: str,
) -> BookingResult:
    meeting.status = MeetingStatus.CONFLICT
    meeting.sequence += 1
    meeting.updated_at = now
    session.flush()
    alts = (
        tuple(_alternatives(session, reps, rep.id, meeting.start_at, now, None, exclude=meeting.id))
        if reps
        else ()
    )
    ev = record_event(
        session,
        BookingMode.SERVER,
        meeting,
        "resolved",
        MeetingStatus.CONFLICT,
        from_status=MeetingStatus.TENTATIVE,
        actor_id=actor_id,
        note=reason,
        at=now,
    )
    callback_id = None
    if meeting.campaign_id is not None and meeting.booked_by is not None:
        when = meeting.start_at.astimezone(zone(ctz))
        cb = Callback(
            id=new_id(),
            campaign_id=meeting.campaign_id,
            company_id=meeting.company_id,
            contact_id=meeting.contact_id,
            owner_id=meeting.booked_by,
            created_by=None,
            attempt_id=meeting.attempt_id,
            due_at=now,
            note=f"Przełóż spotkanie z {when:%Y-%m-%d %H:%M} ({rep.full_name}): {reason}",
            status=CallbackStatus.PENDING,
            created_at=now,
            deleted=False,
        )
        session.add(cb)
        session.flush()
        callback_id = cb.id
    task = MeetingTask(
        id=new_id(),
        kind="reschedule",
        meeting_id=meeting.id,
        company_id=meeting.company_id,
        campaign_id=meeting.campaign_id,
        agent_id=meeting.booked_by,
        callback_id=callback_id,
        reason=reason,
        alternatives=[s.as_dict(ctz) for s in alts],
        status=MeetingTaskStatus.OPEN,
        created_at=now,
        deleted=False,
    )
    session.add(task)
    session.flush()
    log.info("meeting %s conflict: %s", meeting.id, reason)
    return BookingResult(
        MeetingStatus.CONFLICT,
        meeting.id,
        ctz,
        reason=reason,
        alternatives=alts,
        start=meeting.start_at,
        end=meeting.end_at,
        rep_id=rep.id,
        task_id=task.id,
        changes=MeetingChanges(
            meetings=(meeting.id,),
            events=(ev,),
            tasks=(task.id,),
            callbacks=(callback_id,) if callback_id else (),
        ),
    )
