"""The asynchronous skill client: auth that recovers, typed errors, sessions, credits.

Every call goes through `_call`, which knows the recovery rules of the protocol:
1001 → a new anonymous token, once; 1002 → a new session, once (never for a message
the backend already took); 429 → wait, once; HTTP 400 on auth → a new client id.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import anyio
import httpx

from reelsmith.skill import errors as E
from reelsmith.skill.backends import Backend
from reelsmith.skill.credentials import Credentials, State
from reelsmith.skill.models import Credits
from reelsmith.skill.redact import Secret, install, remember
from reelsmith.skill.session import AsyncSession
from reelsmith.skill.variants import Variant, load
from reelsmith.skill.wire import APP, response_json

log = logging.getLogger("reelsmith.skill")
Request = Callable[[], Awaitable[httpx.Response]]


class AsyncClient:
    def __init__(
        self,
        backend: Backend,
        variant: Variant | None = None,
        *,
        credentials: Credentials | None = None,
        state: State | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_wait: float = 30.0,
        recovery_waits: tuple[float, ...] = (30, 60, 60, 60, 60),
        stream_cap: float = 15 * 60,
        read_timeout: float = 300.0,
        still_working_every: float = 120.0,
    ) -> None:
        install()
        self.backend = backend
        self.variant = variant or load()
        self.credentials = credentials or Credentials()
        self.state_file = state or State()
        self.retry_wait = retry_wait
        self.recovery_waits = recovery_waits
        self.stream_cap = stream_cap
        self.read_timeout = read_timeout
        self.still_working_every = still_working_every
        self._transport = transport
        self.http = httpx.AsyncClient(
            base_url=backend.base_url,
            transport=transport,
            headers=self.variant.headers(),
            timeout=httpx.Timeout(60.0, connect=15.0),
            follow_redirects=True,
        )
        self._token: Secret | None = backend.token
        self.user_id: str | None = None
        self.anonymous = backend.token is None
        self._auth_lock = anyio.Lock()
        self._last_ms = 0  # the last render id's milliseconds

    def __repr__(self) -> str:
        return f"AsyncClient(backend={self.backend.kind!r}, url={self.backend.base_url!r}, skill={self.variant.name!r})"

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        try:
            await self.http.aclose()
        finally:
            self.backend.close()

    # --- auth ---------------------------------------------------------------------------
    async def connect(self) -> None:
        """Have a token: the fixed one, a saved one, or a new anonymous one."""
        async with self._auth_lock:
            if self._token is not None:
                return
            saved = self.credentials.token(self.backend.key)
            if saved:
                self._token, meta = saved
                self.user_id = meta.get("user_id")
                return
            await self._anonymous_token()

    async def _anonymous_token(self) -> None:
        renewed = waited = False
        while True:
            cid = self.credentials.client_id(renew=renewed)
            r = await self._send(
                functools.partial(self.http.post, "/api/auth/anonymous-token", headers={"X-Client-Id": cid})
            )
            body = response_json(r)
            if r.status_code == 200 and isinstance(body, dict) and body.get("code") == 0:
                data = body["data"]
                self._token = remember(str(data["token"]))
                self.user_id = data.get("user_id")
                self.credentials.save_token(self.backend.key, self._token, self.user_id, _ts(data.get("expires_at")))
                return
            err = E.error_for(r.status_code, body, "getting a token")
            if isinstance(err, E.MissingClientId) and not renewed:
                renewed = True  # the backend did not take our client id: make a new one
                continue
            if isinstance(err, E.RateLimited):
                if self.backend.local and not renewed:
                    renewed = True  # the local engine has no account to protect: start afresh
                    continue
                if not waited:
                    waited = True
                    await anyio.sleep(self.retry_wait)
                    continue
                raise E.RateLimited(
                    "the backend gives one free token per client every 7 days and this client "
                    "has had one; set NEMO_TOKEN, or try again later"
                )
            raise self.refine(err)

    async def _reauth(self) -> None:
        if not self.anonymous:
            raise E.TokenInvalid(
                "NEMO_TOKEN was refused (invalid or expired); set a fresh token, or unset "
                "NEMO_TOKEN to use a free anonymous one"
            )
        self.credentials.forget_token(self.backend.key)
        async with self._auth_lock:
            self._token = None
            await self._anonymous_token()

    # --- requests -----------------------------------------------------------------------
    async def _send(self, request: Request) -> httpx.Response:
        try:
            return await request()
        except httpx.TimeoutException:
            raise E.ConnectionFailed(f"{self.backend.base_url} did not answer in time; try again") from None
        except httpx.TransportError as e:
            raise E.ConnectionFailed(
                f"cannot reach {self.backend.base_url} ({type(e).__name__}); check the connection or the backend URL"
            ) from None

    def auth(self) -> dict[str, str]:
        assert self._token is not None
        return {"Authorization": f"Bearer {self._token}"}

    async def call(
        self,
        what: str,
        method: str,
        path: Callable[[], str],
        *,
        session: AsyncSession | None = None,
        **kw: Callable[[], Any] | Any,
    ) -> Any:
        """One API call with the protocol's recovery; returns the answer's `data`.

        `path` and any callable keyword are re-evaluated on a retry, so a renewed session's
        id (or a fresh file handle) goes into the new request.
        """
        await self.connect()
        tried: set[str] = set()
        while True:
            args = {k: (v() if callable(v) else v) for k, v in kw.items()}
            url = path()
            r = await self._send(functools.partial(self.http.request, method, url, headers=self.auth(), **args))
            body = response_json(r)
            if (
                r.status_code < 300
                and isinstance(body, dict)
                and (body.get("code") == 0 or body.get("success") is True or not {"code", "success"} & body.keys())
            ):
                # either envelope, or none at all (some render answers are bare: top-level status + output)
                return body["data"] if isinstance(body.get("data"), dict) else body
            if r.status_code < 300 and not isinstance(body, dict):
                raise E.BackendError(f"{what}: the backend answered something that is not JSON (HTTP {r.status_code})")
            await self.recover(E.error_for(r.status_code, body, what), tried, session)

    async def recover(self, err: E.SkillError, tried: set[str], session: AsyncSession | None) -> None:
        """Get ready for another attempt if the protocol allows one for `err`; else raise it."""
        if isinstance(err, E.TokenInvalid) and "auth" not in tried:
            tried.add("auth")
            await self._reauth()
        elif isinstance(err, E.SessionNotFound) and session is not None and "session" not in tried:
            tried.add("session")
            await session.renew()
        elif isinstance(err, E.RateLimited) and "wait" not in tried:
            tried.add("wait")
            await anyio.sleep(self.retry_wait)
        else:
            raise self.refine(err)

    def refine(self, err: E.SkillError) -> E.SkillError:
        if isinstance(err, E.OutOfCredits):
            return E.OutOfCredits.for_user(self.user_id, self.anonymous, self.backend.web_url, self.backend.local)
        if type(err) is E.BackendError and err.status is not None and self.backend.base_url not in str(err):
            # an answer with no handling of its own: say who gave it, and, for "no such thing here",
            # that the URL may not be a video backend at all
            hint = ""
            if err.status in (404, 405, 501):
                env = "REELSMITH_ENGINE_URL" if self.backend.local else "NEMO_API_URL"
                hint = f" (not a reelsmith or NemoVideo backend? check {env})"
            return E.BackendError(f"{err} from {self.backend.base_url}{hint}", code=err.code, status=err.status)
        return err

    # --- sessions and credits -----------------------------------------------------------
    async def create_session_id(self, language: str) -> str:
        data = await self.call(
            "creating a session",
            "POST",
            lambda: f"/api/tasks/me/with-session/{APP}",
            json={"task_name": "project", "language": language},
        )
        self.user_id = data.get("user_id") or self.user_id
        sid = str(data["session_id"])
        self.state_file.set_session(self.backend.key, sid)
        return sid

    async def new_session(self, language: str | None = None) -> AsyncSession:
        lang = language or self.variant.language
        return AsyncSession(self, await self.create_session_id(lang), lang)

    async def session(self, session_id: str | None = None, language: str | None = None) -> AsyncSession:
        """Resume a session by id (or the last one used on this backend); a new one if there is none."""
        sid = session_id or self.state_file.session(self.backend.key)
        if not sid:
            return await self.new_session(language)
        s = AsyncSession(self, sid, language or self.variant.language)
        try:
            await s.state(renew=False)  # proves it exists
        except E.SessionNotFound:
            if session_id:  # named by the user: their input to fix
                raise E.UnknownSession(
                    f"session {sid} is not on this backend; leave out --session to use the last one, "
                    "or start a new one with `reelsmith upload FILES`"
                ) from None
            raise E.UnknownSession(
                f"the last session ({sid}) is not on this backend any more; start a new one with "
                "`reelsmith upload FILES`"
            ) from None
        self.state_file.set_session(self.backend.key, sid)
        return s

    async def credits(self) -> Credits:
        d = await self.call("checking credits", "GET", lambda: "/api/credits/balance/simple")
        avail = d.get("available")
        return Credits(
            available=None if d.get("unlimited") or avail is None else int(avail),
            frozen=int(d.get("frozen") or 0),
            total=d.get("total"),
        )

    def new_render_id(self) -> str:
        """`render_<ms>`, never the same twice from this client."""
        self._last_ms = max(int(time.time() * 1000), self._last_ms + 1)
        return f"render_{self._last_ms}"


def _ts(iso: Any) -> float | None:
    try:
        return datetime.fromisoformat(str(iso).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
