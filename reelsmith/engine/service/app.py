"""The local engine's HTTP service: the backend protocol of docs/protocol.md (the forms marked
engine), so the one skill client drives this or the cloud.

Envelopes: `{"code", "message", "data"}`, and `{"success", "data"}` on the render
endpoints. Errors carry both `code` and `success: false`, so either reader copes.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from reelsmith._version import __version__
from reelsmith.engine.service.deps import (
    APP,
    ApiError,
    Engine,
    Settings,
    log,
)
from reelsmith.engine.service.guard import BodyLimit
from reelsmith.engine.service.routes import auth, files, render, run, sessions, uploads
from reelsmith.engine.storage.ingest import MB, size_limit

__all__ = ["Settings", "create_app"]


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

    app = FastAPI(
        title="reelsmith local engine",
        version=__version__,
        lifespan=lifespan,
        description="The video backend protocol, served locally: sessions, uploads, the message "
        "stream, state, render jobs and credits.",
    )
    _errors(app)

    def body_limit(scope: MutableMapping[str, Any]) -> tuple[int, str]:
        if str(scope.get("path", "")).startswith(f"/api/upload-video/{APP}/"):
            skill = dict(scope.get("headers") or []).get(b"x-skill-source", b"").decode("latin-1")
            limit = size_limit(skill, settings.size_limits)
            # one file's limit, plus the form's own bytes
            return limit + MB, (
                f"the upload is larger than this skill's {limit / MB:g} MB limit; compress or trim "
                "the file, and send big files one request each"
            )
        limit = settings.limits.json_body
        return limit, f"request body larger than this engine takes ({limit / MB:g} MB)"

    app.add_middleware(BodyLimit, limit_for=body_limit)
    for routes in (auth, sessions, uploads, run, render, files):
        app.include_router(routes.router)
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
