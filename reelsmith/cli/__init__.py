"""reelsmith's command line: a thin layer over the core, with progress and one-line errors."""

from reelsmith.cli.errors import EXIT_BACKEND, EXIT_USER, UserError
from reelsmith.cli.main import build_parser, main

__all__ = ["EXIT_BACKEND", "EXIT_USER", "UserError", "build_parser", "main"]
