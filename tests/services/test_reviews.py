"""Call review: scorecards, a supervisor scoring a call, the agent seeing it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import create_sqlite_engine
from app.errors import NotFound, UserError
from app.services import reviews
from models import (
    Base,
    CallAttempt,
    CallReview,
    Campaign,
    Company,
    Disposition,
    OutboxMutation,
    Scorecard,
    User,
)

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = create_sqlite_engine(tmp_path / "r.sqlite3")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


@pytest.fixture
def attempt(session: Session) -> uuid.UUID:
    ids = {k: uuid.uuid4() for k in ("agent", "sup", "campaign", "company", "attempt")}
    session.add_all([
        User(id=ids["agent"], username="anna", full_name="Anna Nowak", role="agent"),
        User(id=ids["sup"], username="ewa", full_name="Ewa Zielińska", role="supervisor"),
        Campaign(id=ids["campaign"], key="fitd", name="FITD", type="foot_in_the_door"),
        Company(id=ids["company"], name="Flota Sp. z o.o.", name_key="flota sp z o o"),
    ])
    session.flush()
    session.add(Disposition(campaign_id=None, code="meeting_booked", label_pl="Umówione spotkanie",
                            label_en="Meeting booked", category="meeting", is_contact=True))
    session.add(CallAttempt(
        id=ids["attempt"], campaign_id=ids["campaign"], company_id=ids["company"],
        agent_id=ids["agent"], started_at=AT, answered_at=AT + dt.timedelta(seconds=12),
        ended_at=AT + dt.timedelta(seconds=400), talk_seconds=388, wrapup_seconds=40,
        disposition_code="meeting_booked", notes="Prosi o ofertę na 12 aut.",
        script_id="foot_in_the_door", script_version="3", variant="marka",
        script_path=["intro", "fleet", "offer", "book"], answers={"fleet_size": 12}))
    session.commit()
    return ids["attempt"]


ALL_FIVES = {c.key: 5 for c in reviews.DEFAULT_CRITERIA}


def test_the_reviewer_sees_the_whole_call(session: Session, attempt: uuid.UUID) -> None:
    view = reviews.call_for_review(session, attempt)
    call = view["attempt"]
    assert call["agent"] == "anna"
    assert call["company"] == "Flota Sp. z o.o."
    assert call["script_version"] == "3"
    assert call["script_path"] == ["intro", "fleet", "offer", "book"]
    assert call["answers"] == {"fleet_size": 12}
    assert call["notes"] == "Prosi o ofertę na 12 aut."
    assert call["disposition"]["label_pl"] == "Umówione spotkanie"
    assert call["started_at"] == "2026-03-02T10:30:00+01:00"
    assert (call["talk_seconds"], call["wrapup_seconds"]) == (388, 40)
    assert [c["key"] for c in view["scorecard"]["criteria"]] == [
        c.key for c in reviews.DEFAULT_CRITERIA]
    assert view["reviews"] == []


def test_score_and_the_agent_sees_it(session: Session, attempt: uuid.UUID) -> None:
    scores = dict(ALL_FIVES, script=3, objections=0)
    change = reviews.review_call(session, attempt, reviewer="ewa", scores=scores,
                                 comment="Dobra oferta, za mało pytań o potrzeby.")
    session.commit()
    # weights 1,2,2,2,1,1,1 (sum 10): 10 − 2×(2/5) − 1×(5/5) = 8.2 of 10
    assert change.total == 82.0
    assert change.created
    assert reviews.unseen_count(session, "anna") == 1
    mine = reviews.reviews_for_agent(session, "anna")
    assert len(mine) == 1
    assert mine[0]["total"] == 82.0
    assert mine[0]["reviewer"] == "Ewa Zielińska"
    assert mine[0]["comment"] == "Dobra oferta, za mało pytań o potrzeby."
    assert {c["key"]: c["score"] for c in mine[0]["criteria"]}["script"] == 3
    assert mine[0]["seen"] is False
    reviews.mark_seen(session, change.review_id, agent="anna")
    session.commit()
    assert reviews.unseen_count(session, "anna") == 0
    # The default scorecard was created with the first review, and everything synced.
    assert session.scalar(select(func.count()).select_from(Scorecard)) == 1
    entities = session.scalars(select(OutboxMutation.entity)).all()
    assert entities.count("call_reviews") == 2
    assert "scorecards" in entities


def test_scoring_again_updates_the_review(session: Session, attempt: uuid.UUID) -> None:
    first = reviews.review_call(session, attempt, reviewer="ewa", scores=ALL_FIVES)
    reviews.mark_seen(session, first.review_id, agent="anna")
    second = reviews.review_call(session, attempt, reviewer="ewa",
                                 scores=dict(ALL_FIVES, data=0))
    session.commit()
    assert second.review_id == first.review_id
    assert not second.created
    assert second.total == 80.0
    assert session.scalar(select(func.count()).select_from(CallReview)) == 1
    assert reviews.unseen_count(session, "anna") == 1  # changed: shown as new again


def test_campaign_scorecard_wins_over_the_default(session: Session, attempt: uuid.UUID) -> None:
    reviews.save_scorecard(session, campaign=None, name="Domyślna", by="ewa",
                           criteria=reviews.DEFAULT_CRITERIA)
    card = reviews.save_scorecard(session, campaign="fitd", name="FITD", by="ewa", criteria=[
        {"key": "offer", "label_pl": "Oferta", "label_en": "Offer", "weight": 3, "max_score": 10},
        {"key": "booking", "label_pl": "Umówienie", "label_en": "Booking", "weight": 1},
    ])
    change = reviews.review_call(session, attempt, reviewer="ewa",
                                 scores={"offer": 5, "booking": 5})
    assert change.total == 62.5  # (3 × 5/10 + 1 × 5/5) / 4
    assert reviews.call_for_review(session, attempt)["scorecard"]["id"] == card["id"]
    # A new version retires the old one; the old review keeps its criteria.
    reviews.save_scorecard(session, campaign="fitd", name="FITD v2", by="ewa",
                           criteria=[{"key": "offer", "weight": 1}])
    active = session.scalars(select(Scorecard.name).where(Scorecard.active.is_(True))).all()
    assert sorted(active) == ["Domyślna", "FITD v2"]
    old = reviews.reviews_for_agent(session, "anna")[0]
    assert [c["key"] for c in old["criteria"]] == ["offer", "booking"]


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"opening": 5}, "missing"),
        (dict(ALL_FIVES, tone=3), "Unknown criteria tone"),
        (dict(ALL_FIVES, data=6), "from 0 to 5"),
        (dict(ALL_FIVES, data=-1), "from 0 to 5"),
    ],
)
def test_bad_scores_are_refused(session: Session, attempt: uuid.UUID,
                                scores: dict[str, int], message: str) -> None:
    with pytest.raises(UserError, match=message):
        reviews.review_call(session, attempt, reviewer="ewa", scores=scores)


def test_who_may_review(session: Session, attempt: uuid.UUID) -> None:
    with pytest.raises(UserError, match="only supervisors"):
        reviews.review_call(session, attempt, reviewer="anna", scores=ALL_FIVES)
    with pytest.raises(NotFound):
        reviews.review_call(session, attempt, reviewer="nobody", scores=ALL_FIVES)
    with pytest.raises(NotFound):
        reviews.review_call(session, uuid.uuid4(), reviewer="ewa", scores=ALL_FIVES)


@pytest.mark.parametrize(
    "criteria",
    [[], [{"key": "A b"}], [{"key": "a", "weight": 0}], [{"key": "a"}, {"key": "a"}],
     [{"key": "a", "max_score": 0}]],
)
def test_bad_scorecards_are_refused(session: Session, attempt: uuid.UUID,
                                    criteria: list[dict[str, object]]) -> None:
    with pytest.raises(UserError):
        reviews.save_scorecard(session, campaign="fitd", name="x", by="ewa", criteria=criteria)
