"""Calling rules: may this lead be called now — and if not, why, and from when?

Pure functions over plain data; no database, no Qt. :mod:`app.services.queue` loads the
facts about a lead and asks :func:`evaluate`; the console shows the same reasons before
any dial, and ``prospector queue explain`` prints them.

Everything is judged in the callee's local time: the contact's time zone, else the
company's, else Europe/Warsaw; public holidays are those of the company's country
(``holidays`` package, Polish names for Poland; default PL).

Rules, in the order their reasons are listed:

- the campaign is active and running (``starts_on`` / ``ends_on``);
- suppression: a do-not-call entry (global or for this campaign) matching one of the
  lead's phones, e-mails or its tax id — permanent;
- the lead is not closed (queue status ``done``; a pending callback still counts) —
  permanent;
- attempts: at most ``max_attempts`` in all (permanent) and ``max_attempts_per_day`` per
  local day; at least ``min_gap_minutes`` between attempts; a retry is not made before its
  scheduled ``next_attempt_at``;
- a scheduled callback is a promise to the callee: until it is due the lead waits for
  it; once due it is exempt from the attempt limits, the gap and the contact's
  preferred windows (the callee chose the time), not from calling hours, holidays,
  suppression or leases;
- not leased to another agent (until the lease expires);
- calling hours of the campaign per weekday, public holidays, and the contacts'
  preferred windows: the lead is callable when at least one of its contacts (or, with
  no contacts, the company line) may be called now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from app.services.defaults import calling_hours as default_calling_hours
from app.services.normalize import email_search_key, normalize_nip, normalize_phone

log = logging.getLogger(__name__)

DEFAULT_TZ = "Europe/Warsaw"
DEFAULT_COUNTRY = "PL"
SEARCH_DAYS = 400  # how far ahead next_callable_at looks before giving up
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_DAYS = frozenset(range(7))


# ---- small value types --------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """Minutes since local midnight, ``start`` included, ``end`` excluded (≤ 1440)."""

    start: int
    end: int

    def label(self) -> str:
        return f"{hhmm(self.start)}–{hhmm(self.end)}"


@dataclass(frozen=True, slots=True)
class Window:
    """A contact's preferred calling window on some weekdays (0 = Monday)."""

    days: frozenset[int]
    start: int
    end: int

    def label(self) -> str:
        if self.start == 0 and self.end >= 1440:
            span = "any time"
        elif self.start == 0:
            span = f"before {hhmm(self.end)}"
        elif self.end >= 1440:
            span = f"after {hhmm(self.start)}"
        else:
            span = f"{hhmm(self.start)}–{hhmm(self.end)}"
        days = days_label(self.days)
        return f"{days} {span}" if days else span


@dataclass(frozen=True)
class CampaignRules:
    """The campaign's side of the rules, parsed once per pick."""

    hours: Mapping[int, tuple[Interval, ...]]
    max_attempts: int = 6
    max_attempts_per_day: int = 2
    min_gap_minutes: int = 60
    active: bool = True
    starts_on: dt.datetime | None = None
    ends_on: dt.datetime | None = None

    @classmethod
    def from_campaign(cls, campaign: Any) -> CampaignRules:
        """From a :class:`models.Campaign` (or anything with the same attributes)."""
        return cls(
            hours=parse_hours(campaign.calling_hours, b2c=bool(campaign.is_b2c)),
            max_attempts=int(campaign.max_attempts),
            max_attempts_per_day=int(campaign.max_attempts_per_day),
            min_gap_minutes=int(campaign.min_gap_minutes),
            active=bool(campaign.active),
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
        )


@dataclass(frozen=True, slots=True)
class Callee:
    """Someone who may answer: a contact, or the company line when it has none."""

    name: str | None
    timezone: str = DEFAULT_TZ
    windows: tuple[Window, ...] = ()


@dataclass(frozen=True, slots=True)
class SuppressionHit:
    kind: str  # phone | email | nip
    scope: str  # global | campaign


@dataclass(frozen=True)
class LeadFacts:
    """What the rules need to know about one lead (a queue item and its company)."""

    country: str = DEFAULT_COUNTRY
    timezone: str = DEFAULT_TZ  # the company's; counts attempts per local day
    callees: tuple[Callee, ...] = ()
    status: str = "new"
    attempts: int = 0
    attempts_today: int = 0
    attempts_day: str | None = None
    last_attempt_at: dt.datetime | None = None
    last_disposition: str | None = None
    next_attempt_at: dt.datetime | None = None
    lease_holder: str | None = None  # username
    lease_expires_at: dt.datetime | None = None
    suppressed: tuple[SuppressionHit, ...] = ()
    callback_due_at: dt.datetime | None = None  # the earliest pending callback

    def all_callees(self) -> tuple[Callee, ...]:
        return self.callees or (Callee(None, self.timezone),)


@dataclass(frozen=True, slots=True)
class Block:
    """One rule that stops the call now.

    ``until``: when this rule stops blocking (None: permanent, or — for the time of day —
    worked out by :func:`evaluate` into ``next_callable_at``).
    """

    code: str  # campaign | suppressed | closed | max_attempts | max_today | gap |
    #            scheduled | callback | leased | holiday | hours | window | never
    message: str
    permanent: bool = False
    until: dt.datetime | None = None


@dataclass(frozen=True)
class Verdict:
    callable: bool
    blocks: tuple[Block, ...]
    next_callable_at: dt.datetime | None

    @property
    def reasons(self) -> list[str]:
        return [b.message for b in self.blocks]

    @property
    def permanent(self) -> bool:
        return any(b.permanent for b in self.blocks)


# ---- parsing and formatting -----------------------------------------------------------


def parse_hhmm(text: str) -> int:
    """``"09:30"`` → 570; ``"24:00"`` → 1440."""
    try:
        hours, minutes = str(text).strip().split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        raise ValueError(f"not a time of day: {text!r} (use HH:MM)") from None
    if not 0 <= int(minutes) < 60 or not 0 <= value <= 1440:
        raise ValueError(f"not a time of day: {text!r} (use HH:MM)")
    return value


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days_label(days: Iterable[int]) -> str:
    """``{0..4}`` → ``"Mon–Fri"``; all days → ``""``; ``{1, 3}`` → ``"Tue, Thu"``."""
    ds = sorted(set(days))
    if not ds or len(ds) == 7:
        return ""
    if len(ds) > 2 and ds == list(range(ds[0], ds[-1] + 1)):
        return f"{DAY_ABBR[ds[0]]}–{DAY_ABBR[ds[-1]]}"
    return ", ".join(DAY_ABBR[d] for d in ds)


def parse_hours(raw: Mapping[str, Any] | None, *, b2c: bool) -> dict[int, tuple[Interval, ...]]:
    """Campaign calling hours ``{"0": [["09:00", "17:00"]], …}`` (0 = Monday); a missing or
    empty day is closed; an empty mapping means the defaults (B2B Mon–Fri 09–17, B2C
    Mon–Sat 09–21)."""
    source = {str(k): v for k, v in (raw or default_calling_hours(b2c=b2c)).items()}
    out: dict[int, tuple[Interval, ...]] = {}
    for day in range(7):
        spans = source.get(str(day)) or []
        intervals = []
        for span in spans:
            start, end = parse_hhmm(span[0]), parse_hhmm(span[1])
            if end > start:
                intervals.append(Interval(start, end))
        out[day] = tuple(_merge(intervals))
    return out


def parse_windows(raw: Sequence[Any] | None) -> tuple[Window, ...]:
    """A contact's windows ``[{"days": [0..6], "from": "HH:MM", "to": "HH:MM"}]``;
    ``days`` missing = every day, ``from`` missing = midnight, ``to`` missing = end of day.
    Malformed entries are ignored (logged): a typo must not make a person uncallable."""
    out: list[Window] = []
    for item in raw or ():
        try:
            days = frozenset(int(d) for d in item.get("days", range(7))) & ALL_DAYS
            start = parse_hhmm(item.get("from") or "00:00")
            end = parse_hhmm(item.get("to") or "24:00")
        except (AttributeError, TypeError, ValueError) as exc:
            log.warning("ignoring a malformed calling window %r: %s", item, exc)
            continue
        if days and end > start:
            out.append(Window(days, start, end))
    return tuple(out)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for iv in sorted(intervals):
        if merged and iv.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, iv.end))
        else:
            merged.append(iv)
    return merged


def _intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    out = []
    for x in a:
        for y in b:
            start, end = max(x.start, y.start), min(x.end, y.end)
            if end > start:
                out.append(Interval(start, end))
    return _merge(out)


@lru_cache(maxsize=256)
def zone(name: str | None) -> ZoneInfo:
    """A time zone by name; an unknown name falls back to Europe/Warsaw (logged)."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown time zone %r, using %s", name, DEFAULT_TZ)
    return ZoneInfo(DEFAULT_TZ)


@lru_cache(maxsize=128)
def _holidays(country: str, year: int) -> Mapping[dt.date, str]:
    code = (country or DEFAULT_COUNTRY).upper()
    try:
        cls = holidays.country_holidays(code).__class__
        language = "pl" if "pl" in getattr(cls, "supported_languages", ()) else None
        return dict(holidays.country_holidays(code, years=year, language=language))
    except NotImplementedError:
        log.warning("no public holidays known for country %r", code)
        return {}


def holiday_name(country: str, day: dt.date) -> str | None:
    """The public holiday on ``day`` in ``country`` (Polish names for Poland), or None."""
    return _holidays(country, day.year).get(day)


def local_day(timezone: str, at: dt.datetime) -> str:
    """The ISO date at the callee at ``at`` (``QueueItem.attempts_day``)."""
    return at.astimezone(zone(timezone)).date().isoformat()


def format_local(at: dt.datetime, timezone: str, now: dt.datetime | None = None) -> str:
    """``14:05`` if on the same local day as ``now``, else ``Tue 2026-03-03 09:00``."""
    local = at.astimezone(zone(timezone))
    if now is not None and now.astimezone(zone(timezone)).date() == local.date():
        return local.strftime("%H:%M")
    return f"{DAY_ABBR[local.weekday()]} {local:%Y-%m-%d %H:%M}"


def suppression_hash(value: str) -> str:
    """The suppression key of a normalised value (E.164 phone, lower-case e-mail, 10-digit
    NIP): SHA-256 of its UTF-8 text, hex."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def suppression_value(kind: str, raw: str | None) -> str | None:
    """The normalised value a suppression entry hashes, from text in any formatting:
    E.164 for a phone (``"(022) 123-45-67"`` → ``"+48221234567"``), the lower-cased
    address for an e-mail, ten digits for a NIP. None when ``raw`` is not such a value."""
    if not raw or not raw.strip():
        return None
    if kind == "phone":
        phone = normalize_phone(raw)
        return phone.e164 if phone is not None else None
    if kind == "email":
        return email_search_key(raw)
    if kind == "nip":
        return normalize_nip(raw)
    raise ValueError(f"unknown suppression kind {kind!r}")


# ---- the time of day -------------------------------------------------------------------


def _minute_of_day(local: dt.datetime) -> float:
    return local.hour * 60 + local.minute + local.second / 60 + local.microsecond / 60e6


def _open_intervals(
    rules: CampaignRules, callee: Callee, weekday: int, use_windows: bool
) -> list[Interval]:
    hours = list(rules.hours.get(weekday, ()))
    if not use_windows or not callee.windows:
        return hours
    wins = [Interval(w.start, w.end) for w in callee.windows if weekday in w.days]
    return _intersect(hours, _merge(wins))


@dataclass(frozen=True, slots=True)
class _CalleeCheck:
    callee: Callee
    local: dt.datetime
    holiday: str | None
    hours_ok: bool
    window_ok: bool

    @property
    def ok(self) -> bool:
        return self.holiday is None and self.hours_ok and self.window_ok


def _check_callee(
    rules: CampaignRules, country: str, callee: Callee, at: dt.datetime, use_windows: bool
) -> _CalleeCheck:
    local = at.astimezone(zone(callee.timezone))
    minute = _minute_of_day(local)
    weekday = local.weekday()
    hours_ok = any(iv.start <= minute < iv.end for iv in rules.hours.get(weekday, ()))
    window_ok = (
        not use_windows
        or not callee.windows
        or any(weekday in w.days and w.start <= minute < w.end for w in callee.windows)
    )
    return _CalleeCheck(callee, local, holiday_name(country, local.date()), hours_ok, window_ok)


def time_of_day_ok(
    rules: CampaignRules, lead: LeadFacts, at: dt.datetime, *, use_windows: bool = True
) -> bool:
    """Calling hours, holidays and (unless a callback is due) the contacts' windows."""
    return any(
        _check_callee(rules, lead.country, c, at, use_windows).ok for c in lead.all_callees()
    )


def _time_blocks(checks: Sequence[_CalleeCheck], rules: CampaignRules) -> list[Block]:
    first = checks[0]
    local = first.local
    clock = local.strftime("%H:%M")
    if first.holiday is not None and all(c.holiday is not None for c in checks):
        return [Block("holiday", f"public holiday: {first.holiday}")]
    failing_hours = [c for c in checks if c.holiday is None and not c.hours_ok]
    if len(failing_hours) == len([c for c in checks if c.holiday is None]):
        c = failing_hours[0]
        weekday = c.local.weekday()
        spans = rules.hours.get(weekday, ())
        if spans:
            text = ", ".join(iv.label() for iv in spans)
            msg = f"outside calling hours: {c.local:%H:%M} local, campaign {text}"
        else:
            msg = (
                f"outside calling hours: {DAY_NAMES[weekday]} {c.local:%H:%M} local, "
                f"the campaign does not call on {DAY_NAMES[weekday]}s"
            )
        return [Block("hours", msg)]
    closed = [c for c in checks if c.holiday is None and c.hours_ok and not c.window_ok]
    if len(closed) == 1:
        c = closed[0]
        who = c.callee.name or "the contact"
        prefers = "; ".join(w.label() for w in c.callee.windows)
        return [
            Block(
                "window",
                f"outside the contact's calling window: {c.local:%H:%M} local, "
                f"{who} prefers {prefers}",
            )
        ]
    parts = "; ".join(
        f"{c.callee.name or 'contact'}: {', '.join(w.label() for w in c.callee.windows)}"
        for c in closed
    )
    return [Block("window", f"outside the contacts' calling windows: {clock} local ({parts})")]


def _earliest_open(
    rules: CampaignRules,
    country: str,
    callee: Callee,
    start: dt.datetime,
    use_windows: bool,
    horizon_days: int,
) -> dt.datetime | None:
    """The first instant ≥ ``start`` when this callee may be called by the time rules."""
    tz = zone(callee.timezone)
    local_start = start.astimezone(tz)
    day0 = local_start.date()
    for i in range(horizon_days):
        day = day0 + dt.timedelta(days=i)
        if holiday_name(country, day) is not None:
            continue
        for iv in _open_intervals(rules, callee, day.weekday(), use_windows):
            begin = _local(day, iv.start, tz)
            end = _local(day, iv.end, tz)
            if end <= start:
                continue
            candidate = max(begin, start).astimezone(dt.UTC)
            # Guard against DST gaps and folds: step until the instant really is open.
            while candidate < end:
                if _check_callee(rules, country, callee, candidate, use_windows).ok:
                    return candidate
                candidate += dt.timedelta(minutes=15)
    return None


def _local(day: dt.date, minutes: int, tz: ZoneInfo) -> dt.datetime:
    if minutes >= 1440:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tz)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tz)


def next_local_midnight(timezone: str, at: dt.datetime) -> dt.datetime:
    tz = zone(timezone)
    day = at.astimezone(tz).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0, 0), tz).astimezone(dt.UTC)


def next_open_time(
    rules: CampaignRules,
    lead: LeadFacts,
    start: dt.datetime,
    *,
    use_windows: bool = True,
    horizon_days: int = SEARCH_DAYS,
) -> dt.datetime | None:
    """The first instant ≥ ``start`` allowed by calling hours, holidays and (optionally)
    the contacts' windows, for any of the lead's callees; None within the horizon."""
    found = [
        t
        for c in lead.all_callees()
        if (t := _earliest_open(rules, lead.country, c, start, use_windows, horizon_days))
        is not None
    ]
    return min(found) if found else None


def ceil_minutes(at: dt.datetime, step: int = 5) -> dt.datetime:
    """``at`` rounded up to the next multiple of ``step`` minutes (seconds dropped)."""
    base = at.replace(second=0, microsecond=0)
    if base < at:
        base += dt.timedelta(minutes=1)
    extra = (-base.minute) % step
    return base + dt.timedelta(minutes=extra)


def callback_problem(
    rules: CampaignRules, lead: LeadFacts, when: dt.datetime, now: dt.datetime
) -> tuple[str, dt.datetime | None] | None:
    """Why a callback at ``when`` cannot be promised (in the past, outside calling hours, on
    a public holiday), with the next valid time to offer; None when it is fine. The
    contacts' preferred windows do not apply: the callee chose the time."""
    callees = lead.all_callees()
    label = format_local(when, callees[0].timezone)
    if when <= now:
        start = ceil_minutes(now)
        return (
            f"The callback time {label} is in the past",
            next_open_time(rules, lead, start, use_windows=False),
        )
    checks = [_check_callee(rules, lead.country, c, when, False) for c in callees]
    if any(c.ok for c in checks):
        return None
    first = checks[0]
    if first.holiday is not None:
        msg = f"The callback time {label} falls on a public holiday ({first.holiday})"
    else:
        weekday = first.local.weekday()
        spans = rules.hours.get(weekday, ())
        hours = (
            f"{DAY_ABBR[weekday]} " + ", ".join(iv.label() for iv in spans)
            if spans
            else f"closed on {DAY_NAMES[weekday]}s"
        )
        msg = f"The callback time {label} is outside the campaign's calling hours ({hours})"
    return msg, next_open_time(rules, lead, when, use_windows=False)


# ---- the verdict ------------------------------------------------------------------------


def evaluate(
    rules: CampaignRules, lead: LeadFacts, at: dt.datetime, *, agent: str | None = None
) -> Verdict:
    """Whether the lead may be called at ``at`` (aware) by ``agent`` (a username; a lease
    held by this agent does not block), every reason it may not, and the earliest time
    ≥ ``at`` when all time-based rules allow (``at`` itself when callable now; None when a
    permanent rule blocks or no time within :data:`SEARCH_DAYS` fits)."""
    if at.tzinfo is None:
        raise ValueError("evaluate() needs an aware datetime")
    tz = lead.timezone
    blocks: list[Block] = []
    cb = lead.callback_due_at

    if not rules.active:
        blocks.append(Block("campaign", "the campaign is not active", permanent=True))
    if rules.ends_on is not None and at >= rules.ends_on:
        blocks.append(
            Block(
                "campaign",
                f"the campaign ended on {format_local(rules.ends_on, tz)}",
                permanent=True,
            )
        )
    if rules.starts_on is not None and at < rules.starts_on:
        blocks.append(
            Block(
                "campaign",
                f"the campaign starts on {format_local(rules.starts_on, tz)}",
                until=rules.starts_on,
            )
        )
    blocks.extend(_suppression_blocks(lead.suppressed))

    if cb is None:
        if lead.status == "done":
            last = f" (last outcome: {lead.last_disposition})" if lead.last_disposition else ""
            blocks.append(Block("closed", f"the lead is closed{last}", permanent=True))
        if lead.attempts >= rules.max_attempts:
            blocks.append(
                Block(
                    "max_attempts",
                    f"max attempts reached ({lead.attempts}/{rules.max_attempts})",
                    permanent=True,
                )
            )
        today = lead.attempts_today if lead.attempts_day == local_day(tz, at) else 0
        if today >= rules.max_attempts_per_day:
            blocks.append(
                Block(
                    "max_today",
                    f"max attempts today reached ({today}/{rules.max_attempts_per_day})",
                    until=next_local_midnight(tz, at),
                )
            )
        if lead.last_attempt_at is not None and rules.min_gap_minutes > 0:
            gap_end = lead.last_attempt_at + dt.timedelta(minutes=rules.min_gap_minutes)
            if at < gap_end:
                ago = max(0, int((at - lead.last_attempt_at).total_seconds() // 60))
                blocks.append(
                    Block(
                        "gap",
                        f"last attempt {ago} min ago, minimum gap {rules.min_gap_minutes} min",
                        until=gap_end,
                    )
                )
        if (
            lead.status in ("new", "retry", "callback")
            and lead.next_attempt_at is not None
            and at < lead.next_attempt_at
        ):
            blocks.append(
                Block(
                    "scheduled",
                    f"next attempt scheduled for {format_local(lead.next_attempt_at, tz, at)} local",
                    until=lead.next_attempt_at,
                )
            )
    elif at < cb:
        blocks.append(
            Block("callback", f"callback scheduled for {format_local(cb, tz, at)} local", until=cb)
        )

    if (
        lead.lease_holder is not None
        and lead.lease_expires_at is not None
        and lead.lease_expires_at > at
        and lead.lease_holder != agent
    ):
        blocks.append(
            Block(
                "leased",
                f"leased to {lead.lease_holder} until {format_local(lead.lease_expires_at, tz, at)}",
                until=lead.lease_expires_at,
            )
        )

    use_windows = cb is None
    checks = [_check_callee(rules, lead.country, c, at, use_windows) for c in lead.all_callees()]
    if not any(c.ok for c in checks):
        blocks.extend(_time_blocks(checks, rules))

    if not blocks:
        return Verdict(True, (), at)
    if any(b.permanent for b in blocks):
        return Verdict(False, tuple(blocks), None)
    start = max([at, *(b.until for b in blocks if b.until is not None)])
    # Once a callback is due it is exempt from the contacts' windows.
    use_windows = cb is None or start < cb
    found = next_open_time(rules, lead, start, use_windows=use_windows)
    if found is not None and rules.ends_on is not None and found >= rules.ends_on:
        found = None
    if found is None:
        blocks.append(
            Block(
                "never",
                "no time within a year fits the campaign's calling hours"
                + (" and the contacts' calling windows" if use_windows else ""),
            )
        )
    return Verdict(False, tuple(blocks), found)


def _suppression_blocks(hits: Sequence[SuppressionHit]) -> list[Block]:
    nouns = {"phone": "number", "email": "e-mail address", "nip": "tax id (NIP)"}
    out: list[Block] = []
    seen: set[tuple[str, str]] = set()
    for hit in hits:
        key = (hit.kind, hit.scope)
        if key in seen:
            continue
        seen.add(key)
        where = (
            "this campaign's do-not-call list"
            if hit.scope == "campaign"
            else ("the do-not-call list")
        )
        out.append(
            Block(
                "suppressed",
                f"{nouns.get(hit.kind, hit.kind)} on {where}",
                permanent=True,
            )
        )
    return out


@dataclass
class Tally:
    """Why leads looked at in a pick were skipped, for the empty-queue message."""

    examined: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)
    earliest: dt.datetime | None = None

    def add(self, verdict: Verdict) -> None:
        self.examined += 1
        if not verdict.blocks:
            return
        first = verdict.blocks[0]
        for b in verdict.blocks:  # report the permanent cause when there is one
            if b.permanent:
                first = b
                break
        self.by_code[first.code] = self.by_code.get(first.code, 0) + 1
        self.example.setdefault(first.code, first.message)
        nxt = verdict.next_callable_at
        if nxt is not None and (self.earliest is None or nxt < self.earliest):
            self.earliest = nxt

    def summary(self) -> str:
        parts = [
            f"{n} {self.example[code]}" if n == 1 else f"{n} × {self.example[code]}"
            for code, n in sorted(self.by_code.items(), key=lambda kv: -kv[1])
        ]
        return "; ".join(parts)
