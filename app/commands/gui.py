"""`prospector [gui] [--demo]`: the desktop app."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gui", parents=[parent], help="open the desktop app (the default)")
    p.add_argument(
        "--demo", action="store_true", help="build a demo workspace first if there is none"
    )
    p.add_argument("--lang", choices=["pl", "en"], help="UI language for this run")
    p.set_defaults(handler=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> dict[str, Any]:
    # The only place outside widgets/ that reaches the GUI: the bootstrap.
    from app.gui import run_gui

    return {"_exit": run_gui(args.profile, demo=args.demo, lang=args.lang)}
