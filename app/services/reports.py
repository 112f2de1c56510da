"""A KPI report written as JSON, CSV, XLSX (openpyxl) or a plain-text table.

The figures and their labels come from :mod:`app.services.metrics`; nothing is
computed here. There is no PDF writer in the service layer: a PDF with the charts is
rendered with Qt (``QTextDocument`` / ``QPdfWriter``) by the dashboard, and services
never import Qt.

Files are written to a temporary file beside the target and moved into place, so a
failed export never leaves half a file; a path that cannot be written is a
:class:`~app.errors.UserError` naming it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from app.errors import UserError
from app.services.metrics import (
    FIGURES,
    TZ,
    Figure,
    GroupBy,
    KpiReport,
    KpiRow,
    Value,
)
from models import PauseReason

FORMATS = ("json", "csv", "xlsx")
EXTENSIONS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}
PDF_MESSAGE = (
    "PDF reports (with the charts) are exported from the supervisor dashboard in the "
    "desktop app; the command line writes json, csv or xlsx."
)

_WORDS = {
    "pl": {"group": "Grupa", "team": "Zespół", "total": "Razem", "stage": "Etap",
           "companies": "Firmy", "share": "% poprzedniego", "key": "Klucz",
           "figure": "Wskaźnik", "definition": "Definicja", "kpi": "KPI", "funnel": "Lejek",
           "definitions": "Definicje", "info": "Raport", "from": "Od", "to": "Do (wyłącznie)",
           "timezone": "Strefa czasowa", "campaign": "Kampania", "agent": "Konsultant",
           "by": "Grupowanie", "generated": "Wygenerowano", "all": "wszystkie",
           "whole": "cała historia", "none": "brak"},
    "en": {"group": "Group", "team": "Team", "total": "Total", "stage": "Stage",
           "companies": "Companies", "share": "% of previous", "key": "Key",
           "figure": "Figure", "definition": "Definition", "kpi": "KPI", "funnel": "Funnel",
           "definitions": "Definitions", "info": "Report", "from": "From",
           "to": "To (exclusive)", "timezone": "Time zone", "campaign": "Campaign",
           "agent": "Agent", "by": "Grouped by", "generated": "Generated", "all": "all",
           "whole": "whole history", "none": "none"},
}


def words(language: str) -> dict[str, str]:
    return _WORDS["pl" if language == "pl" else "en"]


def format_for(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one ``--out``'s extension names, else json."""
    if fmt:
        chosen = fmt.lower()
    elif out is not None and out.suffix.lower() in EXTENSIONS:
        chosen = EXTENSIONS[out.suffix.lower()]
    else:
        chosen = "json"
    if chosen == "pdf":
        raise UserError(PDF_MESSAGE)
    if chosen not in FORMATS:
        raise UserError(f"Unknown report format {chosen!r}: use json, csv or xlsx.")
    return chosen


# ---- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header_pl: str
    header_en: str
    kind: str  # text | count | rate | seconds | per_hour | group
    get: Callable[[KpiRow], Any]

    def header(self, language: str) -> str:
        return self.header_pl if language == "pl" else self.header_en


def _figure_column(f: Figure) -> Column:
    def get(row: KpiRow) -> Value:
        return row.values.get(f.key)

    return Column(f.key, f.label_pl, f.label_en, f.kind, get)


def _pause_column(reason: str) -> Column:
    def get(row: KpiRow) -> int | None:
        if row.values.get("pause_seconds") is None:
            return None
        return row.pause_by_reason.get(reason, 0)

    return Column(f"pause_{reason}_seconds", f"Przerwa: {reason}", f"Pause: {reason}",
                  "seconds", get)


def pause_reasons(report: KpiReport) -> list[str]:
    """Every pause reason in the report: the standard ones first, then any other."""
    seen = {k for r in (*report.rows, report.total) for k in r.pause_by_reason}
    standard = [p.value for p in PauseReason]
    return standard + sorted(seen - set(standard))


def columns(report: KpiReport) -> list[Column]:
    """The report's columns in order: the group, its label (and team), every figure,
    then the pause time per reason."""
    cols = [
        Column("group", "Klucz", "Key", "group", lambda r: r.group),
        Column("label", "Grupa", "Group", "text", lambda r: r.label),
    ]
    if report.scope.group_by is GroupBy.AGENT:
        cols.append(Column("team", "Zespół", "Team", "text", lambda r: r.team))
    cols += [_figure_column(f) for f in FIGURES]
    cols += [_pause_column(reason) for reason in pause_reasons(report)]
    return cols


# ---- writing files safely ------------------------------------------------------------------------


@contextlib.contextmanager
def _atomic(path: Path, mode: str) -> Iterator[IO[Any]]:
    """A file at ``path`` that appears only when written whole."""
    target = path.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"Cannot write the report to {target}: it is a folder. Give a file name.")
    if not folder.is_dir():
        raise UserError(f"Cannot write the report to {target}: the folder {folder} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError(
            f"Cannot write the report to {target}: {exc.strerror or exc}. "
            "Choose a folder you can write to."
        ) from exc
    try:
        handle = (os.fdopen(fd, mode) if "b" in mode
                  else os.fdopen(fd, mode, encoding="utf-8", newline=""))
        with handle:
            yield handle
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"Cannot write the report to {target}: {exc.strerror or exc}.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(report: KpiReport, fmt: str, path: Path, language: str = "pl") -> Path:
    """Write the report to ``path`` in ``fmt`` (json, csv, xlsx)."""
    if fmt == "xlsx":
        book = xlsx_workbook(report, language)
        with _atomic(path, "wb") as handle:
            book.save(handle)
    else:
        with _atomic(path, "w") as handle:
            if fmt == "csv":
                write_csv(report, handle)
            else:
                json.dump(report.as_dict(), handle, ensure_ascii=False, indent=1)
                handle.write("\n")
    return path


# ---- CSV -----------------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1 else f"{value:.4f}".rstrip("0").rstrip(".")
    return value


def write_csv(report: KpiReport, out: IO[str]) -> None:
    """One header row of figure keys, a row per group, then the total (``level`` tells
    them apart). Rates are fractions (0.9 = 90 %), times are seconds."""
    cols = columns(report)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["level", *[c.key for c in cols]])
    rows = [] if report.scope.group_by is None else report.rows
    for row in rows:
        writer.writerow(["group", *[_csv_value(c.get(row)) for c in cols]])
    writer.writerow(["total", *[_csv_value(c.get(report.total)) for c in cols]])


def csv_text(report: KpiReport) -> str:
    buf = io.StringIO()
    write_csv(report, buf)
    return buf.getvalue()


# ---- XLSX ----------------------------------------------------------------------------------------

_FORMATS = {"rate": "0.0%", "seconds": "[h]:mm:ss", "per_hour": "0.00", "count": "#,##0"}


def _xlsx_group(report: KpiReport, key: str | None) -> Any:
    """A day or hour group as a real date/time cell, anything else as text."""
    if key is None:
        return None
    if report.scope.group_by is GroupBy.DAY:
        return dt.date.fromisoformat(key)
    if report.scope.group_by is GroupBy.HOUR:
        return dt.datetime.strptime(key, "%Y-%m-%d %H")
    return key


def xlsx_workbook(report: KpiReport, language: str = "pl") -> Any:
    """The report as an openpyxl workbook: the figures (typed cells: counts as numbers,
    rates as percentages, times as durations; bold frozen header with a filter; the
    total in bold), the funnel, the definitions and the report's scope."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    w = words(language)
    book = Workbook()
    sheet = book.active
    sheet.title = w["kpi"]
    cols = columns(report)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    sheet.append([c.header(language) for c in cols])
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    body = [] if report.scope.group_by is None else report.rows
    for row in [*body, report.total]:
        values = []
        for c in cols:
            value: Value | str = c.get(row)
            if c.key == "group":
                value = _xlsx_group(report, row.group)
            elif c.kind == "seconds" and value is not None:
                value = float(value) / 86400.0
            values.append(value)
        sheet.append(values)
        line = sheet.max_row
        for i, c in enumerate(cols, start=1):
            cell = sheet.cell(line, i)
            if c.kind in _FORMATS:
                cell.number_format = _FORMATS[c.kind]
            elif c.key == "group" and report.scope.group_by is GroupBy.DAY:
                cell.number_format = "yyyy-mm-dd"
            elif c.key == "group" and report.scope.group_by is GroupBy.HOUR:
                cell.number_format = "yyyy-mm-dd hh:mm"
            if row is report.total:
                cell.font = bold
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(sheet.max_row - 1, 1)}"
    sheet.row_dimensions[1].height = 45
    for i, c in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 28 if c.key == "label" else 14

    funnel = book.create_sheet(w["funnel"])
    funnel.append([w["stage"], w["companies"], w["share"]])
    for cell in funnel[1]:
        cell.font = bold
        cell.fill = head_fill
    for stage in report.funnel:
        funnel.append([stage.label(language), stage.companies, stage.share_of_previous])
        funnel.cell(funnel.max_row, 2).number_format = "#,##0"
        funnel.cell(funnel.max_row, 3).number_format = "0.0%"
    funnel.freeze_panes = "A2"
    funnel.column_dimensions["A"].width = 24
    funnel.column_dimensions["C"].width = 16

    defs = book.create_sheet(w["definitions"])
    defs.append([w["key"], w["figure"], w["definition"]])
    for cell in defs[1]:
        cell.font = bold
        cell.fill = head_fill
    for f in FIGURES:
        defs.append([f.key, f.label(language), f.definition(language)])
    defs.freeze_panes = "A2"
    defs.column_dimensions["A"].width = 28
    defs.column_dimensions["B"].width = 36
    defs.column_dimensions["C"].width = 100

    info = book.create_sheet(w["info"])
    scope = report.scope
    period = scope.period
    rows: list[tuple[str, Any]] = [
        (w["from"], period.start.astimezone(TZ).replace(tzinfo=None) if period.start
         else w["whole"]),
        (w["to"], period.end.astimezone(TZ).replace(tzinfo=None) if period.end else w["whole"]),
        (w["timezone"], "Europe/Warsaw"),
        (w["campaign"], scope.campaign or w["all"]),
        (w["agent"], scope.agent or w["all"]),
        (w["by"], scope.group_by.value if scope.group_by else w["none"]),
        (w["generated"], report.generated_at.astimezone(TZ).replace(tzinfo=None,
                                                                   microsecond=0)),
    ]
    if report.message:
        rows.append(("", report.message))
    for label, value in rows:
        info.append([label, value])
        info.cell(info.max_row, 1).font = bold
        if isinstance(value, dt.datetime):
            info.cell(info.max_row, 2).number_format = "yyyy-mm-dd hh:mm"
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 40
    return book


# ---- plain text ----------------------------------------------------------------------------------

_TEXT_COLUMNS = (
    ("dials", "Dials"), ("contacts", "Contacts"), ("meetings", "Meetings"),
    ("meeting_acceptance_rate", "Accept"), ("refusal_rate", "Refuse"),
    ("data_error_rate", "Bad data"), ("meetings_held_rate", "Held"),
    ("utilisation", "Util."), ("calls_per_hour", "Calls/h"),
)


def _text_value(key: str, value: Value) -> str:
    if value is None:
        return "—"
    kind = next(f.kind for f in FIGURES if f.key == key)
    if kind == "rate":
        return f"{float(value) * 100:.1f}%"
    if kind == "per_hour":
        return f"{float(value):.1f}"
    return f"{int(value):,}".replace(",", " ")


def text_table(report: KpiReport) -> str:
    """The main figures as a table for a terminal, with the total and the funnel."""
    period = report.scope.period.as_dict()
    lines = [f"KPI {period['from'] or '…'} – {period['to'] or '…'} (Europe/Warsaw)"]
    if report.message:
        lines.append(report.message)
    names = [r.label for r in report.rows] + [report.total.label]
    width = max(12, *(len(n) for n in names))
    lines.append(f"{'':<{width}}" + "".join(f"{h:>10}" for _, h in _TEXT_COLUMNS))
    body = [] if report.scope.group_by is None else report.rows
    for row in [*body, report.total]:
        cells = "".join(f"{_text_value(k, row.values.get(k)):>10}" for k, _ in _TEXT_COLUMNS)
        lines.append(f"{row.label[:width]:<{width}}{cells}")
    funnel = " → ".join(
        f"{s.label('en')} {s.companies if s.companies is not None else '—'}"
        for s in report.funnel
    )
    lines.append(f"Funnel (companies): {funnel}")
    return "\n".join(lines)
