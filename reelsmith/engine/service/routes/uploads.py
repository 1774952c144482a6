"""Uploads: files in a multipart form, or URLs the engine fetches itself."""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from reelsmith.engine.service.deps import APP, ApiError, EngineDep, UserDep, ok, own_session
from reelsmith.engine.service.routes.files import file_view
from reelsmith.engine.storage.ingest import IngestError, fetch_url, receive, safe_name, size_limit, too_big

router = APIRouter()


upload_body = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["urls"],
                    "properties": {
                        "urls": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
                        "source_type": {"type": "string", "enum": ["url"]},
                    },
                }
            },
        }
    }
}


@router.post(f"/api/upload-video/{APP}/me/{{sid}}", tags=["uploads"], openapi_extra=upload_body)
async def upload(sid: str, request: Request, user: UserDep, eng: EngineDep) -> dict[str, Any]:
    own_session(eng, sid, user)
    limit = size_limit(request.headers.get("x-skill-source"), eng.settings.size_limits)
    ctype = request.headers.get("content-type", "")
    got = []
    if ctype.startswith("multipart/form-data"):
        async with request.form(max_files=100) as form:
            items = [f for f in form.getlist("files") + form.getlist("file") if isinstance(f, UploadFile)]
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
                got.append(
                    await fetch_url(
                        eng.blobs, u, limit, eng.settings.url_timeout, allow_private=eng.settings.allow_private_urls
                    )
                )
            except IngestError as e:
                raise _ingest(e) from None
    else:
        raise ApiError(415, 422, "send multipart/form-data with files=, or JSON with urls")
    files = []
    for g in got:
        name = eng.store.add_upload(sid, g.filename, g.file_type, g.sha, g.size, g.info)
        files.append(
            file_view(
                request, eng, {**g.info, "filename": name, "file_type": g.file_type, "hash": g.sha, "size": g.size}
            )
        )
    return ok({"files": files, "session_id": sid})


def _ingest(e: IngestError) -> ApiError:
    return ApiError({4001: 415, 4002: 413}.get(e.code, 422), e.code, str(e))
