"""`prospector server` (run the central server) and `prospector server create-user`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from app.config import resolve_profile
from app.errors import UserError

log = logging.getLogger(__name__)


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "server",
        parents=[parent],
        help="run the central sync server",
        description="Run the central server (FastAPI + uvicorn). The database is migrated "
        "on start. SQLite file in the profile by default; production: "
        "postgresql+psycopg://user@host/db.",
    )
    p.add_argument("--db", metavar="URL", help="database URL (default: server.sqlite3 in the profile)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (8765)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (1)")
    p.set_defaults(handler=cmd_serve)
    actions = p.add_subparsers(dest="server_command", metavar="ACTION")
    cu = actions.add_parser(
        "create-user", parents=[parent], help="add an account (password read from stdin)"
    )
    cu.add_argument("--db", metavar="URL", help="database URL (default: as for the server)")
    cu.add_argument("--username", required=True)
    cu.add_argument("--role", required=True, choices=("agent", "supervisor", "admin"))
    cu.add_argument("--team", help="team name (agents and supervisors)")
    cu.add_argument("--full-name", help="the person's name (default: the user name)")
    cu.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    cu.set_defaults(handler=cmd_create_user)


def _db_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    profile = resolve_profile(args.profile).ensure()
    return f"sqlite:///{profile.root / 'server.sqlite3'}"


def prepare_database(url: str) -> str:
    """Migrate the server database to the head revision (or refuse clearly)."""
    from sqlalchemy.exc import DBAPIError

    from app.db import create_server_engine
    from app.server import changes
    from models import migrate

    if url.startswith("sqlite:///"):
        Path(url.split("///", 1)[1]).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_server_engine(url)
    try:
        try:
            current = migrate.current_revision(engine)
        except DBAPIError as exc:
            raise UserError(
                f"Cannot open the server database {_safe(url)}: {exc.orig}".strip()
            ) from exc
        head = migrate.head_revision()
        if current is not None and current not in migrate.known_revisions():
            raise UserError(
                f"The database {_safe(url)} has schema {current}, newer than this Prospector "
                f"({head}). Update Prospector; nothing was changed."
            )
        if current != head:
            log.info("migrating the server database %s -> %s", current, head)
            try:
                migrate.upgrade(engine)
            except DBAPIError as exc:
                raise UserError(
                    f"Could not migrate the server database {_safe(url)} ({exc.orig}); "
                    "nothing was started."
                ) from exc
        changes.prepare(engine)
        return head
    finally:
        engine.dispose()


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only for the message
        return "(the given URL)"


def cmd_serve(args: argparse.Namespace) -> dict[str, Any]:
    import uvicorn

    from app.server.app import DB_ENV, create_app

    url = _db_url(args)
    head = prepare_database(url)
    if args.workers < 1:
        raise UserError("--workers must be at least 1.")
    sys.stderr.write(
        f"Prospector server on http://{args.host}:{args.port}/api/v1 (schema {head}, "
        f"{args.workers} worker(s), database {_safe(url)})\n"
    )
    if args.workers == 1:
        app = create_app(url)
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
    else:
        os.environ[DB_ENV] = url
        if args.profile:
            os.environ["PROSPECTOR_HOME"] = str(args.profile)
        uvicorn.run(
            "app.server.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
            access_log=False,
        )
    return {"stopped": True, "host": args.host, "port": args.port}


def cmd_create_user(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy.orm import Session

    from app.db import create_server_engine
    from app.server.auth import create_user

    if not args.password_stdin:
        raise UserError("Give the password on standard input with --password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("No password on standard input.")
    url = _db_url(args)
    prepare_database(url)
    engine = create_server_engine(url)
    try:
        with Session(engine) as session, session.begin():
            try:
                user = create_user(
                    session, args.username, args.role, password,
                    full_name=args.full_name, team=args.team,
                )
            except ValueError as exc:
                raise UserError(str(exc)) from exc
            out = {
                "id": str(user.id),
                "username": user.username,
                "role": args.role,
                "team": user.team,
                "full_name": user.full_name,
            }
    finally:
        engine.dispose()
    out["text"] = f"User {out['username']} ({out['role']}) created."
    if getattr(args, "json", False):
        out.pop("text")
    return out
