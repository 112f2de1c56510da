"""Saving qualification answers: validated by the field's definition, upserted, and
carried to the server by an outbox row written in the same transaction."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import Profile, resolve_profile
from app.db import Database, open_profile
from app.errors import NotFound, UserError
from app.services.answers import field_specs, load_answers, save_answer
from app.services.demo import build_demo
from models import Company, FieldDefinition, FieldValue, OutboxMutation, User


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("answers-demo")
    build_demo(resolve_profile(root), companies=20, seed=1)
    return root


@pytest.fixture
def db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    profile = Profile(tmp_path / "ws").ensure()
    shutil.copy2(Profile(demo_template).db_path, profile.db_path)
    database = open_profile(profile, create=False)
    yield database
    database.dispose()


@pytest.fixture
def company_id(db: Database) -> uuid.UUID:
    with db.read() as s:
        cid = s.scalar(select(Company.id).order_by(Company.name).limit(1))
    assert cid is not None
    return cid


def _outbox(db: Database) -> list[OutboxMutation]:
    with db.read() as s:
        return list(s.scalars(select(OutboxMutation).order_by(OutboxMutation.seq)))


def _stored(db: Database, company_id: uuid.UUID, key: str) -> FieldValue | None:
    with db.read() as s:
        return s.scalar(
            select(FieldValue).where(
                FieldValue.company_id == company_id, FieldValue.field_key == key
            )
        )


def test_new_answer_is_stored_typed_with_an_outbox_row(db: Database, company_id: uuid.UUID) -> None:
    with db.session() as s:
        s.execute(
            FieldValue.__table__.delete().where(  # type: ignore[attr-defined]
                FieldValue.company_id == company_id, FieldValue.field_key == "fleet_trucks"
            )
        )
        user = s.scalar(select(User.id).where(User.username == "agent1"))
    with db.session() as s:
        result = save_answer(s, company_id, "fleet_trucks", "12 500", user_id=user)
    assert result["value"] == 12500
    assert result["changed"] is True
    assert result["previous"] is None
    row = _stored(db, company_id, "fleet_trucks")
    assert row is not None
    assert row.value == 12500
    assert row.source == "agent"
    assert row.updated_by == user
    [mutation] = _outbox(db)
    assert mutation.entity == "field_values"
    assert mutation.entity_id == str(row.id)
    assert mutation.op == "upsert"
    assert mutation.fields == {
        "company_id": str(company_id),
        "field_key": "fleet_trucks",
        "value": 12500,
    }
    assert mutation.base_revs == {}  # never seen by the server yet


def test_update_keeps_the_row_and_sends_the_base_revision(
    db: Database, company_id: uuid.UUID
) -> None:
    with db.session() as s:
        save_answer(s, company_id, "contract_end_date", "31.12.2026")
    with db.session() as s:  # the server accepted it
        row = s.scalar(
            select(FieldValue).where(
                FieldValue.company_id == company_id, FieldValue.field_key == "contract_end_date"
            )
        )
        assert row is not None
        row.server_rev = 41
    with db.session() as s:
        result = save_answer(s, str(company_id), "contract_end_date", "2027-01-15")
    assert result["previous"] == "2026-12-31"
    assert result["value"] == "2027-01-15"
    with db.read() as s:
        count = s.scalar(
            select(func.count())
            .select_from(FieldValue)
            .where(FieldValue.company_id == company_id, FieldValue.field_key == "contract_end_date")
        )
    assert count == 1
    last = _outbox(db)[-1]
    assert last.base_revs == {"value": 41}
    assert last.fields["value"] == "2027-01-15"


def test_same_value_again_writes_nothing(db: Database, company_id: uuid.UUID) -> None:
    with db.session() as s:
        save_answer(s, company_id, "products_of_interest", ["car", "truck"])
    before = len(_outbox(db))
    with db.session() as s:
        result = save_answer(s, company_id, "products_of_interest", "truck, car")
    # the same set in another order is another value: order is kept as given
    assert result["changed"] is True
    with db.session() as s:
        again = save_answer(s, company_id, "products_of_interest", ["truck", "car"])
    assert again["changed"] is False
    assert len(_outbox(db)) == before + 1


def test_invalid_value_is_refused_in_the_users_language_and_nothing_written(
    db: Database, company_id: uuid.UUID
) -> None:
    before = _stored(db, company_id, "satisfaction_score")
    with db.session() as s, pytest.raises(UserError) as polish:
        save_answer(s, company_id, "satisfaction_score", "11", language="pl")
    assert polish.value.message == "Wartość może wynosić najwyżej 10."
    assert polish.value.details == {
        "field": "satisfaction_score",
        "code": "above_max",
        "message": "The value must be at most 10.",
        "message_pl": "Wartość może wynosić najwyżej 10.",
    }
    with db.session() as s, pytest.raises(UserError, match="Enter a valid e-mail address"):
        save_answer(s, company_id, "decision_maker_email", "jan@")
    with db.session() as s, pytest.raises(UserError, match="Choose one of"):
        save_answer(s, company_id, "tyre_brand", "no such brand")
    after = _stored(db, company_id, "satisfaction_score")
    assert (before.value if before else None) == (after.value if after else None)
    assert _outbox(db) == []


def test_clearing_an_answer_stores_null_and_syncs(db: Database, company_id: uuid.UUID) -> None:
    with db.session() as s:
        save_answer(s, company_id, "tyre_supplier", "Opony-Hurt Radom")
    with db.session() as s:
        result = save_answer(s, company_id, "tyre_supplier", "  ")
    assert result["value"] is None
    assert result["previous"] == "Opony-Hurt Radom"
    row = _stored(db, company_id, "tyre_supplier")
    assert row is not None
    assert row.value is None
    assert _outbox(db)[-1].fields["value"] is None
    with db.read() as s:
        assert "tyre_supplier" not in load_answers(s, company_id)


def test_unknown_field_and_company(db: Database, company_id: uuid.UUID) -> None:
    with db.session() as s, pytest.raises(UserError, match="Unknown qualification field"):
        save_answer(s, company_id, "no_such_field", "1")
    with db.session() as s, pytest.raises(NotFound):
        save_answer(s, uuid.uuid4(), "fleet_cars", "1")
    with db.session() as s, pytest.raises(NotFound):
        save_answer(s, "not-an-id", "fleet_cars", "1")
    assert _outbox(db) == []


def test_load_answers_returns_json_values(db: Database, company_id: uuid.UUID) -> None:
    with db.session() as s:
        save_answer(s, company_id, "own_workshop", "tak")
        save_answer(s, company_id, "annual_tyre_budget_pln", "120 000,50")
    with db.read() as s:
        answers = load_answers(s, company_id)
    assert answers["own_workshop"] is True
    assert answers["annual_tyre_budget_pln"] == 120000.5


def test_field_specs_follow_the_definitions(db: Database) -> None:
    with db.session() as s:
        fd = s.scalar(select(FieldDefinition).where(FieldDefinition.key == "fleet_cars"))
        assert fd is not None
        fd.max_value = 5
    with db.read() as s:
        specs = field_specs(s)
        only = field_specs(s, ["fleet_cars", "tyre_brand"])
    assert [f.key for f in only] == ["fleet_cars", "tyre_brand"]
    assert len(specs) == 44
    assert only[0].max == 5
    assert only[1].choice_label("michelin", "pl") != ""
