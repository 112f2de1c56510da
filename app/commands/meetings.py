"""`prospector meetings slots | book | ics | outcome | brief | cancel | show`.

Times are ISO 8601; without an offset they are Europe/Warsaw time. A booking on a
workspace working alone is authoritative (``confirmed``); on a laptop of a synced team
(``sync/server`` set) it is ``tentative`` until the server confirms it — ``--tentative``
asks for that explicitly.

A clash with another meeting is an answer, not an error: exit 0 with ``"status":
"conflict"``, the reason and alternatives. A request that cannot be booked at all (outside
the rep's hours or territory, in the past, a holiday or absence, an address no territory
covers) exits 1 with ``{"error", "code", "alternatives"}`` (and ``"supervisor"`` when no
territory covers the address).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import NotFound, UserError
from app.services import meeting_records as records
from app.services import meetings as svc
from app.services.calling_rules import DAY_ABBR
from app.services.meetings import BookingMode, BookingRefused, NoTerritory
from app.services.workspace import open_workspace
from models import Campaign, User


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("meetings", help="rep meetings: free slots, booking, calendar export")
    msub = p.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)

    s = msub.add_parser(
        "slots", parents=[parent], help="next free slots of the reps covering a company"
    )
    s.add_argument("id", help="company id")
    s.add_argument("--from", dest="start", metavar="T", help="not before this time (default now)")
    s.add_argument("--count", type=int, default=10, metavar="N", help="how many (default 10)")
    s.add_argument("--minutes", type=int, metavar="M", help="meeting length (default: the rep's)")
    s.add_argument("--at", metavar="T", help=argparse.SUPPRESS)
    s.set_defaults(handler=cmd_slots)

    b = msub.add_parser("book", parents=[parent], help="book a meeting with a rep")
    b.add_argument("id", help="company id")
    b.add_argument("--rep", required=True, metavar="REP", help="rep code or id")
    b.add_argument("--start", required=True, metavar="T", help="start time (ISO 8601)")
    b.add_argument("--minutes", type=int, metavar="M", help="length (default: the rep's)")
    b.add_argument("--contact", metavar="ID", help="the person the rep meets")
    b.add_argument("--campaign", metavar="KEY", help="campaign key")
    b.add_argument("--agent", metavar="USER", help="who books (default: the last user signed in)")
    b.add_argument("--offer", metavar="TEXT", help="the offer discussed")
    b.add_argument("--note", metavar="TEXT", help="notes for the rep")
    b.add_argument("--place", metavar="TEXT", help="where (default: the company's address)")
    b.add_argument("--directions", metavar="TEXT", help="how to get there, where to report")
    b.add_argument(
        "--tentative",
        action="store_true",
        help="book off line: tentative until the server confirms it",
    )
    b.add_argument("--at", metavar="T", help=argparse.SUPPRESS)
    b.set_defaults(handler=cmd_book)

    i = msub.add_parser("ics", parents=[parent], help="export meetings as an iCalendar file")
    i.add_argument("--rep", metavar="REP", help="one rep's feed (default: every rep)")
    i.add_argument("--meeting", metavar="ID", help="one meeting alone, with its brief")
    i.add_argument("--since", metavar="T", help="meetings starting from this time")
    i.add_argument("--out", required=True, metavar="FILE", help="the .ics file to write")
    i.set_defaults(handler=cmd_ics)

    o = msub.add_parser("outcome", parents=[parent], help="record whether a meeting took place")
    o.add_argument("meeting_id")
    o.add_argument("outcome", choices=["held", "no_show"])
    o.add_argument("--note", metavar="TEXT", help="result notes")
    o.add_argument("--agent", metavar="USER", help="who records it")
    o.add_argument("--at", metavar="T", help=argparse.SUPPRESS)
    o.set_defaults(handler=cmd_outcome)

    c = msub.add_parser("cancel", parents=[parent], help="cancel a meeting")
    c.add_argument("meeting_id")
    c.add_argument("--note", metavar="TEXT", help="why")
    c.add_argument("--agent", metavar="USER", help="who cancels")
    c.set_defaults(handler=cmd_cancel)

    br = msub.add_parser("brief", parents=[parent], help="the one-page brief for the rep")
    br.add_argument("meeting_id")
    br.add_argument("--lang", choices=["pl", "en"], default="pl")
    br.add_argument("--html", metavar="FILE", help="also write it as an HTML page")
    br.set_defaults(handler=cmd_brief)

    sh = msub.add_parser("show", parents=[parent], help="a meeting and its history")
    sh.add_argument("meeting_id")
    sh.set_defaults(handler=cmd_show)


# ---- helpers ----------------------------------------------------------------------------


def _refused(args: argparse.Namespace, exc: BookingRefused) -> dict[str, Any]:
    """Exit 1 with the reason and the alternatives (the CLI's error shape, extended)."""
    out = exc.as_dict()
    if isinstance(exc, NoTerritory):
        out["supervisor"] = exc.supervisor
    if args.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        lines = [f"prospector: {exc.message}"]
        lines += [f"  try {_slot_line(a)}" for a in out["alternatives"]]
        sys.stderr.write("\n".join(lines) + "\n")
    return {"_exit": 1}


def _slot_line(slot: dict[str, Any]) -> str:
    from datetime import datetime

    start, end = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
    return (
        f"{DAY_ABBR[start.weekday()]} {start:%Y-%m-%d %H:%M}–{end:%H:%M}  "
        f"{slot['rep_code']} {slot['rep_name']} ({slot['territory']})"
    )


def _user_id(session: Session, username: str | None) -> Any:
    if not username:
        return None
    uid = session.scalar(select(User.id).where(User.username == username))
    if uid is None:
        raise NotFound(f"Unknown user {username!r}.")
    return uid


def _now(args: argparse.Namespace) -> Any:
    return svc.parse_time(args.at) if getattr(args, "at", None) else None


# ---- commands --------------------------------------------------------------------------


def cmd_slots(args: argparse.Namespace) -> dict[str, Any]:
    now = _now(args)
    after = svc.parse_time(args.start) if args.start else None
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            found = svc.find_slots(
                session, args.id, after=after, count=args.count, minutes=args.minutes, now=now
            )
    except BookingRefused as exc:
        return _refused(args, exc)
    finally:
        db.dispose()
    result = found.as_dict()
    if not args.json:
        lines = [f"{found.company_name} ({found.location}), times in {found.timezone}:"]
        lines += [f"  {_slot_line(s)}" for s in result["slots"]]
        if not result["slots"]:
            lines.append("  no free slot in the next months")
        result["text"] = "\n".join(lines)
    return result


def cmd_book(args: argparse.Namespace) -> dict[str, Any]:
    now = _now(args)
    start = svc.parse_time(args.start)
    profile, db = open_workspace(args.profile)
    settings = Settings(profile)
    mode = (
        BookingMode.OFFLINE
        if args.tentative or settings.get("sync/server")
        else (BookingMode.LOCAL)
    )
    try:
        with db.session() as session:
            campaign_id = None
            if args.campaign:
                campaign_id = session.scalar(
                    select(Campaign.id).where(Campaign.key == args.campaign)
                )
                if campaign_id is None:
                    raise NotFound(f"Unknown campaign {args.campaign!r}.")
            request = svc.BookingRequest(
                company_id=args.id,
                rep=args.rep,
                start=start,
                minutes=args.minutes,
                contact_id=svc.parse_id(args.contact, "contact") if args.contact else None,
                campaign_id=campaign_id,
                booked_by=(
                    _user_id(session, args.agent)
                    if args.agent
                    else _quiet_user(session, settings.get("agent/username"))
                ),
                place=args.place,
                offer=args.offer,
                notes=args.note,
                directions=args.directions,
            )
            booked = svc.book(session, request, mode=mode, now=now)
    except BookingRefused as exc:
        return _refused(args, exc)
    finally:
        db.dispose()
    result = booked.as_dict()
    if not args.json:
        if booked.meeting_id is not None:
            result["text"] = (
                f"{booked.status.value}: meeting {booked.meeting_id} at {result['start']}"
            )
        else:
            lines = [f"conflict: {booked.reason}"]
            lines += [f"  try {_slot_line(a)}" for a in result["alternatives"]]
            result["text"] = "\n".join(lines)
    return result


def _quiet_user(session: Session, username: str | None) -> Any:
    """The remembered user, if still known (a stale setting is not an error)."""
    if not username:
        return None
    return session.scalar(select(User.id).where(User.username == username))


def cmd_ics(args: argparse.Namespace) -> dict[str, Any]:
    from app.services import ics

    since = svc.parse_time(args.since) if args.since else None
    out = Path(args.out)
    if args.meeting and args.rep:
        raise UserError("Give --meeting or --rep, not both.")
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            if args.meeting:
                data = ics.meeting_ics(session, args.meeting)
                info: dict[str, Any] = {"meetings": 1, "rep": None, "meeting": args.meeting}
            else:
                data, info = ics.feed(session, args.rep, since=since)
    finally:
        db.dispose()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Cannot write {out}: {exc.strerror}.") from exc
    result = {"out": str(out), **info}
    if not args.json:
        result["text"] = f"{info['meetings']} meeting(s) written to {out}"
    return result


def cmd_outcome(args: argparse.Namespace) -> dict[str, Any]:
    now = _now(args)
    _, db = open_workspace(args.profile)
    try:
        with db.session() as session:
            records.record_outcome(
                session,
                args.meeting_id,
                args.outcome,
                notes=args.note,
                actor_id=_user_id(session, args.agent),
                now=now,
            )
            meeting = svc.get_meeting(session, args.meeting_id)
            result = {
                "meeting_id": str(meeting.id),
                "status": meeting.status.value,
                "outcome": meeting.outcome,
                "notes": meeting.outcome_notes,
            }
    except BookingRefused as exc:
        return _refused(args, exc)
    finally:
        db.dispose()
    return result


def cmd_cancel(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    try:
        with db.session() as session:
            records.cancel(
                session, args.meeting_id, actor_id=_user_id(session, args.agent), note=args.note
            )
            meeting = svc.get_meeting(session, args.meeting_id)
            result = {"meeting_id": str(meeting.id), "status": meeting.status.value}
    except BookingRefused as exc:
        return _refused(args, exc)
    finally:
        db.dispose()
    return result


def cmd_brief(args: argparse.Namespace) -> dict[str, Any]:
    from app.services.rep_brief import brief_html, brief_text, build_brief

    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            brief = build_brief(session, args.meeting_id, lang=args.lang)
    finally:
        db.dispose()
    if args.html:
        path = Path(args.html)
        try:
            path.write_text(brief_html(brief), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"Cannot write {path}: {exc.strerror}.") from exc
    return {**brief, "text": brief_text(brief)}


def cmd_show(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            meeting = svc.get_meeting(session, args.meeting_id)
            result = records.meeting_dict(session, meeting)
            result["history"] = records.history(session, meeting.id)
    finally:
        db.dispose()
    if not args.json:
        lines = [
            f"{result['status']}: {result['company']['name']}, {result['start']} "
            f"({result['rep']['code']} {result['rep']['name']})"
        ]
        lines += [
            f"  {h['at']}  {h['kind']}: {h['from'] or '-'} → {h['to'] or '-'}"
            f"{'  ' + h['by'] if h['by'] else ''}{'  ' + h['note'] if h['note'] else ''}"
            for h in result["history"]
        ]
        result["text"] = "\n".join(lines)
    return result
