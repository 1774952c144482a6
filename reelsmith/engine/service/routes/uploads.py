"""Uploads: files in a multipart form, or URLs the engine fetches itself."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import anyio
from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from reelsmith.engine.service.deps import APP, ApiError, Engine, EngineDep, UserDep, ok, own_session
from reelsmith.engine.service.routes.files import file_view
from reelsmith.engine.storage.ingest import (
    Ingested,
    IngestError,
    fetch_url,
    receive,
    safe_name,
    size_limit,
    too_big,
)

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
            names = [safe_name(f.filename or "upload") for f in items]
            for f, name in zip(items, names, strict=True):
                if f.size is not None and f.size > limit:
                    raise _ingest(too_big(name, limit))
            got = await _receive_all(eng, [f.file for f in items], names, limit)
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


INGEST_THREADS = 2  # files checked and hashed at once: decoding and hashing release the GIL


async def _receive_all(eng: Engine, files: list[BinaryIO], names: list[str], limit: int) -> list[Ingested]:
    """Store, check and hash the files, two at a time, in the order given; the first bad one refuses all."""
    done: list[Ingested | None] = [None] * len(files)
    limiter = anyio.CapacityLimiter(INGEST_THREADS)

    async def one(i: int) -> None:
        done[i] = await anyio.to_thread.run_sync(receive, eng.blobs, files[i], names[i], limit, limiter=limiter)

    try:
        async with anyio.create_task_group() as tg:
            for i in range(len(files)):
                tg.start_soon(one, i)
    except ExceptionGroup as group:
        # answered as one file's failure would be (a refusal, a full disk…), not as a group
        bad = next((e for e in group.exceptions if isinstance(e, IngestError)), None)
        if bad is not None:
            raise _ingest(bad) from None
        raise group.exceptions[0] from None
    return [r for r in done if r is not None]


def _ingest(e: IngestError) -> ApiError:
    return ApiError({4001: 415, 4002: 413}.get(e.code, 422), e.code, str(e))
