"""One exception per backend answer, each saying what to do next."""

from __future__ import annotations

from typing import Any

REGISTER_URL = "https://nemovideo.com/register?bind={user_id}"


class SkillError(Exception):
    """Base of everything the client raises; `str()` is one line a person can act on."""

    code: int | None = None
    exit_code = 3  # backend trouble, for the CLI

    def __init__(self, message: str, *, code: int | None = None, status: int | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.status = status


class BackendError(SkillError):
    """An answer the client has no specific handling for (a 5xx, an unknown code)."""


class ConnectionFailed(SkillError):
    """The backend could not be reached."""


class TokenInvalid(SkillError):
    code = 1001


class SessionNotFound(SkillError):
    code = 1002


class UnknownSession(SessionNotFound):
    """A session id the user named (or the last one used) that the backend does not have: bad input,
    not a backend failure."""

    exit_code = 2


class OutOfCredits(SkillError):
    code = 2001
    exit_code = 4

    @classmethod
    def for_user(cls, user_id: str | None, anonymous: bool, web_url: str, local: bool) -> OutOfCredits:
        if local:
            return cls(
                "out of credits on the local engine; restart `reelsmith serve` with a larger --credits "
                "(or none, for unlimited)"
            )
        if anonymous and user_id:
            link = f"{web_url.rstrip('/')}/register?bind={user_id}"
            return cls(f"out of credits; register at {link} to keep your work and get more")
        return cls("out of credits; top up your credits in your account, then try again")


class UnsupportedType(SkillError):
    code = 4001
    exit_code = 2


class TooLarge(SkillError):
    code = 4002
    exit_code = 2


class ExportBlocked(SkillError):
    """HTTP 402: the plan tier blocks export. Not a credits problem."""

    code = 402
    exit_code = 4


class RateLimited(SkillError):
    code = 429


class MissingClientId(SkillError):
    code = 400


class NothingToExport(SkillError):
    exit_code = 2


class LocalFileError(SkillError):
    """A file or folder on this machine is unusable: a malformed credentials or state file, an engine
    data folder that cannot be written, an output path that is taken or cannot be written. Bad input."""

    exit_code = 2


class RenderFailed(SkillError):
    pass


class NotSaved(LocalFileError):
    """The render finished but its file could not be written where asked: the job is kept, and
    `export --resume -o OTHER.mp4` saves it elsewhere."""


class StreamLost(SkillError):
    """The message stream dropped and state polling saw no change: the edit may still land."""


CODES: dict[int, type[SkillError]] = {
    1001: TokenInvalid,
    1002: SessionNotFound,
    2001: OutOfCredits,
    4001: UnsupportedType,
    4002: TooLarge,
}
STATUSES: dict[int, type[SkillError]] = {401: TokenInvalid, 402: ExportBlocked, 429: RateLimited, 400: MissingClientId}


def error_for(status: int, body: Any, what: str) -> SkillError:
    """The typed error for a non-success answer (either envelope, or none)."""
    code = body.get("code") if isinstance(body, dict) else None
    message = (body.get("message") or body.get("msg") or body.get("error")) if isinstance(body, dict) else None
    message = str(message or f"HTTP {status}")[:300]
    cls = CODES.get(code) if isinstance(code, int) else None
    if cls is None:
        cls = STATUSES.get(code if isinstance(code, int) and code in STATUSES else status, BackendError)
    hint = {
        TokenInvalid: "the token is invalid or expired",
        SessionNotFound: "the session is gone",
        UnsupportedType: "that file type is not accepted",
        TooLarge: "the file is too large; compress or trim it",
        ExportBlocked: "export is blocked on this plan (not a credits problem); register or upgrade to unlock export",
        RateLimited: "the backend asks us to slow down; wait 30 s and try again",
        MissingClientId: "the backend wants a client id",
        OutOfCredits: "out of credits",
    }.get(cls)
    if cls in (UnsupportedType, TooLarge) and ": " in message:
        return cls(message, code=code, status=status)  # the backend's message names the file already
    text = f"{what}: {message}" + (f" ({hint})" if hint and hint not in message else "")
    return cls(text, code=code if isinstance(code, int) else None, status=status)
