"""Answer parsing (validation per field type) and value formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from scripts_lead_gen.fields import FieldSpec, fields_by_key, load_bundled_fields
from scripts_lead_gen.values import (
    MISSING,
    FieldValueError,
    format_number,
    format_value,
    parse_value,
    to_json_value,
)

F = fields_by_key(load_bundled_fields())


def error_code(key: str, raw: object, **kw: Any) -> str:
    with pytest.raises(FieldValueError) as info:
        parse_value(F[key], raw, **kw)
    assert info.value.error.field == key
    assert info.value.error.message
    assert info.value.error.message_pl
    return info.value.error.code


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("fleet_trucks", "12", 12),
        ("fleet_trucks", " 12 500 ", 12500),
        ("fleet_trucks", "12\u00a0500", 12500),
        ("fleet_trucks", 7, 7),
        ("fleet_trucks", 7.0, 7),
        ("annual_tyre_budget_pln", "1 234,50", Decimal("1234.50")),
        ("annual_tyre_budget_pln", "250000.5", Decimal("250000.5")),
        ("annual_tyre_budget_pln", 99, Decimal(99)),
        ("retreading_used", "tak", True),
        ("retreading_used", "Nie", False),
        ("retreading_used", "yes", True),
        ("retreading_used", False, False),
        ("contract_end_date", "2025-03-01", dt.date(2025, 3, 1)),
        ("contract_end_date", "1.3.2025", dt.date(2025, 3, 1)),
        ("contract_end_date", "01.03.2025", dt.date(2025, 3, 1)),
        ("tyre_brand", "debica", "debica"),
        ("tyre_brand", "Dębica", "debica"),
        ("tyre_brand", "MICHELIN", "michelin"),
        ("products_of_interest", "truck, van", ["truck", "van"]),
        ("products_of_interest", ["truck", "Opony rolnicze", "truck"], ["truck", "agricultural"]),
        ("decision_maker_phone", "601 234 567", "+48601234567"),
        ("decision_maker_phone", "+48 (22) 123-45-67", "+48221234567"),
        ("decision_maker_phone", "0049 30 1234567", "+49301234567"),
        ("decision_maker_email", " Jan.Kowalski@Firma.PL ", "Jan.Kowalski@firma.pl"),
        ("tyre_supplier", "  Hurtownia Opon Sp. z o.o. ", "Hurtownia Opon Sp. z o.o."),
    ],
)
def test_valid_answers_parse_to_typed_values(key: str, raw: object, expected: object) -> None:
    assert parse_value(F[key], raw) == expected


@pytest.mark.parametrize(
    ("key", "raw", "code"),
    [
        ("fleet_trucks", "dwanaście", "not_int"),
        ("fleet_trucks", "12.5", "not_int"),
        ("fleet_trucks", True, "not_int"),
        ("fleet_trucks", -1, "below_min"),
        ("satisfaction_score", "11", "above_max"),
        ("satisfaction_score", 11, "above_max"),
        ("annual_tyre_budget_pln", "12,5,0", "not_decimal"),
        ("annual_tyre_budget_pln", float("nan"), "not_decimal"),
        ("annual_tyre_budget_pln", "-5", "below_min"),
        ("retreading_used", "może", "not_bool"),
        ("contract_end_date", "31.02.2025", "not_date"),
        ("contract_end_date", "jutro", "not_date"),
        ("tyre_brand", "nokian", "not_choice"),
        ("products_of_interest", "truck, bikes", "not_choice"),
        ("decision_maker_phone", "12345", "not_phone"),
        ("decision_maker_phone", "abc", "not_phone"),
        ("decision_maker_email", "jan@", "not_email"),
        ("decision_maker_email", "jan kowalski@firma.pl", "not_email"),
        ("decision_maker_name", "Jan 123", "pattern"),
    ],
)
def test_invalid_answers_give_field_errors(key: str, raw: object, code: str) -> None:
    assert error_code(key, raw) == code


def test_required_and_missing() -> None:
    spec = F["fleet_total"]
    assert parse_value(spec, "") is None
    assert parse_value(spec, None) is None
    assert error_code("fleet_total", "  ", required=True) == "required"
    assert error_code("products_of_interest", [], required=True) == "required"
    required = FieldSpec(
        key="x", group="fleet", type="text", label_pl="X", label_en="X", required=True
    )
    with pytest.raises(FieldValueError):
        parse_value(required, "")
    assert parse_value(required, "", required=False) is None


def test_error_messages_name_the_limits() -> None:
    with pytest.raises(FieldValueError) as info:
        parse_value(F["satisfaction_score"], 12)
    assert "10" in info.value.error.message
    assert info.value.error.message_pl == "Wartość może wynosić najwyżej 10."


def test_formatting_polish_and_english() -> None:
    assert format_number(12500, "pl") == "12\u00a0500"
    assert format_number(1500, "pl") == "1500"  # Polish: four digits stay together
    assert format_number(Decimal("1234567.50"), "pl") == "1\u00a0234\u00a0567,5"
    assert format_number(12500, "en") == "12,500"
    assert format_number(-12500, "pl") == "-12\u00a0500"
    assert format_value(True, None, "pl") == "Tak"
    assert format_value(False, None, "pl") == "Nie"
    assert format_value(True, None, "en") == "Yes"
    assert format_value(dt.date(2025, 3, 1), None, "pl") == "01.03.2025"
    assert format_value("debica", F["tyre_brand"], "pl") == "Dębica"
    assert (
        format_value(["truck", "van"], F["products_of_interest"], "en") == "Truck tyres, Van tyres"
    )
    assert format_value("+48601234567", F["decision_maker_phone"]) == "+48 601 234 567"


@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_missing_values_never_render_as_none(empty: object) -> None:
    assert format_value(empty) == MISSING
    assert "None" not in format_value(empty)


def test_json_values() -> None:
    assert to_json_value(dt.date(2025, 1, 2)) == "2025-01-02"
    assert to_json_value(Decimal("12.50")) == 12.5
    assert to_json_value(Decimal("12")) == 12
    assert to_json_value(["a"]) == ["a"]
    assert to_json_value(None) is None
