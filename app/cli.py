"""The ``prospector`` command line.

Every subcommand lives in a module of :mod:`app.commands` (found automatically)
that exposes ``register(sub, parent)``; each registered parser sets ``handler`` to a function taking the
parsed arguments and returning a JSON-serialisable ``dict``. With ``--json`` that
dict is printed as exactly one JSON object; without it, a readable rendering.
A :class:`app.errors.UserError` becomes exit status 1 with ``{"error": ...}``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

from app import __version__
from app.errors import UserError

log = logging.getLogger(__name__)


def command_modules() -> list[str]:
    """Every module of :mod:`app.commands` (the GUI first, then by name)."""
    import app.commands

    names = sorted(
        m.name for m in pkgutil.iter_modules(app.commands.__path__) if not m.name.startswith("_")
    )
    names.sort(key=lambda n: n != "gui")
    return [f"app.commands.{n}" for n in names]

Handler = Callable[[argparse.Namespace], dict[str, Any]]


def common_parent() -> argparse.ArgumentParser:
    """Options every data command accepts (``--profile``, ``--json``)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--profile",
        metavar="DIR",
        help="local workspace folder (default: PROSPECTOR_HOME or the user data folder)",
    )
    parent.add_argument("--json", action="store_true", help="print one JSON object")
    return parent


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only`` just that command (the desktop app
    starts without importing every other command's dependencies)."""
    parser = argparse.ArgumentParser(
        prog="prospector",
        description="Prospector: outbound telemarketing agent console.",
    )
    parser.add_argument("--version", action="version", version=f"prospector {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = common_parent()
    for name in [f"app.commands.{only}"] if only else command_modules():
        module = importlib.import_module(name)
        module.register(sub, parent)
    return parser


def render_text(result: dict[str, Any]) -> str:
    """A readable rendering of a command's result for people at a terminal."""
    if "text" in result and isinstance(result["text"], str):
        return result["text"]
    return json.dumps(result, ensure_ascii=False, indent=2, default=str)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("--") and args_list[0] not in (
        "--version",
        "-h",
        "--help",
    ):
        # `prospector` and `prospector --demo` open the desktop app.
        args_list = ["gui", *args_list]
    parser = build_parser("gui" if args_list[0] == "gui" else None)
    args = parser.parse_args(args_list)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from app.logs import setup_logging

    log_file = setup_logging(getattr(args, "profile", None))
    as_json = bool(getattr(args, "json", False))
    try:
        result = handler(args)
    except UserError as exc:
        if as_json:
            payload: dict[str, Any] = {"error": exc.message}
            if isinstance(exc.details, dict):  # e.g. a refused booking's alternatives
                payload.update({k: v for k, v in exc.details.items() if k != "error"})
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
        else:
            sys.stderr.write(f"prospector: {exc.message}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("prospector: interrupted\n")
        return 130
    except Exception:
        log.exception("command %s failed", args.command)
        where = log_file or "the log"
        message = f"Unexpected error; the details are in {where}."
        if as_json:
            sys.stdout.write(json.dumps({"error": message}, ensure_ascii=False) + "\n")
        else:
            sys.stderr.write(f"prospector: {message}\n")
        return 1
    if result.get("_exit") is not None:  # the GUI returns its exit code this way
        return int(result["_exit"])
    out = json.dumps(result, ensure_ascii=False, default=str) if as_json else render_text(result)
    sys.stdout.write(out + "\n")
    return 0
