"""Request and response bodies of the API (pydantic; unknown keys are refused)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.sync.protocol import MAX_PUSH_MUTATIONS


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    detail: str | list[Any]


class Health(BaseModel):
    status: str
    schema_revision: str = Field(alias="schema")
    version: str
    time: dt.datetime

    model_config = ConfigDict(populate_by_name=True)


# ---- accounts -------------------------------------------------------------------------


class LoginIn(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: uuid.UUID | None = None
    device_name: str | None = Field(default=None, max_length=120)


class RefreshIn(Body):
    refresh_token: str = Field(min_length=10, max_length=200)


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    full_name: str
    role: str
    team: str | None
    active: bool = True


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    expires_at: dt.datetime
    refresh_token: str
    refresh_expires_at: dt.datetime
    user: UserOut
    device_id: uuid.UUID | None


class LogoutOut(BaseModel):
    ended: bool


class UserIn(Body):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[^\s]+$")
    password: str = Field(min_length=4, max_length=256)
    role: Literal["agent", "supervisor", "admin"]
    full_name: str | None = Field(default=None, max_length=200)
    team: str | None = Field(default=None, max_length=64)


class UserPatch(Body):
    full_name: str | None = Field(default=None, max_length=200)
    role: Literal["agent", "supervisor", "admin"] | None = None
    team: str | None = Field(default=None, max_length=64)
    active: bool | None = None
    password: str | None = Field(default=None, min_length=4, max_length=256)


class UsersOut(BaseModel):
    users: list[UserOut]


# ---- sync ------------------------------------------------------------------------------


class MutationIn(Body):
    mutation_id: uuid.UUID
    entity: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=64)
    op: Literal["upsert", "append", "delete"]
    fields: dict[str, Any] = Field(default_factory=dict, max_length=200)
    base_revs: dict[str, int | None] = Field(default_factory=dict, max_length=200)
    hlc: str | None = Field(default=None, max_length=32)
    created_at: dt.datetime | None = None


class PushIn(Body):
    mutations: list[MutationIn] = Field(min_length=1, max_length=MAX_PUSH_MUTATIONS)


class MutationResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    mutation_id: str
    status: Literal["applied", "duplicate", "rejected", "resolved"]
    reason: str | None = None
    rev: int | None = None


class PushOut(BaseModel):
    results: list[MutationResult]


class Change(BaseModel):
    entity: str
    row: dict[str, Any]


class PullOut(BaseModel):
    changes: list[Change]
    next: str
    has_more: bool
    head: int


# ---- leases ------------------------------------------------------------------------------


class LeaseIn(Body):
    campaign: str = Field(min_length=1, max_length=64)
    count: int = Field(default=50, ge=1, le=500)
    hours: float | None = Field(default=None, gt=0, le=24)


class LeaseOut(BaseModel):
    lease_id: uuid.UUID
    queue_item_id: uuid.UUID
    company_id: uuid.UUID
    expires_at: dt.datetime
    renewed: bool = False


class LeasesOut(BaseModel):
    campaign: str
    leases: list[LeaseOut]


class ActiveLease(BaseModel):
    lease_id: uuid.UUID
    queue_item_id: uuid.UUID
    company_id: uuid.UUID
    campaign: str
    expires_at: dt.datetime


class ActiveLeasesOut(BaseModel):
    leases: list[ActiveLease]


class ReleaseIn(Body):
    lease_ids: list[uuid.UUID] | None = Field(default=None, max_length=1000)


class ReleaseOut(BaseModel):
    released: int


class LeadOut(BaseModel):
    company_id: uuid.UUID
    rows: dict[str, list[dict[str, Any]]]


# ---- conflicts, suppressions, erasure, campaigns ------------------------------------------


class ConflictOut(BaseModel):
    id: uuid.UUID
    entity: str
    entity_id: str
    field: str
    company_id: uuid.UUID | None
    team: str | None
    status: str
    replaced_value: Any = None
    replaced_by: str | None = None
    replaced_at: dt.datetime | None = None
    incoming_value: Any = None
    incoming_by: str | None = None
    incoming_at: dt.datetime | None = None
    received_at: dt.datetime


class ConflictsOut(BaseModel):
    conflicts: list[ConflictOut]


class SettleIn(Body):
    keep: Literal["incoming", "replaced", "value"]
    value: Any = None
    note: str | None = Field(default=None, max_length=500)


class LiftIn(Body):
    reason: str = Field(min_length=3, max_length=500)


class LiftOut(BaseModel):
    id: uuid.UUID
    lifted: bool


class ErasureIn(Body):
    subject_kind: Literal["company", "contact"]
    subject_id: uuid.UUID
    note: str | None = Field(default=None, max_length=500)


class ErasureOut(BaseModel):
    id: uuid.UUID
    subject_kind: str
    subject_id: uuid.UUID
    rows: dict[str, int]
    suppressions_added: int


class CampaignIn(Body):
    name: str = Field(min_length=1, max_length=200)
    type: Literal["lead_generation", "foot_in_the_door", "customer_development", "survey"]
    description: str | None = Field(default=None, max_length=5000)
    script_id: str | None = Field(default=None, max_length=64)
    caller_identity: str | None = Field(default=None, max_length=200)
    is_b2c: bool = False
    calling_hours: dict[str, list[list[str]]] | None = None
    max_attempts: int = Field(default=6, ge=1, le=100)
    max_attempts_per_day: int = Field(default=2, ge=1, le=50)
    min_gap_minutes: int = Field(default=60, ge=0, le=100_000)
    lease_minutes: int = Field(default=30, ge=1, le=1440)
    active: bool = True


class CampaignOut(BaseModel):
    id: uuid.UUID
    key: str
    name: str
    created: bool
