"""`prospector companies search` and `prospector company show|set`."""

from __future__ import annotations

import argparse
from typing import Any

from app.services import companies
from app.services.workspace import open_workspace


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("companies", help="search companies")
    psub = p.add_subparsers(dest="companies_command", metavar="ACTION", required=True)
    s = psub.add_parser("search", parents=[parent], help="search by name, NIP, phone, city")
    s.add_argument("text", nargs="?", default="", help="name, NIP, REGON, phone or city")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--offset", type=int, default=0)
    s.add_argument("--segment", help="segment key")
    s.add_argument("--voivodeship", help="voivodeship key, e.g. mazowieckie")
    s.add_argument("--campaign", help="campaign key")
    s.add_argument("--status", help="queue status in --campaign: new|callback|retry|done")
    s.add_argument(
        "--sort",
        choices=[companies.RELEVANCE, *sorted(companies.SORTABLE)],
        help="order: relevance (default when TEXT is given) or a column (default: name)",
    )
    s.add_argument("--desc", action="store_true")
    s.set_defaults(handler=cmd_search)

    c = sub.add_parser("company", help="one company's card")
    csub = c.add_subparsers(dest="company_command", metavar="ACTION", required=True)
    show = csub.add_parser("show", parents=[parent], help="the company card as data")
    show.add_argument("id")
    show.set_defaults(handler=cmd_show)


def cmd_search(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    query = companies.SearchQuery(
        text=args.text,
        filters=companies.SearchFilters(
            segment=args.segment,
            voivodeship=args.voivodeship,
            campaign=args.campaign,
            queue_status=args.status,
        ),
        sort=args.sort or (companies.RELEVANCE if args.text.strip() else "name"),
        descending=args.desc,
    )
    with db.read() as session:
        rows = companies.search(session, query, limit=args.limit, offset=args.offset)
        total = companies.count(session, query)
    db.dispose()
    result: dict[str, Any] = {"results": rows, "total": total}
    if not args.json:
        lines = [f"{r['id']}  {r['name']}  NIP {r['nip'] or '-'}  {r['city'] or ''}" for r in rows]
        lines.append(f"{len(rows)} of {total}")
        result["text"] = "\n".join(lines)
    return result


def cmd_show(args: argparse.Namespace) -> dict[str, Any]:
    _, db = open_workspace(args.profile)
    with db.read() as session:
        card = companies.company_card(session, companies.parse_company_id(args.id))
    db.dispose()
    return card
