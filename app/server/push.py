"""Applying a pushed batch of mutations: exactly once, in order, with the merge rules.

One transaction per batch, holding the change-sequence lock (``changes.py``), so the
batch is merged against a stable server state in the server's receive order:

1. mutations already in the ledger for this device get their stored result back
   (``duplicate``) and change nothing;
2. every other mutation is judged against the current rows (fetched for the whole
   batch in a few queries, then kept up to date in memory as the batch proceeds);
3. the writes are flushed in bulk. If the database refuses any of them (a foreign key
   to a row the server never had …), the batch is rolled back to a savepoint and
   replayed one mutation at a time, each in its own savepoint, so only the offending
   mutation is rejected;
4. the results go into the ledger in the same transaction as the changes.

Merge rules (DESIGN.md, docs/sync.md): per field, against the base revision the device
saw; a field another device changed since then is a conflict — the incoming value is
applied (receive order) and a ``sync_conflicts`` row keeps both values for a
supervisor. Append-only tables are idempotent by id. Suppressions can only be added
from a client. A pushed call or meeting to a suppressed number is recorded, flagged and
audited. Mutations about an erased person are rejected.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, null, select, tuple_, union_all, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.server import changes
from app.server.auth import Principal
from app.server.entities import Entity, FieldError, entity
from app.server.scope import Scope
from app.services.calling_rules import suppression_hash
from app.services.queue import stored_key
from app.sync.protocol import (
    APPLIED,
    DUPLICATE,
    REJECTED,
    RESOLVED,
    SERVER_ONLY,
    WriteRule,
    to_json_value,
)
from models import (
    AppliedMutation,
    AuditEntry,
    Base,
    Company,
    Contact,
    Erasure,
    FieldRevision,
    IdAlias,
    Lease,
    PhoneNumber,
    Suppression,
    SyncConflict,
    new_id,
    utcnow,
)

log = logging.getLogger(__name__)

LEDGER = cast(Table, AppliedMutation.__table__)
FIELD_REVS = cast(Table, FieldRevision.__table__)
CONFLICTS = cast(Table, SyncConflict.__table__)
ALIASES = cast(Table, IdAlias.__table__)
LEASES = cast(Table, Lease.__table__)
AUDIT = cast(Table, AuditEntry.__table__)
TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
CHUNK = 500

Key = tuple[str, uuid.UUID]
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Incoming:
    """One mutation of a push, as validated by the API layer."""

    mutation_id: uuid.UUID
    entity: str
    entity_id: str
    op: str
    fields: dict[str, Any]
    base_revs: dict[str, int | None]
    hlc: str | None = None
    created_at: dt.datetime | None = None


@dataclass
class FieldRev:
    rev: int
    device_id: uuid.UUID | None
    user_id: uuid.UUID | None
    changed_at: dt.datetime | None


class Rejected(Exception):
    """This mutation is refused; the message is the reason given to the client."""


@dataclass
class RowWrite:
    entity: str
    insert: bool
    values: dict[str, Any]


@dataclass
class Writes:
    """Changes decided for a batch (or one mutation), flushed together."""

    rows: dict[Key, RowWrite] = field(default_factory=dict)
    field_revs: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)

    def row(self, name: str, row_id: uuid.UUID, values: dict[str, Any], *, insert: bool) -> None:
        key = (name, row_id)
        known = self.rows.get(key)
        if known is None:
            self.rows[key] = RowWrite(name, insert, dict(values))
        else:
            known.values.update(values)

    def merge(self, other: Writes) -> None:
        for (name, row_id), w in other.rows.items():
            self.row(name, row_id, w.values, insert=w.insert)
        self.field_revs.update(other.field_revs)
        self.conflicts.extend(other.conflicts)
        self.aliases.extend(other.aliases)

    def flush(self, session: Session, offset: int) -> None:
        """Write everything; revisions were handed out as 1, 2, 3 … and become
        ``offset`` + 1, + 2, + 3 … here (``offset``: the locked head of the sequence)."""
        inserts: dict[str, list[dict[str, Any]]] = {}
        updates: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = {}
        for (name, row_id), w in self.rows.items():
            values = _shifted(w.values, "server_rev", offset)
            if w.insert:
                inserts.setdefault(name, []).append(values)
            else:
                cols = frozenset(values)
                params = {f"v_{k}": v for k, v in values.items()}
                updates.setdefault((name, cols), []).append({**params, "_id": row_id})
        tables = Base.metadata.tables
        for name in sorted(inserts, key=lambda n: TABLE_ORDER.get(n, 0)):
            table = tables[name]
            rows = inserts[name]
            # One statement per column set (rows of one table may name different columns).
            groups: dict[frozenset[str], list[dict[str, Any]]] = {}
            for r in rows:
                groups.setdefault(frozenset(r), []).append(r)
            for group in groups.values():
                session.execute(insert(table), group)
        for (name, cols), rows in updates.items():
            table = tables[name]
            stmt = (
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({c: bindparam(f"v_{c}") for c in cols})
            )
            session.execute(stmt, rows)
        if self.field_revs:
            _upsert_field_revs(
                session, [_shifted(r, "rev", offset) for r in self.field_revs.values()]
            )
        if self.conflicts:
            session.execute(
                insert(CONFLICTS), [_shifted(c, "server_rev", offset) for c in self.conflicts]
            )
        if self.aliases:
            session.execute(insert(ALIASES), self.aliases)

    @property
    def empty(self) -> bool:
        return not (self.rows or self.field_revs or self.conflicts or self.aliases)


def _shifted(values: dict[str, Any], key: str, offset: int) -> dict[str, Any]:
    if values.get(key) is None or not offset:
        return values
    return {**values, key: values[key] + offset}


def _upsert_field_revs(session: Session, rows: list[dict[str, Any]]) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    stmt = dialect_insert(FIELD_REVS)
    stmt = stmt.on_conflict_do_update(
        index_elements=["entity", "entity_id", "field"],
        set_={
            "rev": stmt.excluded.rev,
            "device_id": stmt.excluded.device_id,
            "user_id": stmt.excluded.user_id,
            "changed_at": stmt.excluded.changed_at,
        },
    )
    session.execute(stmt, rows)


@dataclass
class Decision:
    result: dict[str, Any]
    writes: Writes = field(default_factory=Writes)
    overlay: dict[Key, dict[str, Any]] = field(default_factory=dict)
    field_revs: dict[tuple[str, str, str], FieldRev] = field(default_factory=dict)
    aliases: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)
    suppressed: dict[str, dt.datetime | None] = field(default_factory=dict)
    released: set[uuid.UUID] = field(default_factory=set)


class Batch:
    """The state one push works against: rows, field revisions, aliases, erased
    subjects, writable leads and suppressed numbers, fetched up front for the whole
    batch and kept current in memory."""

    def __init__(
        self,
        session: Session,
        principal: Principal,
        device_id: uuid.UUID,
        mutations: list[Incoming],
        now: dt.datetime,
    ) -> None:
        self.session = session
        self.principal = principal
        self.device_id = device_id
        self.now = now
        self.mutations = mutations
        self.scope = Scope.of(session, principal, now)
        self.rows: dict[Key, dict[str, Any]] = {}
        self.missing: set[Key] = set()
        self.natural: dict[tuple[str, tuple[Any, ...]], uuid.UUID] = {}
        self.field_revs: dict[tuple[str, str, str], FieldRev] = {}
        self.aliases: dict[tuple[str, str], uuid.UUID] = {}
        self.erased: set[uuid.UUID] = set()
        self.writable: set[uuid.UUID] | None = set()
        self.suppressed: dict[str, dt.datetime | None] = {}
        self.phones: dict[uuid.UUID, dict[uuid.UUID | None, set[str]]] = {}
        self.active_leases: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID] | None] = {}
        self.released: set[uuid.UUID] = set()
        self.handed_out = 0  # provisional revisions 1, 2, 3 …, shifted when flushed
        self.lock_rows = session.get_bind().dialect.name == "postgresql"
        self._prefetch()

    # ---- prefetch ------------------------------------------------------------------------

    def _ids(self) -> dict[str, set[uuid.UUID]]:
        ids: dict[str, set[uuid.UUID]] = {}
        for m in self.mutations:
            row_id = _as_uuid(m.entity_id)
            if row_id is not None and entity(m.entity) is not None:
                ids.setdefault(m.entity, set()).add(row_id)
        return ids

    def _prefetch(self) -> None:
        s = self.session
        # The rows the mutations name — on PostgreSQL locked until commit, in a fixed
        # order, so that two pushes about the same row are merged one after the other.
        self._fetch_rows(self._ids())
        # A row the server does not have under the device's id may be one it has under
        # another (a table with a natural key): an alias, or a row with the same key.
        unknown = [
            m for m in self.mutations
            if (ent := entity(m.entity)) is not None and ent.natural_keys
            and (m.entity, _as_uuid(m.entity_id)) not in self.rows
        ]
        if unknown:
            more: dict[str, set[uuid.UUID]] = {}
            pairs = [(m.entity, m.entity_id) for m in unknown]
            for chunk in _chunks(pairs):
                for row in s.execute(
                    select(ALIASES.c.entity, ALIASES.c.alias_id, ALIASES.c.target_id).where(
                        tuple_(ALIASES.c.entity, ALIASES.c.alias_id).in_(chunk)
                    )
                ):
                    aliased = uuid.UUID(row.target_id)
                    self.aliases[(row.entity, row.alias_id)] = aliased
                    more.setdefault(row.entity, set()).add(aliased)
            natural: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = {}
            for m in unknown:
                ent = entity(m.entity)
                assert ent is not None
                for key in ent.natural_keys:
                    values = _natural_values(ent, key, m.fields)
                    if values is not None:
                        natural.setdefault((m.entity, key), set()).add(values)
            for (name, cols), values_set in natural.items():
                ent = entity(name)
                assert ent is not None
                columns = [ent.table.c[c] for c in cols]
                for chunk in _chunks(list(values_set)):
                    for row in s.execute(
                        select(ent.table.c.id).where(tuple_(*columns).in_(chunk))
                    ):
                        more.setdefault(name, set()).add(row.id)
            self._fetch_rows(more)
        # Field revisions of rows that exist.
        keys = [(name, str(row_id)) for (name, row_id) in self.rows]
        for chunk in _chunks(keys):
            for fr in s.execute(
                select(
                    FIELD_REVS.c.entity,
                    FIELD_REVS.c.entity_id,
                    FIELD_REVS.c.field,
                    FIELD_REVS.c.rev,
                    FIELD_REVS.c.device_id,
                    FIELD_REVS.c.user_id,
                    FIELD_REVS.c.changed_at,
                ).where(tuple_(FIELD_REVS.c.entity, FIELD_REVS.c.entity_id).in_(chunk))
            ):
                self.field_revs[(fr.entity, fr.entity_id, fr.field)] = FieldRev(
                    int(fr.rev), fr.device_id, fr.user_id, fr.changed_at
                )
        # Leads and people the batch is about.
        companies: set[uuid.UUID] = set()
        people: set[uuid.UUID] = set()
        for m in self.mutations:
            ent = entity(m.entity)
            if ent is None:
                continue
            target = self._target(m)
            existing = self.rows.get((m.entity, target)) if target else None
            company = self._company_of(ent, target, m.fields, existing, convert=True)
            if company is not None:
                companies.add(company)
            for col in ("contact_id", "company_id"):
                value = _as_uuid(m.fields.get(col)) if isinstance(m.fields.get(col), str) else None
                if value is not None:
                    people.add(value)
            if target is not None:
                people.add(target)
        people |= companies
        for chunk in _chunks(list(people)):
            self.erased.update(
                s.scalars(select(Erasure.subject_id).where(Erasure.subject_id.in_(chunk))).all()
            )
        self.writable = self.scope.writable_companies(s, companies)
        self._prefetch_suppression(companies)

    def _fetch_rows(self, ids: dict[str, set[uuid.UUID]]) -> None:
        for name in sorted(ids):
            ent = entity(name)
            assert ent is not None
            wanted = sorted(i for i in ids[name] if (name, i) not in self.rows)
            for chunk in _chunks(wanted):
                query = select(ent.table).where(ent.table.c.id.in_(chunk))
                if self.lock_rows:
                    query = query.order_by(ent.table.c.id).with_for_update()
                for rec in self.session.execute(query):
                    self._remember(ent, dict(rec._mapping))

    def _lease_of(self, item_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID] | None:
        """The caller's active lease on a queue item (looked up when needed)."""
        if item_id not in self.active_leases:
            row = self.session.execute(
                select(LEASES.c.id, LEASES.c.agent_id).where(
                    LEASES.c.queue_item_id == item_id,
                    LEASES.c.released_at.is_(None),
                    LEASES.c.agent_id == self.principal.user_id,
                ).limit(1)
            ).first()
            self.active_leases[item_id] = (row.id, row.agent_id) if row else None
        return self.active_leases[item_id]

    def _prefetch_suppression(self, companies: set[uuid.UUID]) -> None:
        """Phone numbers of the leads a pushed call or meeting is about, and which of
        them are suppressed."""
        wanted = {
            c
            for m in self.mutations
            if m.entity in ("call_attempts", "meetings")
            for c in [_as_uuid(m.fields.get("company_id"))]
            if c is not None
        } & companies
        if not wanted:
            return
        s = self.session
        for chunk in _chunks(list(wanted)):
            numbers: Any = union_all(
                select(PhoneNumber.company_id, PhoneNumber.contact_id, PhoneNumber.e164).where(
                    PhoneNumber.company_id.in_(chunk), PhoneNumber.deleted.is_(False)
                ),
                select(Company.id, null(), Company.phone).where(
                    Company.id.in_(chunk), Company.phone.is_not(None)
                ),
            )
            for company, contact, number in s.execute(numbers):
                if number:
                    self.phones.setdefault(company, {}).setdefault(contact, set()).add(
                        _phone_hash(number)
                    )
        hashes = {h for per in self.phones.values() for hs in per.values() for h in hs}
        for m in self.mutations:
            phone = m.fields.get("phone")
            if m.entity == "call_attempts" and isinstance(phone, str) and phone.strip():
                hashes.add(_phone_hash(phone))
        for chunk in _chunks(list(hashes)):
            for sup in s.execute(
                select(Suppression.value_hash, Suppression.created_at).where(
                    Suppression.kind == "phone",
                    Suppression.value_hash.in_(chunk),
                    Suppression.deleted.is_(False),
                    Suppression.campaign_id.is_(None),
                )
            ):
                self.suppressed[sup.value_hash] = sup.created_at

    def _remember(self, ent: Entity, row: dict[str, Any]) -> None:
        self.rows[(ent.name, row["id"])] = row
        for key in ent.natural_keys:
            values = tuple(row.get(c) for c in key)
            if all(v is not None for v in values):
                self.natural[(ent.name, values)] = row["id"]

    # ---- helpers -------------------------------------------------------------------------

    def _target(self, m: Incoming) -> uuid.UUID | None:
        alias = self.aliases.get((m.entity, m.entity_id))
        return alias if alias is not None else _as_uuid(m.entity_id)

    def _company_of(
        self,
        ent: Entity,
        row_id: uuid.UUID | None,
        fields: dict[str, Any],
        existing: dict[str, Any] | None,
        *,
        convert: bool = False,
    ) -> uuid.UUID | None:
        col = ent.spec.company_col
        if col is None:
            return None
        if col == "id":
            return row_id
        value = fields.get(col)
        if convert:
            value = _as_uuid(value) if isinstance(value, str) else None
        if value is None and existing is not None:
            value = existing.get(col)
        if value is None and ent.name == "consents":
            contact = _as_uuid(fields.get("contact_id")) if convert else fields.get("contact_id")
            if contact is None and existing is not None:
                contact = existing.get("contact_id")
            if contact is not None:
                found = self.session.execute(
                    select(Contact.company_id).where(Contact.id == contact)
                ).scalar()
                value = found
        return cast(uuid.UUID | None, value)

    def seq(self) -> int:
        """A provisional revision (see :meth:`Writes.flush`)."""
        self.handed_out += 1
        return self.handed_out

    # ---- judging one mutation ---------------------------------------------------------------

    def decide(self, m: Incoming) -> Decision:
        try:
            return self._decide(m)
        except Rejected as exc:
            return Decision({"status": REJECTED, "reason": str(exc)})

    def _decide(self, m: Incoming) -> Decision:
        p = self.principal
        ent = entity(m.entity)
        if ent is None:
            if m.entity in SERVER_ONLY:
                raise Rejected(f"{m.entity} is kept by the server alone.")
            raise Rejected(f"Unknown entity {m.entity!r}.")
        rule = ent.spec.write
        if rule is WriteRule.NEVER:
            raise Rejected(f"{m.entity} is written by the server only.")
        if rule is WriteRule.ADMIN and not p.is_admin:
            raise Rejected(f"Only an administrator can change {m.entity}.")
        if rule is WriteRule.SUPERVISOR and not (p.is_admin or p.is_supervisor):
            raise Rejected(f"Only a supervisor or an administrator can change {m.entity}.")
        row_id = self._target(m)
        if row_id is None:
            raise Rejected(f"{m.entity_id!r} is not a valid id.")
        fields = dict(m.fields)
        fields.pop("id", None)
        server_owned = {k for k in fields if k in ent.spec.server_owned}
        for k in server_owned:
            fields.pop(k)
        try:
            values = ent.convert(fields)
        except FieldError as exc:
            raise Rejected(str(exc)) from exc
        decision = Decision({"status": APPLIED})
        existing = self.rows.get((m.entity, row_id))
        if existing is None and m.op != "delete" and ent.natural_keys:
            for key in ent.natural_keys:
                nat = tuple(values.get(c) for c in key)
                if all(v is not None for v in nat):
                    target = self.natural.get((m.entity, nat))
                    if target is not None and target != row_id:
                        decision.aliases[(m.entity, m.entity_id)] = target
                        decision.writes.aliases.append(
                            {
                                "id": new_id(),
                                "entity": m.entity,
                                "alias_id": m.entity_id,
                                "target_id": str(target),
                                "device_id": self.device_id,
                                "created_at": self.now,
                                "deleted": False,
                            }
                        )
                        decision.result["merged_into"] = str(target)
                        row_id = target
                        existing = self.rows.get((m.entity, target))
                        # A row created on the device carries its defaults too; only the
                        # values someone chose are edits of the server's row.
                        values = {
                            k: v
                            for k, v in values.items()
                            if k in key or ent.defaults.get(k, _NO_DEFAULT) != v
                        }
                        break
        self._check_scope(ent, m, row_id, values, existing)
        if rule in (WriteRule.SELF_APPEND,) and not p.is_admin:
            owner = ent.spec.owner_col
            assert owner is not None
            if values.get(owner, p.user_id) != p.user_id:
                raise Rejected(f"{m.entity}: you can record only your own.")
            values[owner] = p.user_id
        if (
            m.entity == "call_attempts"
            and not p.is_admin
            and values.get("agent_id", p.user_id) != p.user_id
        ):
            raise Rejected("An agent records only its own calls.")
        if existing is None:
            return self._insert(m, ent, row_id, values, decision)
        return self._update(m, ent, row_id, values, existing, decision)

    def _check_scope(
        self,
        ent: Entity,
        m: Incoming,
        row_id: uuid.UUID,
        values: dict[str, Any],
        existing: dict[str, Any] | None,
    ) -> None:
        people = {row_id, values.get("contact_id"), values.get("company_id")}
        if existing is not None:
            people |= {existing.get("contact_id"), existing.get("company_id")}
        if people & self.erased:
            raise Rejected("This person's data was erased on request; the change is refused.")
        if ent.spec.company_col is None:
            return
        company = self._company_of(ent, row_id, values, existing)
        if company is None:
            if not self.principal.is_admin:
                raise Rejected(f"A {m.entity} row must name its company.")
            return
        if company in self.erased:
            raise Rejected("This person's data was erased on request; the change is refused.")
        if self.principal.is_admin:
            return
        if m.entity == "companies" and existing is None:
            raise Rejected("Only an administrator adds companies (import them on the server).")
        allowed = self.writable or set()
        moved = values.get(ent.spec.company_col) if ent.spec.company_col != "id" else None
        if company not in allowed or (moved is not None and moved not in allowed):
            raise Rejected("This lead is not one of your team's leads.")

    def _insert(
        self,
        m: Incoming,
        ent: Entity,
        row_id: uuid.UUID,
        values: dict[str, Any],
        decision: Decision,
    ) -> Decision:
        if m.op == "delete":
            decision.result["note"] = "nothing to delete"
            return decision
        if ent.spec.write is WriteRule.SUPPRESSION and values.get("deleted"):
            raise Rejected("A suppression cannot be added as lifted.")
        seq = self.seq()
        try:
            row = ent.insert_values(
                {**values, "id": row_id, "server_rev": seq, "hlc": m.hlc,
                 "deleted": bool(values.get("deleted", False))}
            )
        except FieldError as exc:
            raise Rejected(str(exc)) from exc
        decision.writes.row(m.entity, row_id, row, insert=True)
        decision.overlay[(m.entity, row_id)] = row
        decision.result["rev"] = seq
        if m.entity in ("call_attempts", "meetings"):
            self._flag_suppressed(m, row, decision)
        elif m.entity == "suppressions" and row.get("kind") == "phone" and not row.get("campaign_id"):
            decision.suppressed[str(row["value_hash"])] = row.get("created_at")
        elif m.entity == "consents" and str(row.get("kind")) != "opt_out":
            self._opt_out_wins(row, decision)
        if decision.result.get("merged_into") or decision.result.get("flags"):
            decision.result["status"] = RESOLVED
        return decision

    def _update(
        self,
        m: Incoming,
        ent: Entity,
        row_id: uuid.UUID,
        values: dict[str, Any],
        existing: dict[str, Any],
        decision: Decision,
    ) -> Decision:
        p = self.principal
        if m.op == "delete":
            values = {"deleted": True}
        changed = {k: v for k, v in values.items() if existing.get(k) != v}
        if ent.spec.append_only:
            if changed:
                raise Rejected(f"{m.entity} are append-only: a recorded one cannot be changed.")
            return Decision({"status": DUPLICATE, "reason": "already recorded"})
        if ent.spec.write is WriteRule.SUPPRESSION and changed and not p.is_admin:
            if values.get("deleted") is False and existing.get("deleted"):
                # A new opt-out of a number whose suppression was lifted: it applies again
                # (the rest of the old entry stays as it was).
                changed = {"deleted": False}
            elif decision.result.get("merged_into") and not values.get("deleted"):
                changed = {}  # the same opt-out, already on the list
            else:
                raise Rejected(
                    "An opt-out cannot be changed or lifted from a client; an administrator "
                    "lifts suppressions on the server."
                )
        if existing.get("deleted") and changed.get("deleted") is not False and changed:
            decision.result.update(
                status=RESOLVED, kept={"deleted": True}, message="deleted on the server"
            )
            return decision
        if not changed:
            if decision.result.get("merged_into"):
                decision.result["status"] = RESOLVED
            return decision
        seq = self.seq()
        conflicts: list[dict[str, Any]] = []
        name_id = str(row_id)
        for name, value in changed.items():
            fr = self.field_revs.get((m.entity, name_id, name))
            base = m.base_revs.get(name) or 0
            if fr is not None and fr.rev > base and fr.device_id != self.device_id:
                conflicts.append(self._conflict(m, ent, row_id, name, existing, value, fr, base))
            rev = FieldRev(seq, self.device_id, p.user_id, self.now)
            decision.field_revs[(m.entity, name_id, name)] = rev
            decision.writes.field_revs[(m.entity, name_id, name)] = {
                "id": new_id(),
                "entity": m.entity,
                "entity_id": name_id,
                "field": name,
                "rev": seq,
                "device_id": self.device_id,
                "user_id": p.user_id,
                "changed_at": self.now,
                "deleted": False,
            }
        update_values = {**changed, "server_rev": seq, "hlc": m.hlc}
        if m.entity == "queue_items" and changed.get("status") == "done":
            update_values.update(self._release(row_id, existing, decision))
        decision.writes.row(m.entity, row_id, update_values, insert=False)
        decision.overlay[(m.entity, row_id)] = {**existing, **update_values}
        decision.writes.conflicts.extend(conflicts)
        decision.result["rev"] = seq
        if conflicts or decision.result.get("merged_into"):
            decision.result["status"] = RESOLVED
        if conflicts:
            decision.result["conflicts"] = [c["field"] for c in conflicts]
            decision.result["kept"] = {
                c["field"]: c["incoming_value"] for c in conflicts
            }
            decision.result["message"] = (
                "changed by someone else since you last synced; your value was applied "
                "and the conflict recorded for a supervisor"
            )
        return decision

    def _conflict(
        self,
        m: Incoming,
        ent: Entity,
        row_id: uuid.UUID,
        name: str,
        existing: dict[str, Any],
        value: Any,
        fr: FieldRev,
        base: int,
    ) -> dict[str, Any]:
        return {
            "id": new_id(),
            "entity": m.entity,
            "entity_id": str(row_id),
            "field": name,
            "company_id": self._company_of(ent, row_id, {}, existing),
            "team": self.principal.team,
            "base_rev": base or None,
            "replaced_rev": fr.rev,
            "replaced_value": to_json_value(existing.get(name)),
            "replaced_user_id": fr.user_id,
            "replaced_device_id": fr.device_id,
            "replaced_at": fr.changed_at,
            "incoming_value": to_json_value(value),
            "incoming_user_id": self.principal.user_id,
            "incoming_device_id": self.device_id,
            "incoming_hlc": m.hlc,
            "incoming_at": m.created_at,
            "mutation_id": m.mutation_id,
            "received_at": self.now,
            "status": "open",
            "server_rev": self.seq(),
            "deleted": False,
        }

    def _release(
        self, row_id: uuid.UUID, existing: dict[str, Any], decision: Decision
    ) -> dict[str, Any]:
        """The lead is closed by its holder: its lease ends now."""
        if existing.get("lease_holder_id") != self.principal.user_id:
            return {}
        lease = self._lease_of(row_id)
        if lease is not None and lease[0] not in self.released:
            seq = self.seq()
            decision.writes.row(
                "leases",
                lease[0],
                {"released_at": self.now, "release_reason": "done", "server_rev": seq},
                insert=False,
            )
            decision.released.add(lease[0])
        return {"lease_holder_id": None, "lease_expires_at": None}

    def _flag_suppressed(self, m: Incoming, row: dict[str, Any], decision: Decision) -> None:
        """A call or meeting reached the server for a number on the suppression list: it
        is recorded (it happened), flagged in the result and written to the audit."""
        company = row.get("company_id")
        contact = row.get("contact_id")
        hashes: set[str] = set()
        phone = row.get("phone") if m.entity == "call_attempts" else None
        if isinstance(phone, str) and phone.strip():
            hashes.add(_phone_hash(phone))
        else:
            per = self.phones.get(company, {}) if isinstance(company, uuid.UUID) else {}
            if contact is not None and contact in per:
                hashes |= per[contact]
            else:
                for hs in per.values():
                    hashes |= hs
        hits = [h for h in hashes if h in self.suppressed]
        if not hits:
            return
        since = [t for t in (self.suppressed[h] for h in hits) if t is not None]
        first = min(since) if since else None
        started = row.get("started_at") or row.get("start_at")
        details = {
            "entity": m.entity,
            "company_id": to_json_value(company),
            "suppressed_since": to_json_value(first),
            "at": to_json_value(started),
            "known_before": bool(first and started and first <= started),
        }
        decision.result.setdefault("flags", []).append("suppressed_number")
        decision.result["message"] = (
            "recorded, but the number is on the do-not-call list; a supervisor will see it"
        )
        audit_id = new_id()
        decision.writes.row(
            "audit_entries",
            audit_id,
            {
                "id": audit_id,
                "at": self.now,
                "user_id": self.principal.user_id,
                "action": "contact_with_suppressed_number",
                "entity": m.entity,
                "entity_id": str(row["id"]),
                "details": details,
                "note": None,
                "server_rev": self.seq(),
                "hlc": None,
                "deleted": False,
            },
            insert=True,
        )

    def _opt_out_wins(self, row: dict[str, Any], decision: Decision) -> None:
        digest = row.get("value_hash")
        if not digest:
            return
        active = self.session.execute(
            select(Suppression.id)
            .where(Suppression.value_hash == digest, Suppression.deleted.is_(False))
            .limit(1)
        ).first()
        if active is None and digest not in self.suppressed:
            return
        decision.result.setdefault("flags", []).append("opt_out_kept")
        decision.result["kept"] = {"consent": "opt_out"}
        decision.result["message"] = (
            "the opt-in was recorded, but the earlier opt-out still applies; only an "
            "administrator can lift a suppression"
        )

    # ---- applying -------------------------------------------------------------------------

    def accept(self, decision: Decision) -> None:
        """Make a decision's effects visible to the mutations after it."""
        for key, row in decision.overlay.items():
            ent = entity(key[0])
            if ent is not None:
                self._remember(ent, row)
            self.missing.discard(key)
        self.field_revs.update(decision.field_revs)
        self.aliases.update({(k[0], k[1]): v for k, v in decision.aliases.items()})
        self.suppressed.update(decision.suppressed)
        self.released |= decision.released


def apply_push(
    session: Session,
    principal: Principal,
    device_id: uuid.UUID,
    mutations: list[Incoming],
) -> list[dict[str, Any]]:
    """Apply ``mutations`` in order, exactly once; returns one result per mutation.
    The caller commits.

    The change-sequence lock is taken only to write: on PostgreSQL the rows a batch is
    about are locked while it is judged (so pushes about other leads run side by side)
    and the sequence is locked for the writes and the commit alone. SQLite has one
    writer at a time anyway: there the lock is taken first."""
    now = utcnow()
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        changes.lock(session)
    stored = _ledger(session, device_id, [m.mutation_id for m in mutations])
    fresh: list[Incoming] = []
    seen: set[uuid.UUID] = set()
    for m in mutations:
        if m.mutation_id not in stored and m.mutation_id not in seen:
            fresh.append(m)
            seen.add(m.mutation_id)
    decided: dict[uuid.UUID, dict[str, Any]] = {}
    base = used = 0
    if fresh:
        # SQLite rolls back to a savepoint (it holds the write lock already); PostgreSQL
        # starts the transaction over, which costs no extra round trip when all is well.
        savepoint = session.begin_nested() if sqlite else None
        try:
            batch = Batch(session, principal, device_id, fresh, now)
            decisions = _decide_all(batch, fresh)
            writes = Writes()
            for d in decisions:
                writes.merge(d.writes)
            used = batch.handed_out
            if used:
                base = changes.allocate(session, used)
            if not writes.empty:
                writes.flush(session, base)
            if savepoint is not None:
                savepoint.commit()
            decided = {m.mutation_id: d.result for m, d in zip(fresh, decisions, strict=True)}
        except (IntegrityError, DBAPIError) as exc:
            log.info("push batch refused by the database (%s); one by one", _short(exc))
            if savepoint is not None:
                savepoint.rollback()
            else:
                session.rollback()
                stored = _ledger(session, device_id, [m.mutation_id for m in mutations])
                fresh = [m for m in fresh if m.mutation_id not in stored]
            base = changes.lock(session)
            decided, used = _one_by_one(session, principal, device_id, fresh, now, base)
            if used:
                changes.advance(session, base + used)
    ledger: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for m in mutations:
        mid = str(m.mutation_id)
        if m.mutation_id in stored:
            results.append(
                {"mutation_id": mid, "status": DUPLICATE, "original": stored[m.mutation_id]}
            )
            continue
        outcome = decided.pop(m.mutation_id, None)
        if outcome is None:  # the same id twice in one batch
            results.append(
                {"mutation_id": mid, "status": DUPLICATE, "reason": "repeated in the batch"}
            )
            continue
        result = {"mutation_id": mid, **_shifted(outcome, "rev", base)}
        results.append(result)
        ledger.append(
            {
                "id": new_id(),
                "device_id": device_id,
                "mutation_id": m.mutation_id,
                "user_id": principal.user_id,
                "entity": m.entity[:64],
                "entity_id": m.entity_id[:64],
                "op": m.op,
                "status": result["status"],
                "result": result,
                "received_at": now,
                "deleted": False,
            }
        )
    if ledger:
        session.execute(insert(LEDGER), ledger)
    return results


def _decide_all(batch: Batch, mutations: list[Incoming]) -> list[Decision]:
    out = []
    for m in mutations:
        d = batch.decide(m)
        batch.accept(d)
        out.append(d)
    return out


def _one_by_one(
    session: Session,
    principal: Principal,
    device_id: uuid.UUID,
    mutations: list[Incoming],
    now: dt.datetime,
    base: int,
) -> tuple[dict[uuid.UUID, dict[str, Any]], int]:
    """The batch again, each mutation in its own savepoint (holding the sequence lock):
    only the ones the database refuses are rejected."""
    batch = Batch(session, principal, device_id, mutations, now)
    out: dict[uuid.UUID, dict[str, Any]] = {}
    for m in mutations:
        d = batch.decide(m)
        savepoint = session.begin_nested()
        try:
            d.writes.flush(session, base)
            savepoint.commit()
        except (IntegrityError, DBAPIError) as exc:
            savepoint.rollback()
            out[m.mutation_id] = {
                "status": REJECTED,
                "reason": f"The server could not store this change ({_short(exc)}).",
            }
            continue
        batch.accept(d)
        out[m.mutation_id] = d.result
    return out, batch.handed_out


def _ledger(
    session: Session, device_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(
            select(LEDGER.c.mutation_id, LEDGER.c.result).where(
                LEDGER.c.device_id == device_id, LEDGER.c.mutation_id.in_(chunk)
            )
        ):
            found[row.mutation_id] = row.result
    return found


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if "foreign key" in text.lower() or "FOREIGN KEY" in text:
        return "it refers to a row the server does not have"
    if "unique" in text.lower() or "duplicate key" in text.lower():
        return "another row already has the same key"
    if "not null" in text.lower() or "null value" in text.lower():
        return "a required field is empty"
    return type(orig).__name__


def _as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str) and len(value) <= 40:
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    return None


def _natural_values(ent: Entity, key: tuple[str, ...], fields: dict[str, Any]) -> tuple[Any, ...] | None:
    out = []
    for col in key:
        raw = fields.get(col)
        if raw is None:
            return None
        try:
            out.append(ent.converters[col](raw))
        except (FieldError, KeyError):
            return None
    return tuple(out)


def _phone_hash(raw: str) -> str:
    return suppression_hash(stored_key("phone", raw))


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
