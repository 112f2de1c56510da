"""After a meeting is booked: status changes with who/when history, outcomes (held /
no-show, feeding the meetings-held rate), rescheduling, reschedule tasks, and the reads
the meetings view needs (one meeting, its history, a rep's agenda with free time).

Every change bumps the meeting's ICS ``SEQUENCE``, appends a ``meeting_events`` row
(who, when, from → to, note) and, off the server, writes outbox rows — all in the
caller's unit of work. Confirmation and conflict are not a person's to set: they come
from :func:`app.services.meetings.book` and :func:`~app.services.meetings.resolve_tentative`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.services import slots as sl
from app.services.calling_rules import holiday_name, zone
from app.services.meetings import (
    DEFAULT_TZ,
    BookingMode,
    BookingRefused,
    BookingRequest,
    BookingResult,
    MeetingChanges,
    book,
    get_meeting,
    get_rep,
    outbox_change,
    record_event,
    rep_tz,
)
from models import Callback, CallbackStatus, Company, SalesRep, User, utcnow
from models.meetings import (
    HOLDING_STATUSES,
    Meeting,
    MeetingEvent,
    MeetingStatus,
    MeetingTask,
    MeetingTaskStatus,
)

OUTCOMES = (MeetingStatus.HELD, MeetingStatus.NO_SHOW)
FINAL = (MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED)
# Status changes a person may make (confirmation and conflict are the server's).
_ALLOWED: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    MeetingStatus.TENTATIVE: frozenset({MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED}),
    MeetingStatus.CONFLICT: frozenset({MeetingStatus.CANCELLED, MeetingStatus.RESCHEDULED}),
    MeetingStatus.CONFIRMED: frozenset(
        {
            MeetingStatus.HELD,
            MeetingStatus.NO_SHOW,
            MeetingStatus.CANCELLED,
            MeetingStatus.RESCHEDULED,
        }
    ),
    MeetingStatus.HELD: frozenset({MeetingStatus.NO_SHOW}),  # corrections
    MeetingStatus.NO_SHOW: frozenset({MeetingStatus.HELD}),
    MeetingStatus.CANCELLED: frozenset(),
    MeetingStatus.RESCHEDULED: frozenset(),
}


# ---- statuses, outcomes, rescheduling ---------------------------------------------------


def _check_transition(meeting: Meeting, to: MeetingStatus) -> None:
    if to not in _ALLOWED[meeting.status]:
        raise BookingRefused(
            f"A {meeting.status.value} meeting cannot become {to.value}.", code="status"
        )


def _transition(
    session: Session,
    meeting: Meeting,
    to: MeetingStatus,
    *,
    kind: str,
    actor_id: uuid.UUID | None,
    note: str | None,
    now: dt.datetime,
    mode: BookingMode,
    before: MeetingStatus | None = None,
) -> MeetingChanges:
    """Set the status (``before``: what it was, when already set in this transaction),
    bump the ICS sequence, record who and when, close tasks of a finished meeting."""
    if before is None:
        _check_transition(meeting, to)
        before = meeting.status
    meeting.status = to
    meeting.sequence += 1
    meeting.updated_at = now
    session.flush()
    outbox_change(
        session,
        mode,
        meeting,
        "upsert",
        ["status", "sequence", "updated_at", "outcome", "outcome_notes"],
    )
    ev = record_event(
        session, mode, meeting, kind, to, from_status=before, actor_id=actor_id, note=note, at=now
    )
    changes = MeetingChanges(meetings=(meeting.id,), events=(ev,))
    if to in FINAL:
        changes += _close_tasks(session, meeting, now, mode)
    return changes


def _close_tasks(
    session: Session, meeting: Meeting, now: dt.datetime, mode: BookingMode
) -> MeetingChanges:
    """Done with a conflicting meeting: its reschedule tasks and their callbacks close."""
    tasks, callbacks = [], []
    for task in session.scalars(
        select(MeetingTask).where(
            MeetingTask.meeting_id == meeting.id, MeetingTask.status == MeetingTaskStatus.OPEN
        )
    ):
        task.status = MeetingTaskStatus.DONE
        task.done_at = now
        tasks.append(task.id)
        outbox_change(session, mode, task, "upsert", ["status", "done_at"])
        if task.callback_id is not None:
            cb = session.get(Callback, task.callback_id)
            if cb is not None and cb.status is CallbackStatus.PENDING:
                cb.status = CallbackStatus.DONE
                cb.done_at = now
                callbacks.append(cb.id)
                outbox_change(session, mode, cb, "upsert", ["status", "done_at"])
    session.flush()
    return MeetingChanges(tasks=tuple(tasks), callbacks=tuple(callbacks))


def cancel(
    session: Session,
    meeting_id: uuid.UUID | str,
    *,
    actor_id: uuid.UUID | None = None,
    note: str | None = None,
    now: dt.datetime | None = None,
    mode: BookingMode = BookingMode.LOCAL,
) -> MeetingChanges:
    """Cancel a meeting; the rep's time is free again and the ICS feed says CANCELLED."""
    meeting = get_meeting(session, meeting_id)
    return _transition(
        session,
        meeting,
        MeetingStatus.CANCELLED,
        kind="status",
        actor_id=actor_id,
        note=note,
        now=now or utcnow(),
        mode=mode,
    )


def record_outcome(
    session: Session,
    meeting_id: uuid.UUID | str,
    outcome: str,
    *,
    notes: str | None = None,
    actor_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
    mode: BookingMode = BookingMode.LOCAL,
) -> MeetingChanges:
    """Held or no-show, with result notes, once the meeting has started. Can be corrected
    (held ↔ no_show). Feeds the meetings-held rate (:func:`held_kpi`)."""
    now = now or utcnow()
    try:
        status = MeetingStatus(outcome)
    except ValueError:
        status = None
    if status not in OUTCOMES:
        raise UserError(f"An outcome is 'held' or 'no_show', not {outcome!r}.")
    meeting = get_meeting(session, meeting_id)
    if meeting.status is not status:
        _check_transition(meeting, status)
    if meeting.start_at > now:
        starts = meeting.start_at.astimezone(zone(DEFAULT_TZ))
        raise BookingRefused(
            f"The meeting starts at {starts:%Y-%m-%d %H:%M}; record its outcome after it.",
            code="status",
        )
    meeting.outcome = status.value
    if notes is not None:
        meeting.outcome_notes = notes
    if meeting.status is status:  # only the notes change
        meeting.sequence += 1
        meeting.updated_at = now
        session.flush()
        outbox_change(
            session, mode, meeting, "upsert", ["outcome", "outcome_notes", "sequence", "updated_at"]
        )
        ev = record_event(
            session,
            mode,
            meeting,
            "outcome",
            status,
            from_status=status,
            actor_id=actor_id,
            note=notes,
            at=now,
        )
        return MeetingChanges(meetings=(meeting.id,), events=(ev,))
    return _transition(
        session, meeting, status, kind="outcome", actor_id=actor_id, note=notes, now=now, mode=mode
    )


def reschedule(
    session: Session,
    meeting_id: uuid.UUID | str,
    start: dt.datetime,
    *,
    rep: uuid.UUID | str | None = None,
    minutes: int | None = None,
    actor_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
    mode: BookingMode = BookingMode.LOCAL,
) -> BookingResult:
    """Move a meeting (confirmed, tentative or in conflict) to a new time and/or rep: a
    new meeting replaces it (``replaces_id``), the old one becomes ``rescheduled`` and its
    reschedule tasks close. When the new time cannot be had, nothing changes and the
    answer is the conflict or refusal with alternatives."""
    now = now or utcnow()
    old = get_meeting(session, meeting_id)
    was = old.status
    _check_transition(old, MeetingStatus.RESCHEDULED)
    length = minutes or int((old.end_at - old.start_at).total_seconds() // 60)
    # Free the old slot first (the new time may overlap it), undone if the booking fails.
    savepoint = session.begin_nested()
    old.status = MeetingStatus.RESCHEDULED
    session.flush()
    try:
        result = book(
            session,
            BookingRequest(
                company_id=old.company_id,
                rep=rep or old.rep_id,
                start=start,
                minutes=length,
                contact_id=old.contact_id,
                campaign_id=old.campaign_id,
                attempt_id=old.attempt_id,
                booked_by=actor_id or old.booked_by,
                place=old.place,
                offer=old.offer,
                notes=old.notes,
                directions=(old.brief or {}).get("directions"),
            ),
            mode=mode,
            now=now,
        )
    except BaseException:
        savepoint.rollback()
        raise
    if result.meeting_id is None:
        savepoint.rollback()
        return result
    savepoint.commit()
    new = get_meeting(session, result.meeting_id)
    new.replaces_id = old.id
    session.flush()
    outbox_change(session, mode, new, "upsert", ["replaces_id"])
    changes = _transition(
        session,
        old,
        MeetingStatus.RESCHEDULED,
        kind="status",
        actor_id=actor_id,
        note=f"→ {result.meeting_id}",
        now=now,
        mode=mode,
        before=was,
    )
    return BookingResult(
        result.status,
        result.meeting_id,
        result.timezone,
        start=result.start,
        end=result.end,
        rep_id=result.rep_id,
        changes=result.changes + changes,
    )


# ---- reading ---------------------------------------------------------------------------------


def _names(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all())


def meeting_dict(session: Session, meeting: Meeting) -> dict[str, Any]:
    """One meeting as plain data (times in the company's time zone)."""
    company = session.get(Company, meeting.company_id)
    rep = session.get(SalesRep, meeting.rep_id)
    names = _names(session, [meeting.booked_by])
    return _as_dict(
        meeting, company, rep, names.get(meeting.booked_by) if meeting.booked_by else None
    )


def _as_dict(
    meeting: Meeting, company: Company | None, rep: SalesRep | None, booked_by: str | None
) -> dict[str, Any]:
    ctz = (company.timezone if company else None) or DEFAULT_TZ
    tz = zone(ctz)
    return {
        "id": str(meeting.id),
        "status": meeting.status.value,
        "start": meeting.start_at.astimezone(tz).isoformat(),
        "end": meeting.end_at.astimezone(tz).isoformat(),
        "timezone": ctz,
        "rep": {
            "id": str(meeting.rep_id),
            "code": rep.code if rep else None,
            "name": rep.full_name if rep else None,
        },
        "company": {
            "id": str(meeting.company_id),
            "name": company.name if company else None,
            "city": company.city if company else None,
        },
        "place": meeting.place,
        "booked_by": booked_by,
        "booked_at": meeting.booked_at.isoformat(),
        "outcome": meeting.outcome,
        "outcome_notes": meeting.outcome_notes,
        "offer": meeting.offer,
        "notes": meeting.notes,
        "sequence": meeting.sequence,
        "replaces": str(meeting.replaces_id) if meeting.replaces_id else None,
    }


def history(session: Session, meeting_id: uuid.UUID | str) -> list[dict[str, Any]]:
    """Who changed what, when: the meeting's events, oldest first."""
    meeting = get_meeting(session, meeting_id)
    events = list(
        session.scalars(
            select(MeetingEvent)
            .where(MeetingEvent.meeting_id == meeting.id)
            .order_by(MeetingEvent.at, MeetingEvent.id)
        )
    )
    names = _names(session, [e.actor_id for e in events])
    return [
        {
            "at": e.at.isoformat(),
            "kind": e.kind,
            "from": e.from_status,
            "to": e.to_status,
            "by": names.get(e.actor_id) if e.actor_id else None,
            "note": e.note,
        }
        for e in events
    ]


def list_meetings(
    session: Session,
    *,
    start: dt.datetime,
    end: dt.datetime,
    rep_ids: Sequence[uuid.UUID] | None = None,
    statuses: Sequence[MeetingStatus] | None = None,
) -> list[dict[str, Any]]:
    """Meetings starting in ``[start, end)``, of some reps and statuses, by start (one
    query, with the company, the rep and who booked)."""
    stmt = (
        select(Meeting, Company, SalesRep, User.full_name)
        .join(Company, Company.id == Meeting.company_id)
        .join(SalesRep, SalesRep.id == Meeting.rep_id)
        .outerjoin(User, User.id == Meeting.booked_by)
        .where(Meeting.start_at >= start, Meeting.start_at < end, Meeting.deleted.is_(False))
    )
    if rep_ids is not None:
        stmt = stmt.where(Meeting.rep_id.in_(list(rep_ids)))
    if statuses is not None:
        stmt = stmt.where(Meeting.status.in_(list(statuses)))
    rows = session.execute(stmt.order_by(Meeting.start_at, SalesRep.code))
    return [_as_dict(m, c, r, who) for m, c, r, who in rows]


def list_reps(session: Session, voivodeship: str | None = None) -> list[dict[str, Any]]:
    """Active reps (those whose territory names ``voivodeship``, when given), by code: the
    meetings view's rep and region filters."""
    out = []
    for rep in session.scalars(
        select(SalesRep)
        .where(SalesRep.active.is_(True), SalesRep.deleted.is_(False))
        .order_by(SalesRep.code)
    ):
        territory = rep.territory or {}
        if voivodeship and voivodeship not in (territory.get("voivodeships") or ()):
            continue
        out.append(
            {
                "id": str(rep.id),
                "code": rep.code,
                "name": rep.full_name,
                "timezone": rep_tz(rep),
                "supervisor": rep.supervisor,
                "voivodeships": list(territory.get("voivodeships") or ()),
                "postcode_prefixes": list(territory.get("postcode_prefixes") or ()),
            }
        )
    return out


def rep_agenda(
    session: Session, rep_key: uuid.UUID | str, start: dt.datetime, end: dt.datetime
) -> dict[str, Any]:
    """A rep's calendar over ``[start, end)`` for the meetings view: meetings, free
    working time (buffers taken off), absences and holidays, in the rep's time zone."""
    rep = get_rep(session, rep_key)
    tz = zone(rep_tz(rep))
    cal = sl.load_calendars(session, [(rep, "")], start, end, statuses=HOLDING_STATUSES)[0]
    free: list[dict[str, str]] = []
    day = start.astimezone(tz).date()
    holidays: list[dict[str, str]] = []
    while day <= end.astimezone(tz).date():
        name = holiday_name(sl.HOLIDAY_COUNTRY, day)
        if name is not None:
            holidays.append({"date": day.isoformat(), "name": name})
        else:
            for a, b in cal.hours.get(day.weekday(), ()):
                lo = max(dt.datetime.combine(day, a, tz).astimezone(dt.UTC), start)
                hi = min(dt.datetime.combine(day, b, tz).astimezone(dt.UTC), end)
                for fa, fb in _subtract((lo, hi), [*cal.busy, *cal.away]):
                    free.append(
                        {
                            "start": fa.astimezone(tz).isoformat(),
                            "end": fb.astimezone(tz).isoformat(),
                        }
                    )
        day += dt.timedelta(days=1)
    return {
        "rep": {
            "id": str(rep.id),
            "code": rep.code,
            "name": rep.full_name,
            "timezone": rep_tz(rep),
        },
        "meetings": list_meetings(session, start=start, end=end, rep_ids=[rep.id]),
        "free": free,
        "absences": [
            {
                "start": a.astimezone(tz).isoformat(),
                "end": b.astimezone(tz).isoformat(),
                "reason": r,
            }
            for a, b, r in cal.away_detail
        ],
        "holidays": holidays,
    }


def _subtract(span: sl.Interval, cuts: Iterable[sl.Interval]) -> list[sl.Interval]:
    out = [span] if span[1] > span[0] else []
    for ca, cb in sorted(cuts):
        nxt: list[sl.Interval] = []
        for a, b in out:
            if cb <= a or ca >= b:
                nxt.append((a, b))
                continue
            if ca > a:
                nxt.append((a, ca))
            if cb < b:
                nxt.append((cb, b))
        out = nxt
    return out


def open_tasks(session: Session, agent_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
    """Open reschedule tasks (of one agent, or all), oldest first."""
    stmt = select(MeetingTask).where(
        MeetingTask.status == MeetingTaskStatus.OPEN, MeetingTask.deleted.is_(False)
    )
    if agent_id is not None:
        stmt = stmt.where(MeetingTask.agent_id == agent_id)
    return [
        {
            "id": str(t.id),
            "kind": t.kind,
            "meeting_id": str(t.meeting_id),
            "company_id": str(t.company_id),
            "reason": t.reason,
            "alternatives": t.alternatives,
            "created_at": t.created_at.isoformat(),
        }
        for t in session.scalars(stmt.order_by(MeetingTask.created_at))
    ]


def held_kpi(
    session: Session,
    *,
    campaign_id: uuid.UUID | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Meetings held rate over meetings starting in ``[start, end)``: held / (held +
    no-show); ``awaiting_outcome`` counts confirmed meetings already past."""
    now = now or utcnow()
    stmt = select(Meeting.status, func.count()).where(Meeting.deleted.is_(False))
    if campaign_id is not None:
        stmt = stmt.where(Meeting.campaign_id == campaign_id)
    if start is not None:
        stmt = stmt.where(Meeting.start_at >= start)
    if end is not None:
        stmt = stmt.where(Meeting.start_at < end)
    counts = {s: n for s, n in session.execute(stmt.group_by(Meeting.status))}
    awaiting = (
        session.scalar(
            stmt.with_only_columns(func.count())
            .where(Meeting.status == MeetingStatus.CONFIRMED, Meeting.start_at < now)
            .group_by(None)
        )
        or 0
    )
    held = counts.get(MeetingStatus.HELD, 0)
    no_show = counts.get(MeetingStatus.NO_SHOW, 0)
    return {
        "booked": held + no_show + counts.get(MeetingStatus.CONFIRMED, 0),
        "held": held,
        "no_show": no_show,
        "awaiting_outcome": int(awaiting),
        "cancelled": counts.get(MeetingStatus.CANCELLED, 0),
        "held_rate": round(held / (held + no_show), 4) if held + no_show else None,
    }
