"""HTTP endpoints for meetings, to mount on the central server.

``create_meetings_router(session_dependency, ...)`` returns an ``APIRouter`` (prefix
``/meetings``) built on :mod:`app.services.meetings`; the server supplies how a request
gets its database session (one unit of work per request) and who is asking:

- ``GET  /meetings/slots?company_id=ID[&from=T][&count=N][&minutes=M]`` → ``{"slots":
  [{"rep", "rep_code", "rep_name", "start", "end", "timezone", "territory"}], "reps":
  [...], "timezone", "company"}``; 422 ``{"error", "code": "no_territory", "supervisor"}``
  when no territory covers the address.
- ``POST /meetings/book`` (JSON: ``company_id``, ``rep`` (code or id), ``start`` (ISO
  8601; no offset = Europe/Warsaw), optional ``minutes``, ``contact_id``,
  ``campaign_id``, ``attempt_id``, ``offer``, ``notes``, ``place``, ``directions``,
  ``meeting_id`` (client-made: a retried request books once)). The server is the
  authority: 200 ``{"status": "confirmed", "meeting_id", ...}`` holds the slot (committed
  before the answer); 409 ``{"status": "conflict", "reason", "alternatives": [...]}``
  is the clash; 422 ``{"error", "code", "alternatives"}`` a request that cannot be booked
  (outside hours or territory, past, holiday, absence); 404 ``{"error"}`` an unknown id.
- ``GET  /meetings/{id}.ics`` → one meeting as ``text/calendar`` (with its brief).

``on_changes(session, changes)`` runs in the booking's transaction before the commit —
the place to stamp ``server_rev`` on the rows listed in ``changes``.

(No ``from __future__ import annotations`` here: FastAPI reads the endpoints'
annotations at run time, and the dependencies are local to the factory.)
"""

import uuid
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services import meetings as svc
from app.services.meetings import BookingMode, BookingRefused, MeetingChanges, NoTerritory
from models import MeetingStatus

SessionDependency = Callable[..., Iterator[Session]] | Callable[..., Session]
ActorDependency = Callable[..., uuid.UUID | None]
OnChanges = Callable[[Session, MeetingChanges], None]


class BookBody(BaseModel):
    company_id: uuid.UUID
    rep: str = Field(min_length=1, max_length=64, description="rep code or id")
    start: str = Field(min_length=10, max_length=40, description="ISO 8601")
    minutes: int | None = None
    contact_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    attempt_id: uuid.UUID | None = None
    offer: str | None = Field(default=None, max_length=4000)
    notes: str | None = Field(default=None, max_length=4000)
    place: str | None = Field(default=None, max_length=300)
    directions: str | None = Field(default=None, max_length=2000)
    meeting_id: uuid.UUID | None = None


def _nobody() -> uuid.UUID | None:
    return None


def _refused(exc: BookingRefused) -> JSONResponse:
    body = exc.as_dict()
    if isinstance(exc, NoTerritory):
        body["supervisor"] = exc.supervisor
    return JSONResponse(body, status_code=422)


def create_meetings_router(
    session_dependency: SessionDependency,
    *,
    actor_dependency: ActorDependency = _nobody,
    on_changes: OnChanges | None = None,
) -> APIRouter:
    """The meetings endpoints over the sessions ``session_dependency`` gives (a FastAPI
    dependency yielding a :class:`Session`); ``actor_dependency`` returns the user id
    that books (None: unknown)."""
    router = APIRouter(prefix="/meetings", tags=["meetings"])
    SessionDep = Annotated[Session, Depends(session_dependency)]
    ActorDep = Annotated[uuid.UUID | None, Depends(actor_dependency)]

    @router.get("/slots")
    def slots(
        session: SessionDep,
        company_id: str,
        start: Annotated[str | None, Query(alias="from")] = None,
        count: Annotated[int, Query(ge=1, le=200)] = 10,
        minutes: int | None = None,
    ) -> Any:
        try:
            after = svc.parse_time(start) if start else None
            found = svc.find_slots(session, company_id, after=after, count=count, minutes=minutes)
        except BookingRefused as exc:
            return _refused(exc)
        except NotFound as exc:
            return JSONResponse({"error": exc.message}, status_code=404)
        except UserError as exc:
            return JSONResponse({"error": exc.message}, status_code=422)
        return found.as_dict()

    @router.post("/book")
    def book(body: BookBody, session: SessionDep, actor: ActorDep) -> Any:
        try:
            request = svc.BookingRequest(
                company_id=body.company_id,
                rep=body.rep,
                start=svc.parse_time(body.start),
                minutes=body.minutes,
                contact_id=body.contact_id,
                campaign_id=body.campaign_id,
                attempt_id=body.attempt_id,
                booked_by=actor,
                place=body.place,
                offer=body.offer,
                notes=body.notes,
                directions=body.directions,
                meeting_id=body.meeting_id,
            )
            result = svc.book(session, request, mode=BookingMode.SERVER)
            if result.changes and on_changes is not None:
                on_changes(session, result.changes)
            session.commit()  # the slot is held before the agent hears "confirmed"
        except BookingRefused as exc:
            session.rollback()
            return _refused(exc)
        except NotFound as exc:
            session.rollback()
            return JSONResponse({"error": exc.message}, status_code=404)
        except UserError as exc:
            session.rollback()
            return JSONResponse({"error": exc.message}, status_code=422)
        code = 409 if result.status is MeetingStatus.CONFLICT else 200
        return JSONResponse(result.as_dict(), status_code=code)

    @router.get("/{meeting_id}.ics")
    def one_ics(meeting_id: str, session: SessionDep) -> Any:
        from app.services.ics import meeting_ics

        try:
            data = meeting_ics(session, meeting_id)
        except NotFound as exc:
            return JSONResponse({"error": exc.message}, status_code=404)
        return Response(
            data,
            media_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{meeting_id}.ics"'},
        )

    return router
