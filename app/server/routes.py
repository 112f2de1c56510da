"""The HTTP endpoints under ``/api/v1``. Each runs one unit of work (``Database.session``)
in FastAPI's worker threads; no state lives between requests."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app import __version__
from app.server import admin, conflicts, erasure, leases
from app.server.auth import AuthError, Issued, Throttled, create_user
from app.server.deps import AdminCaller, Caller, Schema, StaffCaller, State
from app.server.pull import pull, rows_of_lead
from app.server.push import Incoming, apply_push
from app.server.schemas import (
    ActiveLeasesOut,
    CampaignIn,
    CampaignOut,
    ConflictsOut,
    ErasureIn,
    ErasureOut,
    Health,
    LeadOut,
    LeaseIn,
    LeasesOut,
    LiftIn,
    LiftOut,
    LoginIn,
    LogoutOut,
    Problem,
    PullOut,
    PushIn,
    PushOut,
    RefreshIn,
    ReleaseIn,
    ReleaseOut,
    SettleIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
    UsersOut,
)
from app.server.scope import Scope
from app.sync.protocol import DEFAULT_PULL_LIMIT, Cursor
from models import User, utcnow

log = logging.getLogger(__name__)

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem},
    401: {"model": Problem},
    403: {"model": Problem},
    409: {"model": Problem},
    413: {"model": Problem},
    422: {"model": Problem},
    426: {"model": Problem},
}

public = APIRouter(prefix="/api/v1")
router = APIRouter(prefix="/api/v1", responses=ERRORS)



@public.get("/health", response_model=Health, tags=["meta"])
def health(st: State) -> dict[str, Any]:
    """Liveness and the schema revision; needs no token."""
    try:
        with st.db.read() as s:
            s.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any database failure means "not healthy"
        log.warning("health: database unavailable: %s", exc)
        raise HTTPException(503, "The database is unavailable.") from exc
    return {"status": "ok", "schema": st.head, "version": __version__, "time": utcnow()}


# ---- accounts ---------------------------------------------------------------------------


def _token_out(issued: Issued, now: dt.datetime) -> dict[str, Any]:
    return {
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires_in": int((issued.access_expires_at - now).total_seconds()),
        "expires_at": issued.access_expires_at,
        "refresh_token": issued.refresh_token,
        "refresh_expires_at": issued.refresh_expires_at,
        "user": admin.user_dict(issued.user),
        "device_id": issued.device_id,
    }


@router.post("/auth/login", response_model=TokenOut, tags=["accounts"],
             responses={429: {"model": Problem}})
def login(body: LoginIn, request: Request, st: State, schema: Schema) -> dict[str, Any]:
    """Sign in: a short-lived access token and a refresh token. Repeated failures lock
    the user name (and the address) for a while: 429 with Retry-After."""
    client = request.client.host if request.client else "unknown"
    try:
        with st.db.session() as s:
            issued = st.accounts.login(
                s, body.username, body.password, client, body.device_id, body.device_name, schema
            )
    except Throttled as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after)}) from exc
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    return _token_out(issued, utcnow())


@router.post("/auth/refresh", response_model=TokenOut, tags=["accounts"])
def refresh(body: RefreshIn, st: State, _schema: Schema) -> dict[str, Any]:
    """A new token pair for a refresh token (which is used up)."""
    try:
        with st.db.session() as s:
            issued = st.accounts.refresh(s, body.refresh_token)
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    return _token_out(issued, utcnow())


@router.post("/auth/logout", response_model=LogoutOut, tags=["accounts"])
def logout(body: RefreshIn, st: State, _schema: Schema) -> dict[str, Any]:
    with st.db.session() as s:
        return {"ended": st.accounts.logout(s, body.refresh_token)}


@router.get("/me", response_model=UserOut, tags=["accounts"])
def me(caller: Caller, st: State) -> dict[str, Any]:
    with st.db.read() as s:
        user = s.get(User, caller.user_id)
        assert user is not None
        return admin.user_dict(user)


@router.get("/users", response_model=UsersOut, tags=["admin"])
def users(st: State, caller: StaffCaller) -> dict[str, Any]:
    """Administrators: every user; supervisors: their team."""
    with st.db.read() as s:
        return {"users": admin.list_users(s, caller)}


@router.post("/users", response_model=UserOut, status_code=201, tags=["admin"])
def add_user(body: UserIn, st: State, caller: AdminCaller) -> dict[str, Any]:
    try:
        with st.db.session() as s:
            user = create_user(
                s, body.username, body.role, body.password, full_name=body.full_name,
                team=body.team, hasher=st.hasher,
            )
            out = admin.user_dict(user)
    except ValueError as exc:
        raise HTTPException(409 if "taken" in str(exc) else 400, str(exc)) from exc
    log.info("user %s (%s) created by %s", body.username, body.role, caller.username)
    return out


@router.patch("/users/{user_id}", response_model=UserOut, tags=["admin"])
def change_user(
    user_id: uuid.UUID, body: UserPatch, st: State, caller: AdminCaller
) -> dict[str, Any]:
    with st.db.session() as s:
        return admin.update_user(s, user_id, body.model_dump(exclude_unset=True), st.hasher)


# ---- sync ---------------------------------------------------------------------------------


@router.post("/sync/push", response_class=JSONResponse, tags=["sync"],
             responses={200: {"model": PushOut, "description": "One result per mutation."}})
def push(body: PushIn, st: State, caller: Caller) -> JSONResponse:
    """Apply mutations in order, each exactly once per (device, mutation id). A retried
    batch gets the stored results (``duplicate`` with the ``original`` result)."""
    if caller.device_id is None:
        raise HTTPException(400, "Sign in with a device_id to push changes.")
    incoming = [
        Incoming(
            mutation_id=m.mutation_id,
            entity=m.entity,
            entity_id=m.entity_id,
            op=m.op,
            fields=m.fields,
            base_revs=m.base_revs,
            hlc=m.hlc,
            created_at=(
                m.created_at if m.created_at is None or m.created_at.tzinfo
                else m.created_at.replace(tzinfo=dt.UTC)
            ),
        )
        for m in body.mutations
    ]
    with st.db.session() as s:
        results = apply_push(s, caller, caller.device_id, incoming)
    return JSONResponse({"results": results})


@router.get(
    "/sync/pull",
    response_class=Response,
    tags=["sync"],
    responses={200: {"model": PullOut, "description": "One page of changes."}},
)
def pull_changes(
    st: State,
    caller: Caller,
    since: Annotated[str | None, Query(max_length=60, description="cursor ('next')")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = DEFAULT_PULL_LIMIT,
) -> Response:
    """Changes in the caller's scope after ``since``: suppressions and erasures first,
    then everything else in revision order. Apply a page and its ``next`` together."""
    try:
        cursor = Cursor.parse(since)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    limit = min(limit, st.settings.max_pull_limit)
    with st.db.read() as s:
        page = pull(s, caller, cursor, limit, st.settings)
    return Response(page.body(), media_type="application/json")


# ---- leases and leads --------------------------------------------------------------------


@router.post("/leases", response_model=LeasesOut, tags=["leases"])
def take_leases(body: LeaseIn, st: State, caller: Caller) -> dict[str, Any]:
    """Lease up to ``count`` open leads of a campaign for ``hours`` (an offline shift)."""
    if caller.role not in ("agent", "supervisor"):
        raise HTTPException(403, "Leases are for agents and supervisors who make calls.")
    with st.db.session() as s:
        campaign, granted = leases.grant(
            s, caller, body.campaign, body.count, body.hours, st.settings
        )
        key = campaign.key
    return {
        "campaign": key,
        "leases": [
            {
                "lease_id": g.lease_id,
                "queue_item_id": g.queue_item_id,
                "company_id": g.company_id,
                "expires_at": g.expires_at,
                "renewed": g.renewed,
            }
            for g in granted
        ],
    }


@router.get("/leases", response_model=ActiveLeasesOut, tags=["leases"])
def my_leases(st: State, caller: Caller) -> dict[str, Any]:
    with st.db.read() as s:
        return {"leases": leases.active_leases(s, caller)}


@router.post("/leases/release", response_model=ReleaseOut, tags=["leases"])
def give_back(body: ReleaseIn, st: State, caller: Caller) -> dict[str, Any]:
    with st.db.session() as s:
        return {"released": leases.release(s, caller, body.lease_ids)}


@router.get("/leads/{company_id}", response_model=LeadOut, tags=["leases"],
            responses={404: {"model": Problem}})
def lead(company_id: uuid.UUID, st: State, caller: Caller) -> dict[str, Any]:
    """A lead's current rows: administrators any; others a lead their team holds now."""
    with st.db.read() as s:
        if not Scope.of(s, caller, utcnow()).can_read_lead(s, company_id):
            raise HTTPException(404, "No such lead among your team's leads.")
        rows = rows_of_lead(s, company_id)
    if "companies" not in rows:
        raise HTTPException(404, "No such lead.")
    return {"company_id": company_id, "rows": rows}


# ---- conflicts ------------------------------------------------------------------------------


@router.get("/conflicts", response_model=ConflictsOut, tags=["conflicts"])
def list_conflicts(
    st: State,
    caller: Caller,
    status: Annotated[str | None, Query(pattern="^(open|settled)$")] = "open",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """Agents: conflicts about their own edits; supervisors: their team's; admins: all."""
    with st.db.read() as s:
        return {"conflicts": conflicts.list_conflicts(s, caller, status, limit)}


@router.post("/conflicts/{conflict_id}/settle", tags=["conflicts"],
             responses={404: {"model": Problem}})
def settle_conflict(
    conflict_id: uuid.UUID, body: SettleIn, st: State, caller: StaffCaller
) -> dict[str, Any]:
    try:
        with st.db.session() as s:
            return conflicts.settle(s, caller, conflict_id, body.keep, body.value, body.note)
    except PermissionError as exc:
        raise HTTPException(403, str(exc)) from exc


# ---- administration ------------------------------------------------------------------------


@router.put("/campaigns/{key}", response_model=CampaignOut, tags=["admin"])
def put_campaign(
    key: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    body: CampaignIn,
    st: State,
    caller: AdminCaller,
) -> dict[str, Any]:
    with st.db.session() as s:
        return admin.put_campaign(s, key, body.model_dump())


@router.post("/suppressions/{suppression_id}/lift", response_model=LiftOut, tags=["admin"],
             responses={404: {"model": Problem}})
def lift(
    suppression_id: uuid.UUID, body: LiftIn, st: State, caller: AdminCaller
) -> dict[str, Any]:
    """Lift a do-not-contact entry (administrators only; audited)."""
    with st.db.session() as s:
        return admin.lift_suppression(s, caller, suppression_id, body.reason)


@router.post("/erasures", response_model=ErasureOut, status_code=201, tags=["admin"],
             responses={404: {"model": Problem}})
def erase(body: ErasureIn, st: State, caller: AdminCaller) -> dict[str, Any]:
    """Erase a person or household: data blanked, tombstones, suppression hashes kept;
    every client purges its copy on its next pull."""
    with st.db.session() as s:
        return erasure.erase(s, caller, body.subject_kind, body.subject_id, body.note)
