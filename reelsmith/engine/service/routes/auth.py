"""Tokens and credits: the anonymous token, the balance, and the health check."""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from reelsmith._version import __version__
from reelsmith.engine.service.deps import ApiError, EngineDep, UserDep, ok

router = APIRouter()


@router.get("/healthz", tags=["engine"])
def healthz() -> dict[str, Any]:
    return ok({"engine": "reelsmith", "version": __version__})


@router.post("/api/auth/anonymous-token", tags=["auth"])
def anonymous_token(
    request: Request, eng: EngineDep, x_client_id: Annotated[str | None, Header(max_length=128)] = None
) -> dict[str, Any]:
    cid = (x_client_id or "").strip()
    if not cid:
        raise ApiError(400, 400, "X-Client-Id header missing; send a random UUID as X-Client-Id")
    # a fresh client id per call would get a fresh token (and fresh credits) each time: count by address too
    address = request.client.host if request.client else ""
    hour = 3600.0
    given, first = eng.store.tokens_from(address, time.time() - hour)
    if given >= eng.settings.limits.tokens_per_address_hour:
        wait = int(first + hour - time.time()) + 1
        raise ApiError(
            429,
            429,
            f"too many new tokens from this address in the last hour; try again in {wait} s",
            {"Retry-After": str(wait)},
        )
    ttl = eng.settings.token_ttl
    last = eng.store.last_token_for_client(cid)
    if last is not None and time.time() - last < ttl:
        wait = int(ttl - (time.time() - last)) + 1
        raise ApiError(429, 429, "this client id already has a token; use it, or wait", {"Retry-After": str(wait)})
    user_id = eng.store.user_for_client(cid) or f"anon_{uuid.uuid4().hex[:16]}"
    token = f"rsk_usr_{secrets.token_urlsafe(32)}"
    expires = time.time() + ttl
    eng.store.add_token(token, user_id, cid, expires, eng.settings.credits, address)
    user = eng.store.user(user_id)
    return ok(
        {
            "token": token,
            "user_id": user_id,
            "credits": user.credits_left,
            "expires_at": datetime.fromtimestamp(expires, UTC).isoformat(timespec="seconds"),
        }
    )


@router.get("/api/credits/balance/simple", tags=["credits"])
def credits(user: UserDep) -> dict[str, Any]:
    left = user.credits_left
    return ok(
        {
            "available": left,
            "frozen": 0,
            "total": user.credits_total,
            "used": user.credits_used,
            "unlimited": left is None,
        }
    )
