"""The condition language: tokenizer, parser, type checker and evaluator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts_lead_gen.expr import (
    ExpressionError,
    _fast_tokenize,
    _slow_tokenize,
    compile_condition,
    parse,
)
from scripts_lead_gen.fields import fields_by_key, load_bundled_fields

F = fields_by_key(load_bundled_fields())


def ev(source: str, **env: Any) -> bool:
    return compile_condition(source, F)(env)


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        (
            'fleet_trucks >= 10 and segment == "premium"',
            {"fleet_trucks": 12, "segment": "premium"},
            True,
        ),
        (
            'fleet_trucks >= 10 and segment == "premium"',
            {"fleet_trucks": 9, "segment": "premium"},
            False,
        ),
        ('fleet_trucks >= 10 and segment == "premium"', {}, False),
        ("field.fleet_trucks > 0", {"fleet_trucks": 1}, True),
        ("not interested_in_offer", {"interested_in_offer": False}, True),
        ("not interested_in_offer", {}, True),
        ("interested_in_offer == true", {"interested_in_offer": True}, True),
        ("interested_in_offer != true", {"interested_in_offer": None}, True),
        ('tyre_brand in ["michelin", "debica"]', {"tyre_brand": "debica"}, True),
        ('tyre_brand not in ["michelin", "debica"]', {"tyre_brand": "debica"}, False),
        ('tyre_brand in ["michelin", "debica"]', {}, False),
        ('"truck" in products_of_interest', {"products_of_interest": ["van", "truck"]}, True),
        ('"truck" in products_of_interest', {}, False),
        ('"premium" in segments', {"segments": ["premium"]}, True),
        ("annual_tyre_budget_pln > 10000.5", {"annual_tyre_budget_pln": Decimal("20000")}, True),
        ("annual_tyre_budget_pln > 10000.5", {"annual_tyre_budget_pln": None}, False),
        ("annual_tyre_budget_pln <= 10000.5", {"annual_tyre_budget_pln": None}, False),
        ('contract_end_date < "2025-06-01"', {"contract_end_date": dt.date(2025, 1, 1)}, True),
        ('"2025-06-01" <= contract_end_date', {"contract_end_date": dt.date(2025, 1, 1)}, False),
        ("fleet_total == null", {}, True),
        (
            "(fleet_cars > 1 or fleet_vans > 1) and not (fleet_trucks > 1)",
            {"fleet_cars": 2, "fleet_trucks": 0},
            True,
        ),
        ("fleet_cars > 1 or fleet_vans > 1 and fleet_trucks > 1", {"fleet_cars": 2}, True),
        ('company.city == "Poznań"', {"company.city": "Poznań"}, True),
        ("company.employees > 50", {"company.employees": "many"}, False),
        ("contact.role in ['owner', 'ceo']", {"contact.role": "ceo"}, True),
        ("fleet_trucks >= -1", {"fleet_trucks": 0}, True),
        ("fleet_trucks > 1_000", {"fleet_trucks": 1001}, True),
        ('segment == "it\\"s"', {"segment": 'it"s'}, True),
    ],
)
def test_evaluation(source: str, env: dict[str, Any], expected: bool) -> None:
    assert ev(source, **env) is expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "empty condition"),
        ("fleet_trucks =", "use '=='"),
        ("fleet_trucks ! 1", "'!' must be followed"),
        ("fleet_trucks > ", "expected a value"),
        ("(fleet_trucks > 1", "expected ')'"),
        ("fleet_trucks > 1)", "unexpected ')'"),
        ("1 < fleet_trucks < 5", "cannot be chained"),
        ('segment == "open', "unterminated string"),
        ("fleet_trucks > 1e5", "malformed number"),
        ("fleet_trucks @ 1", "unexpected character"),
        ("unknown_field > 1", "unknown field 'unknown_field'"),
        ("foo.bar == 1", "unknown name 'foo.bar'"),
        ('fleet_trucks == "ten"', "cannot compare a number with text"),
        ('fleet_trucks > "ten"', "compares numbers or dates"),
        ("fleet_trucks", "not a yes/no condition"),
        ("fleet_trucks and true", "not a yes/no condition"),
        ('tyre_brand == "nokian"', "not a choice of tyre_brand"),
        ('tyre_brand in ["michelin", "nokian"]', "not a choice of tyre_brand"),
        ("fleet_trucks in 5", "must be a list"),
        ('contract_end_date < "soon"', "not a date"),
        ("fleet_trucks in products_of_interest", "cannot look for a number"),
        ("a in [b]", "only hold literal values"),
        ("interested_in_offer == 1", "cannot compare yes/no with a number"),
        ("(" * 100 + "true" + ")" * 100, "nested too deeply"),
        ("not " * 100 + "true", "nested too deeply"),
        ("true or " * 1000 + "true", "longer than"),
    ],
)
def test_errors_say_what_and_where(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_condition(source, F)
    assert message in str(info.value)


def test_error_position_points_at_the_problem() -> None:
    with pytest.raises(ExpressionError) as info:
        compile_condition('fleet_trucks > 1 and tyre_brand == "nokian"', F)
    assert info.value.position == 35
    assert "at character 36" in str(info.value)


def test_condition_lists_the_names_it_reads() -> None:
    cond = compile_condition('fleet_trucks > 1 and company.city == "x" or segment == "y"', F)
    assert cond.names == {"fleet_trucks", "company.city", "segment"}


def test_no_python_evaluation() -> None:
    for source in ("__import__('os')", "fleet_trucks.__class__", "lambda: 1", "[x for x in y]"):
        with pytest.raises(ExpressionError):
            compile_condition(source, F)


# ------------------------------------------------------------------ property tests

_ATOMS = st.sampled_from(
    [
        "fleet_trucks",
        "field.fleet_vans",
        "segment",
        "segments",
        "tyre_brand",
        "interested_in_offer",
        "products_of_interest",
        "contract_end_date",
        "annual_tyre_budget_pln",
        "company.size",
        "contact.role",
        "agent.name",
        "1",
        "-2",
        "3.5",
        "1_000",
        '"premium"',
        "'debica'",
        '"2025-01-01"',
        "true",
        "false",
        "null",
        '["michelin", "debica"]',
        "[1, 2]",
        "[]",
        "unknown",
    ]
)
_OPS = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"])


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(_ATOMS)
    shape = draw(st.integers(0, 2))
    if shape == 0:
        return f"not {draw(_expressions(depth + 1))}"
    if shape == 1:
        return f"({draw(_expressions(depth + 1))})"
    return f"{draw(_expressions(depth + 1))} {draw(_OPS)} {draw(_expressions(depth + 1))}"


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=True),
    st.text(max_size=5),
    st.dates(),
    st.lists(st.text(max_size=3), max_size=3),
    st.lists(st.lists(st.integers(), max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)
_ENVS = st.dictionaries(
    st.sampled_from(
        [
            "fleet_trucks",
            "fleet_vans",
            "segment",
            "segments",
            "tyre_brand",
            "interested_in_offer",
            "products_of_interest",
            "contract_end_date",
            "annual_tyre_budget_pln",
            "company.size",
            "contact.role",
            "agent.name",
        ]
    ),
    _VALUES,
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_random_text_only_raises_expression_error(source: str) -> None:
    try:
        cond = compile_condition(source, F)
    except ExpressionError:
        return
    assert isinstance(cond({}), bool)


@settings(max_examples=200, deadline=None)
@given(_expressions(), _ENVS)
def test_well_formed_conditions_never_raise_at_runtime(source: str, env: dict[str, Any]) -> None:
    try:
        cond = compile_condition(source, F)
    except ExpressionError:
        return
    assert isinstance(cond(env), bool)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_expressions(), st.text(alphabet="ab._0123456789 \"'\\=<>!()[],-n", max_size=30)))
def test_fast_tokenizer_agrees_with_the_reference(source: str) -> None:
    fast = _fast_tokenize(source)
    if fast is None:
        return
    assert fast == _slow_tokenize(source)


def test_parse_returns_a_tree() -> None:
    tree = parse("a > 1 and not b")
    assert type(tree).__name__ == "BoolOp"
