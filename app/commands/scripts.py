"""`prospector script list | check FILE | run FILE --answers FILE [--company ID]`.

``script check`` exits 0 whenever it could read the file, valid or not: the verdict is
the ``ok`` of its JSON (``{"ok", "errors": [{"node", "message", "line"}], "warnings"}``),
so that editors and CI can read every problem. A file that cannot be read is a user
error (exit 1). ``script run`` prints the headless result; invalid answers are
field-level ``errors`` in it (exit 0), while a script with errors cannot run (exit 1).

FILE may also name a bundled script by id (``foot_in_the_door``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.errors import UserError
from scripts_lead_gen.fields import FieldCatalogueError, FieldSpec, parse_fields_yaml
from scripts_lead_gen.library import (
    BUNDLED_SCRIPT_FILES,
    bundled_script_text,
    list_bundled_scripts,
)
from scripts_lead_gen.runtime import run_headless
from scripts_lead_gen.validate import ScriptInvalid, compile_script, validate_script


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("script", help="call scripts: list, check, run headless")
    psub = p.add_subparsers(dest="script_command", metavar="ACTION", required=True)

    ls = psub.add_parser("list", parents=[parent], help="the bundled scripts")
    ls.set_defaults(handler=cmd_list)

    check = psub.add_parser(
        "check", parents=[parent], help="validate a script file (every problem, by node)"
    )
    check.add_argument("file", help="script YAML file, or the id of a bundled script")
    check.add_argument("--fields", metavar="FILE", help="field catalogue YAML (default: bundled)")
    check.set_defaults(handler=cmd_check)

    run = psub.add_parser("run", parents=[parent], help="run a script headless with answers")
    run.add_argument("file", help="script YAML file, or the id of a bundled script")
    run.add_argument(
        "--answers",
        required=True,
        metavar="FILE",
        help='JSON: {field: answer, "_objections": {node: [objection ids]}} '
        'or {"answers": {...}, "objections": {...}, "context": {...}}',
    )
    run.add_argument("--company", metavar="ID", help="fill merge fields and data from a company")
    run.add_argument("--context", metavar="FILE", help="JSON context (company, contact, slots …)")
    run.add_argument("--fields", metavar="FILE", help="field catalogue YAML (default: bundled)")
    run.add_argument("--lang", choices=["pl", "en"], help="language of rendered values")
    run.set_defaults(handler=cmd_run)


# ------------------------------------------------------------------------------ inputs


def _script_text(name: str) -> str:
    path = Path(name)
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(f"{name}: the file is not UTF-8 text") from exc
        except OSError as exc:
            raise UserError(f"{name}: cannot read the file ({exc.strerror})") from exc
    bundled = name if name.endswith(".yaml") else f"{name}.yaml"
    if bundled in BUNDLED_SCRIPT_FILES:
        return bundled_script_text(bundled)
    raise UserError(f"{name}: no such file (nor a bundled script id)")


def _fields(name: str | None) -> list[FieldSpec] | None:
    if name is None:
        return None
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{name}: cannot read the field catalogue") from exc
    try:
        return parse_fields_yaml(text)
    except FieldCatalogueError as exc:
        raise UserError(f"{name}: {exc}") from exc


def _json_file(name: str, what: str) -> Any:
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{name}: cannot read the {what} file") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc


# ----------------------------------------------------------------------------- handlers


def cmd_list(args: argparse.Namespace) -> dict[str, Any]:
    scripts = list_bundled_scripts()
    result: dict[str, Any] = {"scripts": scripts}
    if not args.json:
        result["text"] = "\n".join(
            f"{s['id']:<30} {s['version']}  {s['language']}  {s['title']}" for s in scripts
        )
    return result


def cmd_check(args: argparse.Namespace) -> dict[str, Any]:
    report = validate_script(_script_text(args.file), _fields(args.fields))
    result = report.as_dict()
    if not args.json:
        lines = []
        for kind, problems in (("error", report.errors), ("warning", report.warnings)):
            for p in problems:
                where = f"line {p.line}: " if p.line else ""
                node = f"[{p.node}] " if p.node else ""
                lines.append(f"{kind}: {where}{node}{p.message}")
        lines.append("OK" if report.ok else f"{len(report.errors)} error(s)")
        result["text"] = "\n".join(lines)
    return result


def cmd_run(args: argparse.Namespace) -> dict[str, Any]:
    text = _script_text(args.file)
    fields = _fields(args.fields)
    try:
        compiled = compile_script(text, fields)
    except ScriptInvalid as exc:
        raise UserError(
            f"the script has errors; run `prospector script check {args.file}` ({exc})",
            details=exc.report.as_dict(),
        ) from exc

    data = _json_file(args.answers, "answers")
    if not isinstance(data, dict):
        raise UserError(f"{args.answers}: the answers must be a JSON object")
    context: dict[str, Any] = {}
    objections: Any = None
    if isinstance(data.get("answers"), dict):
        answers = data["answers"]
        objections = data.get("objections")
        if isinstance(data.get("context"), dict):
            context.update(data["context"])
    else:
        answers = data
    if objections is not None and not isinstance(objections, dict):
        raise UserError(f"{args.answers}: objections must map node ids to lists of objection ids")
    if args.context:
        extra = _json_file(args.context, "context")
        if not isinstance(extra, dict):
            raise UserError(f"{args.context}: the context must be a JSON object")
        context.update(extra)
    if args.company:
        context.update(_company_context(args.profile, args.company))

    result = run_headless(compiled, answers, context, objections=objections, language=args.lang)
    if not args.json:
        lines = [" → ".join(result["path"])]
        lines += [f"action: {json.dumps(a, ensure_ascii=False)}" for a in result["actions"]]
        lines += [f"error: [{e.get('node')}] {e['message']}" for e in result["errors"]]
        lines.append(f"outcome: {result['outcome'] or '-'}")
        result = {**result, "text": "\n".join(lines)}
    return result


def _company_context(profile: str | None, company_id: str) -> dict[str, Any]:
    try:
        from app.services.script_context import company_context
    except ImportError as exc:
        raise UserError("--company is not available yet") from exc
    context = company_context(profile, company_id)
    return dict(context)
