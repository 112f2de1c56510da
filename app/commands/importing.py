"""`prospector import FILE --source NAME …`, `prospector import rollback BATCH_ID` and
`prospector import list`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.services.workspace import open_workspace


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import", parents=[parent],
        help="import a purchased list (CSV or XLSX); 'import rollback BATCH_ID' undoes one",
        description=(
            "Import a CSV or XLSX list: prospector import FILE --source NAME. "
            "Undo a batch: prospector import rollback BATCH_ID. Batches: prospector import list."
        ),
    )
    p.add_argument("file", metavar="FILE|rollback|list", help="the file to import")
    p.add_argument("batch", nargs="?", metavar="BATCH_ID", help="with rollback: the batch id")
    p.add_argument("--source", help="name of the list's source (vendor, register …)")
    p.add_argument("--priority", type=int, default=0,
                   help="trust in this source for merged records: higher wins (default 0)")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help="map a column to a field (repeatable); FIELD 'ignore' skips it")
    p.add_argument("--encoding", help="text encoding (default: detected)")
    p.add_argument("--delimiter", help="CSV delimiter: ; , | or tab (default: detected)")
    p.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    p.add_argument("--b2c", action="store_true",
                   help="rows are people; people at one address share a household")
    p.set_defaults(handler=cmd_import, _parser=p)


def _mapping(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise UserError(f"--map {item!r}: write COLUMN=FIELD, e.g. --map \"Nazwa=name\".")
        out[column.strip()] = target.strip()
    return out


def _progress(label: str) -> Any:
    def show(done: int, total: int | None) -> None:
        if not (sys.stderr.isatty() or (total or 0) >= 20_000):
            return
        if total and done >= total:
            sys.stderr.write(f"\r{label}: {done:,} rows\n")
        else:
            sys.stderr.write(f"\r{label}: {done:,} of ~{total or 0:,} rows")
        sys.stderr.flush()

    return show


def cmd_import(args: argparse.Namespace) -> dict[str, Any]:
    from app.services import importing

    parser: argparse.ArgumentParser = args._parser
    if args.file in ("rollback", "list") and not Path(args.file).is_file():
        _, db = open_workspace(args.profile)
        try:
            if args.file == "list":
                with db.read() as session:
                    batches = importing.list_batches(session)
                result: dict[str, Any] = {"batches": batches}
                if not args.json:
                    result["text"] = "\n".join(
                        f"{b['batch_id']}  {b['source']}  {b['filename']}  {b['imported']}/"
                        f"{b['rows']} rows{'  (rolled back)' if b['rolled_back_at'] else ''}"
                        for b in batches) or "No imports yet."
                return result
            if not args.batch:
                parser.error("import rollback needs the BATCH_ID")
            result = importing.rollback_batch(db, importing.parse_batch_id(args.batch))
        finally:
            db.dispose()
        if not args.json:
            result["text"] = (
                f"Rolled back batch {result['batch_id']} ({result['source']}): "
                f"{result['records']} records, {result['companies_removed']} companies removed"
                + (f", {result['companies_kept']} kept as deleted (they have history)"
                   if result["companies_kept"] else "")
                + (f", {result['merges_redone']} merges redone without it"
                   if result["merges_redone"] else "") + "."
            )
        return result
    if args.batch:
        parser.error(f"unexpected argument {args.batch!r}")
    if not args.source:
        parser.error("import needs --source NAME (the list's vendor or register)")
    _, db = open_workspace(args.profile, create=True)
    try:
        result = importing.import_file(
            db, Path(args.file),
            importing.ImportOptions(
                source=args.source, priority=args.priority, mapping=_mapping(args.map),
                encoding=args.encoding, delimiter=args.delimiter, dry_run=args.dry_run,
                b2c=args.b2c,
            ),
            progress=_progress("import"),
        ).as_dict()
    finally:
        db.dispose()
    if not args.json:
        errors = [i for i in result["issues"] if i["severity"] == "error"]
        warnings = [i for i in result["issues"] if i["severity"] == "warning"]
        lines = [
            ("Dry run: " if result["dry_run"] else f"Batch {result['batch_id']}: ")
            + f"{result['imported']} of {result['rows']} rows imported, "
            f"{result['rejected']} rejected, {len(warnings)} warnings "
            f"({result['format']}, {result['encoding'] or 'xlsx'}).",
        ]
        for issue in errors[:20]:
            lines.append(f"  row {issue['row']}: {issue['field']}: {issue['message']}"
                         + (f" ({issue['value']!r})" if issue["value"] else ""))
        if len(errors) > 20:
            lines.append(f"  … {len(errors) - 20} more rejected rows (use --json)")
        kinds = Counter((i["field"], i["message"]) for i in warnings)
        for (fieldname, message), n in kinds.most_common(10):
            rows = [str(i["row"]) for i in warnings
                    if (i["field"], i["message"]) == (fieldname, message)][:5]
            lines.append(f"  {n} × {fieldname}: {message} (rows {', '.join(rows)}"
                         + (", …)" if n > 5 else ")"))
        if result["ignored_columns"]:
            lines.append("Not imported columns: " + ", ".join(result["ignored_columns"]))
        result["text"] = "\n".join(lines)
    return result
