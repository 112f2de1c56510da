"""`prospector queue next` and `prospector queue explain`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from app.errors import UserError
from app.services.companies import parse_company_id
from app.services.workspace import open_workspace

WARSAW = ZoneInfo("Europe/Warsaw")


def parse_when(text: str | None, option: str = "--at") -> dt.datetime:
    """An ISO 8601 time from the command line, aware and in UTC; without an offset it is
    Europe/Warsaw time; None means now."""
    if text is None:
        return dt.datetime.now(dt.UTC)
    raw = text.strip()
    try:
        value = dt.datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith("Z") else raw)
    except ValueError:
        raise UserError(
            f"Cannot read the time {text!r} for {option}: use ISO 8601, e.g. "
            "2026-03-02T14:30 (Warsaw time) or 2026-03-02T13:30Z."
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=WARSAW)
    return value.astimezone(dt.UTC)


def iso(at: dt.datetime | None) -> str | None:
    """A time for the JSON output: ISO 8601 in Warsaw time, with its offset."""
    return at.astimezone(WARSAW).isoformat() if at is not None else None


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("queue", help="the call queue: next lead, why (not) callable")
    qsub = p.add_subparsers(dest="queue_command", metavar="ACTION", required=True)

    n = qsub.add_parser("next", parents=[parent], help="lease the next lead to an agent")
    n.add_argument("--campaign", required=True, metavar="KEY", help="campaign key")
    n.add_argument("--agent", required=True, metavar="USER", help="agent's username")
    n.add_argument("--at", metavar="T", help="as if at this time (ISO 8601; default now)")
    n.set_defaults(handler=cmd_next)

    e = qsub.add_parser("explain", parents=[parent], help="why a lead can or cannot be called")
    e.add_argument("id", help="company id")
    e.add_argument("--campaign", required=True, metavar="KEY", help="campaign key")
    e.add_argument("--at", metavar="T", help="as if at this time (ISO 8601; default now)")
    e.add_argument("--agent", metavar="USER", help="the agent asking (their own lease is fine)")
    e.set_defaults(handler=cmd_explain)


def cmd_next(args: argparse.Namespace) -> dict[str, Any]:
    from app.services.queue import next_lead

    at = parse_when(args.at)
    _, db = open_workspace(args.profile)
    try:
        with db.session() as session:
            got = next_lead(session, args.campaign, args.agent, at)
    finally:
        db.dispose()
    result: dict[str, Any] = {
        "company_id": str(got.company_id) if got.company_id else None,
        "reason": got.reason,
        "lease_expires": iso(got.lease_expires),
        "why_empty": got.why_empty,
    }
    if not args.json:
        result["text"] = (
            f"{got.company_id} ({got.reason}), leased until {iso(got.lease_expires)}"
            if got.company_id
            else f"Nothing to call. {got.why_empty}"
        )
    return result


def cmd_explain(args: argparse.Namespace) -> dict[str, Any]:
    from app.services.queue import explain

    company_id = parse_company_id(args.id)
    at = parse_when(args.at)
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            why = explain(session, company_id, args.campaign, at, agent_username=args.agent)
    finally:
        db.dispose()
    result: dict[str, Any] = {
        "callable": why.callable,
        "reasons": why.reasons,
        "next_callable_at": iso(why.next_callable_at),
    }
    if not args.json:
        if why.callable:
            result["text"] = "Callable now."
        else:
            lines = ["Not callable now:", *(f"  - {r}" for r in why.reasons)]
            lines.append(
                f"Next callable at {iso(why.next_callable_at)}."
                if why.next_callable_at
                else "Not callable again under the current rules."
            )
            result["text"] = "\n".join(lines)
    return result
