# PYTHON_ARGCOMPLETE_OK  (the marker argcomplete looks for in the `reelsmith` entry point's module)
"""reelsmith's command line: a thin layer over the core, with progress and one-line errors."""

from reelsmith.cli.errors import EXIT_BACKEND, EXIT_NOT_UNDERSTOOD, EXIT_USER, UsageError, UserError
from reelsmith.cli.main import build_parser, main

__all__ = ["EXIT_BACKEND", "EXIT_NOT_UNDERSTOOD", "EXIT_USER", "UsageError", "UserError", "build_parser", "main"]
