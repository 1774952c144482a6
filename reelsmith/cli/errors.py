"""How the command line ends: exit codes, and bad input as one line."""

from __future__ import annotations

EXIT_USER, EXIT_BACKEND = 2, 3


class UserError(Exception):
    """Bad input: shown as one line, exit code 2."""
