"""`prospector script list | check | run` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import app.cli


def test_script_command_is_registered() -> None:
    assert "app.commands.scripts" in app.cli.command_modules()


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = app.cli.main(list(argv))
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out  # exactly one JSON object
    return code, json.loads(lines[0])


def test_script_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_cli(capsys, "script", "list", "--json")
    assert code == 0
    ids = [s["id"] for s in data["scripts"]]
    assert ids == [
        "lead_qualification",
        "lead_qualification_research",
        "foot_in_the_door",
        "customer_development",
    ]
    for entry in data["scripts"]:
        assert {"id", "title", "file", "version", "language"} <= set(entry)


def test_script_check_ok_and_not_ok(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, data = run_cli(capsys, "script", "check", "foot_in_the_door", "--json")
    assert (code, data) == (0, {"ok": True, "errors": [], "warnings": []})

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\ntitle: Bad\ncaller_identity: X\nstart: a\nnodes:\n"
        "  - {id: a, kind: say, text: hi, next: ghost}\n"
        "  - {id: b, kind: action, action: end_call, disposition: x}\n",
        encoding="utf-8",
    )
    code, data = run_cli(capsys, "script", "check", str(bad), "--json")
    assert code == 0  # the verdict is in the JSON
    assert data["ok"] is False
    assert {"node": "a", "message": "next: unknown node 'ghost'", "line": 6} in data["errors"]
    assert data["warnings"][0]["node"] == "b"

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    code, data = run_cli(capsys, "script", "check", str(broken), "--json")
    assert code == 0
    assert data["errors"][0]["node"] is None
    assert "line 2" in data["errors"][0]["message"]


def test_script_check_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, data = run_cli(capsys, "script", "check", str(tmp_path / "nope.yaml"), "--json")
    assert code == 1
    assert "no such file" in data["error"]


def test_script_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "decision_maker_confirmed": "tak",
                "wants_rep_visit": "tak",
                "meeting_slot_choice": "slot_1",
                "decision_maker_name": "Jan Kowalski",
                "decision_maker_phone": "601234567",
                "meeting_address": "ul. Długa 5, Poznań",
                "_objections": {"q_meeting": ["too_expensive"]},
            }
        ),
        encoding="utf-8",
    )
    context = tmp_path / "context.json"
    context.write_text(
        json.dumps({"slots": ["2025-05-13T10:00"], "fields": {"fleet_trucks": 30}}),
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parents[2]
    script = root / "scripts_lead_gen" / "bundled" / "foot_in_the_door.yaml"
    code, data = run_cli(
        capsys,
        "script",
        "run",
        str(script),
        "--answers",
        str(answers),
        "--context",
        str(context),
        "--json",
    )
    assert code == 0
    assert data["outcome"] == "meeting_booked"
    assert data["errors"] == []
    assert data["path"][0] == "intro"
    assert data["captured"]["decision_maker_phone"] == "+48601234567"
    booking = next(a for a in data["actions"] if a["action"] == "book_meeting")
    assert booking["params"]["slot"] == "2025-05-13T10:00"


def test_script_run_structured_answers_and_field_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "answers": {"consent_to_interview": "tak", "satisfaction_score": "jedenaście"},
                "context": {"agent": {"name": "Ola"}},
            }
        ),
        encoding="utf-8",
    )
    code, data = run_cli(
        capsys, "script", "run", "customer_development", "--answers", str(answers), "--json"
    )
    assert code == 0
    assert data["outcome"] is None
    assert data["errors"][0]["field"] == "satisfaction_score"
    assert data["errors"][0]["code"] == "not_int"


def test_script_run_user_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text("{not json", encoding="utf-8")
    code, data = run_cli(
        capsys, "script", "run", "customer_development", "--answers", str(answers), "--json"
    )
    assert code == 1
    assert "malformed JSON at line 1" in data["error"]

    answers.write_text("{}", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    code, data = run_cli(capsys, "script", "run", str(bad), "--answers", str(answers), "--json")
    assert code == 1
    assert "the script has errors" in data["error"]


def test_script_run_company_needs_the_context_service(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"consent_to_interview": "nie"}), encoding="utf-8")
    try:
        import app.services.script_context  # noqa: F401
    except ImportError:
        code, data = run_cli(
            capsys,
            "script",
            "run",
            "lead_qualification",
            "--answers",
            str(answers),
            "--company",
            "42",
            "--json",
        )
        assert code == 1
        assert data == {"error": "--company is not available yet"}
        return
    calls: list[tuple[str | None, str]] = []

    def fake_context(profile: str | None, company_id: str) -> dict[str, Any]:
        calls.append((profile, company_id))
        return {"company": {"name": "Firma"}}

    monkeypatch.setattr("app.services.script_context.company_context", fake_context)
    code, data = run_cli(
        capsys,
        "script",
        "run",
        "lead_qualification",
        "--answers",
        str(answers),
        "--company",
        "42",
        "--json",
    )
    assert code == 0
    assert calls == [(None, "42")]
    assert data["outcome"] == "refused"
