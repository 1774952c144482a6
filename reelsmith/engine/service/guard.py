"""What stands in front of every route: request bodies capped while they stream, safe response headers,
one edit at a time per session, and a bounded number of edits per user.

The body cap is a pure ASGI middleware: a request that announces too large a body is answered 413 before
a byte of it is read, and one that streams past the cap (chunked, or lying) is cut off at the cap, so a
huge upload is never spooled to disk nor a huge JSON body held in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyLimit:
    """Refuse request bodies over the byte count `limit_for(scope)` gives (with the refusal's words), by
    Content-Length first, then while streaming."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], tuple[int, str]]) -> None:
        self.app, self.limit_for = app, limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_safe(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        limit, words = self.limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send_safe, words)
            return
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # raised inside the route's own read, so the app answers it in the usual envelope
                    raise HTTPException(413, words)
            return message

        await self.app(scope, capped, send_safe)


async def _refuse(send: Send, words: str) -> None:
    import json

    body = json.dumps({"code": 4002, "success": False, "message": words, "data": None}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Busy(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class TurnGate:
    """One edit at a time per session (a second would be applied to a stale version), and at most
    `per_user` edits running at once for one user."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._lock = threading.Lock()
        self._sessions: set[str] = set()
        self._users: dict[str, int] = {}

    def enter(self, user: str, session: str) -> None:
        with self._lock:
            if session in self._sessions:
                raise Busy("an edit is still running in this session; wait for its reply, then send this again", 409)
            if self._users.get(user, 0) >= self.per_user:
                raise Busy(f"you have {self.per_user} edits running already; wait for one to finish", 429)
            self._sessions.add(session)
            self._users[user] = self._users.get(user, 0) + 1

    def leave(self, user: str, session: str, *_: Any) -> None:
        with self._lock:
            self._sessions.discard(session)
            self._users[user] -= 1
            if not self._users[user]:
                del self._users[user]
