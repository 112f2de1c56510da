"""The bundled scripts: each validates cleanly and runs through its main paths."""

from __future__ import annotations

import re
from typing import Any

import pytest

from scripts_lead_gen.library import (
    BUNDLED_SCRIPT_FILES,
    bundled_script_text,
    list_bundled_scripts,
    load_bundled_script,
)
from scripts_lead_gen.runtime import ScriptRun, run_headless
from scripts_lead_gen.validate import validate_script


@pytest.mark.parametrize("file_name", BUNDLED_SCRIPT_FILES)
def test_bundled_script_is_valid_without_warnings(file_name: str) -> None:
    report = validate_script(bundled_script_text(file_name))
    assert report.as_dict() == {"ok": True, "errors": [], "warnings": []}


@pytest.mark.parametrize("file_name", BUNDLED_SCRIPT_FILES)
def test_every_node_has_polish_and_english_text(file_name: str) -> None:
    compiled = load_bundled_script(file_name)
    for node in compiled.script.nodes:
        if node.kind == "branch" or (node.kind == "action" and not node.text):
            continue
        assert node.text.strip(), node.id
        assert (node.text_en or "").strip(), node.id
        assert node.text != node.text_en, node.id
    for obj in compiled.script.objections:
        assert obj.label_en
        assert obj.text_en


def test_list_bundled_scripts() -> None:
    listed = list_bundled_scripts()
    assert [s["id"] for s in listed] == [
        "lead_qualification",
        "lead_qualification_research",
        "foot_in_the_door",
        "customer_development",
    ]
    for entry in listed:
        assert re.fullmatch(r"[0-9a-f]{12}", entry["version"])
        assert entry["file"] == f"{entry['id']}.yaml"
        assert entry["language"] == "pl"
        assert entry["title"]


def test_the_two_qualification_variants_differ_only_in_wording() -> None:
    brand = load_bundled_script("lead_qualification")
    research = load_bundled_script("lead_qualification_research")
    assert brand.caller_identity != research.caller_identity
    assert list(brand.nodes) == list(research.nodes)  # comparable node by node
    assert [n.field.key if n.field else None for n in brand.nodes.values()] == [
        n.field.key if n.field else None for n in research.nodes.values()
    ]
    dispositions = {n.disposition for n in brand.nodes.values() if n.disposition}
    assert dispositions == {n.disposition for n in research.nodes.values() if n.disposition}


AGENT: dict[str, Any] = {"agent": {"name": "Anna Nowak"}, "company": {"name": "Trans-Pol"}}

FULL_QUALIFICATION = {
    "consent_to_interview": "tak",
    "fleet_total": "45",
    "fleet_cars": 5,
    "fleet_vans": "10",
    "fleet_trucks": "30",
    "fleet_trailers": 30,
    "tyre_brand": "Michelin",
    "season_policy": "seasonal_swap",
    "annual_tyre_budget_pln": "250 000",
    "retreading_used": "tak",
    "product_tier_preference": "premium",
    "decision_maker_name": "Jan Kowalski",
    "decision_maker_phone": "601 234 567",
    "decision_maker_email": "jan@transpol.pl",
    "interested_in_offer": "tak",
    "products_of_interest": "truck, retreading",
    "wants_rep_visit": "tak",
    "consent_rep_contact": "tak",
    "preferred_meeting_period": "next_week",
    "consent_marketing": "nie",
}


@pytest.mark.parametrize("script_id", ["lead_qualification", "lead_qualification_research"])
def test_qualification_paths(script_id: str) -> None:
    script = load_bundled_script(script_id)

    lead = run_headless(script, FULL_QUALIFICATION, AGENT)
    assert lead["errors"] == []
    assert lead["outcome"] == "lead_rep_requested"
    assert lead["captured"]["fleet_trucks"] == 30
    assert lead["captured"]["decision_maker_phone"] == "+48601234567"
    assert lead["captured"]["products_of_interest"] == ["truck", "retreading"]
    segments = [a["segment"] for a in lead["actions"] if a["action"] == "set_segment"]
    assert segments == ["rep_requested", "premium"]
    assert "q_trailers" in lead["path"]
    assert "q_retread" in lead["path"]

    qualified = run_headless(
        script,
        {**FULL_QUALIFICATION, "wants_rep_visit": "nie", "product_tier_preference": "budget"},
        AGENT,
    )
    assert qualified["outcome"] == "qualified"
    assert [a.get("segment") for a in qualified["actions"] if a["action"] == "set_segment"] == [
        "standard"
    ]

    small = {
        **FULL_QUALIFICATION,
        "fleet_trucks": 0,
        "fleet_buses": 0,
        "interested_in_offer": "nie",
    }
    not_interested = run_headless(script, small, AGENT)
    assert not_interested["outcome"] == "not_interested"
    assert "q_trailers" not in not_interested["path"]
    assert "q_retread" not in not_interested["path"]
    assert "q_products" not in not_interested["path"]

    refused = run_headless(script, {"consent_to_interview": "nie"}, AGENT)
    assert refused["outcome"] == "refused"
    assert refused["path"][-1] == "end_refused"

    no_fleet = run_headless(script, {"consent_to_interview": "tak", "fleet_total": 0}, AGENT)
    assert no_fleet["outcome"] == "not_qualified"
    assert no_fleet["actions"][0] == {
        "node": "seg_not_meeting",
        "action": "set_segment",
        "segment": "not_meeting_criteria",
    }

    opt_out = run_headless(
        script, {**FULL_QUALIFICATION, "_objections": {"q_cars": ["no_time", "do_not_call"]}}, AGENT
    )
    assert opt_out["outcome"] == "opt_out"
    assert [a["action"] for a in opt_out["actions"]] == ["record_opt_out", "end_call"]

    later = run_headless(
        script,
        {
            **FULL_QUALIFICATION,
            "next_contact_date": "15.09.2025",
            "_objections": {"q_budget": ["call_later"]},
        },
        AGENT,
    )
    assert later["outcome"] == "callback"
    assert later["actions"][0]["params"]["date"] == "2025-09-15"


FITD_CONTEXT: dict[str, Any] = {
    "agent": {"name": "Anna Nowak"},
    "company": {"name": "Trans-Pol", "address": "ul. Długa 5, 61-001 Poznań"},
    "fields": {
        "fleet_trucks": 25,
        "fleet_trailers": 20,
        "tyre_brand": "michelin",
        "product_tier_preference": "premium",
        "decision_maker_name": "Jan Kowalski",
        "decision_maker_phone": "+48601234567",
    },
    "slots": ["2025-05-13T10:00:00+02:00", "2025-05-15T14:00:00+02:00"],
}
FITD_YES = {
    "decision_maker_confirmed": "tak",
    "wants_rep_visit": "tak",
    "meeting_slot_choice": "slot_2",
    "meeting_address": "ul. Długa 5, 61-001 Poznań",
    "decision_maker_email": "jan@transpol.pl",
}


def test_fitd_meeting_booked() -> None:
    script = load_bundled_script("foot_in_the_door")
    result = run_headless(script, FITD_YES, FITD_CONTEXT)
    assert result["errors"] == []
    assert result["outcome"] == "meeting_booked"
    # The offer was built from the qualification data.
    assert {"offer_heavy", "say_compare", "say_premium"} <= set(result["path"])
    booking = next(a for a in result["actions"] if a["action"] == "book_meeting")
    assert booking["params"] == {
        "slot": "2025-05-15T14:00:00+02:00",
        "contact": "Jan Kowalski",
        "phone": "+48601234567",
        "address": "ul. Długa 5, 61-001 Poznań",
    }


def test_fitd_objection_then_booked() -> None:
    script = load_bundled_script("foot_in_the_door")
    answers = {
        **FITD_YES,
        "meeting_slot_choice": "slot_1",
        "_objections": {"q_slot": ["too_expensive", "have_supplier"]},
    }
    result = run_headless(script, answers, FITD_CONTEXT)
    assert result["outcome"] == "meeting_booked"
    assert [o["objection"] for o in result["objections"]] == ["too_expensive", "have_supplier"]
    booking = next(a for a in result["actions"] if a["action"] == "book_meeting")
    assert booking["node"] == "book_1"
    assert booking["params"]["slot"] == "2025-05-13T10:00:00+02:00"


def test_fitd_refused_and_other_paths() -> None:
    script = load_bundled_script("foot_in_the_door")
    refused = run_headless(
        script, {"decision_maker_confirmed": "tak", "wants_rep_visit": "nie"}, FITD_CONTEXT
    )
    assert refused["outcome"] == "meeting_refused"
    assert not any(a["action"] == "book_meeting" for a in refused["actions"])

    other_time = run_headless(
        script,
        {**FITD_YES, "meeting_slot_choice": "other", "preferred_meeting_period": "later"},
        FITD_CONTEXT,
    )
    assert other_time["outcome"] == "callback"

    wrong_person = run_headless(
        script,
        {
            "decision_maker_confirmed": "nie",
            "decision_maker_name": "Ewa Nowak",
            "decision_maker_phone": "612 345 678",
        },
        FITD_CONTEXT,
    )
    assert wrong_person["outcome"] == "callback"
    assert wrong_person["actions"][0]["params"]["contact"] == "Ewa Nowak"

    light = run_headless(
        script, FITD_YES, {**FITD_CONTEXT, "fields": {"fleet_vans": 12, "fleet_cars": 3}}
    )
    assert "offer_light" in light["path"]
    assert "say_compare" not in light["path"]


def test_fitd_slot_proposal_text() -> None:
    script = load_bundled_script("foot_in_the_door")
    run = ScriptRun(script, FITD_CONTEXT)
    run.answer("decision_maker_confirmed", "tak")
    while run.current is not None and run.current.id != "q_slot":
        if run.current.field is not None and run.current.field.key == "wants_rep_visit":
            run.answer("wants_rep_visit", "tak")
        assert run.next().ok
    text = run.view().text
    assert "wtorek 13.05.2025, godz. 10:00" in text
    assert "czwartek 15.05.2025, godz. 14:00" in text
    # Without slots the fallbacks are spoken, never "None".
    bare = ScriptRun(script, {"fields": FITD_CONTEXT["fields"]})
    bare.answer("decision_maker_confirmed", "tak")
    bare.answer("wants_rep_visit", "tak")
    while bare.current is not None and bare.current.id != "q_slot":
        bare.next()
    assert "we wtorek przed południem" in bare.view().text
    assert "None" not in bare.view().text


def test_customer_development_paths() -> None:
    script = load_bundled_script("customer_development")
    low = run_headless(
        script,
        {
            "consent_to_interview": "tak",
            "satisfaction_score": "4",
            "satisfaction_reasons": "Opóźnione dostawy",
            "problems": "Brak opon zimowych",
            "interested_in_offer": "nie",
            "next_contact_date": "2025-10-01",
        },
        AGENT,
    )
    assert low["outcome"] == "cd_at_risk"
    assert {"node": "seg_at_risk", "action": "set_segment", "segment": "at_risk"} in low["actions"]
    callback = next(a for a in low["actions"] if a["action"] == "schedule_callback")
    assert callback["params"]["date"] == "2025-10-01"

    opportunity = run_headless(
        script,
        {
            "consent_to_interview": "tak",
            "satisfaction_score": 9,
            "interested_in_offer": "tak",
            "opportunity_description": "10 nowych ciągników siodłowych",
            "opportunity_value_pln": "120 000",
            "next_contact_date": "01.12.2025",
        },
        AGENT,
    )
    assert opportunity["outcome"] == "cd_opportunity"
    assert opportunity["captured"]["opportunity_value_pln"] == 120000
    assert "q_reasons_high" in opportunity["path"]

    fine = run_headless(
        script,
        {
            "consent_to_interview": "tak",
            "satisfaction_score": 7,
            "interested_in_offer": "nie",
            "next_contact_date": "2026-01-15",
        },
        AGENT,
    )
    assert fine["outcome"] == "cd_completed"
    assert "q_reasons_mid" in fine["path"]

    busy = run_headless(
        script, {"consent_to_interview": "nie", "next_contact_date": "2025-09-01"}, AGENT
    )
    assert busy["outcome"] == "callback"

    invalid = run_headless(script, {"consent_to_interview": "tak", "satisfaction_score": 11}, AGENT)
    assert invalid["outcome"] is None
    assert invalid["errors"][0]["code"] == "above_max"


@pytest.mark.parametrize("file_name", BUNDLED_SCRIPT_FILES)
def test_no_rendered_text_says_none(file_name: str) -> None:
    script = load_bundled_script(file_name)
    for language in ("pl", "en"):
        run = ScriptRun(script, {}, language=language)
        for node in script.nodes.values():
            if node.kind != "branch":
                assert "None" not in run.render(node), node.id
