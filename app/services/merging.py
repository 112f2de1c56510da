"""Merging duplicate companies into a golden record, reversibly, with provenance.

Golden record
-------------
Each field group of the surviving company is taken from the cluster's import records:

* ``priority`` (the default for every group): the value of the record whose import batch
  has the highest ``--priority``; among equally trusted records the value most records
  agree on; then the oldest record's.
* ``majority``: the value most records agree on; ties go to the higher priority, then the
  oldest record.

The groups are ``name`` (name and legal form, taken together), ``nip``, ``regon``,
``address`` (street, building, flat, postcode, town, voivodeship — always from one record,
so an address is never stitched from two), ``phone``, ``email``, ``website``,
``industry``, ``employees`` and every qualification field (``field:<key>`` or just the
key). Values compare by their standardised form (E.164 phone, lower-case e-mail, the
name's match key …). A field someone edited after the import keeps the edited value, and
a qualification answer captured by an agent is never overwritten by an imported one.
Every phone number of every merged company stays on the survivor (duplicates dropped).

Stable ids
----------
The survivor is the company with the lowest id — ids are time-ordered uuid7s, so the
oldest (companies created in the same millisecond are ordered by the id's random part) —
so the company id of a cluster does not change when the deduplication is run again or a
newer list adds records to it. "Oldest record" in the rules below means the earliest
import batch, then the lowest row number.

Reversible
----------
A :class:`~models.CompanyMerge` records which rows moved from which company, the
survivor's values before and what the merge wrote. :func:`unmerge` moves the rows back,
restores the absorbed companies and the survivor's earlier values — except where someone
changed a value since the merge — and (by default) remembers "keep apart" so the next run
does not merge them again.

Contacts and households
-----------------------
After a merge, contacts of the survivor whose names agree (normalised; a missing first or
last name agrees with any) are one person when they share a phone or an e-mail, or when
one of them has neither: the contact with the fullest name (then the oldest) stays, the
others are tombstoned and their phones, calls, meetings and consents move to it (undone
by :func:`unmerge` too).
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services.normalize import name_match_key, search_key
from models import (
    Base,
    Company,
    CompanyMerge,
    Contact,
    DedupDecision,
    FieldProvenance,
    FieldValue,
    ImportBatch,
    ImportRecord,
    PhoneNumber,
    new_id,
    utcnow,
)

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_RULE",
    "FIELD_GROUPS",
    "MergeGroup",
    "MergeOutcome",
    "golden_record",
    "merge_groups",
    "parse_rules",
    "remove_records",
    "unmerge",
]

FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("name", "legal_form"),
    "nip": ("nip",),
    "regon": ("regon",),
    "address": ("street", "building", "flat", "postcode", "city", "voivodeship"),
    "phone": ("phone",),
    "email": ("email",),
    "website": ("website",),
    "industry": ("industry",),
    "employees": ("employees",),
}
GOLDEN_COLUMNS: tuple[str, ...] = tuple(c for cols in FIELD_GROUPS.values() for c in cols)
DEFAULT_RULE = "priority"
RULES = ("priority", "majority")
_CHUNK = 500
_MINE = {"import_records", "field_provenance", "company_merges", "dedup_decisions"}
# Rows that are the same thing on one company, for tables whose constraints do not say so.
_NATURAL_KEYS: dict[str, tuple[str, ...]] = {"phone_numbers": ("contact_id", "e164")}


def parse_rules(items: Iterable[str]) -> dict[str, str]:
    """``["phone=majority", "fleet_total=priority"]`` → ``{"phone": "majority", …}``."""
    rules: dict[str, str] = {}
    for item in items:
        key, sep, rule = item.partition("=")
        key, rule = key.strip(), rule.strip().lower()
        if not sep or not key or rule not in RULES:
            raise UserError(
                f"--rule {item!r}: write FIELD=priority or FIELD=majority "
                f"(fields: {', '.join(FIELD_GROUPS)} or a qualification field key)."
            )
        rules[key.removeprefix("field:")] = rule
    return rules


# ---- the golden record --------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRecord:
    """An import record as the golden-record rules see it."""

    id: uuid.UUID
    batch_id: uuid.UUID
    source: str
    row: int
    priority: int
    values: Mapping[str, Any]
    imported_at: str = ""
    """When its batch was imported (ISO 8601): with ``row``, what "oldest" means."""


def _identity(group: str, values: Mapping[str, Any]) -> Any:
    """What two records must share to "agree" on a group."""
    if group == "name":
        return (name_match_key(values.get("name") or ""), values.get("legal_form"))
    if group == "address":
        return (values.get("street_key"), values.get("postcode") or values.get("city_key"))
    if group == "email":
        return (values.get("email") or "").lower()
    if group.startswith("field:"):
        return repr(values.get("fields", {}).get(group[6:]))
    cols = FIELD_GROUPS[group]
    return tuple(values.get(c) for c in cols)


def _present(group: str, values: Mapping[str, Any]) -> bool:
    if group.startswith("field:"):
        return values.get("fields", {}).get(group[6:]) not in (None, "")
    return any(values.get(c) not in (None, "") for c in FIELD_GROUPS[group])


def golden_record(
    records: Sequence[SourceRecord], rules: Mapping[str, str] | None = None
) -> dict[str, tuple[SourceRecord, str]]:
    """For each field group with a value in any record: the record it is taken from and
    the rule that chose it (``only`` when one record had it)."""
    rules = rules or {}
    groups = list(FIELD_GROUPS)
    field_keys = sorted({k for r in records for k in (r.values.get("fields") or {})})
    groups += [f"field:{k}" for k in field_keys]
    order = {r.id: i for i, r in enumerate(sorted(records, key=lambda r: (r.imported_at, r.row,
                                                                             r.id.int)))}
    chosen: dict[str, tuple[SourceRecord, str]] = {}
    for group in groups:
        candidates = [r for r in records if _present(group, r.values)]
        if not candidates:
            continue
        if len(candidates) == 1:
            chosen[group] = (candidates[0], "only")
            continue
        counts = Counter(_identity(group, r.values) for r in candidates)
        rule = rules.get(group.removeprefix("field:"), DEFAULT_RULE)
        if rule == "majority":
            best = min(candidates, key=lambda r: (-counts[_identity(group, r.values)],
                                                  -r.priority, order[r.id]))
        else:
            best = min(candidates, key=lambda r: (-r.priority,
                                                  -counts[_identity(group, r.values)],
                                                  order[r.id]))
        chosen[group] = (best, rule)
    return chosen


# ---- loading ------------------------------------------------------------------------------


def _t(model: Any) -> Table:
    return cast(Table, model.__table__)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _load_records(session: Session, company_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[SourceRecord]]:
    out: dict[uuid.UUID, list[SourceRecord]] = {}
    for chunk in _chunks(list(company_ids)):
        rows = session.execute(
            select(ImportRecord.id, ImportRecord.company_id, ImportRecord.batch_id,
                   ImportRecord.source, ImportRecord.row, ImportRecord.values,
                   ImportBatch.priority, ImportBatch.created_at)
            .join(ImportBatch, ImportBatch.id == ImportRecord.batch_id)
            .where(ImportRecord.company_id.in_(chunk), ImportRecord.deleted.is_(False))
        ).all()
        for rid, cid, bid, source, row, values, priority, created in rows:
            out.setdefault(cid, []).append(SourceRecord(
                rid, bid, source, row, priority or 0, values or {},
                created.isoformat() if created is not None else ""))
    return out


@lru_cache(maxsize=1)
def _dependent_tables() -> list[tuple[Table, str, list[tuple[str, ...]]]]:
    """Tables with a company foreign key: (table, column, natural keys within a company)."""
    out = []
    for table in Base.metadata.sorted_tables:
        if table.name in _MINE or table.name == "companies":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name != "companies":
                continue
            col = fk.parent.name
            keys: list[tuple[str, ...]] = []
            for constraint in table.constraints:
                names = tuple(c.name for c in getattr(constraint, "columns", ()))
                if constraint.__class__.__name__ == "UniqueConstraint" and col in names:
                    keys.append(tuple(n for n in names if n != col))
            for index in table.indexes:
                names = tuple(c.name for c in index.columns)
                if index.unique and col in names:
                    keys.append(tuple(n for n in names if n != col))
            if table.name in _NATURAL_KEYS:
                keys.append(_NATURAL_KEYS[table.name])
            out.append((table, col, keys))
    return out


@lru_cache(maxsize=1)
def _contact_tables() -> list[tuple[Table, str]]:
    out = []
    for table in Base.metadata.sorted_tables:
        if table.name in _MINE or table.name == "contacts":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "contacts":
                out.append((table, fk.parent.name))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ---- merging --------------------------------------------------------------------------------


@dataclass
class MergeGroup:
    survivor: uuid.UUID
    absorbed: list[uuid.UUID]
    score: float | None = None


@dataclass
class MergeOutcome:
    merges: int = 0
    companies_absorbed: int = 0
    contacts_merged: int = 0
    merge_ids: list[str] = field(default_factory=list)


def _company_columns(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    cols = [Company.id, *(getattr(Company, c) for c in GOLDEN_COLUMNS)]
    out: dict[uuid.UUID, dict[str, Any]] = {}
    for chunk in _chunks(list(ids)):
        for row in session.execute(select(*cols).where(Company.id.in_(chunk))):
            out[row[0]] = dict(zip(GOLDEN_COLUMNS, row[1:], strict=True))
    return out


def _provenance(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[dict[str, Any]]]:
    out: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for chunk in _chunks(list(ids)):
        for p in session.scalars(select(FieldProvenance).where(FieldProvenance.company_id.in_(chunk))):
            out.setdefault(p.company_id, []).append({
                "field": p.field, "record_id": str(p.record_id) if p.record_id else None,
                "batch_id": str(p.batch_id) if p.batch_id else None, "source": p.source,
                "row": p.row, "rule": p.rule, "value": p.value,
            })
    return out


def _imported_view(columns: Mapping[str, Any], provenance: list[dict[str, Any]],
                   records: list[SourceRecord]) -> dict[str, Any]:
    """The values an unedited company would have from its import (to spot edits)."""
    if provenance:
        return {p["field"]: p["value"] for p in provenance}
    if len(records) == 1:
        return {c: records[0].values.get(c) for c in GOLDEN_COLUMNS}
    return dict(columns)


def merge_groups(
    session: Session,
    groups: Sequence[MergeGroup],
    *,
    mode: str,
    rules: Mapping[str, str] | None = None,
) -> MergeOutcome:
    """Merge each group's absorbed companies into its survivor (in bulk)."""
    outcome = MergeOutcome()
    groups = [g for g in groups if g.absorbed]
    if not groups:
        return outcome
    session.flush()
    now = utcnow()
    all_ids = [cid for g in groups for cid in (g.survivor, *g.absorbed)]
    columns = _company_columns(session, all_ids)
    records = _load_records(session, all_ids)
    provenance = _provenance(session, [g.survivor for g in groups])
    absorbed_of = {a: g.survivor for g in groups for a in g.absorbed}
    survivors = [g.survivor for g in groups]
    moved = _move_dependents(session, survivors, absorbed_of)
    # Records follow; absorbed companies become tombstones.
    record_moves: dict[uuid.UUID, dict[str, str]] = {s: {} for s in survivors}
    for g in groups:
        for a in g.absorbed:
            for r in records.get(a, []):
                record_moves[g.survivor][str(r.id)] = str(a)
    records_t = _t(ImportRecord)
    companies_t = _t(Company)
    session.execute(
        update(records_t).where(records_t.c.company_id == bindparam("_from"))
        .values(company_id=bindparam("_to")),
        [{"_from": a, "_to": s} for a, s in absorbed_of.items()],
    )
    for chunk in _chunks(list(absorbed_of)):
        session.execute(update(companies_t).where(companies_t.c.id.in_(chunk))
                        .values(deleted=True, updated_at=now))
    # The golden record of each survivor.
    existing_fields = _field_rows(session, survivors)
    company_rows: list[dict[str, Any]] = []
    prov_rows: list[dict[str, Any]] = []
    field_updates: list[dict[str, Any]] = []
    field_inserts: list[dict[str, Any]] = []
    merge_rows: list[dict[str, Any]] = []
    fields_of: dict[uuid.UUID, tuple[dict[str, Any], dict[str, Any]]] = {}
    for g in groups:
        cluster = [r for cid in (g.survivor, *g.absorbed) for r in records.get(cid, [])]
        before_cols = columns.get(g.survivor, {})
        prov_before = provenance.get(g.survivor, [])
        imported = _imported_view(before_cols, prov_before, records.get(g.survivor, []))
        edited = {c for c, v in imported.items()
                  if c in before_cols and before_cols.get(c) != v}
        chosen = golden_record(cluster, rules)
        row = dict(before_cols)
        after_cols: dict[str, Any] = {}
        mine: list[dict[str, Any]] = []
        for group, (rec, rule) in chosen.items():
            if group.startswith("field:"):
                continue
            for c in FIELD_GROUPS[group]:
                if c in edited:
                    mine.append({"field": c, "record_id": None, "batch_id": None,
                                 "source": None, "row": None, "rule": "edited",
                                 "value": before_cols.get(c)})
                    continue
                row[c] = after_cols[c] = rec.values.get(c)
                mine.append({"field": c, "record_id": rec.id, "batch_id": rec.batch_id,
                             "source": rec.source, "row": rec.row, "rule": rule,
                             "value": rec.values.get(c)})
        row["name_key"] = search_key(row.get("name") or "")
        row["city_key"] = search_key(row["city"]) if row.get("city") else None
        company_rows.append({"_id": g.survivor, **row, "updated_at": now})
        fields_of[g.survivor] = _golden_fields(g.survivor, chosen, existing_fields, mine,
                                               field_updates, field_inserts, now)
        prov_rows.extend({"id": new_id(), "company_id": g.survivor, "updated_at": now,
                          "deleted": False, **p} for p in mine)
        merge_rows.append({
            "id": new_id(), "survivor_id": g.survivor, "merged_ids": [str(a) for a in g.absorbed],
            "mode": mode, "score": g.score, "merged_at": now, "undone_at": None,
            "records": record_moves[g.survivor], "moved": moved.get(g.survivor, {}),
            "before": {"columns": {c: _jsonable(v) for c, v in before_cols.items()},
                       "provenance": prov_before, "fields": fields_of[g.survivor][0]},
            "after": {"columns": after_cols, "fields": fields_of[g.survivor][1]},
            "deleted": False,
        })
    keys = [*GOLDEN_COLUMNS, "name_key", "city_key", "updated_at"]
    session.execute(
        update(companies_t).where(companies_t.c.id == bindparam("_id"))
        .values({k: bindparam(k) for k in keys}),
        [{"_id": r["_id"], **{k: r.get(k) for k in keys}} for r in company_rows],
    )
    fv = _t(FieldValue)
    if field_updates:
        session.execute(
            update(fv).where(fv.c.id == bindparam("_id"))
            .values(value=bindparam("_value"), source=bindparam("_source"),
                    import_batch_id=bindparam("_batch"), updated_at=bindparam("_at")),
            field_updates,
        )
    if field_inserts:
        session.execute(insert(fv), field_inserts)
    fp = _t(FieldProvenance)
    for chunk in _chunks(survivors):
        session.execute(delete(fp).where(fp.c.company_id.in_(chunk)))
    if prov_rows:
        session.execute(insert(fp), prov_rows)
    # Contacts who are the same person.
    crowded = _companies_with_contacts(session, survivors)
    by_survivor = {m["survivor_id"]: m for m in merge_rows}
    for survivor in crowded:
        folded = _dedup_contacts(session, survivor)
        by_survivor[survivor]["after"]["contacts"] = folded
        outcome.contacts_merged += len(folded)
    session.execute(insert(_t(CompanyMerge)), merge_rows)
    session.expire_all()
    outcome.merges = len(groups)
    outcome.companies_absorbed = len(absorbed_of)
    outcome.merge_ids = [str(m["id"]) for m in merge_rows]
    return outcome


def _move_dependents(session: Session, survivors: Sequence[uuid.UUID],
                     absorbed_of: Mapping[uuid.UUID, uuid.UUID]) -> dict[uuid.UUID, dict[str, list[list[str]]]]:
    """Re-point rows of every table with a company foreign key from absorbed companies to
    their survivor, unless the survivor already has the same thing (a unique key)."""
    moved: dict[uuid.UUID, dict[str, list[list[str]]]] = {}
    for table, col, keys in _dependent_tables():
        key_cols = sorted({c for k in keys for c in k})
        sel = [table.c.id, table.c[col], *(table.c[c] for c in key_cols)]
        taken: dict[uuid.UUID, set[tuple[Any, ...]]] = {}
        if keys:
            for chunk in _chunks(list(survivors)):
                for row in session.execute(select(*sel).where(table.c[col].in_(chunk))):
                    for k in keys:
                        idx = [2 + key_cols.index(c) for c in k]
                        taken.setdefault(row[1], set()).add((k, *(row[i] for i in idx)))
        updates: list[dict[str, Any]] = []
        for chunk in _chunks(list(absorbed_of)):
            for row in session.execute(select(*sel).where(table.c[col].in_(chunk))):
                survivor = absorbed_of[row[1]]
                if keys:
                    mine = taken.setdefault(survivor, set())
                    marks = [(k, *(row[2 + key_cols.index(c)] for c in k)) for k in keys]
                    if any(m in mine for m in marks):
                        continue
                    mine.update(marks)
                updates.append({"_id": row[0], "_to": survivor})
                moved.setdefault(survivor, {}).setdefault(table.name, []).append(
                    [str(row[0]), str(row[1])])
        if updates:
            session.execute(
                update(table).where(table.c.id == bindparam("_id"))
                .values({col: bindparam("_to")}),
                updates,
            )
    return moved


FieldRow = tuple[uuid.UUID, Any, str | None, uuid.UUID | None]


def _field_rows(session: Session, companies: Sequence[uuid.UUID]) -> dict[tuple[uuid.UUID, str], FieldRow]:
    out: dict[tuple[uuid.UUID, str], FieldRow] = {}
    fv = _t(FieldValue)
    for chunk in _chunks(list(companies)):
        for rid, cid, key, value, source, batch in session.execute(
            select(fv.c.id, fv.c.company_id, fv.c.field_key, fv.c.value, fv.c.source,
                   fv.c.import_batch_id).where(fv.c.company_id.in_(chunk))
        ):
            out[(cid, key)] = (rid, value, source, batch)
    return out


def _companies_with_contacts(session: Session, companies: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    out: list[uuid.UUID] = []
    ct = _t(Contact)
    for chunk in _chunks(list(companies)):
        out.extend(session.scalars(
            select(ct.c.company_id).where(ct.c.company_id.in_(chunk), ct.c.deleted.is_(False))
            .group_by(ct.c.company_id).having(func.count() > 1)
        ))
    return out


def _golden_fields(
    survivor: uuid.UUID,
    chosen: Mapping[str, tuple[SourceRecord, str]],
    existing: Mapping[tuple[uuid.UUID, str], FieldRow],
    prov_rows: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    inserts: list[dict[str, Any]],
    now: Any,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The golden qualification answers (queued as updates / inserts); returns (before,
    after) per field key. An agent's answer (a source other than an import) is kept."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for group, (rec, rule) in chosen.items():
        if not group.startswith("field:"):
            continue
        key = group[6:]
        value = rec.values["fields"][key]
        found = existing.get((survivor, key))
        if found is not None and not (found[2] or "").startswith("import:"):
            prov_rows.append({"field": group, "record_id": None, "batch_id": None,
                              "source": found[2], "row": None, "rule": "edited",
                              "value": found[1]})
            continue
        before[key] = None if found is None else {
            "value": found[1], "source": found[2],
            "import_batch_id": str(found[3]) if found[3] else None}
        if found is None:
            inserts.append({"id": new_id(), "company_id": survivor, "field_key": key,
                            "value": value, "updated_at": now,
                            "source": f"import:{rec.batch_id}", "import_batch_id": rec.batch_id,
                            "updated_by": None, "deleted": False})
        else:
            updates.append({"_id": found[0], "_value": value, "_source": f"import:{rec.batch_id}",
                            "_batch": rec.batch_id, "_at": now})
        after[key] = value
        prov_rows.append({"field": group, "record_id": rec.id, "batch_id": rec.batch_id,
                          "source": rec.source, "row": rec.row, "rule": rule, "value": value})
    return before, after


def _dedup_contacts(session: Session, company_id: uuid.UUID) -> dict[str, Any]:
    """Fold contacts of one company that are the same person into one (see the module
    docstring). Returns what moved, for undoing."""
    contacts = session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name, Contact.email)
        .where(Contact.company_id == company_id, Contact.deleted.is_(False))
        .order_by(Contact.id)
    ).all()
    if len(contacts) < 2:
        return {}
    phones: dict[uuid.UUID, set[str]] = {}
    for cid, e164 in session.execute(
        select(PhoneNumber.contact_id, PhoneNumber.e164)
        .where(PhoneNumber.company_id == company_id, PhoneNumber.contact_id.is_not(None),
               PhoneNumber.deleted.is_(False))
    ):
        if cid is not None:
            phones.setdefault(cid, set()).add(e164)
    people: list[tuple[uuid.UUID, str, str, set[str]]] = []
    for cid, first, last, email in contacts:
        if not (first or last):
            continue
        channels = set(phones.get(cid, set()))
        if email:
            channels.add(email.lower())
        people.append((cid, search_key(first or ""), search_key(last or ""), channels))

    def compatible(a: str, b: str) -> bool:
        return not a or not b or a == b

    # The fullest name stays (then the oldest contact): "Mariusz Piotrowski" over "Piotrowski".
    people.sort(key=lambda p: -(bool(p[1]) + bool(p[2])))

    done: dict[str, Any] = {}
    kept: list[tuple[uuid.UUID, str, str, set[str]]] = []
    for cid, first, last, channels in people:
        # The same person: the names agree where both are given (and agree somewhere),
        # and they share a phone or an e-mail unless one of them has neither.
        target = next((k for k in kept
                       if compatible(k[1], first) and compatible(k[2], last)
                       and ((k[1] and k[1] == first) or (k[2] and k[2] == last))
                       and (k[3] & channels or not k[3] or not channels)), None)
        if target is None:
            kept.append((cid, first, last, channels))
            continue
        target[3].update(channels)
        moves: dict[str, list[list[str]]] = {}
        for table, col in _contact_tables():
            ids = [r[0] for r in session.execute(select(table.c.id).where(table.c[col] == cid))]
            if ids:
                session.execute(update(table).where(table.c.id.in_(ids))
                                .values({col: target[0]})
                                .execution_options(synchronize_session=False))
                moves[table.name] = [[str(i), col] for i in ids]
        session.execute(update(Contact).where(Contact.id == cid).values(deleted=True)
                        .execution_options(synchronize_session=False))
        done[str(cid)] = {"kept": str(target[0]), "moved": moves}
    return done


# ---- undoing ------------------------------------------------------------------------------


def _as_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _undo_merges(session: Session, merges: Sequence[CompanyMerge]) -> list[uuid.UUID]:
    """Undo merges (in bulk); returns the restored company ids. Merges into the same
    survivor are undone latest first."""
    if not merges:
        return []
    session.flush()
    now = utcnow()
    merges = sorted(merges, key=lambda m: (m.merged_at, m.id.int), reverse=True)
    survivors = list(dict.fromkeys(m.survivor_id for m in merges))
    tables = {t.name: (t, col) for t, col, _ in _dependent_tables()}
    contact_tables = {t.name: (t, col) for t, col in _contact_tables()}
    contacts_t = _t(Contact)
    moves: dict[str, list[dict[str, Any]]] = {}
    record_moves: list[dict[str, Any]] = []
    restored: list[uuid.UUID] = []
    for m in merges:
        for dup, info in ((m.after or {}).get("contacts") or {}).items():
            for table_name, rows in info.get("moved", {}).items():
                table, _ = contact_tables[table_name]
                for row_id, column in rows:
                    session.execute(update(table).where(
                        table.c.id == uuid.UUID(row_id), table.c[column] == uuid.UUID(info["kept"])
                    ).values({column: uuid.UUID(dup)}))
            session.execute(update(contacts_t).where(contacts_t.c.id == uuid.UUID(dup))
                            .values(deleted=False))
        for table_name, rows in (m.moved or {}).items():
            if table_name in tables:
                moves.setdefault(table_name, []).extend(
                    {"_id": uuid.UUID(r), "_old": uuid.UUID(old), "_s": m.survivor_id}
                    for r, old in rows)
        record_moves.extend({"_id": uuid.UUID(r), "_old": uuid.UUID(old), "_s": m.survivor_id}
                            for r, old in (m.records or {}).items())
        restored.extend(uuid.UUID(a) for a in m.merged_ids)
    for table_name, params in moves.items():
        table, col = tables[table_name]
        session.execute(update(table).where(table.c.id == bindparam("_id"),
                                            table.c[col] == bindparam("_s"))
                        .values({col: bindparam("_old")}), params)
    records_t = _t(ImportRecord)
    if record_moves:
        session.execute(update(records_t).where(records_t.c.id == bindparam("_id"),
                                                records_t.c.company_id == bindparam("_s"))
                        .values(company_id=bindparam("_old")), record_moves)
    companies_t = _t(Company)
    for chunk in _chunks(restored):
        session.execute(update(companies_t).where(companies_t.c.id.in_(chunk))
                        .values(deleted=False, updated_at=now))
    # The survivors' own values and answers, unless edited since the merge.
    current = _company_columns(session, survivors)
    fields = _field_rows(session, survivors)
    fv = _t(FieldValue)
    field_deletes: list[uuid.UUID] = []
    field_updates: dict[uuid.UUID, dict[str, Any]] = {}
    provenance_of: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for m in merges:  # latest first: each restores what the previous state was
        row = current.setdefault(m.survivor_id, {})
        before = (m.before or {}).get("columns", {})
        for c, v in ((m.after or {}).get("columns") or {}).items():
            if row.get(c) == v:
                row[c] = before.get(c)
        for key, value in ((m.after or {}).get("fields") or {}).items():
            found = fields.get((m.survivor_id, key))
            if found is None or found[1] != value:
                continue
            old = ((m.before or {}).get("fields") or {}).get(key)
            if old is None:
                field_deletes.append(found[0])
                fields.pop((m.survivor_id, key))
            else:
                fields[(m.survivor_id, key)] = (found[0], old["value"], old["source"],
                                                _as_uuid(old["import_batch_id"]))
                field_updates[found[0]] = {"_id": found[0], "_value": old["value"],
                                           "_source": old["source"],
                                           "_batch": _as_uuid(old["import_batch_id"])}
        provenance_of[m.survivor_id] = (m.before or {}).get("provenance") or []
        m.undone_at = now
    keys = list(GOLDEN_COLUMNS)
    params = []
    for sid in survivors:
        row = current[sid]
        params.append({"_id": sid, **{k: row.get(k) for k in keys},
                       "name_key": search_key(row.get("name") or ""),
                       "city_key": search_key(row["city"]) if row.get("city") else None,
                       "updated_at": now})
    session.execute(update(companies_t).where(companies_t.c.id == bindparam("_id"))
                    .values({k: bindparam(k) for k in [*keys, "name_key", "city_key",
                                                       "updated_at"]}), params)
    for chunk in _chunks(field_deletes):
        session.execute(delete(fv).where(fv.c.id.in_(chunk)))
    if field_updates:
        session.execute(update(fv).where(fv.c.id == bindparam("_id"))
                        .values(value=bindparam("_value"), source=bindparam("_source"),
                                import_batch_id=bindparam("_batch")),
                        list(field_updates.values()))
    fp = _t(FieldProvenance)
    for chunk in _chunks(survivors):
        session.execute(delete(fp).where(fp.c.company_id.in_(chunk)))
    rows = [
        {"id": new_id(), "company_id": sid, "updated_at": now, "deleted": False,
         **{**p, "record_id": _as_uuid(p["record_id"]), "batch_id": _as_uuid(p["batch_id"])}}
        for sid, prov in provenance_of.items() for p in prov
    ]
    if rows:
        session.execute(insert(fp), rows)
    session.flush()
    return restored


def _origin_record(session: Session, company_id: uuid.UUID) -> uuid.UUID | None:
    found = session.scalars(
        select(ImportRecord.id).where(ImportRecord.origin_company_id == company_id)
        .order_by(ImportRecord.id).limit(1)
    ).first()
    if found is None:
        found = session.scalars(
            select(ImportRecord.id).where(ImportRecord.company_id == company_id)
            .order_by(ImportRecord.id).limit(1)
        ).first()
    return found


def remember(session: Session, a: uuid.UUID, b: uuid.UUID, decision: str) -> None:
    """Store (or replace) a decision between two records."""
    lo, hi = sorted((a, b), key=lambda u: u.int)
    found = session.scalars(select(DedupDecision).where(DedupDecision.record_a == lo,
                                                        DedupDecision.record_b == hi)).first()
    if found is None:
        session.add(DedupDecision(id=new_id(), record_a=lo, record_b=hi, decision=decision))
    else:
        found.decision = decision
        found.decided_at = utcnow()
    session.flush()


def unmerge(session: Session, company_id: uuid.UUID, *, remember_apart: bool = True) -> dict[str, Any]:
    """Undo every merge into ``company_id`` (latest first)."""
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"No company with id {company_id}.")
    if company.deleted:
        holder = session.scalars(
            select(ImportRecord.company_id).where(ImportRecord.origin_company_id == company_id)
        ).first()
        hint = f" It was merged into {holder}; unmerge that one." if holder else ""
        raise UserError(f"Company {company_id} is not active.{hint}")
    merges = session.scalars(
        select(CompanyMerge).where(CompanyMerge.survivor_id == company_id,
                                   CompanyMerge.undone_at.is_(None))
        .order_by(CompanyMerge.merged_at.desc(), CompanyMerge.id.desc())
    ).all()
    if not merges:
        raise UserError(f"Company {company_id} is not the result of a merge; nothing to undo.")
    restored = _undo_merges(session, merges)
    if remember_apart:
        # Every pair of the companies that were one: the next run keeps them apart.
        origins = [r for r in (_origin_record(session, c) for c in (company_id, *restored))
                   if r is not None]
        for i, first in enumerate(origins):
            for second in origins[i + 1:]:
                remember(session, first, second, "apart")
    return {"company_id": str(company_id), "restored": [str(r) for r in restored],
            "merges_undone": len(merges)}


# ---- removing records (batch rollback) -------------------------------------------------------


def _with_history(session: Session, companies: Sequence[uuid.UUID], own: set[str]) -> set[uuid.UUID]:
    """Companies that rows other than their own imported ones refer to (calls, queue …)."""
    found: set[uuid.UUID] = set()
    for table, col, _ in _dependent_tables():
        if table.name in own:
            continue
        for chunk in _chunks(list(companies)):
            found.update(session.scalars(select(table.c[col]).where(table.c[col].in_(chunk))
                                         .distinct()))
    return found


def remove_records(session: Session, record_ids: Sequence[uuid.UUID]) -> dict[str, int]:
    """Remove import records and what was created for them, restoring what they changed.

    Merged companies holding any of the records are unmerged, the records' own companies
    (and their phones, contacts and imported answers) are deleted — tombstoned instead
    when calls or other history were attached to them since — and the remaining records
    of each formerly merged company are merged again.
    """
    ids = list(dict.fromkeys(record_ids))
    id_set = set(ids)
    outcome = {"companies_removed": 0, "companies_kept": 0, "merges_undone": 0,
               "merges_redone": 0, "contacts_removed": 0}
    if not ids:
        return outcome
    session.flush()
    records_t = _t(ImportRecord)
    rows: list[Any] = []
    for chunk in _chunks(ids):
        rows.extend(session.execute(
            select(records_t.c.id, records_t.c.origin_company_id, records_t.c.contact_id,
                   records_t.c["values"]).where(records_t.c.id.in_(chunk))
        ).all())
    # 1. Unmerge every company that holds one of the records, until none does.
    regroup: list[list[uuid.UUID]] = []
    merges_t = _t(CompanyMerge)
    while True:
        holders: set[uuid.UUID] = set()
        for chunk in _chunks(ids):
            holders.update(session.scalars(select(records_t.c.company_id)
                                           .where(records_t.c.id.in_(chunk))))
        merged: set[uuid.UUID] = set()
        for chunk in _chunks(list(holders)):
            merged.update(session.scalars(select(merges_t.c.survivor_id).where(
                merges_t.c.survivor_id.in_(chunk), merges_t.c.undone_at.is_(None))))
        if not merged:
            break
        members: dict[uuid.UUID, list[uuid.UUID]] = {}
        for chunk in _chunks(list(merged)):
            for rid, cid in session.execute(select(records_t.c.id, records_t.c.company_id)
                                            .where(records_t.c.company_id.in_(chunk))):
                members.setdefault(cid, []).append(rid)
        regroup.extend([m for m in group if m not in id_set] for group in members.values())
        active: list[CompanyMerge] = []
        for chunk in _chunks(list(merged)):
            active.extend(session.scalars(select(CompanyMerge).where(
                CompanyMerge.survivor_id.in_(chunk), CompanyMerge.undone_at.is_(None))))
        _undo_merges(session, active)
        outcome["merges_undone"] += len(active)
    # 2. Delete the records and what they created.
    created_companies = [r[1] for r in rows
                         if (r[3] or {}).get("_created", {}).get("company", True)]
    created_contacts = [r[2] for r in rows if r[2] is not None
                        and (r[3] or {}).get("_created", {}).get("contact", True)]
    decisions_t = _t(DedupDecision)
    fp = _t(FieldProvenance)
    for chunk in _chunks(ids):
        session.execute(delete(decisions_t).where(
            or_(decisions_t.c.record_a.in_(chunk), decisions_t.c.record_b.in_(chunk))))
        session.execute(delete(fp).where(fp.c.record_id.in_(chunk)))
        session.execute(delete(records_t).where(records_t.c.id.in_(chunk)))
    phones_t = _t(PhoneNumber)
    contacts_t = _t(Contact)
    if created_contacts:
        busy: set[uuid.UUID] = set()
        for table, col in _contact_tables():
            if table.name == "phone_numbers":
                continue
            for chunk in _chunks(created_contacts):
                busy.update(session.scalars(select(table.c[col]).where(table.c[col].in_(chunk))))
        free = [c for c in created_contacts if c not in busy]
        for chunk in _chunks(free):
            session.execute(delete(phones_t).where(phones_t.c.contact_id.in_(chunk)))
            session.execute(delete(contacts_t).where(contacts_t.c.id.in_(chunk)))
        for chunk in _chunks(list(busy)):
            session.execute(update(contacts_t).where(contacts_t.c.id.in_(chunk))
                            .values(deleted=True))
        outcome["contacts_removed"] = len(created_contacts)
    # A company still holding other records (a B2C household shared with other imports)
    # stays.
    still: set[uuid.UUID] = set()
    for chunk in _chunks(created_companies):
        still.update(session.scalars(select(records_t.c.company_id)
                                     .where(records_t.c.company_id.in_(chunk)).distinct()))
    doomed = [c for c in dict.fromkeys(created_companies) if c not in still]
    history = _with_history(session, doomed, {"phone_numbers", "contacts", "field_values"})
    companies_t = _t(Company)
    for chunk in _chunks([c for c in doomed if c in history]):
        session.execute(update(companies_t).where(companies_t.c.id.in_(chunk))
                        .values(deleted=True, updated_at=utcnow()))
    gone = [c for c in doomed if c not in history]
    for chunk in _chunks(gone):
        session.execute(delete(fp).where(fp.c.company_id.in_(chunk)))
        session.execute(delete(merges_t).where(merges_t.c.survivor_id.in_(chunk)))
        session.execute(delete(phones_t).where(phones_t.c.company_id.in_(chunk)))
        session.execute(delete(_t(FieldValue)).where(_t(FieldValue).c.company_id.in_(chunk)))
        session.execute(delete(contacts_t).where(contacts_t.c.company_id.in_(chunk)))
        session.execute(delete(companies_t).where(companies_t.c.id.in_(chunk)))
    outcome["companies_removed"] = len(gone)
    outcome["companies_kept"] = len(doomed) - len(gone)
    # 3. Merge the rest of each formerly merged company again.
    wanted = [r for group in regroup for r in group]
    company_of: dict[uuid.UUID, uuid.UUID] = {}
    for chunk in _chunks(wanted):
        for rid, cid in session.execute(select(records_t.c.id, records_t.c.company_id)
                                        .where(records_t.c.id.in_(chunk))):
            company_of[rid] = cid
    alive: set[uuid.UUID] = set()
    for chunk in _chunks(list(set(company_of.values()))):
        alive.update(session.scalars(select(companies_t.c.id).where(
            companies_t.c.id.in_(chunk), companies_t.c.deleted.is_(False))))
    # Nested merges give overlapping groups: join them, then one merge per company set.
    parent: dict[uuid.UUID, uuid.UUID] = {}

    def root(x: uuid.UUID) -> uuid.UUID:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in regroup:
        live = [company_of[r] for r in group if company_of.get(r) in alive]
        for other in live[1:]:
            a, b = root(live[0]), root(other)
            if a != b:
                parent[b] = a
        if live:
            root(live[0])
    sets: dict[uuid.UUID, set[uuid.UUID]] = {}
    for company in list(parent):
        sets.setdefault(root(company), set()).add(company)
    groups: list[MergeGroup] = []
    for company_set in sets.values():
        ordered = sorted(company_set, key=lambda u: u.int)
        if len(ordered) > 1:
            groups.append(MergeGroup(ordered[0], ordered[1:]))
    if groups:
        outcome["merges_redone"] = merge_groups(session, groups, mode="rollback").merges
    session.expire_all()
    return outcome
