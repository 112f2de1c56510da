"""Script validation: every problem, with its node id (and line, from YAML)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from scripts_lead_gen.fields import FieldSpec
from scripts_lead_gen.schema import Script
from scripts_lead_gen.validate import (
    Report,
    ScriptInvalid,
    compile_script,
    validate_script,
)

BASE: dict[str, Any] = {
    "id": "mini",
    "title": "Mini",
    "caller_identity": "Test",
    "start": "hello",
    "nodes": [
        {"id": "hello", "kind": "say", "text": "Dzień dobry, {agent.name}", "next": "ask_trucks"},
        {
            "id": "ask_trucks",
            "kind": "ask",
            "field": "fleet_trucks",
            "text": "Ile?",
            "next": "route",
        },
        {
            "id": "route",
            "kind": "branch",
            "branches": [{"if": "fleet_trucks >= 10", "goto": "book"}],
            "else": "bye",
        },
        {"id": "book", "kind": "action", "action": "book_meeting", "next": "bye"},
        {"id": "bye", "kind": "action", "action": "end_call", "disposition": "done"},
    ],
    "objections": [{"id": "busy", "label": "Zajęty", "text": "Rozumiem.", "return": "back"}],
}


def check(mutate: Any = None) -> Report:
    data = copy.deepcopy(BASE)
    if mutate is not None:
        mutate(data)
    return validate_script(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in data["nodes"] if n["id"] == node_id)


def messages(report: Report) -> list[tuple[str | None, str]]:
    return [(p.node, p.message) for p in report.errors]


def has_error(report: Report, node_id: str | None, fragment: str) -> bool:
    return any(p.node == node_id and fragment in p.message for p in report.errors)


def test_the_base_script_is_valid() -> None:
    report = check()
    assert report.ok, messages(report)
    assert report.warnings == []
    assert report.as_dict() == {"ok": True, "errors": [], "warnings": []}


def test_malformed_yaml_gives_line_and_column() -> None:
    report = validate_script("id: x\nnodes:\n  - id: a\n    text: [unclosed\n")
    assert not report.ok
    [problem] = report.errors
    assert problem.node is None
    assert problem.line == 5
    assert "line 5, column 1" in problem.message


def test_not_a_mapping() -> None:
    assert has_error(validate_script("- a\n- b\n"), None, "must be a YAML mapping")


def test_duplicate_yaml_keys_are_reported() -> None:
    text = yaml.safe_dump(BASE, sort_keys=False).replace(
        "title: Mini\n", "title: Mini\ntitle: Two\n"
    )
    report = validate_script(text)
    assert any("duplicate key 'title'" in p.message and p.line == 3 for p in report.errors)


def test_unknown_target_names_node_and_key() -> None:
    report = check(lambda d: node(d, "hello").update(next="nowhere"))
    assert has_error(report, "hello", "next: unknown node 'nowhere'")
    report = check(lambda d: node(d, "route")["branches"][0].update(goto="ghost"))
    assert has_error(report, "route", "goto: unknown node 'ghost'")
    report = check(lambda d: node(d, "route").update({"else": "ghost2"}))
    assert has_error(report, "route", "else: unknown node 'ghost2'")
    report = check(lambda d: d.update(start="ghost3"))
    assert has_error(report, None, "start: unknown node 'ghost3'")
    report = check(lambda d: d["objections"][0].update({"return": "ghost4"}))
    assert has_error(report, None, "return: unknown node 'ghost4'")


def test_unknown_field() -> None:
    report = check(lambda d: node(d, "ask_trucks").update(field="ghost_field"))
    assert has_error(report, "ask_trucks", "unknown field 'ghost_field'")


def test_condition_errors() -> None:
    report = check(lambda d: node(d, "route")["branches"][0].update({"if": 'fleet_trucks == "x"'}))
    assert has_error(report, "route", "cannot compare a number with text")
    report = check(lambda d: node(d, "route")["branches"][0].update({"if": "fleet_trucks >"}))
    assert has_error(report, "route", "condition 1")
    report = check(lambda d: node(d, "route")["branches"][0].update({"if": "ghost > 1"}))
    assert has_error(report, "route", "unknown field 'ghost'")


def test_merge_field_errors() -> None:
    report = check(lambda d: node(d, "hello").update(text="Hej {ghost.name}"))
    assert has_error(report, "hello", "text: unknown merge field {ghost.name}")


def test_action_requirements() -> None:
    report = check(lambda d: node(d, "bye").pop("disposition"))
    assert has_error(report, "bye", "end_call needs a disposition")
    report = check(lambda d: node(d, "bye").update(next="hello"))
    assert has_error(report, "bye", "end_call ends the call")
    report = check(lambda d: node(d, "book").update(action="set_segment"))
    assert has_error(report, "book", "set_segment needs a segment")
    report = check(lambda d: node(d, "book").update(segment="premium"))
    assert has_error(report, "book", "only set_segment takes a segment")


def test_schema_errors_are_located() -> None:
    report = check(lambda d: node(d, "hello").pop("next"))
    assert has_error(report, "hello", "next: missing property")
    report = check(lambda d: node(d, "hello").update(colour="red"))
    assert has_error(report, "hello", "colour: unknown property")
    report = check(lambda d: node(d, "book").update(action="fly"))
    assert has_error(report, "book", "action")
    report = check(lambda d: d.pop("title"))
    assert has_error(report, None, "title: missing property")
    report = check(lambda d: d["nodes"].append({"kind": "say", "text": "x", "next": "bye"}))
    assert any(p.node is None and p.message.startswith("node #6: id") for p in report.errors)


def test_duplicate_node_ids() -> None:
    report = check(lambda d: d["nodes"].append(copy.deepcopy(node(d, "book"))))
    assert has_error(report, "book", "duplicate node id 'book'")


def test_unreachable_nodes_are_warnings() -> None:
    def add_orphan(d: dict[str, Any]) -> None:
        d["nodes"].append({"id": "orphan", "kind": "say", "text": "x", "next": "bye"})

    report = check(add_orphan)
    assert report.ok
    assert [(p.node, p.message) for p in report.warnings] == [
        ("orphan", "unreachable: no path from the start leads here")
    ]


def test_objection_targets_count_as_reachable() -> None:
    def add_target(d: dict[str, Any]) -> None:
        d["nodes"].append(
            {"id": "polite_end", "kind": "action", "action": "end_call", "disposition": "refused"}
        )
        d["objections"][0]["return"] = "polite_end"

    report = check(add_target)
    assert report.ok
    assert report.warnings == []


def test_loop_with_no_exit() -> None:
    def loop(d: dict[str, Any]) -> None:
        node(d, "route")["else"] = "again"
        d["nodes"].append({"id": "again", "kind": "say", "text": "x", "next": "again2"})
        d["nodes"].append({"id": "again2", "kind": "say", "text": "y", "next": "again"})

    report = check(loop)
    assert has_error(report, "again", "loop with no exit: again → again2")
    # The route node still has an exit (book → bye); it must not be blamed.
    assert not any(p.node == "route" for p in report.errors)


def test_loop_with_an_exit_is_fine() -> None:
    def loop(d: dict[str, Any]) -> None:
        node(d, "book")["next"] = "hello"  # back to the start; the branch else exits

    report = check(loop)
    assert report.ok, messages(report)


def test_no_end_and_no_path_to_an_end() -> None:
    def endless(d: dict[str, Any]) -> None:
        d["nodes"] = [
            {"id": "hello", "kind": "say", "text": "a", "next": "lead_in"},
            {"id": "lead_in", "kind": "say", "text": "b", "next": "spin"},
            {"id": "spin", "kind": "say", "text": "c", "next": "spin"},
        ]
        d["objections"] = []

    report = check(endless)
    assert has_error(report, None, "the script has no end")
    assert has_error(report, "spin", "loop with no exit: spin")
    assert has_error(report, "hello", "no path from here to an end")
    assert has_error(report, "lead_in", "no path from here to an end")


def test_all_problems_are_listed_at_once() -> None:
    def many(d: dict[str, Any]) -> None:
        node(d, "hello")["next"] = "nowhere"
        node(d, "ask_trucks")["field"] = "ghost"
        node(d, "route")["branches"][0]["if"] = "fleet_trucks == 'x'"
        node(d, "bye").pop("disposition")

    report = check(many)
    assert {p.node for p in report.errors} >= {"hello", "ask_trucks", "route", "bye"}
    assert len(report.errors) >= 4


def test_line_numbers_point_into_the_file() -> None:
    text = (
        "id: t\ntitle: T\ncaller_identity: X\nstart: a\nnodes:\n"
        "  - id: a\n    kind: say\n    text: hi\n    next: b\n"
        "  - id: b\n    kind: ask\n    field: ghost\n    text: q\n    next: c\n"
        "  - id: c\n    kind: action\n    action: end_call\n    disposition: ok\n"
    )
    report = validate_script(text)
    [problem] = report.errors
    assert (problem.node, problem.line) == ("b", 12)


def test_validation_against_a_custom_catalogue() -> None:
    only = [FieldSpec(key="fleet_trucks", group="fleet", type="int", label_pl="C", label_en="T")]
    assert check().ok
    report = validate_script(yaml.safe_dump(BASE, allow_unicode=True), only)
    assert report.ok
    narrower = [FieldSpec(key="x", group="fleet", type="int", label_pl="X", label_en="X")]
    report = validate_script(yaml.safe_dump(BASE, allow_unicode=True), narrower)
    assert has_error(report, "ask_trucks", "unknown field 'fleet_trucks'")


def test_script_objects_validate_too() -> None:
    script = Script.model_validate(BASE)
    assert validate_script(script).ok
    bad = copy.deepcopy(BASE)
    node(bad, "hello")["next"] = "nowhere"
    assert has_error(validate_script(Script.model_validate(bad)), "hello", "unknown node")


def test_compile_refuses_an_invalid_script() -> None:
    data = copy.deepcopy(BASE)
    node(data, "hello")["next"] = "nowhere"
    with pytest.raises(ScriptInvalid) as info:
        compile_script(yaml.safe_dump(data))
    assert "nowhere" in str(info.value)
    assert info.value.report.errors


def test_version_is_a_content_hash() -> None:
    text = yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False)
    v1 = compile_script(text).version
    assert len(v1) == 12
    assert int(v1, 16) >= 0
    # Formatting and comments do not change the version; content does.
    assert compile_script("# comment\n" + yaml.safe_dump(BASE, sort_keys=True)).version == v1
    changed = copy.deepcopy(BASE)
    node(changed, "hello")["text"] = "Dzień dobry!"
    assert compile_script(yaml.safe_dump(changed)).version != v1
    explicit_default = copy.deepcopy(BASE)
    explicit_default["language"] = "pl"
    assert compile_script(yaml.safe_dump(explicit_default)).version == v1


def test_500_node_script_validates_quickly() -> None:

    from bench.script_engine import generate_script

    text = generate_script(500)
    report = validate_script(text)  # warm-up, and the script must be valid
    assert report.ok, messages(report)[:3]
    best = min(_timed(validate_script, text) for _ in range(3))
    assert best < 1.0  # generous: the bench measures the 100 ms goal; this catches blow-ups


def _timed(fn: Any, *args: Any) -> float:
    import time

    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0
