"""The local engine's HTTP service: the backend protocol of PROTOCOL.md (the forms marked
engine), so the one skill client drives this or the cloud.

Envelopes: `{"code", "message", "data"}`, and `{"success", "data"}` on the render
endpoints. Errors carry both `code` and `success: false`, so either reader copes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from .blobs import BlobStore
from .draft import Draft, DraftError
from .ingest import IngestError, admit, fetch_url, safe_name, size_limit, too_big
from .jobs import RenderWorkers, blob_ref
from .render import QUALITY
from .store import Store, User
from .turns import Turn, file_ref

log = logging.getLogger("reelsmith.engine")
WEEK = 7 * 24 * 3600
APP = "nemo_agent"


@dataclass
class Settings:
    data_dir: Path
    credits: int | None = None  # per token; None = unlimited
    edit_cost: int = 1  # credits charged per edit that changes the timeline
    token_ttl: float = WEEK  # a token's life, and the window of one token per client id
    workers: int | None = None  # render workers; default one per core
    heartbeat: float = 10.0  # seconds between "still working" events on /run_sse
    url_timeout: float = 120.0


class ApiError(Exception):
    def __init__(self, status: int, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def ok(data: Any) -> dict[str, Any]:
    return {"code": 0, "message": "success", "data": data}


def ok_render(data: Any) -> dict[str, Any]:
    return {"success": True, "data": data}


class SessionCreate(BaseModel):
    task_name: str = Field("project", max_length=200)
    language: str = Field("en", max_length=16)


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


class OutputSpec(BaseModel):
    format: str = Field("mp4", pattern="^mp4$")
    quality: str = "high"


class RenderRequest(BaseModel):
    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]{1,100}$")
    sessionId: str = Field(max_length=100)  # noqa: N815 - the protocol's camelCase
    draft: dict[str, Any]
    output: OutputSpec = OutputSpec()


class Engine:
    """What the routes share: settings, records, files and render workers."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(settings.data_dir / "engine.sqlite3")
        self.blobs = BlobStore(settings.data_dir / "files")
        self.workers = RenderWorkers(self.store, self.blobs, settings.data_dir / "work", settings.workers)


bearer = HTTPBearer(auto_error=False, description="the token from /api/auth/anonymous-token")


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def current_user(request: Request,
                 creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    eng = engine_of(request)
    user = eng.store.user_for_token(creds.credentials) if creds else None
    h = request.headers
    eng.store.log_request(user.id if user else None, request.method, request.url.path, h.get("x-skill-source"),
                          h.get("x-skill-version"), h.get("x-skill-platform"))
    if user is None:
        raise ApiError(401, 1001, "token missing, invalid or expired; get a new one from /api/auth/anonymous-token")
    return user


UserDep = Annotated[User, Depends(current_user)]
EngineDep = Annotated[Engine, Depends(engine_of)]


def own_session(eng: Engine, sid: str, user: User) -> dict[str, Any]:
    s = eng.store.session(sid, user.id)
    if s is None:
        raise ApiError(404, 1002, f"session {sid[:100]} not found; create a new session")
    return s


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        eng = Engine(settings)
        eng.blobs.clear_temp()
        app.state.engine = eng
        resumed = eng.workers.resume()
        if resumed:
            log.info("resumed %d unfinished render job(s)", resumed)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(eng.workers.shutdown)
            eng.store.close()

    app = FastAPI(title="reelsmith local engine", version=__version__, lifespan=lifespan,
                  description="The video backend protocol, served locally: sessions, uploads, the message "
                              "stream, state, render jobs and credits.")
    _errors(app)
    _auth_routes(app)
    _session_routes(app)
    _render_routes(app)
    return app


def _errors(app: FastAPI) -> None:
    def body(code: int, message: str) -> dict[str, Any]:
        return {"code": code, "success": False, "message": message, "data": None}

    @app.exception_handler(ApiError)
    async def api_error(_: Request, e: ApiError) -> JSONResponse:
        return JSONResponse(body(e.code, e.message), e.status, headers=e.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0] if e.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        return JSONResponse(body(422, f"{where or 'request'}: {first.get('msg')}"), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, e: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(body(e.status_code, str(e.detail)), e.status_code, headers=e.headers)


def _auth_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["engine"])
    def healthz() -> dict[str, Any]:
        return ok({"engine": "reelsmith", "version": __version__})

    @app.post("/api/auth/anonymous-token", tags=["auth"])
    def anonymous_token(eng: EngineDep,
                        x_client_id: Annotated[str | None, Header(max_length=128)] = None) -> dict[str, Any]:
        cid = (x_client_id or "").strip()
        if not cid:
            raise ApiError(400, 400, "X-Client-Id header missing; send a random UUID as X-Client-Id")
        ttl = eng.settings.token_ttl
        last = eng.store.last_token_for_client(cid)
        if last is not None and time.time() - last < ttl:
            wait = int(ttl - (time.time() - last)) + 1
            raise ApiError(429, 429, "this client id already has a token; use it, or wait", {"Retry-After": str(wait)})
        user_id = eng.store.user_for_client(cid) or f"anon_{uuid.uuid4().hex[:16]}"
        token = f"rsk_usr_{secrets.token_urlsafe(32)}"
        expires = time.time() + ttl
        eng.store.add_token(token, user_id, cid, expires, eng.settings.credits)
        user = eng.store.user(user_id)
        return ok({"token": token, "user_id": user_id, "credits": user.credits_left,
                   "expires_at": datetime.fromtimestamp(expires, UTC).isoformat(timespec="seconds")})

    @app.get("/api/credits/balance/simple", tags=["credits"])
    def credits(user: UserDep) -> dict[str, Any]:
        left = user.credits_left
        return ok({"available": left, "frozen": 0, "total": user.credits_total, "used": user.credits_used,
                   "unlimited": left is None})


def _session_routes(app: FastAPI) -> None:
    @app.post(f"/api/tasks/me/with-session/{APP}", tags=["sessions"])
    def new_session(body: SessionCreate, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        sid, task = uuid.uuid4().hex, uuid.uuid4().hex
        eng.store.add_session(sid, user.id, task, body.task_name, body.language)
        return ok({"task_id": task, "session_id": sid, "user_id": user.id})

    upload_body = {"requestBody": {"content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
        "application/json": {"schema": {"type": "object", "required": ["urls"], "properties": {
            "urls": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "source_type": {"type": "string", "enum": ["url"]}}}}}}}

    @app.post(f"/api/upload-video/{APP}/me/{{sid}}", tags=["uploads"], openapi_extra=upload_body)
    async def upload(sid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        own_session(eng, sid, user)
        limit = size_limit(request.headers.get("x-skill-source"))
        ctype = request.headers.get("content-type", "")
        got = []
        if ctype.startswith("multipart/form-data"):
            async with request.form(max_files=100) as form:
                items = [f for f in form.getlist("files") + form.getlist("file") if hasattr(f, "filename")]
                if not items:
                    raise ApiError(422, 422, "no files in the form; send them as files=@path")
                for f in items:
                    name = safe_name(f.filename or "upload")
                    if f.size is not None and f.size > limit:
                        raise _ingest(too_big(name, limit))
                    got.append(await anyio.to_thread.run_sync(_take, eng, f.file, name, limit))
        elif ctype.startswith("application/json"):
            try:
                payload = json.loads(await request.body())
                urls = payload["urls"]
                assert isinstance(urls, list) and urls and all(isinstance(u, str) for u in urls) and len(urls) <= 20
            except (ValueError, KeyError, TypeError, AssertionError):
                raise ApiError(422, 422, 'send {"urls": ["https://…"], "source_type": "url"} (1 to 20 URLs)') from None
            for u in urls:
                try:
                    got.append(await fetch_url(eng.blobs, u, limit, eng.settings.url_timeout))
                except IngestError as e:
                    raise _ingest(e) from None
        else:
            raise ApiError(415, 422, "send multipart/form-data with files=, or JSON with urls")
        files = []
        for g in got:
            name = eng.store.add_upload(sid, g.filename, g.file_type, g.sha, g.size, g.info)
            files.append(_file_view(request, {**g.info, "filename": name, "file_type": g.file_type,
                                              "hash": g.sha, "size": g.size}))
        return ok({"files": files, "session_id": sid})

    @app.get(f"/api/state/{APP}/me/{{sid}}/latest", tags=["sessions"])
    def state(sid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        own_session(eng, sid, user)
        version, draft = eng.store.draft(sid)
        m = (draft or {}).get("m", {})
        canvas = {"width": m.get("width", 1920), "height": m.get("height", 1080), "fps": m.get("fps", 30)}
        return ok({"session_id": sid, "version": version, "state": {
            "draft": draft or {"t": [], "d": 0, "m": {}},
            "video_infos": [_file_view(request, u) for u in eng.store.uploads(sid)],
            "generated_media": [_file_view(request, g) for g in eng.store.media(sid)],
            "canvas_config": canvas}})

    @app.get(f"/api/state/{APP}/me/{{sid}}/history", tags=["sessions"])
    def history(sid: str, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        own_session(eng, sid, user)
        return ok({"session_id": sid, "versions": eng.store.history(sid)})

    @app.post("/run_sse", tags=["messages"], responses={200: {"content": {"text/event-stream": {}}}})
    def run_sse(body: RunAgentRequest, user: UserDep, eng: EngineDep) -> StreamingResponse:
        session = own_session(eng, body.session_id, user)
        text = "\n".join(p.text for p in body.new_message.parts if p.text).strip()
        if not text:
            raise ApiError(422, 422, "new_message has no text part")
        left = user.credits_left
        if left is not None and left < eng.settings.edit_cost:
            raise ApiError(403, 2001, "out of credits; register or top up to keep editing")
        turn = Turn(eng.store, eng.blobs, body.session_id, session["language"] or "en")
        return StreamingResponse(_stream(eng, user, turn, text), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/files/{sha}/{name}", tags=["files"])
    def files(sha: str, name: str, eng: EngineDep) -> FileResponse:
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha) or not eng.blobs.has(sha):
            raise ApiError(404, 404, "no such file")
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(eng.blobs.path(sha), media_type=media)


def _take(eng: Engine, f: Any, name: str, limit: int) -> Any:
    try:
        sha_tmp = eng.blobs.temp()
        try:
            size = 0
            with sha_tmp.open("wb") as out:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    size += len(chunk)
                    if size > limit:
                        raise too_big(name, limit)
                    out.write(chunk)
            return admit(eng.blobs, sha_tmp, name)
        finally:
            sha_tmp.unlink(missing_ok=True)
    except IngestError as e:
        raise _ingest(e) from None


def _ingest(e: IngestError) -> ApiError:
    return ApiError({4001: 415, 4002: 413}.get(e.code, 422), e.code, str(e))


def _file_view(request: Request, f: dict[str, Any]) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    name = f.get("filename") or f.get("name") or "file"
    keys = ("filename", "name", "kind", "mood", "file_type", "duration", "width", "height", "fps", "hash", "size",
            "has_audio")
    return {**{k: f[k] for k in keys if k in f}, "cdn_url": base + file_ref(f["hash"], name)}


async def _stream(eng: Engine, user: User, turn: Turn, text: str) -> AsyncIterator[bytes]:
    """ADK events: heartbeats while the edit runs, each call and its result, partial text, the whole text."""
    inv = f"e-{uuid.uuid4()}"

    def event(parts: list[dict[str, Any]], role: str = "model", **extra: Any) -> bytes:
        ev = {"id": uuid.uuid4().hex[:12], "invocationId": inv, "author": APP, "timestamp": time.time(),
              "content": {"role": role, "parts": parts}, **extra}
        return f"data: {json.dumps(ev, ensure_ascii=False)}\n\n".encode()

    heartbeat = b"data: \n\n"  # "still working": an empty event, not a disconnect
    yield heartbeat
    work = asyncio.ensure_future(anyio.to_thread.run_sync(turn.run, text))
    # the edit finishes even if the client goes away: its result is in the state
    while not work.done():
        await asyncio.wait({work}, timeout=eng.settings.heartbeat)
        if not work.done():
            yield heartbeat
    try:
        outcome = work.result()
    except Exception as e:  # noqa: BLE001 - reported in the stream, as the protocol does
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
        yield event([{"text": " ".join(words[i:i + step]) + (" " if i + step < len(words) else "")}], partial=True)
    yield event([{"text": outcome.text}], partial=False, turnComplete=True)


def _render_routes(app: FastAPI) -> None:
    attribution = ("x-skill-source", "x-skill-version", "x-skill-platform")

    def job_view(request: Request, job: Any) -> dict[str, Any]:
        d = {"id": job.id, "status": job.status, "progress": job.progress, "sessionId": job.session_id}
        if job.status == "completed" and job.output_sha:
            d["outputUrl"] = str(request.base_url).rstrip("/") + file_ref(job.output_sha, f"{job.id}.mp4")
        if job.error:
            d["error"] = job.error
        return d

    def find(eng: Engine, user: User, rid: str) -> Any:
        job = eng.store.job(user.id, rid)
        if job is None:
            raise ApiError(404, 404, f"render {rid[:100]} not found")
        return job

    @app.post("/api/render/proxy/lambda", tags=["render"])
    def start(body: RenderRequest, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        if not all(request.headers.get(h, "").strip() for h in attribution):
            raise ApiError(402, 402, "export blocked: send X-Skill-Source, X-Skill-Version and X-Skill-Platform "
                                     "(register or upgrade to unlock export)")
        own_session(eng, body.sessionId, user)
        if body.output.quality not in QUALITY:
            raise ApiError(422, 422, f"output.quality: use one of {', '.join(QUALITY)}")
        try:
            draft = Draft.parse(body.draft)
        except DraftError as e:
            raise ApiError(422, 422, str(e)) from None
        if not any(t.sg for t in draft.t):
            raise ApiError(422, 422, "the draft has no segments yet; make an edit first")
        for t in draft.t:
            for s in t.sg:
                src = str(s.get("src") or "")
                if src and not src.startswith("color:"):
                    sha = blob_ref(src)
                    if sha is None or not eng.store.owns_blob(user.id, sha) or not eng.blobs.has(sha):
                        raise ApiError(422, 422, f"{src[:120]}: not a file of your sessions; upload it first")
        if eng.store.add_job(user.id, body.id, body.sessionId, draft.dump(), body.output.quality):
            eng.workers.submit(find(eng, user, body.id))
        return ok_render(job_view(request, find(eng, user, body.id)))

    @app.get("/api/render/proxy/lambda/{rid}", tags=["render"])
    def poll(rid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        return ok_render(job_view(request, find(eng, user, rid)))

    @app.post("/api/render/proxy/lambda/{rid}/cancel", tags=["render"])
    def cancel(rid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        job = find(eng, user, rid)
        if job.status not in ("completed", "failed"):
            eng.workers.cancel(user.id, rid)
        return ok_render(job_view(request, find(eng, user, rid)))

    @app.get("/api/render/proxy/{rid}/download", tags=["render"],
             responses={200: {"content": {"video/mp4": {}}}})
    def download(rid: str, user: UserDep, eng: EngineDep) -> FileResponse:
        job = find(eng, user, rid)
        if job.status != "completed" or not job.output_sha:
            raise ApiError(409, 409, f"render {rid} is {job.status} ({job.progress}%); poll until completed")
        return FileResponse(eng.blobs.path(job.output_sha), media_type="video/mp4", filename=f"{rid}.mp4")
