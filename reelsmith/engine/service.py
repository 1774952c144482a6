"""The local engine's HTTP service: the backend protocol of PROTOCOL.md (the forms marked
engine), so the one skill client drives this or the cloud.

Envelopes: `{"code", "message", "data"}`, and `{"success", "data"}` on the render
endpoints. Errors carry both `code` and `success: false`, so either reader copes.
"""

from __future__ import annotations

import errno
import json
import secrets
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import render_api, stream
from .context import APP, ApiError, Engine, EngineDep, Settings, UserDep, bearer, log, ok, own_session
from .guard import BodyLimit
from .ingest import MB, IngestError, fetch_url, receive, safe_name, size_limit, too_big
from .probe import media_type

__all__ = ["Settings", "create_app"]


class SessionCreate(BaseModel):
    task_name: str = Field("project", max_length=200)
    language: str = Field("en", max_length=16)


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

    def body_limit(scope: dict[str, Any]) -> tuple[int, str]:
        if str(scope.get("path", "")).startswith(f"/api/upload-video/{APP}/"):
            skill = dict(scope.get("headers") or []).get(b"x-skill-source", b"").decode("latin-1")
            limit = size_limit(skill, settings.size_limits)
            # one file's limit, plus the form's own bytes
            return limit + MB, (f"the upload is larger than this skill's {limit / MB:g} MB limit; compress or trim "
                                "the file, and send big files one request each")
        limit = settings.limits.json_body
        return limit, f"request body larger than this engine takes ({limit / MB:g} MB)"

    app.add_middleware(BodyLimit, limit_for=body_limit)
    _auth_routes(app)
    _session_routes(app)
    render_api.add_routes(app)
    stream.add_routes(app)
    return app


DISK_FULL = "the engine's disk is full; nothing was saved. Free some space on its data folder and try again"


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
        code = 4002 if e.status_code == 413 else e.status_code
        return JSONResponse(body(code, str(e.detail)), e.status_code, headers=e.headers)

    @app.exception_handler(OSError)
    async def os_error(_: Request, e: OSError) -> JSONResponse:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            log.error("disk full: %s", e)
            return JSONResponse(body(507, DISK_FULL), 507)
        log.exception("unexpected error")
        return JSONResponse(body(500, f"the engine failed ({type(e).__name__}); try again"), 500)

    @app.exception_handler(sqlite3.OperationalError)
    async def db_error(_: Request, e: sqlite3.OperationalError) -> JSONResponse:
        if "full" in str(e):
            return JSONResponse(body(507, DISK_FULL), 507)
        log.exception("database error")
        return JSONResponse(body(503, "the engine's records are busy or unreadable; try again"), 503)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, e: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(body(500, f"the engine failed ({type(e).__name__}); try again"), 500)


def _auth_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["engine"])
    def healthz() -> dict[str, Any]:
        return ok({"engine": "reelsmith", "version": __version__})

    @app.post("/api/auth/anonymous-token", tags=["auth"])
    def anonymous_token(request: Request, eng: EngineDep,
                        x_client_id: Annotated[str | None, Header(max_length=128)] = None) -> dict[str, Any]:
        cid = (x_client_id or "").strip()
        if not cid:
            raise ApiError(400, 400, "X-Client-Id header missing; send a random UUID as X-Client-Id")
        # a fresh client id per call would get a fresh token (and fresh credits) each time: count by address too
        address = request.client.host if request.client else ""
        hour = 3600.0
        given, first = eng.store.tokens_from(address, time.time() - hour)
        if given >= eng.settings.limits.tokens_per_address_hour:
            wait = int(first + hour - time.time()) + 1
            raise ApiError(429, 429, f"too many new tokens from this address in the last hour; try again in {wait} s",
                           {"Retry-After": str(wait)})
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
        limit = size_limit(request.headers.get("x-skill-source"), eng.settings.size_limits)
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
                    try:
                        got.append(await anyio.to_thread.run_sync(receive, eng.blobs, f.file, name, limit))
                    except IngestError as e:
                        raise _ingest(e) from None
        elif ctype.startswith("application/json"):
            try:
                payload = json.loads(await request.body())
                urls = payload["urls"]
                assert isinstance(urls, list) and urls and all(isinstance(u, str) for u in urls) and len(urls) <= 20
            except (ValueError, KeyError, TypeError, AssertionError):
                raise ApiError(422, 422, 'send {"urls": ["https://…"], "source_type": "url"} (1 to 20 URLs)') from None
            for u in urls:
                try:
                    got.append(await fetch_url(eng.blobs, u, limit, eng.settings.url_timeout,
                                                allow_private=eng.settings.allow_private_urls))
                except IngestError as e:
                    raise _ingest(e) from None
        else:
            raise ApiError(415, 422, "send multipart/form-data with files=, or JSON with urls")
        files = []
        for g in got:
            name = eng.store.add_upload(sid, g.filename, g.file_type, g.sha, g.size, g.info)
            files.append(_file_view(request, eng, {**g.info, "filename": name, "file_type": g.file_type,
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
            "video_infos": [_file_view(request, eng, u) for u in eng.store.uploads(sid)],
            "generated_media": [_file_view(request, eng, g) for g in eng.store.media(sid)],
            "canvas_config": canvas}})

    @app.get(f"/api/state/{APP}/me/{{sid}}/history", tags=["sessions"])
    def history(sid: str, user: UserDep, eng: EngineDep) -> dict[str, Any]:
        own_session(eng, sid, user)
        return ok({"session_id": sid, "versions": eng.store.history(sid)})

    @app.get("/files/{sha}/{name}", tags=["files"])
    def files(sha: str, name: str, request: Request, eng: EngineDep,
              creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
              exp: str | None = None, sig: str | None = None) -> FileResponse:
        """A stored file, for its owner (token) or the holder of a signed link; to anyone else it does not
        exist, so a hash confirms nothing."""
        allowed = False
        if len(sha) == 64 and all(c in "0123456789abcdef" for c in sha) and eng.blobs.has(sha):
            if eng.link_valid(sha, exp, sig):
                allowed = True
            elif creds is not None:
                user = eng.store.user_for_token(creds.credentials)
                allowed = user is not None and eng.store.owns_blob(user.id, sha, outputs=True)
        if not allowed:
            raise ApiError(404, 404, "no such file, or the link has expired; read the session state for a fresh link")
        path = eng.blobs.path(sha)
        return FileResponse(path, media_type=media_type(path), filename=safe_name(name, "file"),
                            content_disposition_type="attachment", headers={"Cache-Control": "private"})


def _ingest(e: IngestError) -> ApiError:
    return ApiError({4001: 415, 4002: 413}.get(e.code, 422), e.code, str(e))


def _file_view(request: Request, eng: Engine, f: dict[str, Any]) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    name = f.get("filename") or f.get("name") or "file"
    keys = ("filename", "name", "kind", "mood", "file_type", "duration", "width", "height", "fps", "hash", "size",
            "has_audio")
    return {**{k: f[k] for k in keys if k in f}, "cdn_url": eng.file_url(base, f["hash"], name)}
