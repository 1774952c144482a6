"""Stored files: served to their owner or the holder of a signed link, and how a file is shown."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials

from reelsmith.engine.media.probe import media_type
from reelsmith.engine.service.deps import ApiError, Engine, EngineDep, bearer
from reelsmith.engine.storage.ingest import safe_name

router = APIRouter()


@router.get("/files/{sha}/{name}", tags=["files"])
def files(
    sha: str,
    name: str,
    request: Request,
    eng: EngineDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
    exp: str | None = None,
    sig: str | None = None,
) -> FileResponse:
    """A stored file, for its owner (token) or the holder of a signed link; to anyone else it does not
    exist, so a hash confirms nothing."""
    allowed = False
    if len(sha) == 64 and all(c in "0123456789abcdef" for c in sha) and eng.music.known(sha):
        if eng.link_valid(sha, exp, sig):
            allowed = True
        elif creds is not None:
            user = eng.store.user_for_token(creds.credentials)
            allowed = user is not None and eng.store.owns_blob(user.id, sha, outputs=True)
    if not allowed:
        raise ApiError(404, 404, "no such file, or the link has expired; read the session state for a fresh link")
    eng.music.ensure(sha)  # a generated track not made yet is made for its first reader
    path = eng.blobs.path(sha)
    return FileResponse(
        path,
        media_type=media_type(path),
        filename=safe_name(name, "file"),
        content_disposition_type="attachment",
        headers={"Cache-Control": "private"},
    )


def file_view(request: Request, eng: Engine, f: dict[str, Any]) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    name = f.get("filename") or f.get("name") or "file"
    keys = (
        "filename",
        "name",
        "kind",
        "mood",
        "file_type",
        "duration",
        "width",
        "height",
        "fps",
        "hash",
        "size",
        "has_audio",
    )
    return {**{k: f[k] for k in keys if k in f}, "cdn_url": eng.file_url(base, f["hash"], name)}
