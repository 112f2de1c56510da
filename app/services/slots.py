"""Rep territories and the slot finder: which reps cover a company, and their next free
meeting slots.

A rep covers a company when the company's voivodeship is one of the rep's, or its
postcode starts with one of the rep's postcode prefixes (``"05"``, ``"96-5"``; dashes do
not matter). A slot is free when it

- lies inside one of the rep's working-hour windows of that weekday, in the rep's time
  zone (a 60-minute meeting at 15:00 fits a window ending at 16:00);
- is not on a public holiday of Poland (``holidays``, through
  :func:`app.services.calling_rules.holiday_name`), nor in one of the rep's absences;
- leaves the rep's travel buffer to every meeting that holds the rep's time (confirmed,
  held, no-show — and, in the finder only, tentative ones, which are likely to be
  confirmed): its blocked range ``[start, end + buffer)`` overlaps none of theirs. The
  same rule is the PostgreSQL exclusion constraint (see :mod:`models.meetings`);
- starts in the future — proposals at least :data:`NOTICE` (an hour) from now, so the
  rep can get there; a time the agent agreed explicitly only has to be future.

Candidates sit on a grid of :data:`STEP_MINUTES` from each window's start. Proposals of
one rep do not overlap each other, come earliest first, and are balanced across the
reps: each covering rep gets an equal share of the list, and a rep with fewer free
slots leaves its share to the others. Ties go to the rep with fewer meetings booked.

Times are UTC inside; :meth:`Slot.as_dict` shows them in the company's local time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from app.services.calling_rules import holiday_name, zone
from app.services.poland import VOIVODESHIP_BY_KEY
from models import Company, RepAbsence, SalesRep, User
from models.meetings import HOLDING_STATUSES, Meeting, MeetingStatus
from models.people import Role

STEP_MINUTES = 30
MIN_MINUTES = 15
MAX_MINUTES = 600
HORIZON_DAYS = 120
FIRST_WINDOW_DAYS = 7  # always holds a working week
HOLIDAY_COUNTRY = "PL"
DEFAULT_COUNT = 10
# Proposals start at least this long from now (a booking itself only has to be future).
NOTICE = dt.timedelta(minutes=60)
# Statuses the finder steers clear of (holding ones, plus tentative bookings).
AVOIDED_STATUSES: tuple[MeetingStatus, ...] = (*HOLDING_STATUSES, MeetingStatus.TENTATIVE)
# Longest a meeting (with buffer) can reach back before a window: a meeting starting up
# to this long before the window may still block inside it.
_REACH_BACK = dt.timedelta(minutes=MAX_MINUTES + 24 * 60)
_LOOK_AHEAD = dt.timedelta(days=1)
_DIGITS = re.compile(r"\D+")


# ---- territory -------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a company is, as far as territories and time zones are concerned."""

    voivodeship: str | None
    postcode: str | None
    city: str | None
    timezone: str

    @classmethod
    def of(cls, company: Company) -> Location:
        return cls(company.voivodeship, company.postcode, company.city, company.timezone)

    def describe(self) -> str:
        parts = [p for p in (self.postcode, self.city) if p]
        if self.voivodeship:
            v = VOIVODESHIP_BY_KEY.get(self.voivodeship)
            parts.append(f"woj. {v.name_pl}" if v else self.voivodeship)
        return ", ".join(parts) or "no address"


def territory_match(territory: Mapping[str, Any] | None, where: Location) -> str | None:
    """Why a territory covers ``where`` (``"mazowieckie"``, ``"postcode 05"``), or None."""
    if not territory:
        return None
    digits = _DIGITS.sub("", where.postcode or "")
    if digits:
        for prefix in territory.get("postcode_prefixes") or ():
            p = _DIGITS.sub("", str(prefix))
            if p and digits.startswith(p):
                return f"postcode {prefix}"
    if where.voivodeship and where.voivodeship in (territory.get("voivodeships") or ()):
        return where.voivodeship
    return None


def covering_reps(session: Session, where: Location) -> list[tuple[SalesRep, str]]:
    """Active reps whose territory covers ``where``, with the reason, by code."""
    reps = session.scalars(
        select(SalesRep)
        .where(SalesRep.active.is_(True), SalesRep.deleted.is_(False))
        .order_by(SalesRep.code)
    )
    out = []
    for rep in reps:
        why = territory_match(rep.territory, where)
        if why is not None:
            out.append((rep, why))
    return out


def supervisor_to_ask(session: Session, where: Location) -> str:
    """Who to ask when no territory covers ``where``: the supervisor of the reps working
    the nearest territory (the same voivodeship by postcode, or the same postcode
    district), else every rep supervisor, else the supervisors among the users."""
    reps = list(
        session.scalars(
            select(SalesRep).where(SalesRep.active.is_(True), SalesRep.deleted.is_(False))
        )
    )
    district = _DIGITS.sub("", where.postcode or "")[:2]
    near = [
        r.supervisor
        for r in reps
        if r.supervisor
        and district
        and any(
            _DIGITS.sub("", str(p))[:2] == district
            for p in (r.territory or {}).get("postcode_prefixes") or ()
        )
    ]
    names = sorted(set(near)) or sorted({r.supervisor for r in reps if r.supervisor})
    if not names:
        names = sorted(
            session.scalars(
                select(User.full_name).where(
                    User.role == Role.SUPERVISOR, User.active.is_(True), User.deleted.is_(False)
                )
            )
        )
    if not names:
        return "your supervisor"
    return " or ".join(names)


# ---- working hours ---------------------------------------------------------------------

Window = tuple[dt.time, dt.time]


def parse_working_hours(raw: Mapping[str, Any] | None) -> dict[int, tuple[Window, ...]]:
    """``{"0": [["08:00", "16:00"]], ...}`` → ``{0: ((08:00, 16:00),), ...}`` (0 = Monday).

    Raises ValueError for anything else, so a bad configuration is reported, not guessed.
    """
    out: dict[int, tuple[Window, ...]] = {}
    for day, windows in (raw or {}).items():
        weekday = int(day)
        if not 0 <= weekday <= 6:
            raise ValueError(f"weekday {day!r} is not 0..6")
        parsed = []
        for start, end in windows:
            a, b = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
            if b <= a:
                raise ValueError(f"window {start}-{end} ends before it starts")
            parsed.append((a, b))
        out[weekday] = tuple(sorted(parsed))
    return out


def describe_hours(hours: Mapping[int, Sequence[Window]], weekday: int) -> str:
    windows = hours.get(weekday) or ()
    if not windows:
        return "no working hours"
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in windows)


# ---- one rep's calendar ----------------------------------------------------------------

Interval = tuple[dt.datetime, dt.datetime]


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _overlaps(
    merged: Sequence[Interval], starts: Sequence[dt.datetime], a: dt.datetime, b: dt.datetime
) -> Interval | None:
    """The interval of ``merged`` (disjoint, sorted; ``starts`` their starts) that
    overlaps ``[a, b)``, if any."""
    i = bisect.bisect_left(starts, b)  # intervals starting before b
    if i and merged[i - 1][1] > a:
        return merged[i - 1]
    return None


@dataclass
class RepCalendar:
    """What the finder needs of one rep over a window of time (all UTC)."""

    rep_id: uuid.UUID
    code: str
    name: str
    timezone: str
    hours: dict[int, tuple[Window, ...]]
    meeting_minutes: int
    buffer_minutes: int
    territory: str = ""
    busy: list[Interval] = field(default_factory=list)  # blocked ranges, merged
    away: list[Interval] = field(default_factory=list)  # absences, merged
    busy_detail: list[Interval] = field(default_factory=list)  # each meeting's blocked range
    away_detail: list[tuple[dt.datetime, dt.datetime, str | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.set_busy(self.busy_detail)
        self.set_away(self.away_detail)

    def set_busy(self, rows: list[Interval]) -> None:
        self.busy_detail = sorted(rows)
        self.busy = _merged(rows)
        self._busy_starts = [a for a, _ in self.busy]

    def set_away(self, rows: list[tuple[dt.datetime, dt.datetime, str | None]]) -> None:
        self.away_detail = sorted(rows, key=lambda r: (r[0], r[1]))
        self.away = _merged((a, b) for a, b, _ in rows)
        self._away_starts = [a for a, _ in self.away]

    @classmethod
    def of(cls, rep: SalesRep, territory: str = "") -> RepCalendar:
        return cls(
            rep_id=rep.id,
            code=rep.code,
            name=rep.full_name,
            timezone=rep.timezone or "Europe/Warsaw",
            hours=parse_working_hours(rep.working_hours),
            meeting_minutes=rep.meeting_minutes,
            buffer_minutes=rep.buffer_minutes,
            territory=territory,
        )

    # -- rules for one candidate --------------------------------------------------------

    def in_hours(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True when ``[start, end]`` lies inside one working window of its local day."""
        tz = zone(self.timezone)
        day = start.astimezone(tz).date()
        return any(
            _aware(day, a, tz) <= start and end <= _aware(day, b, tz)
            for a, b in self.hours.get(day.weekday(), ())
        )

    def blocking_meeting(self, start: dt.datetime, end: dt.datetime) -> Interval | None:
        """The blocked range (a meeting plus its buffer) that the candidate's own
        ``[start, end + buffer)`` overlaps, if any."""
        until = end + dt.timedelta(minutes=self.buffer_minutes)
        if _overlaps(self.busy, self._busy_starts, start, until) is None:
            return None
        for a, b in self.busy_detail:
            if a < until and b > start:
                return a, b
        return None  # pragma: no cover - merged and detail agree

    def absence(self, start: dt.datetime, end: dt.datetime) -> tuple[Interval, str | None] | None:
        if _overlaps(self.away, self._away_starts, start, end) is None:
            return None
        for a, b, reason in self.away_detail:
            if a < end and b > start:
                return (a, b), reason
        return None  # pragma: no cover

    def is_free(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.free_from(start, end) is None

    def free_from(self, start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
        """None when ``[start, end)`` is free; else the earliest start worth trying
        next (the end of what is in the way)."""
        until = end + dt.timedelta(minutes=self.buffer_minutes)
        hit = _overlaps(self.busy, self._busy_starts, start, until)
        if hit is not None:
            return hit[1]
        away = _overlaps(self.away, self._away_starts, start, end)
        return away[1] if away is not None else None

    # -- the free slots -------------------------------------------------------------------

    def free_slots(
        self,
        after: dt.datetime,
        until: dt.datetime,
        minutes: int,
        step: int = STEP_MINUTES,
    ) -> Iterator[Interval]:
        """Free, non-overlapping slots of ``minutes`` starting in ``[after, until)``,
        earliest first."""
        tz = zone(self.timezone)
        length = dt.timedelta(minutes=minutes)
        stride = dt.timedelta(minutes=step)
        day = after.astimezone(tz).date()
        last_day = until.astimezone(tz).date()
        not_before = after
        one_day = dt.timedelta(days=1)
        while day <= last_day:
            windows = self.hours.get(day.weekday())
            if windows and holiday_name(HOLIDAY_COUNTRY, day) is None:
                midnight = dt.datetime.combine(day, dt.time(0), tz)
                # Only on the two DST days can a local time be skipped.
                dst_day = midnight.utcoffset() != (midnight + one_day).utcoffset()
                for a, b in windows:
                    close = _aware(day, b, tz)
                    t = _aware(day, a, tz)
                    while t + length <= close and t < until:
                        if t < not_before:
                            t += stride
                            continue
                        end = t + length
                        blocked_to = self.free_from(t, end)
                        if blocked_to is None:
                            if not dst_day or _exists(t, tz):
                                yield t, end
                                not_before = end
                            t += stride
                        else:  # jump to the first grid time after what is in the way
                            t += stride * max(1, -((t - blocked_to) // stride))
            day += one_day


def _aware(day: dt.date, at: dt.time, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, at, tz).astimezone(dt.UTC)


def _exists(at: dt.datetime, tz: dt.tzinfo) -> bool:
    """False for a UTC instant that came from a local time skipped by a DST change."""
    local = at.astimezone(tz)
    return dt.datetime.combine(local.date(), local.time(), tz).astimezone(dt.UTC) == at


_BUSY_UNTIL = func.coalesce(Meeting.blocked_until, Meeting.end_at)
# Built once (bound parameters), as the finder runs them several times per answer.
_AT = Meeting.__table__.c.start_at.type  # the UTC column type, for the time parameters
_BUSY = select(Meeting.rep_id, Meeting.start_at, _BUSY_UNTIL).where(
    Meeting.rep_id.in_(bindparam("reps", expanding=True)),
    Meeting.start_at >= bindparam("reach_back", type_=_AT),
    Meeting.start_at < bindparam("end", type_=_AT),
    bindparam("start", type_=_AT) < _BUSY_UNTIL,
    Meeting.status.in_(bindparam("statuses", expanding=True)),
    Meeting.deleted.is_(False),
    Meeting.id != bindparam("exclude"),
)
_AWAY = select(RepAbsence.rep_id, RepAbsence.start_at, RepAbsence.end_at, RepAbsence.reason).where(
    RepAbsence.rep_id.in_(bindparam("reps", expanding=True)),
    RepAbsence.start_at < bindparam("end", type_=_AT),
    RepAbsence.end_at > bindparam("start", type_=_AT),
    RepAbsence.deleted.is_(False),
)
_NO_MEETING = uuid.UUID(int=0)


def load_calendars(
    session: Session,
    reps: Sequence[tuple[SalesRep, str]],
    start: dt.datetime,
    end: dt.datetime,
    *,
    statuses: Sequence[MeetingStatus] = AVOIDED_STATUSES,
    exclude: uuid.UUID | None = None,
) -> list[RepCalendar]:
    """The reps' calendars with the meetings and absences touching ``[start, end)``
    (``exclude``: a meeting to leave out, e.g. the one being confirmed)."""
    cals = {rep.id: RepCalendar.of(rep, why) for rep, why in reps}
    if not cals:
        return []
    ids = list(cals)
    busy: dict[uuid.UUID, list[Interval]] = {r: [] for r in cals}
    for rep_id, a, b in session.execute(
        _BUSY,
        {
            "reps": ids,
            "reach_back": start - _REACH_BACK,
            "end": end,
            "start": start,
            "statuses": list(statuses),
            "exclude": exclude or _NO_MEETING,
        },
    ):
        busy[rep_id].append((a, b))
    away: dict[uuid.UUID, list[tuple[dt.datetime, dt.datetime, str | None]]] = {r: [] for r in cals}
    for rep_id, a, b, reason in session.execute(_AWAY, {"reps": ids, "end": end, "start": start}):
        away[rep_id].append((a, b, reason))
    for rep_id, cal in cals.items():
        cal.set_busy(busy[rep_id])
        cal.set_away(away[rep_id])
    return list(cals.values())


# ---- the finder --------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A free slot of one rep (times UTC)."""

    rep_id: uuid.UUID
    rep_code: str
    rep_name: str
    start: dt.datetime
    end: dt.datetime
    territory: str = ""

    def as_dict(self, timezone: str) -> dict[str, Any]:
        """The CLI/API shape, times in ``timezone`` (the company's)."""
        tz = zone(timezone)
        return {
            "rep": str(self.rep_id),
            "rep_code": self.rep_code,
            "rep_name": self.rep_name,
            "start": self.start.astimezone(tz).isoformat(),
            "end": self.end.astimezone(tz).isoformat(),
            "timezone": timezone,
            "territory": self.territory,
        }


def balance(
    per_rep: Mapping[uuid.UUID, Sequence[Slot]], count: int, load: Mapping[uuid.UUID, int]
) -> list[Slot]:
    """Up to ``count`` slots, earliest first, each rep an equal share; shares a rep
    cannot fill go to the others' next-earliest slots."""
    if not per_rep or count <= 0:
        return []
    share = math.ceil(count / len(per_rep))
    chosen = [s for slots in per_rep.values() for s in slots[:share]]
    rest = [s for slots in per_rep.values() for s in slots[share:]]
    key = lambda s: (s.start, load.get(s.rep_id, 0), s.rep_code)  # noqa: E731
    chosen.sort(key=key)
    chosen = chosen[:count]
    if len(chosen) < count:
        chosen.extend(heapq.nsmallest(count - len(chosen), rest, key=key))
        chosen.sort(key=key)
    return chosen


def find_free(
    session: Session,
    reps: Sequence[tuple[SalesRep, str]],
    *,
    after: dt.datetime,
    count: int = DEFAULT_COUNT,
    minutes: int | None = None,
    horizon_days: int = HORIZON_DAYS,
    exclude: uuid.UUID | None = None,
) -> list[Slot]:
    """The balanced earliest free slots of ``reps`` from ``after`` (UTC-aware)."""
    found, load = free_by_rep(
        session,
        reps,
        after=after,
        count=count,
        minutes=minutes,
        horizon_days=horizon_days,
        exclude=exclude,
    )
    return balance(found, count, load)


def free_by_rep(
    session: Session,
    reps: Sequence[tuple[SalesRep, str]],
    *,
    after: dt.datetime,
    count: int = DEFAULT_COUNT,
    minutes: int | None = None,
    horizon_days: int = HORIZON_DAYS,
    exclude: uuid.UUID | None = None,
) -> tuple[dict[uuid.UUID, list[Slot]], dict[uuid.UUID, int]]:
    """Each rep's earliest free slots from ``after`` (up to ``count`` each), and how
    many meetings each has in the stretch read.

    Reads the calendars a week first, then doubling stretches (each read once), until
    every rep has its share of ``count`` and there are ``count`` in all, or the horizon
    is reached: the cost follows how soon the reps are free, not the size of their
    calendars.
    """
    if not reps or count <= 0:
        return {}, {}
    horizon = after + dt.timedelta(days=horizon_days)
    share = math.ceil(count / len(reps))
    cals: dict[uuid.UUID, RepCalendar] = {}
    found: dict[uuid.UUID, list[Slot]] = {rep.id: [] for rep, _ in reps}
    scanned_to = after  # every candidate starting before this has been judged
    loaded_to = after
    days = FIRST_WINDOW_DAYS
    while True:
        until = min(after + dt.timedelta(days=days), horizon)
        # Meetings starting up to a day past the window can still block its last slots.
        for cal in load_calendars(session, reps, loaded_to, until + _LOOK_AHEAD, exclude=exclude):
            old = cals.get(cal.rep_id)
            if old is None:
                cals[cal.rep_id] = cal
            else:
                old.set_busy(sorted(set(old.busy_detail) | set(cal.busy_detail)))
                old.set_away(
                    sorted(set(old.away_detail) | set(cal.away_detail), key=lambda r: (r[0], r[1]))
                )
        loaded_to = until + _LOOK_AHEAD
        for rep_id, cal in cals.items():
            mine = found[rep_id]
            if len(mine) >= count:
                continue
            start = max(scanned_to, mine[-1].end) if mine else scanned_to
            for a, b in cal.free_slots(start, until, minutes or cal.meeting_minutes):
                mine.append(Slot(cal.rep_id, cal.code, cal.name, a, b, cal.territory))
                if len(mine) >= count:
                    break
        scanned_to = until
        total = sum(len(v) for v in found.values())
        if until >= horizon or (total >= count and all(len(v) >= share for v in found.values())):
            return found, {c.rep_id: len(c.busy_detail) for c in cals.values()}
        days *= 2


def round_up(at: dt.datetime, minutes: int = 5) -> dt.datetime:
    """``at`` rounded up to a whole number of ``minutes`` (seconds dropped)."""
    at = at.astimezone(dt.UTC)
    base = at.replace(second=0, microsecond=0)
    if base < at:
        base += dt.timedelta(minutes=1)
    extra = (-base.minute) % minutes
    return base + dt.timedelta(minutes=extra)


def rep_filter(key: str) -> Any:
    """SQL condition selecting a rep by id or by code."""
    try:
        rid = uuid.UUID(key.strip())
    except ValueError:
        return SalesRep.code == key.strip()
    return or_(SalesRep.id == rid, SalesRep.code == key.strip())


def describe_interval(a: dt.datetime, b: dt.datetime, timezone: str) -> str:
    tz = zone(timezone)
    la, lb = a.astimezone(tz), b.astimezone(tz)
    if la.date() == lb.date():
        return f"{la:%Y-%m-%d %H:%M}–{lb:%H:%M}"
    return f"{la:%Y-%m-%d %H:%M} – {lb:%Y-%m-%d %H:%M}"
