"""`prospector report kpi`: the KPI report as JSON, CSV or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands._report_scripts import add_script_reports
from app.errors import UserError
from app.services import metrics, reports
from app.services.workspace import open_workspace


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", help="KPI reports")
    psub = p.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    add_script_reports(psub, parent)  # report variants | script-paths
    kpi = psub.add_parser(
        "kpi",
        parents=[parent],
        help="calls, contacts, meetings and the case study's rates, grouped",
        description="The KPI report: dials, contacts, meetings, the meeting acceptance, "
        "refusal, wrong-data and meetings-held rates, agent time and the funnel. Dates "
        "are ISO (Europe/Warsaw unless an offset is given); --to includes that whole day.",
    )
    kpi.add_argument("--campaign", metavar="KEY", help="one campaign (default: all)")
    kpi.add_argument("--agent", metavar="USER", help="one agent's calls and meetings")
    kpi.add_argument("--from", dest="from_", metavar="D", help="first day or time")
    kpi.add_argument("--to", metavar="D", help="last day (included) or end time")
    kpi.add_argument("--by", choices=[g.value for g in metrics.GroupBy],
                     help="one row per agent, campaign, variant, segment, day or hour")
    kpi.add_argument("--format", choices=[*reports.FORMATS, "pdf"],
                     help="json, csv or xlsx (default: from --out's extension, else json)")
    kpi.add_argument("--out", metavar="FILE", help="write to FILE (xlsx needs it)")
    kpi.add_argument("--lang", choices=("pl", "en"), default="pl",
                     help="language of the XLSX headers and of group labels (pl)")
    kpi.set_defaults(handler=cmd_kpi)


def cmd_kpi(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.out) if args.out else None
    fmt = reports.format_for(args.format, out)
    if fmt == "xlsx" and out is None:
        raise UserError("An XLSX report needs --out FILE.xlsx.")
    scope = metrics.Scope(
        campaign=args.campaign,
        agent=args.agent,
        period=metrics.parse_period(args.from_, args.to),
        group_by=metrics.GroupBy(args.by) if args.by else None,
    )
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            report = metrics.kpi_report(session, scope, language=args.lang)
    finally:
        db.dispose()
    result = report.as_dict()
    if out is not None:
        reports.write(report, fmt, out, args.lang)
        result["out"] = str(out)
        result["format"] = fmt
        if not args.json:
            rows = len(report.rows)
            result["text"] = f"Wrote {out} ({fmt}, {rows} row{'s' if rows != 1 else ''})."
            if report.message:
                result["text"] += f"\n{report.message}"
    elif fmt == "csv":
        if args.json:
            result["format"] = "csv"
            result["csv"] = reports.csv_text(report)
        else:
            result["text"] = reports.csv_text(report).rstrip("\n")
    elif not args.json and args.format is None:
        result["text"] = reports.text_table(report)
    return result
