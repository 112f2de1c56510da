"""`prospector demo`: build a realistic Polish demo workspace."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.config import resolve_profile


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[parent], help="build a demo workspace")
    p.add_argument("--companies", type=int, default=5000, help="how many companies (5000)")
    p.add_argument("--seed", type=int, default=1, help="random seed; same seed, same data")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> dict[str, Any]:
    from app.services.demo import DEMO_PASSWORD, DEMO_USERS, build_demo

    profile = resolve_profile(args.profile)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() or total >= 50_000:
            sys.stderr.write(f"\r{done:,}/{total:,} companies")
            if done == total:
                sys.stderr.write("\n")

    result = build_demo(profile, companies=args.companies, seed=args.seed, progress=progress)
    if not args.json:
        users = ", ".join(u for u, *_ in DEMO_USERS)
        result["text"] = (
            f"Demo workspace at {result['profile']}: {result['companies']:,} companies, "
            f"{result['contacts']:,} contacts, {result['call_attempts']:,} call attempts "
            f"in {result['seconds']} s.\nLogins: {users} (password '{DEMO_PASSWORD}')."
        )
    return result
