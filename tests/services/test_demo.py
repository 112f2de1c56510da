"""The demo workspace looks like a Polish call centre's data and is reproducible."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import func, select
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from app.config import resolve_profile
from app.db import open_profile
from app.errors import UserError
from app.services import poland
from app.services.demo import build_demo
from models import (
    CallAttempt,
    Campaign,
    Company,
    CompanySegment,
    Contact,
    FieldDefinition,
    SalesRep,
    Segment,
    User,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("demo") / "p"
    result = build_demo(resolve_profile(folder), companies=800, seed=3)
    return folder, result


def test_counts_reported_match_the_database(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, result = demo
    db = open_profile(resolve_profile(folder), create=False)
    with db.read() as s:
        assert result["companies"] == s.scalar(select(func.count()).select_from(Company)) == 800
        assert result["contacts"] == s.scalar(select(func.count()).select_from(Contact))
        assert result["campaigns"] == s.scalar(select(func.count()).select_from(Campaign)) == 3
        assert result["reps"] == s.scalar(select(func.count()).select_from(SalesRep)) == 8
        assert result["users"] == s.scalar(select(func.count()).select_from(User)) == 7
        assert result["segments"] == s.scalar(select(func.count()).select_from(Segment)) >= 6
        assert result["field_definitions"] == s.scalar(
            select(func.count()).select_from(FieldDefinition)
        )
        assert result["field_definitions"] >= 30
        assert result["call_attempts"] == s.scalar(select(func.count()).select_from(CallAttempt))
        assert result["call_attempts"] > 0
        groups = set(s.scalars(select(FieldDefinition.group)))
        assert {"fleet", "purchasing", "decision_makers", "interests"} <= groups
        assert s.scalar(select(func.count()).select_from(CompanySegment)) > 0
    db.dispose()


def test_data_is_valid_polish_data(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    db = open_profile(resolve_profile(folder), create=False)
    with db.read() as s:
        companies = list(s.scalars(select(Company)))
        contacts_per_company = dict(
            s.execute(select(Contact.company_id, func.count()).group_by(Contact.company_id)).all()
        )
        reps = list(s.scalars(select(SalesRep)))
    db.dispose()
    assert {c.voivodeship for c in companies} == {v.key for v in poland.VOIVODESHIPS}
    for c in companies:
        assert stdnum_nip.is_valid(c.nip), c.nip
        assert stdnum_regon.is_valid(c.regon), c.regon
        assert re.fullmatch(r"\d\d-\d\d\d", c.postcode or ""), c.postcode
        number = phonenumbers.parse(c.phone or "", "PL")
        assert phonenumbers.is_valid_number(number), c.phone
        assert 1 <= contacts_per_company[c.id] <= 4
    legal_forms = {c.legal_form for c in companies}
    assert {"sp_zoo", "sa", "spj", "sc", None} <= legal_forms
    covered = {v for r in reps for v in r.territory["voivodeships"]}
    assert covered == {v.key for v in poland.VOIVODESHIPS}


def test_same_seed_same_data(tmp_path: Path) -> None:
    a = build_demo(resolve_profile(tmp_path / "a"), companies=60, seed=11)
    b = build_demo(resolve_profile(tmp_path / "b"), companies=60, seed=11)
    assert a["contacts"] == b["contacts"]
    assert a["call_attempts"] == b["call_attempts"]

    def names(folder: Path) -> list[tuple[str, str, str | None]]:
        db = open_profile(resolve_profile(folder), create=False)
        with db.read() as s:
            rows = [(str(c.id), c.name, c.nip) for c in s.scalars(select(Company).order_by(Company.id))]
        db.dispose()
        return rows

    assert names(tmp_path / "a") == names(tmp_path / "b")


def test_refuses_to_overwrite_a_workspace(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    with pytest.raises(UserError, match="already holds a workspace"):
        build_demo(resolve_profile(folder), companies=10)


def test_every_row_reads_back_through_the_models(demo: tuple[Path, dict[str, Any]]) -> None:
    """The builder's fast insert path writes values exactly as the column types do."""
    from models import Base

    folder, _ = demo
    db = open_profile(resolve_profile(folder), create=False)
    with db.read() as s:
        for mapper in Base.registry.mappers:
            rows = s.scalars(select(mapper.class_)).all()
            for row in rows[:200]:
                for attr in mapper.column_attrs:
                    getattr(row, attr.key)
        values = s.scalars(select(FieldDefinition.key)).all()
        assert values
    db.dispose()
