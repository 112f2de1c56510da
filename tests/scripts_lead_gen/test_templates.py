"""Merge fields in script text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from scripts_lead_gen.fields import fields_by_key, load_bundled_fields
from scripts_lead_gen.templates import TemplateError, compile_template, format_slot

F = fields_by_key(load_bundled_fields())


def render(source: str, env: Mapping[str, object], language: str = "pl") -> str:
    return compile_template(source, F).render(env, language)


def test_merge_fields_are_filled() -> None:
    env = {
        "company.name": "Trans-Pol",
        "contact.first_name": "Anna",
        "agent.name": "Piotr",
        "caller_identity": "Rotaris",
        "fleet_trucks": 12500,
        "retreading_used": True,
        "tyre_brand": "debica",
    }
    text = render(
        "{agent.name} z {caller_identity} dla {company.name}, {contact.first_name}: "
        "{field.fleet_trucks} ciężarówek, bieżnikowanie: {field.retreading_used}, "
        "marka: {field.tyre_brand}",
        env,
    )
    assert text == (
        "Piotr z Rotaris dla Trans-Pol, Anna: 12\u00a0500 ciężarówek, "
        "bieżnikowanie: Tak, marka: Dębica"
    )
    assert render("{field.retreading_used}", env, "en") == "Yes"


def test_fallbacks_and_missing_values_never_say_none() -> None:
    env: dict[str, object] = {"contact.first_name": None, "company.name": ""}
    assert render("Dzień dobry, {contact.first_name|Pan/Pani}!", env) == "Dzień dobry, Pan/Pani!"
    assert render("{company.name|Państwa firma}", env) == "Państwa firma"
    assert render("{contact.last_name|}", env) == ""
    text = render("Firma {company.name}, flota {field.fleet_total}, {slot.1}", env)
    assert text == "Firma …, flota …, …"
    assert "None" not in text


def test_braces_can_be_escaped() -> None:
    assert render("{{literal}} {agent.name}", {"agent.name": "A"}) == "{literal} A"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{nope}", "unknown merge field {nope}"),
        ("{fleet_trucks}", "write {field.fleet_trucks}"),
        ("{field.no_such}", "unknown field 'no_such'"),
        ("{slot.0}", "slots are numbered from 1"),
        ("{company.name", "unclosed merge field"),
        ("a } b", "unmatched '}'"),
        ("{bad name}", "malformed merge field name"),
    ],
)
def test_bad_templates(source: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message.replace("{", r"\{").replace("}", r"\}")):
        compile_template(source, F)


def test_all_problems_of_a_text_are_listed() -> None:
    with pytest.raises(TemplateError) as info:
        compile_template("{nope} and {field.missing}", F)
    assert "nope" in str(info.value)
    assert "missing" in str(info.value)


def test_slots() -> None:
    assert format_slot("2025-05-13T10:00:00+02:00") == "wtorek 13.05.2025, godz. 10:00"
    assert format_slot(dt.datetime(2025, 5, 15, 14, 30), "en") == "Thursday 15 May 2025, 14:30"
    assert format_slot({"start": "2025-05-13T10:00", "label": "wtorek rano"}) == "wtorek rano"
    assert format_slot({"start": "2025-05-13T10:00"}) == "wtorek 13.05.2025, godz. 10:00"
    assert format_slot("jutro o 10") == "jutro o 10"
    env = {"slot.1": "2025-05-13T10:00"}
    assert render("{slot.1|wtorek} albo {slot.2|czwartek}", env) == (
        "wtorek 13.05.2025, godz. 10:00 albo czwartek"
    )


def test_single_field_template_keeps_the_typed_value() -> None:
    tpl = compile_template("{field.fleet_trucks}", F)
    assert tpl.value({"fleet_trucks": 3}) == 3
    assert tpl.value({}) is None
    assert compile_template("x {field.fleet_trucks}", F).value({"fleet_trucks": 3}) == "x 3"
