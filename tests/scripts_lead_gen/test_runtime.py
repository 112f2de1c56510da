"""ScriptRun (the GUI runner's state machine) and the headless runner."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

from scripts_lead_gen.runtime import ScriptRun, ScriptRunError, build_env, run_headless
from scripts_lead_gen.validate import CompiledScript, compile_script

SCRIPT: dict[str, Any] = {
    "id": "runtime_test",
    "title": "Runtime",
    "caller_identity": "Rotaris",
    "caller_identity_en": "Rotaris EN",
    "start": "hello",
    "nodes": [
        {
            "id": "hello",
            "kind": "say",
            "text": "Dzień dobry, {contact.first_name|Pan/Pani}, "
            "tu {agent.name} z {caller_identity}.",
            "text_en": "Hello from {caller_identity}.",
            "hint": "Flota: {field.fleet_total|?}",
            "next": "q_trucks",
        },
        {
            "id": "q_trucks",
            "kind": "ask",
            "field": "fleet_trucks",
            "required": True,
            "text": "Ile ciężarówek?",
            "next": "route",
        },
        {
            "id": "route",
            "kind": "branch",
            "branches": [
                {"if": "fleet_trucks >= 10", "goto": "seg"},
                {"if": "fleet_trucks == 0", "goto": "q_trucks"},
            ],
            "else": "q_email",
        },
        {
            "id": "seg",
            "kind": "action",
            "action": "set_segment",
            "segment": "big_fleet",
            "next": "q_email",
        },
        {
            "id": "q_email",
            "kind": "ask",
            "field": "decision_maker_email",
            "text": "E-mail?",
            "next": "book",
        },
        {
            "id": "book",
            "kind": "action",
            "action": "book_meeting",
            "text": "Termin: {slot.1|brak}",
            "params": {"slot": "{slot.1}", "email": "{field.decision_maker_email}", "note": "x"},
            "next": "bye",
        },
        {
            "id": "bye",
            "kind": "action",
            "action": "end_call",
            "disposition": "meeting_booked",
            "text": "Do widzenia.",
        },
        {"id": "callback", "kind": "action", "action": "end_call", "disposition": "callback"},
    ],
    "objections": [
        {
            "id": "busy",
            "label": "Nie mam czasu",
            "label_en": "No time",
            "text": "Zajmie to minutę, {contact.first_name|Pan/Pani}.",
            "return": "back",
        },
        {"id": "later", "label": "Później", "text": "Dobrze.", "return": "callback"},
    ],
}


@pytest.fixture(scope="module")
def script() -> CompiledScript:
    return compile_script(yaml.safe_dump(SCRIPT, allow_unicode=True, sort_keys=False))


CONTEXT = {
    "contact": {"first_name": "Anna"},
    "agent": {"name": "Piotr"},
    "fields": {"fleet_total": 40},
    "slots": ["2025-05-13T10:00"],
}


def test_step_by_step(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    view = run.view()
    assert view.node == "hello"
    assert view.text == "Dzień dobry, Anna, tu Piotr z Rotaris."
    assert view.hint == "Flota: 40"
    assert not view.can_back
    assert [(b.id, b.hotkey) for b in view.objections] == [("busy", 1), ("later", 2)]
    assert 0 < view.progress < 1

    step = run.next()
    assert (step.ok, step.node) == (True, "q_trucks")
    view = run.view()
    assert view.field is not None
    assert view.field.key == "fleet_trucks"
    assert view.required

    # Required: Next refuses without an answer, and says why.
    step = run.next()
    assert not step.ok
    assert [e.code for e in step.errors] == ["required"]
    assert run.current is not None
    assert run.current.id == "q_trucks"

    bad = run.answer("fleet_trucks", "dużo")
    assert not bad.ok
    assert bad.errors[0].code == "not_int"
    assert "fleet_trucks" not in run.captured

    good = run.answer("fleet_trucks", "12")
    assert (good.ok, good.value) == (True, 12)
    step = run.next()
    # The branch and the text-less set_segment action are passed through.
    assert step.node == "q_email"
    assert step.actions == ({"node": "seg", "action": "set_segment", "segment": "big_fleet"},)
    assert run.env["segment"] == "big_fleet"
    assert run.path == ["hello", "q_trucks", "route", "seg", "q_email"]

    step = run.next()  # the e-mail is optional
    assert step.node == "book"
    assert step.actions[0]["action"] == "book_meeting"
    assert step.actions[0]["params"] == {"slot": "2025-05-13T10:00", "email": None, "note": "x"}
    assert run.view().text == "Termin: wtorek 13.05.2025, godz. 10:00"

    step = run.next()
    assert step.finished
    assert run.finished
    assert run.outcome == "meeting_booked"
    assert run.view().progress == 1.0
    with pytest.raises(ScriptRunError):
        run.next()


def test_back_returns_and_keeps_answers(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    assert run.back() is False
    run.next()
    run.answer("fleet_trucks", 15)
    run.next()
    assert run.current is not None
    assert run.current.id == "q_email"
    assert len(run.actions) == 1

    assert run.back() is True
    assert run.current is not None
    assert run.current.id == "q_trucks"
    assert run.actions == []  # the segment set on the way is undone
    assert run.env["segment"] is None
    assert run.path == ["hello", "q_trucks"]
    assert run.view().value == 15  # the answer is still there to edit

    run.answer("fleet_trucks", 3)
    run.next()
    assert run.path == ["hello", "q_trucks", "route", "q_email"]
    assert run.actions == []
    assert run.back()
    assert run.back()
    assert run.current is not None
    assert run.current.id == "hello"
    assert not run.can_back


def test_back_after_the_end(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    run.next()
    run.answer("fleet_trucks", 3)
    run.next()
    run.next()
    run.next()
    assert run.finished
    assert run.back()
    assert not run.finished
    assert run.outcome is None
    assert run.current is not None
    assert run.current.id == "book"


def test_objection_returns_back(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    run.next()
    view = run.objection("busy")
    assert view.objection == "busy"
    assert view.node == "q_trucks"
    assert view.text == "Zajmie to minutę, Anna."
    step = run.next()
    assert step.node == "q_trucks"
    assert run.view().objection is None
    assert run.objections_raised == [{"node": "q_trucks", "objection": "busy"}]
    assert run.path == ["hello", "q_trucks"]
    # Back from the question goes to the previous node, not to the objection.
    run.back()
    assert run.current is not None
    assert run.current.id == "hello"


def test_objection_jumps_to_its_node(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    run.next()
    run.objection_by_hotkey(2)
    step = run.next()
    assert step.finished
    assert run.outcome == "callback"
    run.back()
    assert run.current is not None
    assert run.current.id == "q_trucks"
    assert run.view().objection is None


def test_objection_errors(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    with pytest.raises(ScriptRunError):
        run.objection("nope")
    assert run.objection_by_hotkey(9) is None


def test_back_from_an_open_objection(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    run.objection("busy")
    assert run.view().objection == "busy"
    run.back()
    assert run.view().objection is None
    assert run.current is not None
    assert run.current.id == "hello"


def test_answers_to_other_fields_and_clearing(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    assert run.answer("tyre_brand", "Dębica").value == "debica"
    assert run.captured["tyre_brand"] == "debica"
    assert run.answer("tyre_brand", "").ok
    assert run.captured["tyre_brand"] is None
    unknown = run.answer("ghost", 1)
    assert not unknown.ok
    assert unknown.errors[0].code == "unknown_field"
    run.next()
    required_now = run.answer("fleet_trucks", "")
    assert [e.code for e in required_now.errors] == ["required"]


def test_english_rendering(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT, language="en")
    assert run.view().text == "Hello from Rotaris EN."
    assert [b.label for b in run.view().objections] == ["No time", "Później"]


def test_state_is_json_friendly(script: CompiledScript) -> None:
    run = ScriptRun(script, CONTEXT)
    run.answer("contract_end_date", "01.02.2026")
    state = run.state()
    assert state["captured"] == {"contract_end_date": "2026-02-01"}
    assert state["version"] == script.version
    assert state["node"] == "hello"


def test_context_fields_are_typed_and_bad_ones_reported(script: CompiledScript) -> None:
    env, problems = build_env(
        {
            "fields": {"contract_end_date": "2025-01-31", "fleet_trucks": "many", "custom": 1},
            "segments": ["premium", "x"],
        },
        script.fields,
    )
    assert env["contract_end_date"] == dt.date(2025, 1, 31)
    assert "fleet_trucks" not in env
    assert env["custom"] == 1
    assert env["segment"] == "premium"
    assert problems[0]["field"] == "fleet_trucks"


# ------------------------------------------------------------------------- headless


def test_headless_run(script: CompiledScript) -> None:
    result = run_headless(script, {"fleet_trucks": "25", "decision_maker_email": "a@b.pl"}, CONTEXT)
    assert result["outcome"] == "meeting_booked"
    assert result["errors"] == []
    assert result["path"] == ["hello", "q_trucks", "route", "seg", "q_email", "book", "bye"]
    assert result["captured"] == {"fleet_trucks": 25, "decision_maker_email": "a@b.pl"}
    assert [a["action"] for a in result["actions"]] == ["set_segment", "book_meeting", "end_call"]
    assert result["version"] == script.version


def test_headless_is_deterministic(script: CompiledScript) -> None:
    answers = {"fleet_trucks": "3", "_objections": {"q_trucks": ["busy"]}}
    first = run_headless(script, answers, CONTEXT)
    again = run_headless(script, copy.deepcopy(answers), copy.deepcopy(CONTEXT))
    assert first == again
    assert first["objections"] == [{"node": "q_trucks", "objection": "busy"}]
    # The caller's answers are not consumed.
    assert answers["_objections"] == {"q_trucks": ["busy"]}


def test_headless_invalid_answer_gives_field_errors(script: CompiledScript) -> None:
    result = run_headless(script, {"fleet_trucks": "lots"}, CONTEXT)
    assert result["outcome"] is None
    assert result["errors"] == [
        {
            "node": "q_trucks",
            "field": "fleet_trucks",
            "code": "not_int",
            "message": "Enter a whole number.",
            "message_pl": "Wpisz liczbę całkowitą.",
        }
    ]


def test_headless_missing_required_answer(script: CompiledScript) -> None:
    result = run_headless(script, {}, {})
    assert result["outcome"] is None
    assert result["errors"][0]["code"] == "required"
    assert result["path"] == ["hello", "q_trucks"]
    # A value the company already has answers the question.
    result = run_headless(script, {}, {"fields": {"fleet_trucks": 4}})
    assert result["outcome"] == "meeting_booked"
    assert "fleet_trucks" not in result["captured"]


def test_headless_objection_jump_and_unknown_objection(script: CompiledScript) -> None:
    result = run_headless(script, {}, {}, objections={"q_trucks": ["later"]})
    assert result["outcome"] == "callback"
    result = run_headless(script, {}, {}, objections={"hello": ["ghost"]})
    assert result["outcome"] is None
    assert "unknown objection 'ghost'" in result["errors"][0]["message"]


def test_headless_stops_a_loop(script: CompiledScript) -> None:
    result = run_headless(script, {"fleet_trucks": 0}, CONTEXT)
    assert result["outcome"] is None
    assert "step limit" in result["errors"][0]["message"]


def test_branch_only_loop_is_stopped() -> None:
    text = yaml.safe_dump(
        {
            "id": "spin",
            "title": "Spin",
            "caller_identity": "X",
            "start": "a",
            "nodes": [
                {
                    "id": "a",
                    "kind": "branch",
                    "branches": [{"if": "true", "goto": "b"}],
                    "else": "end",
                },
                {
                    "id": "b",
                    "kind": "branch",
                    "branches": [{"if": "true", "goto": "a"}],
                    "else": "end",
                },
                {"id": "end", "kind": "action", "action": "end_call", "disposition": "x"},
            ],
        }
    )
    result = run_headless(text, {}, {})
    assert result["outcome"] is None
    assert "loops through branches" in result["errors"][0]["message"]
