"""`prospector call log`: record a call exactly as the console's disposition bar does."""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from app.commands.queue import parse_when
from app.errors import NotFound, UserError
from app.services.companies import parse_company_id
from app.services.workspace import open_workspace


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("call", help="record calls")
    csub = p.add_subparsers(dest="call_command", metavar="ACTION", required=True)
    log = csub.add_parser("log", parents=[parent], help="record a call and its disposition")
    log.add_argument("id", help="company id")
    log.add_argument("--campaign", required=True, metavar="KEY", help="campaign key")
    log.add_argument("--agent", required=True, metavar="USER", help="agent's username")
    log.add_argument("--disposition", required=True, metavar="CODE", help="disposition code")
    log.add_argument("--note", metavar="TEXT", help="the agent's note")
    log.add_argument("--callback", metavar="T", help="call back at this time (ISO 8601)")
    log.add_argument("--shared", action="store_true", help="any agent of the campaign may call")
    log.add_argument("--contact", metavar="ID", help="the contact spoken to")
    log.add_argument("--at", metavar="T", help="when the call was made (default now)")
    log.set_defaults(handler=cmd_log)


def cmd_log(args: argparse.Namespace) -> dict[str, Any]:
    from app.services.calls import log_call

    company_id = parse_company_id(args.id)
    at = parse_when(args.at)
    if args.shared and not args.callback:
        raise UserError("--shared needs --callback (it shares the callback with the team).")
    callback = parse_when(args.callback, "--callback") if args.callback else None
    contact = _contact_id(args.contact) if args.contact else None
    _, db = open_workspace(args.profile)
    try:
        with db.session() as session:
            result = log_call(
                session,
                company_id,
                args.campaign,
                args.agent,
                args.disposition,
                note=args.note,
                callback_at=callback,
                shared=args.shared,
                at=at,
                contact_id=contact,
            )
    finally:
        db.dispose()
    if not args.json:
        queue = result["queue"]
        text = f"Logged {args.disposition}; the lead is now {queue['status']}"
        if queue["next_attempt_at"]:
            text += f", next attempt {queue['next_attempt_local']}"
        if result["callback"]:
            text += f"; callback {result['callback']['due_local']}"
        result["text"] = text + "."
    return result


def _contact_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise NotFound(f"No contact with id {raw!r} (not a valid id).") from None
