"""`main`: parse, run the command, and end every path with one line (or, with --json, one JSON object
on stdout) and an exit code (reelsmith.cli.errors)."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from reelsmith.agent.io import IO
from reelsmith.cli.errors import EXIT_INTERNAL, Failure, UsageError, classify
from reelsmith.cli.parser import Parser, build_parser

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    console = Console(stderr=True)
    json_mode = "--json" in argv  # known before parsing, so a usage error can be JSON too
    parser = build_parser()
    _complete(parser)
    try:
        args = parser.parse_args(argv)
    except UsageError as e:
        return _fail(classify(e), console, json_mode, usage=e.usage)
    except SystemExit as e:  # --help, --version: printed already
        return e.code if isinstance(e.code, int) else 0
    debug = bool(getattr(args, "debug", False))
    _logging(debug)
    io = IO(console, json_mode=getattr(args, "json", False))
    try:
        code: int = args.func(args, io)
        return code
    except BrokenPipeError:  # stdout closed early (`| head`): nothing more can be said there
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # what a shell reports for a program ended by SIGPIPE
    except (Exception, KeyboardInterrupt) as e:
        f = classify(e)
        if f.exit == EXIT_INTERNAL and debug:
            console.print_exception()
        return _fail(f, console, io.json_mode)


def _fail(f: Failure, console: Console, json_mode: bool, usage: str = "") -> int:
    if json_mode:
        print(json.dumps(f.to_json(), ensure_ascii=False), flush=True)
        return f.exit
    if usage:
        console.print(usage.rstrip(), highlight=False, markup=False, soft_wrap=True)
    console.print(f"[red]error:[/] {f.message}", highlight=False, soft_wrap=True)
    if usage and f.hint:
        console.print(f.hint, highlight=False, markup=False, soft_wrap=True)
    return f.exit


def _logging(debug: bool) -> None:
    """Log lines only with -v/--debug. Without a handler, Python's last resort would print the
    engine's warnings (`render render_… failed: …`) raw on the terminal; the error line says it."""
    root = logging.getLogger()
    if debug:
        fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format=fmt, force=True)
    elif not root.handlers:
        root.addHandler(logging.NullHandler())


def _complete(parser: Parser) -> None:
    """Shell completion (`eval "$(register-python-argcomplete reelsmith)"`): answers and exits when
    the shell asks; costs nothing otherwise."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    try:
        import argcomplete
    except ImportError:
        return
    argcomplete.autocomplete(parser)


if __name__ == "__main__":
    sys.exit(main())
