"""`prospector report variants` and `prospector report script-paths`.

Not a command module of its own (the leading underscore keeps the CLI's discovery away):
:func:`add_script_reports` adds both reports to the ``report`` command's subparsers.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.services import script_reports
from app.services.workspace import open_workspace


def add_script_reports(report_sub: Any, parent: argparse.ArgumentParser) -> None:
    """Register ``variants`` and ``script-paths`` on ``report``'s subparsers."""
    variants = report_sub.add_parser(
        "variants",
        parents=[parent],
        help="compare a campaign's script variants: contact, qualification and meeting rates",
        description="Contact, qualification and meeting rates per script variant (per "
        "company dialled), with 95%% Wilson intervals and a significance test.",
    )
    variants.add_argument("--campaign", required=True, metavar="KEY", help="campaign key")
    variants.set_defaults(handler=cmd_variants)

    paths = report_sub.add_parser(
        "script-paths",
        parents=[parent],
        help="per script node: calls reached, answered, dropped there, and their outcomes",
    )
    paths.add_argument("--campaign", required=True, metavar="KEY", help="campaign key")
    paths.set_defaults(handler=cmd_script_paths)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def cmd_variants(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            report = script_reports.variant_report(session, args.campaign)
    finally:
        db.dispose()
    if not args.json:
        report["text"] = variants_text(report)
    return report


def variants_text(report: dict[str, Any]) -> str:
    lines = [f"Campaign {report['campaign']}: script variants (unit: companies dialled)"]
    header = f"{'variant':<16}{'companies':>10}{'calls':>8}"
    for metric in script_reports.METRICS:
        header += f"  {metric:<26}"
    lines.append(header.rstrip())
    for v in report["variants"]:
        line = f"{v['variant'] or '(none)':<16}{v['companies']:>10}{v['calls']:>8}"
        for metric in script_reports.METRICS:
            r = v[metric]
            ci = r["ci95"]
            span = f"[{_pct(ci[0])}–{_pct(ci[1])}]" if ci else ""
            cell = f"{_pct(r['rate'])} {span}"
            line += f"  {cell:<26}"
        lines.append(line.rstrip())
    for metric, test in report["tests"].items():
        if test["p_value"] is None:
            lines.append(f"{metric}: no test ({test.get('note', '')})")
            continue
        verdict = "significant" if test["significant"] else "not significant"
        text = f"{metric}: {test['method']}, p = {test['p_value']:.4f} ({verdict} at 5%)"
        if test.get("note"):
            text += f"; {test['note']}"
        lines.append(text)
    return "\n".join(lines)


def cmd_script_paths(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    try:
        with db.read() as session:
            report = script_reports.script_path_report(session, args.campaign)
    finally:
        db.dispose()
    if not args.json:
        report["text"] = script_paths_text(report)
    return report


def script_paths_text(report: dict[str, Any]) -> str:
    lines = [
        f"Campaign {report['campaign']}: {report['calls']} calls, "
        f"{report['calls_with_path']} with a script path"
    ]
    for script in report["scripts"]:
        lines.append("")
        lines.append(f"{script['script_id']} ({script['calls']} calls)")
        lines.append(
            f"  {'node':<24}{'reached':>8}{'answered':>9}{'dropped':>8}{'ended':>7}  top outcome"
        )
        for n in script["nodes"]:
            if not n["reached"]:
                continue
            top = next(iter(n["outcomes"].items()), None)
            answered = "" if n["answered"] is None else str(n["answered"])
            ended = "" if n["ended"] is None else str(n["ended"])
            lines.append(
                f"  {n['node']:<24}{n['reached']:>8}{answered:>9}{n['dropped']:>8}{ended:>7}"
                f"  {f'{top[0]} ({top[1]})' if top else ''}"
            )
    return "\n".join(lines)
