"""Deduplication of imported records: strict and loose runs, applying merges, remembered
decisions, unmerging, and the live "this already exists" look-up.

Every run starts from the import records (not from the merged companies), so it is
repeatable: records already in one company stay together (must-link), remembered
"merge" decisions join records, "apart" decisions and the NIP rule keep them apart, and
each cluster is named by its oldest company — the id that survives ``--apply``.

* **strict** — the same NIP, or the same REGON of the legal unit (the first 9 digits of
  a local unit's 14-digit REGON); never two different valid NIPs in one cluster.
* **loose** — :func:`app.services.company_matching.company_model`: blocking on NIP, REGON,
  phones, e-mail, name prefix + postcode / town, street + town and sorted names; pairs
  scored on name (legal form stripped), legal form, NIP, REGON, phones, e-mail and
  address; clustered at ``threshold`` (a match probability, 0.8 by default) with the
  NIP rule. Pairs near the threshold, and records that match two different companies
  about equally, are listed as ``uncertain`` for review.

B2C households (``import --b2c``) are not matched against companies: a household is
already one company per address, and its people are deduplicated at import.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFound, UserError
from app.services import company_matching, matching
from app.services.merging import MergeGroup, merge_groups, remember, unmerge
from app.services.normalize import (
    nip_search_key,
    normalize_email,
    normalize_nip,
    normalize_phone,
)
from models import (
    Company,
    Contact,
    DedupDecision,
    ImportRecord,
    PhoneNumber,
)

log = logging.getLogger(__name__)

__all__ = [
    "DedupOptions",
    "decide",
    "find_existing",
    "run_dedup",
    "undo_merge",
]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DedupOptions:
    mode: str = "loose"  # strict | loose
    threshold: float | None = None
    """Match probability at or above which two records are one company (loose: 0.8)."""
    apply: bool = False
    blocks: Sequence[str] | None = None
    """Blocking keys to use (loose); ``["all"]`` compares every pair (small lists only)."""
    rules: Mapping[str, str] = field(default_factory=dict)
    """Golden-record rule per field group: ``priority`` (default) or ``majority``."""
    max_uncertain: int = 1000
    workers: int = 2


@dataclass
class _Records:
    ids: list[str]
    """Record ids as 32 hex digits."""
    sources: list[str]
    rows: list[int]
    companies: list[str]
    """The company each record is in now, as 32 hex digits."""
    frame: dict[str, list[str | None]]
    index: dict[str, int]


def _hex(value: Any) -> str:
    """A uuid as 32 lower-case hex digits (how SQLite stores it; sorts like the uuid)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "").lower()


def _canonical(key: str) -> str:
    return f"{key[:8]}-{key[8:12]}-{key[12:16]}-{key[16:20]}-{key[20:]}"


_LOAD_SQL = (
    'SELECT r.id, r.source, r."row", r.company_id, r.match_name, r.legal_form, r.nip, '
    "r.regon, r.phones, r.email, r.postcode, r.city_key, r.street_key, r.household "
    "FROM import_records r JOIN import_batches b ON b.id = r.batch_id "
    "WHERE b.rolled_back_at IS NULL AND NOT r.deleted"
)


def _load(session: Session) -> _Records:
    """Every live import record's match keys, in insertion order (plain SQL: a million
    rows through the ORM's type processing would cost more than matching them)."""
    rows = session.connection().exec_driver_sql(_LOAD_SQL).fetchall()
    if not rows:
        return _Records([], [], [], [], company_matching.company_frame(
            name=[], legal_form=[], nip=[], regon=[], phones=[], email=[], postcode=[],
            city=[], street_key=[]), {})
    cols: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)]
    del rows
    if any(cols[13]):
        for i, household in enumerate(cols[13]):
            if household:  # households are not matched against companies
                for k in range(4, 13):
                    cols[k][i] = None
    ids = [_hex(v) for v in cols[0]]
    companies = [_hex(v) for v in cols[3]]
    frame = company_matching.company_frame(
        name=cols[4], legal_form=cols[5], nip=cols[6], regon=cols[7], phones=cols[8],
        email=cols[9], postcode=cols[10], city=cols[11], street_key=cols[12],
    )
    return _Records(ids=ids, sources=cols[1], rows=cols[2], companies=companies, frame=frame,
                    index={rid: i for i, rid in enumerate(ids)})


def _constraints(session: Session, rec: _Records) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    must: list[tuple[int, int]] = []
    first_of: dict[str, int] = {}
    for i, company in enumerate(rec.companies):
        j = first_of.setdefault(company, i)
        if j != i:
            must.append((j, i))
    apart: list[tuple[int, int]] = []
    for a, b, decision in session.execute(
        select(DedupDecision.record_a, DedupDecision.record_b, DedupDecision.decision)
        .where(DedupDecision.deleted.is_(False))
    ):
        ia, ib = rec.index.get(_hex(a)), rec.index.get(_hex(b))
        if ia is None or ib is None:
            continue
        (must if decision == "merge" else apart).append((ia, ib))
    return must, apart


def _model(options: DedupOptions) -> matching.Model:
    if options.mode == "strict":
        model = company_matching.strict_model()
        if options.threshold is not None:
            raise UserError("--threshold applies to --mode loose only.")
        return model
    if options.mode != "loose":
        raise UserError(f"Unknown --mode {options.mode!r}: choose strict or loose.")
    threshold = 0.8 if options.threshold is None else options.threshold
    if not 0.0 < threshold < 1.0:
        raise UserError("--threshold is a match probability: give a number between 0 and 1, "
                        "e.g. 0.8.")
    model = company_matching.company_model(threshold)
    if options.blocks:
        model = model.with_blocks(list(options.blocks))
    return model


def run_dedup(db: Database, options: DedupOptions,
              progress: Progress | None = None) -> dict[str, Any]:
    """Cluster the imported records; with ``options.apply`` merge each cluster."""
    started = time.perf_counter()
    model = _model(options)
    with db.read() as session:
        rec = _load(session)
        must, apart = _constraints(session, rec)
    load_seconds = time.perf_counter() - started
    n = len(rec.ids)
    if n == 0:
        raise UserError("There are no imported records to deduplicate; import a list first "
                        "(prospector import FILE --source NAME).")
    result = matching.match(rec.frame, model, must_link=must, cannot_link=apart,
                            workers=options.workers, max_uncertain=options.max_uncertain,
                            progress=progress)
    labels = result.labels.tolist()
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    survivor_of: dict[int, str] = {}
    clusters: list[dict[str, Any]] = []
    groups: list[MergeGroup] = []
    sources, rows, companies_of = rec.sources, rec.rows, rec.companies
    for label, idx in members.items():
        companies = sorted({companies_of[i] for i in idx})  # the oldest (uuid7) first
        survivor = _canonical(companies[0])
        survivor_of[label] = survivor
        clusters.append({
            "company_id": survivor,
            "records": [{"source": sources[i], "row": rows[i]} for i in idx],
        })
        if len(companies) > 1:
            groups.append(MergeGroup(uuid.UUID(hex=companies[0]),
                                     [uuid.UUID(hex=c) for c in companies[1:]]))
    uncertain = _uncertain(db, rec, result, labels, survivor_of)
    outcome: dict[str, Any] = {"merges": 0, "companies_absorbed": 0, "contacts_merged": 0}
    if options.apply and groups:
        with db.session() as session:
            done = merge_groups(session, groups, mode=options.mode, rules=options.rules)
        outcome = {"merges": done.merges, "companies_absorbed": done.companies_absorbed,
                   "contacts_merged": done.contacts_merged}
    seconds = time.perf_counter() - started
    return {
        "mode": options.mode,
        "threshold": model.threshold if options.mode == "loose" else None,
        "applied": options.apply,
        "records": n,
        "companies": len(clusters),
        "duplicates": n - len(clusters),
        "clusters": clusters,
        "pairs_compared": result.pairs_compared,
        "uncertain": uncertain,
        "uncertain_total": result.uncertain_total,
        "kept_apart": result.kept_apart,
        "to_merge": len(groups),
        **outcome,
        "timings": {"load": round(load_seconds, 3),
                    **{k: round(v, 3) for k, v in result.seconds.items()}},
        "seconds": round(seconds, 3),
    }


def _uncertain(db: Database, rec: _Records, result: matching.MatchResult, labels: list[int],
               survivor_of: Mapping[int, str]) -> list[dict[str, Any]]:
    if not result.uncertain:
        return []
    wanted = sorted({uuid.UUID(hex=rec.ids[i]) for a, b, _ in result.uncertain for i in (a, b)},
                    key=str)
    names: dict[str, dict[str, Any]] = {}
    with db.read() as session:
        for k in range(0, len(wanted), 500):
            for rid, values in session.execute(
                select(ImportRecord.id, ImportRecord.values)
                .where(ImportRecord.id.in_(wanted[k:k + 500]))
            ):
                names[rid.hex] = values or {}
    out = []
    for (a, b, p), detail in zip(result.uncertain, result.uncertain_detail, strict=True):
        sides = []
        for i in (a, b):
            v = names.get(rec.ids[i], {})
            sides.append({
                "company_id": survivor_of[labels[i]], "record_id": _canonical(rec.ids[i]),
                "source": rec.sources[i], "row": rec.rows[i], "name": v.get("name"),
                "nip": v.get("nip"), "phone": v.get("phone"), "email": v.get("email"),
                "address": " ".join(x for x in (v.get("street"), v.get("building"),
                                                v.get("postcode"), v.get("city")) if x),
            })
        out.append({"probability": round(p, 4), "same_cluster": labels[a] == labels[b],
                    "a": sides[0], "b": sides[1], **detail})
    return out


# ---- decisions and unmerging --------------------------------------------------------------


def _representative(session: Session, raw: str) -> tuple[uuid.UUID, Company]:
    """A company id (or an import record id) → (its representative record, its company)."""
    try:
        given = uuid.UUID(raw.strip())
    except ValueError:
        raise NotFound(f"{raw!r} is not a company id.") from None
    company = session.get(Company, given)
    if company is None:
        record = session.get(ImportRecord, given)
        if record is None:
            raise NotFound(f"No company or import record with id {raw}.")
        company = session.get(Company, record.company_id)
        if company is None:
            raise NotFound(f"No company with id {record.company_id}.")
        return record.id, company
    if company.deleted:
        holder = session.scalars(select(ImportRecord.company_id)
                                 .where(ImportRecord.origin_company_id == company.id)).first()
        if holder is not None and holder != company.id:
            live = session.get(Company, holder)
            if live is not None:
                company = live
    rid = session.scalars(
        select(ImportRecord.id).where(ImportRecord.origin_company_id == given)
        .order_by(ImportRecord.id).limit(1)
    ).first() or session.scalars(
        select(ImportRecord.id).where(ImportRecord.company_id == company.id)
        .order_by(ImportRecord.id).limit(1)
    ).first()
    if rid is None:
        raise UserError(f"Company {raw} has no imported records; decisions are about imports.")
    return rid, company


def decide(db: Database, first: str, second: str, decision: str) -> dict[str, Any]:
    """Remember that two companies (or records) are one (``merge``) or not (``apart``).

    The next run honours it. ``merge`` of two companies with different valid NIPs is
    refused: the NIP rule is not overridden by a decision.
    """
    if decision not in ("merge", "apart"):
        raise UserError("Decide 'merge' or 'apart'.")
    with db.session() as session:
        ra, ca = _representative(session, first)
        rb, cb = _representative(session, second)
        if ra == rb or ca.id == cb.id:
            if decision == "apart" and ca.id == cb.id:
                raise UserError(
                    f"Both ids are the same company {ca.id} now; undo the merge first "
                    f"(prospector dedup unmerge {ca.id})."
                )
            raise UserError("Give two different companies.")
        if decision == "merge" and ca.nip and cb.nip and ca.nip != cb.nip:
            raise UserError(
                f"{ca.name} (NIP {ca.nip}) and {cb.name} (NIP {cb.nip}) have different NIPs: "
                "they are different companies and cannot be merged."
            )
        remember(session, ra, rb, decision)
        return {"decision": decision, "a": {"company_id": str(ca.id), "record_id": str(ra)},
                "b": {"company_id": str(cb.id), "record_id": str(rb)}}


def undo_merge(db: Database, company_id: str) -> dict[str, Any]:
    """``prospector dedup unmerge``: restore the companies merged into this one."""
    try:
        cid = uuid.UUID(company_id.strip())
    except ValueError:
        raise NotFound(f"{company_id!r} is not a company id.") from None
    with db.session() as session:
        return unmerge(session, cid)


# ---- the live duplicate warning ------------------------------------------------------------


def find_existing(
    session: Session,
    *,
    phone: str | None = None,
    nip: str | None = None,
    email: str | None = None,
    exclude: uuid.UUID | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Companies that already have this phone, NIP or e-mail (for the console's warning
    while an agent types). Each: ``{"id", "name", "city", "matched_on": [...]}``."""
    found: dict[uuid.UUID, set[str]] = {}

    def add(ids: Any, why: str) -> None:
        for cid in ids:
            if cid != exclude:
                found.setdefault(cid, set()).add(why)

    if phone:
        parsed = normalize_phone(phone)
        if parsed is not None:
            add(session.scalars(
                select(PhoneNumber.company_id)
                .where(PhoneNumber.e164 == parsed.e164, PhoneNumber.deleted.is_(False))
                .limit(limit * 4)
            ), "phone")
    if nip:
        number = normalize_nip(nip) or nip_search_key(nip)
        if number is not None:
            add(session.scalars(select(Company.id).where(Company.nip == number).limit(limit * 4)),
                "nip")
    if email:
        normalised = normalize_email(email)
        if normalised is not None:
            forms = sorted({normalised, normalised.lower()})
            add(session.scalars(select(Company.id).where(Company.email.in_(forms))
                                .limit(limit * 4)), "email")
            add(session.scalars(select(Contact.company_id).where(
                Contact.email.in_(forms), Contact.deleted.is_(False)).limit(limit * 4)), "email")
    if not found:
        return []
    rows = session.execute(
        select(Company.id, Company.name, Company.city, Company.nip, Company.phone)
        .where(Company.id.in_(list(found)), Company.deleted.is_(False))
        .order_by(Company.name_key)
    ).all()
    return [
        {"id": str(cid), "name": name, "city": city, "nip": nip_, "phone": ph,
         "matched_on": sorted(found[cid])}
        for cid, name, city, nip_, ph in rows[:limit]
    ]
