"""`prospector report kpi` (and `prospector review`) as a script would use them."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    from app.config import resolve_profile
    from app.services.demo import build_demo

    folder = tmp_path_factory.mktemp("cli-report") / "ws"
    build_demo(resolve_profile(folder), companies=400, seed=11)
    return str(folder)


def raw(workspace: str, sql: str) -> Any:
    con = sqlite3.connect(Path(workspace) / "prospector.sqlite3")
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_json_contract(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--by", "campaign", "--json")
    assert code == 0
    assert set(out) >= {"period", "rows", "funnel", "empty", "total"}
    assert out["period"] == {"from": None, "to": None}
    assert out["empty"] is False
    row = out["rows"][0]
    for key in ("group", "dials", "contacts", "meetings", "meeting_acceptance_rate",
                "refusal_rate", "data_error_rate", "meetings_held_rate"):
        assert key in row
    # The figures agree with the data: every attempt is a dial, every meeting that is a
    # booking counts.
    assert out["total"]["dials"] == raw(workspace, "SELECT count(*) FROM call_attempts")
    assert sum(r["dials"] for r in out["rows"]) == out["total"]["dials"]
    assert out["total"]["meetings"] == raw(
        workspace, "SELECT count(*) FROM meetings WHERE status NOT IN ('conflict','rescheduled')")
    assert list(out["funnel"]) == ["in_queue", "dialled", "reached", "qualified",
                                   "meeting_booked", "meeting_held"]


def test_filters_and_period(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--campaign", "kwalifikacja",
                    "--agent", "agent1", "--from", "2020-01-01", "--to", "2099-12-31", "--json")
    assert code == 0
    expected = raw(workspace, "SELECT count(*) FROM call_attempts a JOIN users u ON "
                   "u.id = a.agent_id JOIN campaigns c ON c.id = a.campaign_id "
                   "WHERE u.username = 'agent1' AND c.key = 'kwalifikacja'")
    assert out["total"]["dials"] == expected
    assert out["period"]["from"] == "2020-01-01T00:00:00+01:00"
    assert out["period"]["to"] == "2100-01-01T00:00:00+01:00"
    assert out["campaign"] == "kwalifikacja"


def test_empty_period_says_so(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--from", "2001-01-01",
                    "--to", "2001-01-31", "--by", "agent", "--json")
    assert code == 0
    assert out["empty"] is True
    assert out["message"]
    assert out["rows"] == []
    assert out["total"]["meeting_acceptance_rate"] is None
    assert out["total"]["dials"] == 0


def test_csv_to_stdout(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "kpi", "--profile", workspace, "--by", "variant",
                 "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[-1]["level"] == "total"
    assert {r["group"] for r in rows[:-1]} == {"marka", "badanie", ""}
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--by", "variant",
                    "--json")
    assert code == 0
    assert [int(r["dials"]) for r in rows[:-1]] == [r["dials"] for r in out["rows"]]


def test_files(workspace: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "kpi.xlsx"
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--by", "day",
                    "--out", str(target), "--json")
    assert code == 0
    assert out["format"] == "xlsx"
    sheet = load_workbook(target)["KPI"]
    assert sheet["C1"].value == "Połączenia"
    assert sheet["C1"].font.b
    assert sheet.freeze_panes == "C2"
    assert sheet.cell(sheet.max_row, 2).value == "Razem"
    assert sheet.cell(sheet.max_row, 3).value == out["total"]["dials"]
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--out",
                    str(tmp_path / "kpi.json"), "--json")
    assert code == 0
    assert json.loads((tmp_path / "kpi.json").read_text("utf-8"))["total"] == out["total"]
    code, out = run(capsys, "report", "kpi", "--profile", workspace, "--format", "csv",
                    "--out", str(tmp_path / "kpi.txt"), "--json")
    assert code == 0
    assert (tmp_path / "kpi.txt").read_text("utf-8").startswith("level,group,label,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "needs --out"),
        (["--out", "{tmp}/missing/kpi.csv"], "does not exist"),
        (["--out", "{tmp}"], "is a folder"),
        (["--out", "{tmp}/kpi.pdf"], "dashboard"),
        (["--from", "31.03.2026"], "is not a date"),
        (["--from", "2026-03-02", "--to", "2026-03-01"], "ends before it starts"),
        (["--campaign", "nope"], "Unknown campaign"),
        (["--agent", "nobody"], "Unknown user"),
    ],
)
def test_bad_input(workspace: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   args: list[str], message: str) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out = run(capsys, "report", "kpi", "--profile", workspace, *argv, "--json")
    assert code == 1
    assert message in out["error"]


def test_text_output(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "kpi", "--profile", workspace, "--by", "agent"]) == 0
    text = capsys.readouterr().out
    assert "Anna Nowak" in text
    assert "Funnel (companies)" in text


def test_review_commands(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    attempt = raw(workspace, "SELECT id FROM call_attempts WHERE disposition_code = 'qualified' "
                  "ORDER BY id LIMIT 1")
    code, shown = run(capsys, "review", "show", attempt, "--profile", workspace, "--json")
    assert code == 0
    keys = [c["key"] for c in shown["scorecard"]["criteria"]]
    scores = [f"--score={k}=4" for k in keys]
    code, out = run(capsys, "review", "score", attempt, "--by", "supervisor", *scores,
                    "--comment", "OK", "--profile", workspace, "--json")
    assert code == 0
    assert out["total"] == 80.0
    agent = shown["attempt"]["agent"]
    code, out = run(capsys, "review", "list", "--agent", agent, "--profile", workspace, "--json")
    assert code == 0
    assert out["unseen"] == 1
    assert out["reviews"][0]["comment"] == "OK"
