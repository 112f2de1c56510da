"""Writing a KPI report: CSV, XLSX (typed cells), JSON, the text table; bad paths."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.errors import UserError
from app.services import metrics, reports
from app.services.metrics import FIGURES, GroupBy, KpiReport, KpiRow, Period, Scope


def values(**given: Any) -> dict[str, metrics.Value]:
    out: dict[str, metrics.Value] = {f.key: (0 if f.kind in ("count", "seconds") else None)
                                     for f in FIGURES}
    out.update(given)
    return out


@pytest.fixture
def report() -> KpiReport:
    scope = Scope(campaign="fitd", period=Period.days(dt.date(2026, 3, 1), dt.date(2026, 3, 2)),
                  group_by=GroupBy.DAY)
    rows = [
        KpiRow("2026-03-01", "2026-03-01",
               values(dials=10, contacts=4, meeting_acceptance_rate=0.5, talk_seconds=3725,
                      pause_seconds=600, utilisation=0.25), {"break": 600}),
        KpiRow("2026-03-02", "2026-03-02", values(dials=5, meeting_acceptance_rate=None)),
    ]
    total = KpiRow(None, "Razem", values(dials=15, contacts=4, meeting_acceptance_rate=0.5,
                                         talk_seconds=3725, pause_seconds=600),
                   {"break": 600, "smoke": 60})
    funnel = [metrics.FunnelStage(s.key, s.label_pl, s.label_en, s.figure, 10 - i,
                                  None if i == 0 else (10 - i) / (11 - i))
              for i, s in enumerate(metrics.FUNNEL)]
    return KpiReport(scope, rows, total, funnel, False,
                     dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC))


def test_csv(report: KpiReport) -> None:
    rows = list(csv.DictReader(io.StringIO(reports.csv_text(report))))
    assert [r["level"] for r in rows] == ["group", "group", "total"]
    first = rows[0]
    assert first["group"] == "2026-03-01"
    assert first["dials"] == "10"
    assert first["meeting_acceptance_rate"] == "0.5"
    assert first["talk_seconds"] == "3725"
    assert first["pause_break_seconds"] == "600"
    assert rows[1]["meeting_acceptance_rate"] == ""  # None: no denominator
    assert rows[2]["pause_smoke_seconds"] == "60"  # a non-standard reason gets a column
    columns = list(rows[0])
    assert columns.index("pause_break_seconds") < columns.index("pause_smoke_seconds")


def test_xlsx_cells_are_typed(report: KpiReport, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = reports.write(report, "xlsx", tmp_path / "r.xlsx", "en")
    book = load_workbook(path)
    assert book.sheetnames == ["KPI", "Funnel", "Definitions", "Report"]
    sheet = book["KPI"]
    header = [c.value for c in sheet[1]]
    col = {key: header.index(metrics.FIGURE_BY_KEY[key].label_en) + 1
           for key in ("dials", "meeting_acceptance_rate", "talk_seconds")}
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert sheet.cell(2, 1).value == dt.datetime(2026, 3, 1)  # a real date
    assert sheet.cell(2, 1).number_format == "yyyy-mm-dd"
    assert sheet.cell(2, col["dials"]).value == 10
    rate = sheet.cell(2, col["meeting_acceptance_rate"])
    assert (rate.value, rate.number_format) == (0.5, "0.0%")
    talk = sheet.cell(2, col["talk_seconds"])
    assert talk.number_format == "[h]:mm:ss"
    assert talk.value == dt.timedelta(seconds=3725)  # a duration Excel can add up
    assert sheet.cell(3, col["meeting_acceptance_rate"]).value is None
    assert sheet.cell(4, 2).value == "Razem"
    assert sheet.cell(4, 2).font.b
    funnel = list(book["Funnel"].iter_rows(values_only=True))
    assert funnel[1] == ("In queue", 10, None)
    defs = {r[0]: r[2] for r in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert defs["meeting_acceptance_rate"] == metrics.FIGURE_BY_KEY[
        "meeting_acceptance_rate"].definition_en
    info = dict(book["Report"].iter_rows(values_only=True))
    assert info["Campaign"] == "fitd"
    assert info["From"] == dt.datetime(2026, 3, 1)


def test_json_file(report: KpiReport, tmp_path: Path) -> None:
    path = reports.write(report, "json", tmp_path / "r.json")
    data = json.loads(path.read_text("utf-8"))
    assert data == json.loads(json.dumps(report.as_dict()))
    assert data["rows"][0]["dials"] == 10


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [(None, None, "json"), (None, "a.CSV", "csv"), (None, "a.xlsx", "xlsx"),
     ("csv", "a.xlsx", "csv"), (None, "a.dat", "json")],
)
def test_format_for(fmt: str | None, name: str | None, expected: str) -> None:
    assert reports.format_for(fmt, Path(name) if name else None) == expected


def test_pdf_is_the_dashboards(report: KpiReport) -> None:
    with pytest.raises(UserError, match="dashboard"):
        reports.format_for("pdf", None)
    with pytest.raises(UserError, match="dashboard"):
        reports.format_for(None, Path("r.pdf"))


def test_unwritable_paths_are_named(report: KpiReport, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for bad, message in ((tmp_path / "no" / "r.csv", "does not exist"),
                         (tmp_path, "is a folder"),
                         (blocker / "r.csv", "does not exist")):
        with pytest.raises(UserError, match=message) as err:
            reports.write(report, "csv", bad)
        assert str(bad) in err.value.message


def test_a_failed_write_leaves_no_file(report: KpiReport, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.csv"

    def boom(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports, "write_csv", boom)
    with pytest.raises(UserError, match="No space left"):
        reports.write(report, "csv", target)
    assert list(tmp_path.iterdir()) == []


def test_text_table(report: KpiReport) -> None:
    text = reports.text_table(report)
    assert "2026-03-01" in text
    assert "50.0%" in text
    assert "Funnel (companies): In queue 10" in text
