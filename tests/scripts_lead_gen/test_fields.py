"""The bundled qualification field catalogue (also loaded into FieldDefinition)."""

from __future__ import annotations

import re

import pytest

from scripts_lead_gen.fields import (
    FIELD_GROUPS,
    FIELD_TYPES,
    FieldCatalogueError,
    load_bundled_fields,
    parse_fields_yaml,
)


def test_catalogue_has_the_case_study_fields() -> None:
    fields = load_bundled_fields()
    keys = {f.key for f in fields}
    assert len(fields) >= 36
    assert len(keys) == len(fields)
    for key in (
        "fleet_cars",
        "fleet_vans",
        "fleet_trucks",
        "fleet_buses",
        "fleet_agricultural",
        "fleet_construction",
        "fleet_total",
        "fleet_managed_in_house",
        "own_workshop",
        "tyre_supplier",
        "tyre_brand",
        "season_policy",
        "purchase_frequency",
        "annual_tyre_budget_pln",
        "payment_terms",
        "retreading_used",
        "product_tier_preference",
        "contract_end_date",
        "decision_maker_name",
        "decision_maker_role",
        "decision_maker_phone",
        "decision_maker_email",
        "influencers",
        "decision_process",
        "interested_in_offer",
        "products_of_interest",
        "wants_rep_visit",
        "preferred_meeting_period",
        "fleet_services_interest",
        "satisfaction_score",
        "satisfaction_reasons",
        "problems",
        "new_needs",
        "opportunity_value_pln",
        "next_contact_date",
        "consent_rep_contact",
        "consent_marketing",
    ):
        assert key in keys, key
    assert {f.group for f in fields} == set(FIELD_GROUPS)
    assert {f.type for f in fields} == set(FIELD_TYPES)


def test_field_types_and_constraints() -> None:
    by_key = {f.key: f for f in load_bundled_fields()}
    assert by_key["fleet_trucks"].type == "int"
    assert by_key["annual_tyre_budget_pln"].type == "decimal"
    assert by_key["contract_end_date"].type == "date"
    assert by_key["decision_maker_phone"].type == "phone"
    assert by_key["decision_maker_email"].type == "email"
    assert by_key["products_of_interest"].type == "multi_choice"
    score = by_key["satisfaction_score"]
    assert (score.type, score.min, score.max) == ("int", 0, 10)
    brands = by_key["tyre_brand"].choice_values()
    for brand in (
        "michelin",
        "bridgestone",
        "goodyear",
        "continental",
        "debica",
        "pirelli",
        "other",
    ):
        assert brand in brands
    assert by_key["tyre_brand"].choice_label("debica", "pl") == "Dębica"


def test_polish_labels_are_polish() -> None:
    fields = load_bundled_fields()
    polish = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
    with_diacritics = [f for f in fields if polish.search(f.label_pl)]
    assert len(with_diacritics) >= 15
    assert all(f.label_pl != f.label_en for f in fields if f.key.startswith("fleet_"))
    labels = {f.key: f.label_pl for f in fields}
    assert labels["fleet_trucks"] == "Samochody ciężarowe i ciągniki siodłowe"
    assert labels["next_contact_date"] == "Termin kolejnego kontaktu"


def test_order_is_the_display_order() -> None:
    orders = [f.order for f in load_bundled_fields()]
    assert orders == sorted(orders)


def test_loader_returns_a_fresh_list() -> None:
    first = load_bundled_fields()
    first.clear()
    assert load_bundled_fields()


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "fields: [{key: a, group: fleet, type: int, label_pl: A, label_en: A}, "
            "{key: a, group: fleet, type: int, label_pl: B, label_en: B}]",
            "duplicate field key",
        ),
        (
            "fields: [{key: a, group: fleet, type: choice, label_pl: A, label_en: A}]",
            "needs choices",
        ),
        ("fields: [{key: a, group: nope, type: int, label_pl: A, label_en: A}]", "invalid"),
        ("fields: [{key: A-b, group: fleet, type: int, label_pl: A, label_en: A}]", "invalid"),
        (
            "fields: [{key: a, group: fleet, type: text, label_pl: A, label_en: A, min: 1}]",
            "min/max only apply",
        ),
        ("fields: [", "malformed"),
    ],
)
def test_bad_catalogues_are_rejected(yaml_text: str, message: str) -> None:
    with pytest.raises(FieldCatalogueError, match=message):
        parse_fields_yaml(yaml_text)
