"""iCalendar (RFC 5545) export of meetings: one meeting alone, or a rep's feed.

- ``UID`` is ``<meeting id>@prospector``: the same on every export, so a calendar that
  imports the feed again updates its events instead of duplicating them.
- Times carry the rep's time zone (``TZID=Europe/Warsaw``) with a ``VTIMEZONE`` built
  from the tz database for the years the meetings span, so a meeting after a DST change
  shows at the hour booked.
- ``SEQUENCE`` is the meeting's own counter, bumped by every change of status or time;
  ``STATUS`` is TENTATIVE, CONFIRMED or CANCELLED (cancelled, rescheduled, and
  conflicting bookings that never got the slot), so a cancellation removes the event.
- A rescheduled meeting is a new event (a new UID); the old one is exported as
  CANCELLED, which every calendar understands.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.calling_rules import zone
from app.services.meetings import address_line, get_meeting, get_rep
from app.services.rep_brief import brief_text, build_brief
from models import Company, Contact, PhoneNumber, SalesRep, utcnow
from models.meetings import Meeting, MeetingStatus

PRODID = "-//Prospector//Meetings//PL"
UID_DOMAIN = "prospector"
ICS_STATUS = {
    MeetingStatus.TENTATIVE: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.NO_SHOW: "CONFIRMED",
    MeetingStatus.CONFLICT: "CANCELLED",
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.RESCHEDULED: "CANCELLED",
}


def meeting_uid(meeting_id: uuid.UUID) -> str:
    return f"{meeting_id}@{UID_DOMAIN}"


def _short_description(session: Session, meeting: Meeting, company: Company | None) -> str:
    lines = []
    if company is not None:
        lines.append(company.name + (f", NIP {company.nip}" if company.nip else ""))
        if company.phone:
            lines.append(f"Tel.: {company.phone}")
    if meeting.contact_id is not None:
        contact = session.get(Contact, meeting.contact_id)
        if contact is not None:
            name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
            phones = session.scalars(
                select(PhoneNumber.e164).where(PhoneNumber.contact_id == contact.id)
            ).all()
            lines.append(", ".join(p for p in (name, contact.role, *phones) if p))
    if meeting.offer:
        lines.append(f"Oferta: {meeting.offer}")
    if meeting.notes:
        lines.append(f"Notatki: {meeting.notes}")
    if meeting.outcome_notes:
        lines.append(f"Wynik: {meeting.outcome_notes}")
    lines.append(f"Brief: prospector meetings brief {meeting.id}")
    return "\n".join(lines)


def _event(
    session: Session, meeting: Meeting, rep: SalesRep | None, now: dt.datetime, *, full_brief: bool
) -> icalendar.Event:
    company = session.get(Company, meeting.company_id)
    tz = zone((rep.timezone if rep else None) or "Europe/Warsaw")
    ev = icalendar.Event()
    ev.add("uid", meeting_uid(meeting.id))
    ev.add("dtstamp", now.astimezone(dt.UTC))
    ev.add("dtstart", meeting.start_at.astimezone(tz))
    ev.add("dtend", meeting.end_at.astimezone(tz))
    ev.add("sequence", meeting.sequence)
    status = ICS_STATUS[meeting.status]
    ev.add("status", status)
    ev.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    ev.add("summary", f"Spotkanie: {company.name if company else meeting.company_id}")
    place = meeting.place or (address_line(company) if company else "")
    if place:
        ev.add("location", place)
    description = (
        brief_text(build_brief(session, meeting.id))
        if full_brief
        else _short_description(session, meeting, company)
    )
    ev.add("description", description)
    ev.add("created", meeting.booked_at.astimezone(dt.UTC))
    ev.add("last-modified", (meeting.updated_at or meeting.booked_at).astimezone(dt.UTC))
    ev.add("categories", ["Prospector"])
    ev.add("x-prospector-status", meeting.status.value)
    if rep is not None:
        ev.add("x-prospector-rep", rep.code)
    return ev


def _calendar(
    session: Session, meetings: Sequence[Meeting], *, name: str, now: dt.datetime, full_brief: bool
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    reps: dict[uuid.UUID, SalesRep | None] = {}
    for m in meetings:
        if m.rep_id not in reps:
            reps[m.rep_id] = session.get(SalesRep, m.rep_id)
        cal.add_component(_event(session, m, reps[m.rep_id], now, full_brief=full_brief))
    if meetings:
        first = min(m.start_at for m in meetings).date()
        last = max(m.end_at for m in meetings).date()
        cal.add_missing_timezones(
            first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 12, 31)
        )
    data: bytes = cal.to_ical()
    return data


def meeting_ics(
    session: Session, meeting_id: uuid.UUID | str, *, now: dt.datetime | None = None
) -> bytes:
    """One meeting as a calendar file, with the full rep brief as its description."""
    meeting = get_meeting(session, meeting_id)
    company = session.get(Company, meeting.company_id)
    name = f"Spotkanie: {company.name}" if company else "Spotkanie"
    return _calendar(session, [meeting], name=name, now=now or utcnow(), full_brief=True)


def feed(
    session: Session,
    rep: uuid.UUID | str | None = None,
    *,
    since: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """A rep's feed (or every rep's, ``rep`` None): their meetings starting from
    ``since`` (default: everything), cancelled ones included so calendars drop them.
    Returns the file's bytes and a summary (meetings, rep)."""
    stmt = select(Meeting).where(Meeting.deleted.is_(False))
    name = "Prospector: spotkania"
    rep_row = None
    if rep is not None:
        rep_row = get_rep(session, rep)
        stmt = stmt.where(Meeting.rep_id == rep_row.id)
        name = f"Spotkania: {rep_row.full_name}"
    if since is not None:
        stmt = stmt.where(Meeting.start_at >= since)
    meetings = list(session.scalars(stmt.order_by(Meeting.start_at, Meeting.id)))
    data = _calendar(session, meetings, name=name, now=now or utcnow(), full_brief=False)
    return data, {"meetings": len(meetings), "rep": rep_row.code if rep_row else None}
