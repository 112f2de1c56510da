"""`prospector dedup [--mode strict|loose] [--threshold X] [--apply]`,
`prospector dedup unmerge COMPANY_ID`, `prospector dedup decide ID1 ID2 merge|apart`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.services.workspace import open_workspace


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "dedup", parents=[parent],
        help="find (and with --apply merge) duplicate companies among imported records",
        description=(
            "prospector dedup [--mode strict|loose] [--threshold X] [--apply]; "
            "prospector dedup unmerge COMPANY_ID; prospector dedup decide ID1 ID2 merge|apart"
        ),
    )
    p.add_argument("action", nargs="?", choices=("unmerge", "decide"), metavar="ACTION",
                   help="unmerge COMPANY_ID | decide ID1 ID2 merge|apart (default: run)")
    p.add_argument("targets", nargs="*", metavar="ARG")
    p.add_argument("--mode", choices=("strict", "loose"), default="loose")
    p.add_argument("--threshold", type=float,
                   help="match probability needed to merge (loose; default 0.8)")
    p.add_argument("--apply", action="store_true", help="merge the clusters found")
    p.add_argument("--block", metavar="KEYS",
                   help="blocking keys, comma-separated (loose; default: all of "
                        "nip,regon,phone,email,name_postcode,name_city,street_city,"
                        "name_sorted,name_words_sorted; 'all' compares every pair)")
    p.add_argument("--rule", action="append", default=[], metavar="FIELD=RULE",
                   help="golden-record rule per field: priority (default) or majority")
    p.add_argument("--max-uncertain", type=int, default=1000,
                   help="list at most this many uncertain pairs (default 1000)")
    p.set_defaults(handler=cmd_dedup, _parser=p)


def _progress(stage: str, done: int, total: int) -> None:
    if total >= 2_000_000 or sys.stderr.isatty():
        sys.stderr.write(f"\rdedup {stage}: {done:,} of {total:,} pairs")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_dedup(args: argparse.Namespace) -> dict[str, Any]:
    from app.services import dedup
    from app.services.merging import parse_rules

    parser: argparse.ArgumentParser = args._parser
    _, db = open_workspace(args.profile)
    try:
        if args.action == "unmerge":
            if len(args.targets) != 1:
                parser.error("dedup unmerge takes one COMPANY_ID")
            result = dedup.undo_merge(db, args.targets[0])
            if not args.json:
                result["text"] = (f"Restored {len(result['restored'])} companies from "
                                  f"{result['company_id']}: " + ", ".join(result["restored"]))
            return result
        if args.action == "decide":
            if len(args.targets) != 3 or args.targets[2] not in ("merge", "apart"):
                parser.error("dedup decide takes ID1 ID2 merge|apart")
            result = dedup.decide(db, args.targets[0], args.targets[1], args.targets[2])
            if not args.json:
                result["text"] = (f"Remembered: {result['a']['company_id']} and "
                                  f"{result['b']['company_id']} → {result['decision']}.")
            return result
        if args.targets:
            parser.error(f"unexpected arguments: {' '.join(args.targets)}")
        options = dedup.DedupOptions(
            mode=args.mode, threshold=args.threshold, apply=args.apply,
            blocks=[b.strip() for b in args.block.split(",") if b.strip()] if args.block else None,
            rules=parse_rules(args.rule), max_uncertain=max(0, args.max_uncertain),
        )
        result = dedup.run_dedup(db, options, progress=_progress)
    finally:
        db.dispose()
    if not args.json:
        big = [c for c in result["clusters"] if len(c["records"]) > 1]
        lines = [
            f"{result['records']:,} records → {result['companies']:,} companies "
            f"({result['duplicates']:,} duplicates, {result['mode']}), "
            f"{result['pairs_compared']:,} pairs compared in {result['seconds']} s.",
        ]
        for cluster in big[:20]:
            recs = ", ".join(f"{r['source']}:{r['row']}" for r in cluster["records"])
            lines.append(f"  {cluster['company_id']}  {recs}")
        if len(big) > 20:
            lines.append(f"  … {len(big) - 20} more clusters (use --json)")
        if result["uncertain_total"]:
            lines.append(f"{result['uncertain_total']} uncertain pairs to review (see --json).")
        lines.append(f"Merged {result['merges']} clusters." if result["applied"]
                     else "Nothing merged; add --apply to merge.")
        result["text"] = "\n".join(lines)
    return result
