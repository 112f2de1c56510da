"""Read-only lists the desktop screens show: filter choices, campaign queues, upcoming
meetings, call statistics, users and dispositions.

Pure Python over a session; the GUI calls these on a worker through ``run_op``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.services import poland
from models import (
    CallAttempt,
    Campaign,
    Company,
    Disposition,
    Meeting,
    MeetingStatus,
    QueueItem,
    QueueStatus,
    SalesRep,
    Segment,
    User,
)

WARSAW = ZoneInfo("Europe/Warsaw")

# The 16 voivodeships: the key stored in Company.voivodeship and the Polish name.
VOIVODESHIPS: tuple[tuple[str, str], ...] = tuple((v.key, v.name_pl) for v in poland.VOIVODESHIPS)
VOIVODESHIP_NAMES: dict[str, str] = dict(VOIVODESHIPS)

QUEUE_STATUSES: tuple[str, ...] = tuple(s.value for s in QueueStatus)
# Meetings that are still going to happen (the Meetings page lists these).
OPEN_MEETING_STATUSES = (MeetingStatus.TENTATIVE, MeetingStatus.CONFIRMED, MeetingStatus.CONFLICT)


def voivodeship_name(key: str | None) -> str:
    """The Polish name of a stored voivodeship key ('' for none; unknown keys as given)."""
    if not key:
        return ""
    return VOIVODESHIP_NAMES.get(key, key)


def contact_role(key: str | None, language: str) -> str:
    """A contact's role in the UI language (free text as given)."""
    if not key:
        return ""
    role = _ROLES.get(key)
    if role is None:
        return key.replace("_", " ")
    return role.name_pl if language == "pl" else role.name_en


_ROLES = {r.key: r for r in poland.CONTACT_ROLES}


def segments(session: Session) -> list[dict[str, Any]]:
    """Segments in display order: key, Polish and English name, colour."""
    rows = session.execute(
        select(Segment.key, Segment.name_pl, Segment.name_en, Segment.color)
        .where(Segment.deleted.is_(False))
        .order_by(Segment.position, Segment.key)
    )
    return [
        {"key": key, "name_pl": pl, "name_en": en, "color": color} for key, pl, en, color in rows
    ]


def campaigns(session: Session) -> list[dict[str, Any]]:
    """Campaigns with the size of their queue by status (new, callback, retry, done)."""
    counts: dict[Any, dict[str, int]] = {}
    for campaign_id, status, n in session.execute(
        select(QueueItem.campaign_id, QueueItem.status, func.count())
        .where(QueueItem.deleted.is_(False))
        .group_by(QueueItem.campaign_id, QueueItem.status)
    ):
        counts.setdefault(campaign_id, {})[str(status)] = int(n)
    result = []
    for c in session.scalars(
        select(Campaign).where(Campaign.deleted.is_(False)).order_by(Campaign.name)
    ):
        queue = {s: counts.get(c.id, {}).get(s, 0) for s in QUEUE_STATUSES}
        result.append(
            {
                "key": c.key,
                "name": c.name,
                "type": str(c.type),
                "description": c.description,
                "active": c.active,
                "caller_identity": c.caller_identity,
                "calling_hours": c.calling_hours,
                "max_attempts": c.max_attempts,
                "max_attempts_per_day": c.max_attempts_per_day,
                "min_gap_minutes": c.min_gap_minutes,
                "queue": queue,
                "total": sum(queue.values()),
            }
        )
    return result


def dispositions(session: Session) -> dict[str, dict[str, Any]]:
    """The default disposition set by code: labels, KPI category, whether it is a contact."""
    return {
        d.code: {
            "label_pl": d.label_pl,
            "label_en": d.label_en,
            "category": d.category,
            "is_contact": d.is_contact,
        }
        for d in session.scalars(
            select(Disposition)
            .where(Disposition.campaign_id.is_(None), Disposition.deleted.is_(False))
            .order_by(Disposition.position)
        )
    }


def upcoming_meetings(
    session: Session, *, since: dt.datetime, limit: int = 500
) -> list[dict[str, Any]]:
    """Meetings starting at or after ``since`` that are still open, soonest first."""
    rows = session.execute(
        select(Meeting, SalesRep.full_name, Company.name, Company.city)
        .join(SalesRep, SalesRep.id == Meeting.rep_id)
        .join(Company, Company.id == Meeting.company_id)
        .where(
            Meeting.deleted.is_(False),
            Meeting.start_at >= since,
            Meeting.status.in_(OPEN_MEETING_STATUSES),
        )
        .order_by(Meeting.start_at, Meeting.id)
        .limit(limit)
    )
    return [
        {
            "id": str(m.id),
            "start": m.start_at.isoformat(),
            "end": m.end_at.isoformat(),
            "rep": rep,
            "company_id": str(m.company_id),
            "company": company,
            "city": city,
            "status": str(m.status),
            "place": m.place,
        }
        for m, rep, company, city in rows
    ]


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), WARSAW).astimezone(dt.UTC)


def call_stats(session: Session, *, now: dt.datetime) -> list[dict[str, Any]]:
    """Calls, contacts (calls whose disposition is a contact) and meetings booked per
    campaign: today, the last 7 days and this calendar month (Warsaw time).

    One row per campaign, in name order; zero rows included.
    """
    today = now.astimezone(WARSAW).date()
    starts = {
        "today": _local_midnight(today),
        "week": _local_midnight(today - dt.timedelta(days=6)),
        "month": _local_midnight(today.replace(day=1)),
    }
    earliest = min(starts.values())
    is_contact = {code: d["is_contact"] for code, d in dispositions(session).items()}
    stats: dict[Any, dict[str, int]] = {}

    def bump(campaign_id: Any, at: dt.datetime, what: str, n: int) -> None:
        row = stats.setdefault(campaign_id, {})
        for period, start in starts.items():
            if at >= start:
                key = f"{what}_{period}"
                row[key] = row.get(key, 0) + n

    # Counted per local hour so the periods split cleanly without dialect date maths.
    hour = func.strftime("%Y-%m-%d %H:00:00", CallAttempt.started_at)
    if session.get_bind().dialect.name != "sqlite":
        hour = func.date_trunc("hour", CallAttempt.started_at)
    for campaign_id, code, at, n in session.execute(
        select(CallAttempt.campaign_id, CallAttempt.disposition_code, hour, func.count())
        .where(CallAttempt.deleted.is_(False), CallAttempt.started_at >= earliest)
        .group_by(CallAttempt.campaign_id, CallAttempt.disposition_code, hour)
    ):
        when = _as_utc(at)
        bump(campaign_id, when, "calls", int(n))
        if is_contact.get(code, False):
            bump(campaign_id, when, "contacts", int(n))
    for campaign_id, booked_at in session.execute(
        select(Meeting.campaign_id, Meeting.booked_at).where(
            Meeting.deleted.is_(False),
            Meeting.booked_at >= earliest,
            Meeting.status != MeetingStatus.CANCELLED,
        )
    ):
        bump(campaign_id, booked_at, "meetings", 1)
    result = []
    for c in session.scalars(
        select(Campaign).where(Campaign.deleted.is_(False)).order_by(Campaign.name)
    ):
        row = stats.get(c.id, {})
        entry: dict[str, Any] = {"key": c.key, "name": c.name}
        for what in ("calls", "contacts", "meetings"):
            for period in starts:
                entry[f"{what}_{period}"] = row.get(f"{what}_{period}", 0)
        result.append(entry)
    return result


def _as_utc(value: Any) -> dt.datetime:
    """A grouped hour as an aware UTC datetime (SQLite returns text, PostgreSQL a datetime)."""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(when, dt.datetime):
        raise TypeError(f"not a time: {value!r}")
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def call_outcomes(session: Session, *, since: dt.datetime) -> list[dict[str, Any]]:
    """How calls since ``since`` ended: disposition code and count, most frequent first."""
    rows = session.execute(
        select(CallAttempt.disposition_code, func.count())
        .where(CallAttempt.deleted.is_(False), CallAttempt.started_at >= since)
        .group_by(CallAttempt.disposition_code)
        .order_by(func.count().desc(), CallAttempt.disposition_code)
    )
    return [{"code": code, "count": int(n)} for code, n in rows]


def month_start(now: dt.datetime) -> dt.datetime:
    """Midnight of the first day of ``now``'s month in Warsaw, as UTC."""
    return _local_midnight(now.astimezone(WARSAW).date().replace(day=1))


def users(session: Session) -> list[dict[str, Any]]:
    """Users by role, then username."""
    return [
        {
            "username": u.username,
            "full_name": u.full_name,
            "role": str(u.role),
            "team": u.team,
            "active": u.active,
        }
        for u in session.scalars(
            select(User).where(User.deleted.is_(False)).order_by(User.role, User.username)
        )
    ]


def company_total(session: Session) -> int:
    """How many companies the workspace holds."""
    return int(
        session.scalar(select(func.count()).select_from(Company).where(Company.deleted.is_(False)))
        or 0
    )
