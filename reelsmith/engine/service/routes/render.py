"""The render endpoints: start, poll, cancel, download (the `{"success", "data"}` envelope)."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from reelsmith.engine.model.draft import Draft, DraftError
from reelsmith.engine.model.limits import LimitError
from reelsmith.engine.render.render import QUALITY
from reelsmith.engine.service.deps import ApiError, Engine, EngineDep, UserDep, own_session
from reelsmith.engine.storage.store import User
from reelsmith.protocol.files import sha_of


def ok_render(data: Any) -> dict[str, Any]:
    return {"success": True, "data": data}


class OutputSpec(BaseModel):
    format: str = Field("mp4", pattern="^mp4$")
    quality: str = "high"


class RenderRequest(BaseModel):
    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]{1,100}$")
    sessionId: str = Field(max_length=100)
    draft: dict[str, Any]
    output: OutputSpec = OutputSpec()


router = APIRouter()
MAX_POLL_WAIT = 5.0  # seconds a poll may be held
POLL_STEP = 0.03  # how often a held poll looks at its job


attribution = ("x-skill-source", "x-skill-version", "x-skill-platform")


def job_view(request: Request, eng: Engine, job: Any) -> dict[str, Any]:
    d = {"id": job.id, "status": job.status, "progress": job.progress, "sessionId": job.session_id}
    if job.status == "completed" and job.output_sha:
        d["outputUrl"] = eng.file_url(str(request.base_url).rstrip("/"), job.output_sha, f"{job.id}.mp4")
    if job.error:
        d["error"] = job.error
    if job.status == "failed":
        # the same draft fails the same way here (a crash is already rendered again once), so the
        # client must not suggest running the export again; the error says what to change instead
        d["retryable"] = False
    return d


def find(eng: Engine, user: User, rid: str) -> Any:
    job = eng.store.job(user.id, rid)
    if job is None:
        raise ApiError(404, 404, f"render {rid[:100]} not found")
    return job


@router.post("/api/render/proxy/lambda", tags=["render"])
def start(body: RenderRequest, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
    if not all(request.headers.get(h, "").strip() for h in attribution):
        raise ApiError(
            402,
            402,
            "export blocked: send X-Skill-Source, X-Skill-Version and X-Skill-Platform "
            "(register or upgrade to unlock export)",
        )
    own_session(eng, body.sessionId, user)
    if body.output.quality not in QUALITY:
        raise ApiError(422, 422, f"output.quality: use one of {', '.join(QUALITY)}")
    try:
        draft = Draft.parse(body.draft)
    except DraftError as e:
        raise ApiError(422, 422, str(e)) from None
    if not any(t.sg for t in draft.t):
        raise ApiError(422, 422, "the draft has no segments yet; make an edit first")
    try:
        eng.settings.limits.check_draft(draft)
    except LimitError as e:
        raise ApiError(422, 422, str(e)) from None
    for t in draft.t:
        for s in t.sg:
            src = str(s.get("src") or "")
            if src and not src.startswith("color:"):
                sha = sha_of(src)
                if sha is None or not eng.store.owns_blob(user.id, sha) or not eng.music.known(sha):
                    raise ApiError(422, 422, f"{src[:120]}: not a file of your sessions; upload it first")
    created = eng.store.add_job(user.id, body.id, body.sessionId, draft.dump(), body.output.quality)
    job = find(eng, user, body.id)  # answered as submitted: a new job is "pending"
    if created:
        eng.workers.submit(job)
    return ok_render(job_view(request, eng, job))


@router.get("/api/render/proxy/lambda/{rid}", tags=["render"])
async def poll(
    rid: str,
    request: Request,
    user: UserDep,
    eng: EngineDep,
    status: Annotated[
        str | None, Query(pattern="^(pending|processing)$", description="the status the client saw last")
    ] = None,
    wait: Annotated[
        float, Query(ge=0, le=MAX_POLL_WAIT, description="seconds to hold the answer while the status is `status`")
    ] = 0,
) -> dict[str, Any]:
    """The job. With `status` and `wait` (this engine's extension; the cloud's poll ignores them), the
    answer comes as soon as the status changes, so a finished render is heard of at once. A held poll
    holds no thread: it looks at the job every few hundredths of a second."""
    job = find(eng, user, rid)
    deadline = time.monotonic() + wait
    while status is not None and job.status == status and time.monotonic() < deadline:
        await asyncio.sleep(POLL_STEP)
        job = find(eng, user, rid)
    return ok_render(job_view(request, eng, job))


@router.post("/api/render/proxy/lambda/{rid}/cancel", tags=["render"])
def cancel(rid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
    job = find(eng, user, rid)
    if job.status not in ("completed", "failed"):
        eng.workers.cancel(user.id, rid)
    return ok_render(job_view(request, eng, find(eng, user, rid)))


@router.get("/api/render/proxy/{rid}/download", tags=["render"], responses={200: {"content": {"video/mp4": {}}}})
def download(rid: str, user: UserDep, eng: EngineDep) -> FileResponse:
    job = find(eng, user, rid)
    if job.status != "completed" or not job.output_sha:
        raise ApiError(409, 409, f"render {rid} is {job.status} ({job.progress}%); poll until completed")
    return FileResponse(eng.blobs.path(job.output_sha), media_type="video/mp4", filename=f"{rid}.mp4")
