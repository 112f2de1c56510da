"""Call review (quality control): a supervisor opens a call attempt, sees everything the
call left behind (script version and path, answers, notes, disposition, timing), scores
it on the campaign's scorecard, and the agent sees the review.

A scorecard is a list of criteria, each with a weight and a maximum score; a review's
total is the weighted share of the maximum, 0–100:
``sum(weight × score / max_score) / sum(weight) × 100``. A campaign uses its own active
scorecard, else the default one (campaign None); when there is none at all, the first
review creates the default from :data:`DEFAULT_CRITERIA`. Editing a scorecard makes a
new one and retires the old, so old reviews keep the criteria they were scored on.

Every write records its outbox mutation in the same transaction (reviews sync like any
other row) and returns a :class:`ReviewChange`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.services.queue import Mutation, record_mutations
from models import (
    CallAttempt,
    CallReview,
    Campaign,
    Company,
    Contact,
    Disposition,
    Role,
    Scorecard,
    User,
    new_id,
    utcnow,
)

TZ = ZoneInfo("Europe/Warsaw")
REVIEWER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
MAX_COMMENT = 4000
_KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")


@dataclass(frozen=True)
class Criterion:
    key: str
    label_pl: str
    label_en: str
    weight: float = 1.0
    max_score: int = 5


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("opening", "Powitanie i przedstawienie celu", "Opening and purpose", 1, 5),
    Criterion("script", "Prowadzenie rozmowy wg skryptu", "Follows the script", 2, 5),
    Criterion("needs", "Rozpoznanie potrzeb i kwalifikacja", "Needs and qualification", 2, 5),
    Criterion("data", "Poprawność zebranych danych", "Data captured correctly", 2, 5),
    Criterion("objections", "Odpowiedzi na obiekcje", "Handling objections", 1, 5),
    Criterion("closing", "Zakończenie i ustalenia", "Closing and next steps", 1, 5),
    Criterion("manner", "Kultura i ton rozmowy", "Courtesy and tone", 1, 5),
)


@dataclass(frozen=True)
class ReviewChange:
    """What a review write changed (the views refresh from it)."""

    review_id: uuid.UUID
    attempt_id: uuid.UUID
    agent_id: uuid.UUID
    created: bool
    total: float


# ---- scorecards ----------------------------------------------------------------------------------


def criteria_from(raw: Sequence[Mapping[str, Any]] | Sequence[Criterion]) -> list[Criterion]:
    """Validated criteria: unique lower-case keys, positive weights, max scores 1–100."""
    out: list[Criterion] = []
    for item in raw:
        c = item if isinstance(item, Criterion) else Criterion(
            key=str(item.get("key", "")), label_pl=str(item.get("label_pl") or item.get("key")),
            label_en=str(item.get("label_en") or item.get("key")),
            weight=float(item.get("weight", 1.0)), max_score=int(item.get("max_score", 5)))
        if not _KEY.fullmatch(c.key):
            raise UserError(f"Criterion key {c.key!r}: use a-z, 0-9 and _, starting with a letter.")
        if not (math.isfinite(c.weight) and c.weight > 0):
            raise UserError(f"Criterion {c.key!r}: the weight must be a positive number.")
        if not 1 <= c.max_score <= 100:
            raise UserError(f"Criterion {c.key!r}: the maximum score must be 1–100.")
        if any(o.key == c.key for o in out):
            raise UserError(f"Criterion {c.key!r} appears twice.")
        out.append(c)
    if not out:
        raise UserError("A scorecard needs at least one criterion.")
    return out


def save_scorecard(session: Session, *, campaign: str | None, name: str,
                   criteria: Sequence[Mapping[str, Any]] | Sequence[Criterion],
                   by: str) -> dict[str, Any]:
    """A new active scorecard for ``campaign`` (None: the default); the previous active
    one of the same campaign is retired. Only supervisors and admins."""
    author = _reviewer(session, by)
    campaign_id = _campaign(session, campaign) if campaign else None
    checked = criteria_from(criteria)
    if not name.strip():
        raise UserError("Give the scorecard a name.")
    mutations = []
    old = session.scalars(select(Scorecard).where(_same_campaign(campaign_id),
                                                  Scorecard.active.is_(True),
                                                  Scorecard.deleted.is_(False))).all()
    for card in old:
        card.active = False
        mutations.append(Mutation("scorecards", card.id, "upsert", {"active": False},
                                  card.server_rev))
    card = Scorecard(id=new_id(), campaign_id=campaign_id, name=name.strip(),
                     criteria=[asdict(c) for c in checked], active=True,
                     created_by=author.id, created_at=utcnow())
    session.add(card)
    mutations.append(Mutation("scorecards", card.id, "upsert", _card_fields(card)))
    session.flush()
    record_mutations(session, mutations)
    return scorecard_dict(card)


def scorecard_for(session: Session, campaign_id: uuid.UUID) -> Scorecard | None:
    """The campaign's active scorecard, else the default one, else None."""
    rows = session.scalars(
        select(Scorecard)
        .where(or_(Scorecard.campaign_id == campaign_id, Scorecard.campaign_id.is_(None)),
               Scorecard.active.is_(True), Scorecard.deleted.is_(False))
        .order_by(Scorecard.campaign_id.is_(None), Scorecard.created_at.desc())
    ).all()
    return rows[0] if rows else None


def scorecard_dict(card: Scorecard) -> dict[str, Any]:
    return {"id": str(card.id), "name": card.name,
            "campaign_id": str(card.campaign_id) if card.campaign_id else None,
            "criteria": list(card.criteria), "active": card.active}


def total_score(criteria: Sequence[Criterion], scores: Mapping[str, int]) -> float:
    """The weighted share of the maximum, 0–100, rounded to 0.1."""
    weight = sum(c.weight for c in criteria)
    got = sum(c.weight * scores[c.key] / c.max_score for c in criteria)
    return round(100.0 * got / weight, 1)


# ---- reviewing a call ----------------------------------------------------------------------------


def call_for_review(session: Session, attempt_id: uuid.UUID) -> dict[str, Any]:
    """Everything a reviewer sees of one call: who, whom, when, outcome, script version
    and path, answers, notes; the scorecard to score it on; the reviews so far."""
    attempt = _attempt(session, attempt_id)
    agent = session.get(User, attempt.agent_id)
    campaign = session.get(Campaign, attempt.campaign_id)
    company = session.get(Company, attempt.company_id)
    contact = session.get(Contact, attempt.contact_id) if attempt.contact_id else None
    disp = _disposition(session, attempt.campaign_id, attempt.disposition_code)
    card = scorecard_for(session, attempt.campaign_id)
    return {
        "attempt": {
            "id": str(attempt.id),
            "campaign": campaign.key if campaign else None,
            "agent": agent.username if agent else None,
            "agent_name": agent.full_name if agent else None,
            "company_id": str(attempt.company_id),
            "company": company.name if company else None,
            "contact": " ".join(p for p in (contact.first_name, contact.last_name) if p)
            if contact else None,
            "phone": attempt.phone,
            "variant": attempt.variant,
            "started_at": _iso(attempt.started_at),
            "answered_at": _iso(attempt.answered_at),
            "ended_at": _iso(attempt.ended_at),
            "talk_seconds": attempt.talk_seconds,
            "wrapup_seconds": attempt.wrapup_seconds,
            "disposition": {
                "code": attempt.disposition_code,
                "label_pl": disp.label_pl if disp else attempt.disposition_code,
                "label_en": disp.label_en if disp else attempt.disposition_code,
                "category": disp.category if disp else None,
            },
            "notes": attempt.notes,
            "script_id": attempt.script_id,
            "script_version": attempt.script_version,
            "script_path": list(attempt.script_path or []),
            "answers": dict(attempt.answers or {}),
        },
        "scorecard": scorecard_dict(card) if card else
        {"id": None, "name": "Domyślna karta oceny",
         "criteria": [asdict(c) for c in DEFAULT_CRITERIA], "active": True},
        "reviews": [_review_dict(session, r) for r in session.scalars(
            select(CallReview).where(CallReview.attempt_id == attempt.id,
                                     CallReview.deleted.is_(False))
            .order_by(CallReview.created_at))],
    }


def review_call(session: Session, attempt_id: uuid.UUID, *, reviewer: str,
                scores: Mapping[str, int], comment: str | None = None,
                now: dt.datetime | None = None) -> ReviewChange:
    """Score a call on its campaign's scorecard. Every criterion needs a whole score
    from 0 to its maximum. The same reviewer scoring the same call again updates the
    review (and the agent is shown it again as new)."""
    now = now or utcnow()
    attempt = _attempt(session, attempt_id)
    who = _reviewer(session, reviewer)
    if who.id == attempt.agent_id:
        raise UserError("A call is reviewed by someone other than the agent who made it.")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise UserError(f"The comment is too long ({len(comment)} characters; at most "
                        f"{MAX_COMMENT}).")
    card = scorecard_for(session, attempt.campaign_id)
    mutations = []
    if card is None:
        card = Scorecard(id=new_id(), campaign_id=None, name="Domyślna karta oceny",
                         criteria=[asdict(c) for c in DEFAULT_CRITERIA], active=True,
                         created_at=now)
        session.add(card)
        mutations.append(Mutation("scorecards", card.id, "upsert", _card_fields(card)))
    criteria = criteria_from(card.criteria)
    checked = _checked_scores(criteria, scores)
    total = total_score(criteria, checked)
    review = session.scalars(select(CallReview).where(
        CallReview.attempt_id == attempt.id, CallReview.reviewer_id == who.id)).first()
    created = review is None or review.deleted
    if review is None:
        review = CallReview(id=new_id(), attempt_id=attempt.id, reviewer_id=who.id,
                            agent_id=attempt.agent_id, campaign_id=attempt.campaign_id,
                            created_at=now)
        session.add(review)
    review.scorecard_id = card.id
    review.scores = checked
    review.total = total
    review.comment = (comment or "").strip() or None
    review.updated_at = now
    review.seen_by_agent_at = None
    review.deleted = False
    session.flush()
    mutations.append(Mutation("call_reviews", review.id, "upsert", _review_fields(review),
                              None if created else review.server_rev))
    record_mutations(session, mutations)
    return ReviewChange(review.id, attempt.id, attempt.agent_id, created, total)


def reviews_for_agent(session: Session, agent: str, *, since: dt.datetime | None = None,
                      limit: int = 50) -> list[dict[str, Any]]:
    """The agent's reviews, newest first (what the agent sees)."""
    user = _user(session, agent)
    stmt = (select(CallReview)
            .where(CallReview.agent_id == user.id, CallReview.deleted.is_(False))
            .order_by(CallReview.updated_at.desc()).limit(max(1, min(limit, 500))))
    if since is not None:
        stmt = stmt.where(CallReview.updated_at >= since)
    return [_review_dict(session, r) for r in session.scalars(stmt)]


def unseen_count(session: Session, agent: str) -> int:
    """How many of the agent's reviews the agent has not opened yet (a badge)."""
    user = _user(session, agent)
    return int(session.execute(
        select(func.count()).select_from(CallReview).where(
            CallReview.agent_id == user.id, CallReview.deleted.is_(False),
            CallReview.seen_by_agent_at.is_(None))).scalar_one())


def mark_seen(session: Session, review_id: uuid.UUID, *, agent: str,
              now: dt.datetime | None = None) -> ReviewChange:
    """The agent has read the review."""
    user = _user(session, agent)
    review = session.get(CallReview, review_id)
    if review is None or review.deleted or review.agent_id != user.id:
        raise NotFound(f"There is no review {review_id} of {agent}'s calls.")
    when = now or utcnow()
    session.execute(update(CallReview).where(CallReview.id == review.id)
                    .values(seen_by_agent_at=when))
    record_mutations(session, [Mutation("call_reviews", review.id, "upsert",
                                        {"seen_by_agent_at": when}, review.server_rev)])
    return ReviewChange(review.id, review.attempt_id, review.agent_id, False, review.total)


# ---- helpers -------------------------------------------------------------------------------------


def _checked_scores(criteria: Sequence[Criterion], scores: Mapping[str, int]) -> dict[str, int]:
    known = {c.key for c in criteria}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise UserError(f"Unknown criteria {', '.join(unknown)}; this scorecard has "
                        f"{', '.join(c.key for c in criteria)}.")
    missing = [c.key for c in criteria if c.key not in scores]
    if missing:
        raise UserError(f"Score every criterion; missing: {', '.join(missing)}.")
    out = {}
    for c in criteria:
        value = scores[c.key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= c.max_score:
            raise UserError(f"{c.key}: give a whole score from 0 to {c.max_score} "
                            f"(got {value!r}).")
        out[c.key] = value
    return out


def _iso(at: dt.datetime | None) -> str | None:
    return at.astimezone(TZ).isoformat() if at is not None else None


def _same_campaign(campaign_id: uuid.UUID | None) -> Any:
    return (Scorecard.campaign_id.is_(None) if campaign_id is None
            else Scorecard.campaign_id == campaign_id)


def _card_fields(card: Scorecard) -> dict[str, Any]:
    return {"id": card.id, "campaign_id": card.campaign_id, "name": card.name,
            "criteria": card.criteria, "active": card.active, "created_by": card.created_by,
            "created_at": card.created_at}


def _review_fields(r: CallReview) -> dict[str, Any]:
    return {"id": r.id, "attempt_id": r.attempt_id, "scorecard_id": r.scorecard_id,
            "reviewer_id": r.reviewer_id, "agent_id": r.agent_id,
            "campaign_id": r.campaign_id, "scores": r.scores, "total": r.total,
            "comment": r.comment, "created_at": r.created_at, "updated_at": r.updated_at,
            "seen_by_agent_at": r.seen_by_agent_at, "deleted": r.deleted}


def _review_dict(session: Session, r: CallReview) -> dict[str, Any]:
    card = session.get(Scorecard, r.scorecard_id)
    reviewer = session.get(User, r.reviewer_id)
    attempt = session.get(CallAttempt, r.attempt_id)
    company = session.get(Company, attempt.company_id) if attempt else None
    criteria = []
    for c in (card.criteria if card else []):
        criteria.append({**c, "score": r.scores.get(c["key"])})
    return {
        "id": str(r.id),
        "attempt_id": str(r.attempt_id),
        "call_started_at": _iso(attempt.started_at) if attempt else None,
        "company": company.name if company else None,
        "disposition": attempt.disposition_code if attempt else None,
        "reviewer": reviewer.full_name if reviewer else None,
        "scorecard": card.name if card else None,
        "criteria": criteria,
        "total": r.total,
        "comment": r.comment,
        "created_at": _iso(r.created_at),
        "updated_at": _iso(r.updated_at),
        "seen": r.seen_by_agent_at is not None,
    }


def _attempt(session: Session, attempt_id: uuid.UUID) -> CallAttempt:
    attempt = session.get(CallAttempt, attempt_id)
    if attempt is None or attempt.deleted:
        raise NotFound(f"There is no call attempt {attempt_id}.")
    return attempt


def _user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username,
                                              User.deleted.is_(False))).first()
    if user is None:
        raise NotFound(f"Unknown user {username!r}.")
    return user


def _reviewer(session: Session, username: str) -> User:
    user = _user(session, username)
    if user.role not in REVIEWER_ROLES:
        raise UserError(f"{username} cannot review calls: only supervisors and "
                        "administrators can.")
    return user


def _campaign(session: Session, key: str) -> uuid.UUID:
    found = session.scalars(select(Campaign.id).where(Campaign.key == key,
                                                      Campaign.deleted.is_(False))).first()
    if found is None:
        raise NotFound(f"Unknown campaign {key!r}.")
    return found


def _disposition(session: Session, campaign_id: uuid.UUID, code: str) -> Disposition | None:
    rows = session.scalars(select(Disposition).where(
        Disposition.code == code, Disposition.deleted.is_(False),
        or_(Disposition.campaign_id == campaign_id, Disposition.campaign_id.is_(None)),
    ).order_by(Disposition.campaign_id.is_(None))).all()
    return rows[0] if rows else None
