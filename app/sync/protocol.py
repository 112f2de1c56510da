"""What the client and the server agree on: paths, headers, result codes, which tables
sync and how, and how values travel as JSON. Pure Python (no HTTP, no Qt); both
``app.sync`` and ``app.server`` import it. ``docs/sync.md`` describes the protocol.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from dataclasses import dataclass
from typing import Any

API_PREFIX = "/api/v1"
SCHEMA_HEADER = "X-Prospector-Schema"

# Push results, per mutation.
APPLIED = "applied"
DUPLICATE = "duplicate"
REJECTED = "rejected"
RESOLVED = "resolved"
RESULT_STATUSES = (APPLIED, DUPLICATE, REJECTED, RESOLVED)

OPS = ("upsert", "append", "delete")

MAX_PUSH_MUTATIONS = 500
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000


class PullScope(enum.StrEnum):
    """Which rows of a table a user receives in the pull."""

    PRIORITY = "priority"  # everyone, everything, ahead of other changes
    REFERENCE = "reference"  # everyone, everything
    LEAD = "lead"  # rows of leads in the user's scope (company_id)
    OWN = "own"  # the user's own rows (a supervisor: the team's)
    ADMIN = "admin"  # administrators only


class WriteRule(enum.StrEnum):
    """Who may push what to a table."""

    ADMIN = "admin"  # administrators only
    LEAD = "lead"  # per-field merge, within the writer's lead scope
    APPEND = "append"  # append-only, idempotent by id, within the lead scope
    SELF_APPEND = "self_append"  # append-only rows about the writer (state events, audit)
    SUPPRESSION = "suppression"  # anyone adds; only administrators change or lift
    SUPERVISOR = "supervisor"  # supervisors and administrators
    NEVER = "never"  # the server writes it (leases, conflicts, erasures, users)


@dataclass(frozen=True)
class EntitySpec:
    name: str
    pull: PullScope
    write: WriteRule
    company_col: str | None = None  # the column that names the lead ("id" for companies)
    owner_col: str | None = None  # the column naming the user, for OWN tables
    private: frozenset[str] = frozenset()  # columns that never leave the server
    server_owned: frozenset[str] = frozenset()  # columns a client cannot set

    @property
    def append_only(self) -> bool:
        return self.write in (WriteRule.APPEND, WriteRule.SELF_APPEND)


def _spec(name: str, pull: PullScope, write: WriteRule, **kw: Any) -> tuple[str, EntitySpec]:
    return name, EntitySpec(name, pull, write, **kw)


# Every synced table. A table not listed here does not sync (see docs/sync.md, "Adding a
# table"); the server-only bookkeeping tables are in SERVER_ONLY.
ENTITIES: dict[str, EntitySpec] = dict(
    [
        _spec("suppressions", PullScope.PRIORITY, WriteRule.SUPPRESSION),
        _spec("erasures", PullScope.PRIORITY, WriteRule.NEVER),
        _spec("users", PullScope.REFERENCE, WriteRule.NEVER, private=frozenset({"password_hash"})),
        _spec("campaigns", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("dispositions", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("field_definitions", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("segments", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("sales_reps", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("rep_absences", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("import_batches", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("scorecards", PullScope.REFERENCE, WriteRule.ADMIN),
        _spec("companies", PullScope.LEAD, WriteRule.LEAD, company_col="id"),
        _spec("contacts", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec("phone_numbers", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec("field_values", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec("company_segments", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec(
            "queue_items",
            PullScope.LEAD,
            WriteRule.LEAD,
            company_col="company_id",
            server_owned=frozenset({"lease_holder_id", "lease_expires_at"}),
        ),
        _spec("callbacks", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec("meetings", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec("meeting_tasks", PullScope.LEAD, WriteRule.LEAD, company_col="company_id"),
        _spec("call_attempts", PullScope.LEAD, WriteRule.APPEND, company_col="company_id"),
        _spec("consents", PullScope.LEAD, WriteRule.APPEND, company_col="company_id"),
        _spec("leases", PullScope.OWN, WriteRule.NEVER, owner_col="agent_id"),
        _spec("sync_conflicts", PullScope.OWN, WriteRule.NEVER),
        _spec("agent_state_events", PullScope.OWN, WriteRule.SELF_APPEND, owner_col="user_id"),
        _spec("audit_entries", PullScope.OWN, WriteRule.SELF_APPEND, owner_col="user_id"),
        _spec("call_reviews", PullScope.OWN, WriteRule.SUPERVISOR, owner_col="agent_id"),
        _spec("meeting_events", PullScope.OWN, WriteRule.SELF_APPEND, owner_col="actor_id"),
        _spec("import_records", PullScope.ADMIN, WriteRule.ADMIN),
        _spec("field_provenance", PullScope.ADMIN, WriteRule.ADMIN),
        _spec("company_merges", PullScope.ADMIN, WriteRule.ADMIN),
        _spec("dedup_decisions", PullScope.ADMIN, WriteRule.ADMIN),
    ]
)

SERVER_ONLY = frozenset(
    {
        "applied_mutations",
        "auth_sessions",
        "devices",
        "field_revisions",
        "id_aliases",
        "login_throttle",
        "server_keys",
        "server_sequences",
        "outbox",
        "sync_state",
        "alembic_version",
    }
)

# Columns every synced row has and only the server sets.
SYNC_COLUMNS = frozenset({"id", "server_rev", "hlc"})


# ---- cursors -------------------------------------------------------------------------------

_CURSOR = re.compile(r"(?:v1\.)?(\d{1,18})(?:\.(\d{1,18}))?")


@dataclass(frozen=True)
class Cursor:
    """Where a device is in the server's change sequence: ``priority`` for the
    suppression/erasure stream (delivered first), ``main`` for everything else."""

    priority: int = 0
    main: int = 0

    def encode(self) -> str:
        return f"v1.{self.priority}.{self.main}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor:
        """``v1.P.M``; a plain number N means both streams at N; empty = the start."""
        if text is None or text.strip() in ("", "0"):
            return cls()
        m = _CURSOR.fullmatch(text.strip())
        if m is None:
            raise ValueError(f"not a sync cursor: {text[:40]!r}")
        first = int(m.group(1))
        second = m.group(2)
        return cls(first, first) if second is None else cls(first, int(second))


# ---- values as JSON ----------------------------------------------------------------------


def to_json_value(value: Any) -> Any:
    """A database value as it travels: UUIDs and times as text (ISO 8601, UTC offset),
    enums as their value; JSON values as they are."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return value


def parse_time(value: str) -> dt.datetime:
    """An ISO 8601 time with an offset, as an aware UTC datetime."""
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"time without a UTC offset: {value!r}")
    return parsed.astimezone(dt.UTC)


def schema_distance(chain: list[str], client: str, server: str) -> int | None:
    """How many schema revisions ``client`` is behind ``server`` (negative: ahead) in
    ``chain`` (oldest first); None when ``client`` is unknown."""
    try:
        return chain.index(server) - chain.index(client)
    except ValueError:
        return None
