"""`prospector sync`: send this workspace's outbox to the server and fetch its changes."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.errors import UserError


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "sync",
        parents=[parent],
        help="sync this workspace with the central server",
        description="Push the outbox, then pull the server's changes. Prints "
        '{"pushed", "pulled", "conflicts", "pending"}. A server that cannot be reached '
        "is exit status 1; the outbox is kept.",
    )
    p.add_argument("--server", metavar="URL", help="server URL (default: the sync/server setting)")
    p.add_argument("--username", help="user to sign in as (default: the stored sign-in)")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.add_argument("--lease", metavar="CAMPAIGN", help="first take leads of this campaign")
    p.add_argument("--count", type=int, default=50, help="how many leads with --lease (50)")
    p.add_argument("--hours", type=float, help="lease length in hours (server default)")
    p.set_defaults(handler=cmd_sync)


def cmd_sync(args: argparse.Namespace) -> dict[str, Any]:
    from app.config import Settings
    from app.services.workspace import open_workspace
    from app.sync.engine import Credentials, SyncEngine

    profile, db = open_workspace(args.profile, create=True)
    try:
        server = args.server or Settings(profile).get("sync/server")
        if not server:
            raise UserError("Give the server with --server URL (or set sync/server).")
        password: str | None = None
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise UserError("No password on standard input.")
            if not args.username:
                raise UserError("--password-stdin needs --username.")

        def credentials() -> Credentials | None:
            if password is None or not args.username:
                return None
            return Credentials(args.username, password)

        engine = SyncEngine(db, server, credentials, username=args.username, retries=2,
                            backoff_s=0.25)
        leased = None
        if args.lease:
            engine.push()
            leased = len(engine.request_leases(args.lease, args.count, args.hours))
        result = engine.sync_once()
        out: dict[str, Any] = result.as_dict()
        if leased is not None:
            out["leased"] = leased
        if not args.json:
            out["text"] = (
                f"Sent {result.pushed} change(s), received {result.pulled}; "
                f"{result.conflicts} conflict(s); {result.pending} waiting."
                + (f" Leased {leased} lead(s)." if leased is not None else "")
                + (f" {result.rejected} refused by the server (kept)." if result.rejected else "")
            )
        return out
    finally:
        db.dispose()
