"""How the command line ends: exit codes, and every failure as one line (or, with --json, one JSON
object on stdout: `{"error": {"code", "message", "hint"}}`)."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug in reelsmith: the traceback is shown with --debug
EXIT_USER = 2  # bad input: a file, a path, a flag, a session id
EXIT_BACKEND = 3  # the backend or the render failed
EXIT_CREDITS = 4  # out of credits, or export blocked by the plan
EXIT_NOT_UNDERSTOOD = 5  # `say`: the editor did not act on the request, so nothing changed
EXIT_INTERRUPTED = 130

EXIT_CODES = f"""exit codes:
  {EXIT_OK}    done
  {EXIT_INTERNAL}    an unexpected error in reelsmith (run again with --debug for the traceback)
  {EXIT_USER}    bad input: a file, folder, output path, flag or session id (the message says the fix)
  {EXIT_BACKEND}    the backend or the render failed, or the backend cannot be reached
  {EXIT_CREDITS}    out of credits, or export blocked by the plan
  {EXIT_NOT_UNDERSTOOD}    say: the request was not understood, so nothing changed (--json: understood: false)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); a render goes on, and `reelsmith export --resume` picks it up"""


class UserError(Exception):
    """Bad input: shown as one line, exit code 2."""


class UsageError(UserError):
    """A command line argparse refused: shown with the usage of the command it was for."""

    def __init__(self, message: str, usage: str, hint: str) -> None:
        super().__init__(message)
        self.usage, self.hint = usage, hint


@dataclass(frozen=True)
class Failure:
    """What the user sees of an error: `code` (a stable word for scripts), the one-line `message`,
    the `hint` (what to do), and the exit code."""

    code: str
    message: str
    hint: str | None
    exit: int

    def to_json(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, "hint": self.hint}}


def failure(e: BaseException, code: str, exit_code: int, hint: str | None = None) -> Failure:
    """The message on one line; the hint, unless given, is the fix after "problem; fix"."""
    message = " ".join(str(e).split()) or type(e).__name__
    if hint is None and "; " in message:
        hint = message.split("; ", 1)[1]
    return Failure(code, message, hint, exit_code)


def classify(e: BaseException) -> Failure:
    """Every failure as a code, its one line and an exit code; anything unknown is a bug (exit 1)."""
    from reelsmith.agent.inputs import InputError
    from reelsmith.skill import errors as E

    if isinstance(e, UsageError):
        return failure(e, "usage", EXIT_USER, e.hint)
    if isinstance(e, KeyboardInterrupt):
        return failure(e, "interrupted", EXIT_INTERRUPTED, "run `reelsmith export --resume` to finish a render")
    if isinstance(e, E.SkillError):
        code = next((c for cls, c in _skill_codes() if isinstance(e, cls)), "backend")
        return failure(e, code, e.exit_code)
    if isinstance(e, UserError | InputError | ValueError):
        return failure(e, "bad_input", EXIT_USER)
    return _engine(e) or Failure(
        "internal",
        f"unexpected error ({type(e).__name__}): {' '.join(str(e).split())}",
        "run again with --debug for the traceback, and report it",
        EXIT_INTERNAL,
    )


def _engine(e: BaseException) -> Failure | None:
    """The engine's own errors, from `render` and `serve` (which run it directly)."""
    from reelsmith.engine.media.ffmpeg import FFmpegError
    from reelsmith.engine.media.fonts import FontError
    from reelsmith.engine.media.probe import ProbeError
    from reelsmith.engine.model.draft import DraftError
    from reelsmith.engine.render.render import RenderError
    from reelsmith.engine.service.server import DataDirError

    if isinstance(e, ProbeError | DraftError | FontError | DataDirError):
        return failure(e, "bad_input", EXIT_USER)
    if isinstance(e, RenderError | FFmpegError):
        return failure(e, "render_failed", EXIT_BACKEND)
    if isinstance(e, OSError):
        return failure(e, "os_error", EXIT_BACKEND)
    return None


def _skill_codes() -> list[tuple[type[BaseException], str]]:
    from reelsmith.skill import errors as E

    return [  # most specific first
        (E.UnknownSession, "unknown_session"),
        (E.NotSaved, "not_saved"),
        (E.LocalFileError, "bad_path"),
        (E.NothingToExport, "nothing_to_export"),
        (E.UnsupportedType, "unsupported_type"),
        (E.TooLarge, "too_large"),
        (E.OutOfCredits, "out_of_credits"),
        (E.ExportBlocked, "export_blocked"),
        (E.RenderFailed, "render_failed"),
        (E.ConnectionFailed, "unreachable"),
        (E.StreamLost, "stream_lost"),
        (E.TokenInvalid, "token_invalid"),
        (E.RateLimited, "rate_limited"),
        (E.SessionNotFound, "session_lost"),
    ]
