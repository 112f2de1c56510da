"""`prospector review show|score|list`: call review (quality control)."""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from app.errors import UserError
from app.services import reviews
from app.services.workspace import open_workspace


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("review", help="review calls on the campaign scorecard")
    psub = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    show = psub.add_parser("show", parents=[parent], help="a call as the reviewer sees it")
    show.add_argument("attempt", help="call attempt id")
    show.set_defaults(handler=cmd_show)
    score = psub.add_parser("score", parents=[parent], help="score a call")
    score.add_argument("attempt", help="call attempt id")
    score.add_argument("--by", required=True, metavar="USER", help="the reviewing supervisor")
    score.add_argument("--score", action="append", default=[], metavar="KEY=N",
                       help="a criterion's score (repeat for every criterion)")
    score.add_argument("--comment", help="feedback for the agent")
    score.set_defaults(handler=cmd_score)
    lst = psub.add_parser("list", parents=[parent], help="an agent's reviews, newest first")
    lst.add_argument("--agent", required=True, metavar="USER")
    lst.add_argument("--limit", type=int, default=50)
    lst.set_defaults(handler=cmd_list)


def _attempt_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise UserError(f"{text!r} is not a call attempt id.") from None


def _scores(pairs: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        try:
            out[key.strip()] = int(value)
        except ValueError:
            raise UserError(f"--score {pair!r}: write KEY=N with a whole number N.") from None
        if not sep:
            raise UserError(f"--score {pair!r}: write KEY=N.")
    return out


def cmd_show(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            return reviews.call_for_review(session, _attempt_id(args.attempt))
    finally:
        db.dispose()


def cmd_score(args: argparse.Namespace) -> dict[str, Any]:
    attempt = _attempt_id(args.attempt)
    scores = _scores(args.score)
    _, db = open_workspace(args.profile)
    try:
        with db.session() as session:
            change = reviews.review_call(session, attempt, reviewer=args.by, scores=scores,
                                         comment=args.comment)
    finally:
        db.dispose()
    result: dict[str, Any] = {"review_id": str(change.review_id),
                              "attempt_id": str(change.attempt_id),
                              "created": change.created, "total": change.total}
    if not args.json:
        result["text"] = f"Review {'saved' if change.created else 'updated'}: {change.total:.1f}/100."
    return result


def cmd_list(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            rows = reviews.reviews_for_agent(session, args.agent, limit=args.limit)
            unseen = reviews.unseen_count(session, args.agent)
    finally:
        db.dispose()
    return {"reviews": rows, "unseen": unseen}
