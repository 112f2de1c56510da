"""The FastAPI application of the central server.

``create_app(db_url)`` connects to the database (which must be migrated to the head
revision — ``prospector server`` migrates it before starting), makes sure the change
sequence and a token-signing key exist, and returns the app. The app keeps nothing
between requests but the engine and what it read at start, so any number of worker
processes can serve one database.
"""

from __future__ import annotations

import functools
import logging
import os
import uuid
from collections.abc import Iterator
from typing import Any

from alembic.script import ScriptDirectory
from argon2 import PasswordHasher
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__
from app.db import Database, create_server_engine
from app.errors import NotFound, UserError
from app.server import changes
from app.server.auth import Accounts, TokenSigner
from app.server.deps import Caller, ServerState, State, current_principal
from app.server.pull import CursorAhead
from app.server.routes import public, router
from app.server.settings import ServerSettings
from models import Base, migrate

log = logging.getLogger(__name__)

DB_ENV = "PROSPECTOR_SERVER_DB"


class ServerDatabaseError(UserError):
    """The server database cannot be used (unreachable, not migrated, newer)."""


@functools.cache
def _revisions() -> tuple[tuple[str, ...], str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    chain = tuple(rev.revision for rev in reversed(list(script.walk_revisions())))
    heads = script.get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads")
    return chain, heads[0]


def schema_chain() -> list[str]:
    """Schema revisions, oldest first (read once per process)."""
    return list(_revisions()[0])


def schema_head() -> str:
    return _revisions()[1]


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, whether announced by
    Content-Length or not."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                await _too_large(send, limit)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise StarletteHTTPException(413, _too_large_text(limit))
            return message

        await self.app(scope, counted, send)


def _too_large_text(limit: int) -> str:
    return f"The request is larger than the server accepts ({limit // 1024} KiB); send less."


async def _too_large(send: Send, limit: int) -> None:
    body = ('{"detail":"' + _too_large_text(limit) + '"}').encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _problem(status: int, detail: str, **headers: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers or None)


def create_app(
    db_url: str,
    *,
    settings: ServerSettings | None = None,
    hasher: PasswordHasher | None = None,
) -> FastAPI:
    settings = settings or ServerSettings()
    engine = create_server_engine(db_url)
    try:
        current = migrate.current_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise ServerDatabaseError(f"Cannot open the server database ({exc.orig}).") from exc
    head = schema_head()
    if current != head:
        engine.dispose()
        raise ServerDatabaseError(
            f"The server database is at schema {current or 'none'}, this server needs {head}. "
            "Start it with 'prospector server --db URL', which migrates it first."
        )
    changes.prepare(engine)
    with Session(engine) as session:
        signer = TokenSigner.load(session)
    hasher = hasher or PasswordHasher()
    state = ServerState(
        db=Database(engine),
        settings=settings,
        accounts=Accounts(settings, signer, hasher),
        chain=schema_chain(),
        head=head,
        hasher=hasher,
    )
    app = FastAPI(
        title="Prospector server",
        version=__version__,
        description="Central server of Prospector: accounts, leases, offline sync. "
        "See docs/sync.md.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.prospector = state
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.include_router(public)
    app.include_router(router)
    _mount_meetings(app)
    _handlers(app)
    return app


def _meetings_session(st: State) -> Iterator[Session]:
    with st.db.read() as s:  # the meetings endpoints commit their own writes
        yield s


def _meetings_actor(caller: Caller) -> uuid.UUID | None:
    return caller.user_id


def _stamp_meeting_changes(session: Session, done: Any) -> None:
    """Give the rows a booking changed their revisions (in its transaction)."""
    revs = changes.Revisions(session)
    for name, ids in (
        ("meetings", done.meetings),
        ("meeting_events", done.events),
        ("meeting_tasks", done.tasks),
        ("callbacks", done.callbacks),
    ):
        table = Base.metadata.tables[name]
        for row_id in ids:
            session.execute(
                update(table).where(table.c.id == row_id).values(server_rev=revs.next())
            )
    revs.finish()


def _mount_meetings(app: FastAPI) -> None:
    """The meetings endpoints (``app/server/meetings_api.py``), behind the same sign-in
    and schema check, their changes stamped with revisions so that they sync."""
    from app.server.meetings_api import create_meetings_router

    app.include_router(
        create_meetings_router(
            _meetings_session, actor_dependency=_meetings_actor,
            on_changes=_stamp_meeting_changes,
        ),
        prefix="/api/v1",
        dependencies=[Depends(current_principal)],
    )


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _problem(404, exc.message)

    @app.exception_handler(UserError)
    async def user_error(_: Request, exc: UserError) -> JSONResponse:
        return _problem(400, exc.message)

    @app.exception_handler(CursorAhead)
    async def cursor_ahead(_: Request, exc: CursorAhead) -> JSONResponse:
        return _problem(410, str(exc))

    @app.exception_handler(IntegrityError)
    async def integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        # Two requests raced for the same key (a batch sent twice at once …): the retry
        # sees the other's result.
        log.warning("integrity error: %s", exc.orig)
        return _problem(503, "The change collided with a simultaneous one; try again.",
                        **{"Retry-After": "1"})

    @app.exception_handler(OperationalError)
    async def unavailable(_: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable or busy: %s", exc.orig)
        return _problem(503, "The database is busy or unavailable; try again.", **{
            "Retry-After": "2"
        })

    @app.exception_handler(DBAPIError)
    async def db_error(_: Request, exc: DBAPIError) -> JSONResponse:
        log.error("database error: %s", exc.orig)
        return _problem(503, "The database refused the request; try again later.", **{
            "Retry-After": "5"
        })

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
        return _problem(500, "Internal error; the details are in the server log.")


def app_from_env() -> FastAPI:
    """The uvicorn factory for worker processes (``PROSPECTOR_SERVER_DB``)."""
    from app.logs import setup_logging

    setup_logging(os.environ.get("PROSPECTOR_HOME"))
    url = os.environ.get(DB_ENV)
    if not url:
        raise ServerDatabaseError(f"Set {DB_ENV} to the database URL.")
    return create_app(url)


def openapi_document(db_url: str) -> dict[str, Any]:
    return create_app(db_url).openapi()
