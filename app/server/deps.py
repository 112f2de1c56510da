"""What every request needs: the app's state, the caller, the schema version check."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from argon2 import PasswordHasher
from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy import bindparam, select

from app.db import Database
from app.server.auth import Accounts, AuthError, Principal, principal_from_payload
from app.server.settings import ServerSettings
from app.sync.protocol import SCHEMA_HEADER, schema_distance
from models import User, utcnow

log = logging.getLogger(__name__)


@dataclass
class ServerState:
    db: Database
    settings: ServerSettings
    accounts: Accounts
    chain: list[str]  # schema revisions, oldest first
    head: str
    hasher: PasswordHasher = field(default_factory=PasswordHasher)


def state(request: Request) -> ServerState:
    found: ServerState = request.app.state.prospector
    return found


State = Annotated[ServerState, Depends(state)]


def schema_check(
    st: State,
    x_prospector_schema: Annotated[
        str | None,
        Header(
            alias=SCHEMA_HEADER,
            description="The client's schema revision (its newest migration).",
            max_length=32,
        ),
    ] = None,
) -> str:
    """A client one schema revision behind the server still syncs; an older one is told
    to update (426); one the server does not know is newer than the server (409)."""
    if not x_prospector_schema:
        raise HTTPException(
            400, f"Send the {SCHEMA_HEADER} header with the client's schema revision."
        )
    distance = schema_distance(st.chain, x_prospector_schema, st.head)
    if distance is None or distance < 0:
        raise HTTPException(
            409,
            f"This server runs schema {st.head} and does not know {x_prospector_schema!r}: "
            "the server is older than this app. Ask the administrator to update the server; "
            "your changes are kept until then.",
        )
    if distance > 1:
        raise HTTPException(
            426,
            f"This Prospector is too old for the server (schema {x_prospector_schema}, the "
            f"server needs {st.head} or the one before it). Update Prospector; your unsent "
            "changes are kept and go to the server after the update.",
            headers={"Upgrade": f"prospector-schema/{st.head}"},
        )
    return x_prospector_schema


Schema = Annotated[str, Depends(schema_check)]


def current_principal(
    st: State,
    _schema: Schema,
    authorization: Annotated[
        str | None, Header(description="Bearer <access token>", max_length=2100)
    ] = None,
) -> Principal:
    if not authorization or not authorization[:7].lower() == "bearer ":
        raise HTTPException(
            401, "Sign in first: this needs an access token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        payload = st.accounts.signer.verify(authorization[7:].strip(), utcnow())
        claimed = principal_from_payload(payload)
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    with st.db.engine.connect() as conn:
        row = conn.execute(_ACCOUNT, {"uid": claimed.user_id}).first()
    if row is None or not row.active or row.deleted:
        raise HTTPException(
            401, "This account is disabled or gone.", headers={"WWW-Authenticate": "Bearer"}
        )
    role = row.role.value if hasattr(row.role, "value") else str(row.role)
    return Principal(
        claimed.user_id, row.username, role, row.team, claimed.device_id, claimed.session_id
    )


Caller = Annotated[Principal, Depends(current_principal)]

_ACCOUNT = select(User.active, User.deleted, User.role, User.team, User.username).where(
    User.id == bindparam("uid")
)


def _role(*roles: str) -> Callable[[Principal], Principal]:
    def check(caller: Caller) -> Principal:
        if caller.role not in roles:
            raise HTTPException(403, f"This needs the {' or '.join(roles)} role.")
        return caller

    return check


AdminCaller = Annotated[Principal, Depends(_role("admin"))]
StaffCaller = Annotated[Principal, Depends(_role("admin", "supervisor"))]
