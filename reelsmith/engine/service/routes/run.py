"""`/run_sse`: one conversation turn as a stream of ADK events.

Heartbeats (empty events) while the edit runs, then each timeline call and its
result, the reply as partial chunks, and the whole reply once more. The stream
closing ends the turn.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import Future
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from reelsmith.engine.edit.turn import Outcome, Turn
from reelsmith.engine.service.deps import APP, ApiError, Engine, EngineDep, UserDep, log, own_session
from reelsmith.engine.service.guard import Busy
from reelsmith.engine.storage.store import User


class Part(BaseModel):
    text: str | None = Field(None, max_length=20000)


class Content(BaseModel):
    role: str | None = "user"
    parts: list[Part] = Field(min_length=1, max_length=20)


class RunAgentRequest(BaseModel):
    """Google ADK's RunAgentRequest (snake_case)."""

    app_name: str = APP
    user_id: str = "me"
    session_id: str = Field(max_length=100)
    new_message: Content
    streaming: bool = True


router = APIRouter()


@router.post("/run_sse", tags=["messages"], responses={200: {"content": {"text/event-stream": {}}}})
def run_sse(body: RunAgentRequest, user: UserDep, eng: EngineDep) -> StreamingResponse:
    session = own_session(eng, body.session_id, user)
    text = "\n".join(p.text for p in body.new_message.parts if p.text).strip()
    if not text:
        raise ApiError(422, 422, "new_message has no text part")
    left = user.credits_left
    if left is not None and left < eng.settings.edit_cost:
        raise ApiError(403, 2001, "out of credits; register or top up to keep editing")
    turn = Turn(
        eng.store,
        eng.blobs,
        body.session_id,
        session["language"] or "en",
        eng.settings.claude,
        eng.settings.limits,
        eng.music,
    )
    try:
        eng.gate.enter(user.id, body.session_id)
    except Busy as e:
        raise ApiError(e.status, e.status, str(e)) from None
    # the edit runs (and frees its session) whether or not the client stays to read the stream
    work = eng.turn_pool.submit(turn.run, text)
    work.add_done_callback(functools.partial(eng.gate.leave, user.id, body.session_id))
    return StreamingResponse(
        _stream(eng, user, work),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _stream(eng: Engine, user: User, future: Future[Outcome]) -> AsyncIterator[bytes]:
    """ADK events: heartbeats while the edit runs, each call and its result, partial text, the whole text."""
    inv = f"e-{uuid.uuid4()}"

    def event(parts: list[dict[str, Any]], role: str = "model", **extra: Any) -> bytes:
        ev = {
            "id": uuid.uuid4().hex[:12],
            "invocationId": inv,
            "author": APP,
            "timestamp": time.time(),
            "content": {"role": role, "parts": parts},
            **extra,
        }
        return f"data: {json.dumps(ev, ensure_ascii=False)}\n\n".encode()

    heartbeat = b"data: \n\n"  # "still working": an empty event, not a disconnect
    yield heartbeat
    work = asyncio.wrap_future(future)
    while not work.done():
        await asyncio.wait({work}, timeout=eng.settings.heartbeat)
        if not work.done():
            yield heartbeat
    try:
        outcome = work.result()
    except Exception as e:
        log.exception("turn failed")
        yield f"data: {json.dumps({'error': f'the edit failed: {e}'[:300]})}\n\n".encode()
        return
    if outcome.version is not None:
        eng.store.charge(user.id, eng.settings.edit_cost)
    for call in outcome.calls:
        cid = f"call_{uuid.uuid4().hex[:10]}"
        yield event([{"functionCall": {"id": cid, "name": call.name, "args": call.args}}])
        yield event([{"functionResponse": {"id": cid, "name": call.name, "response": call.response}}], role="user")
    words = outcome.text.split(" ")
    step = max(1, len(words) // 3)
    for i in range(0, len(words), step):
        yield event([{"text": " ".join(words[i : i + step]) + (" " if i + step < len(words) else "")}], partial=True)
    yield event([{"text": outcome.text}], partial=False, turnComplete=True)
