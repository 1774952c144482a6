"""Taking files in: names made safe, size limits per skill, type by content, URL fetches.

Every file is probed before it joins a session, so a timeline never refers to
something the renderer cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

import httpx

from .blobs import BlobStore
from .probe import ACCEPTED_EXT, ProbeError, probe, sniff

MB = 1024 * 1024
SIZE_LIMITS = {"ai-video-maker-ai": 500 * MB, "photo-video-maker-easy": 200 * MB}
DEFAULT_LIMIT = 500 * MB
URL_TIMEOUT = 120.0  # seconds for a whole URL fetch
URL_CONNECT_TIMEOUT = 10.0


class IngestError(Exception):
    """A file refused; `code` is the protocol's (4001 type, 4002 size, 422 bad request)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Ingested:
    filename: str
    file_type: str
    sha: str
    size: int
    info: dict


def size_limit(skill: str | None, limits: dict[str, int] = SIZE_LIMITS) -> int:
    return limits.get(skill or "", DEFAULT_LIMIT)


def safe_name(name: str, fallback: str = "upload") -> str:
    """A plain file name: no directories, no control characters, no leading dots, not too long."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/")).split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", name).strip().lstrip(".")
    if not name:
        name = fallback
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[:100] or fallback
    return f"{stem}.{ext[:10]}" if ext else stem


def too_big(name: str, limit: int) -> IngestError:
    return IngestError(4002, f"{name}: larger than this skill's {limit / MB:g} MB limit; "
                             "compress it or trim it, then upload again")


def admit(blobs: BlobStore, tmp: Path, filename: str) -> Ingested:
    """Check a received file by its content, probe it, and move it into the store."""
    kind = sniff(tmp)
    if kind is None:
        raise IngestError(4001, f"{filename}: not a photo, clip or audio file (checked by content, not by name); "
                                f"accepted: {', '.join(sorted(ACCEPTED_EXT))}")
    try:
        info = probe(tmp, with_hash=False).to_dict()
    except ProbeError as e:
        reason = str(e).split(": ", 1)[-1]
        raise IngestError(4001, f"{filename}: {reason}") from None
    size = tmp.stat().st_size
    sha = blobs.add_file(tmp)
    info.pop("path", None)
    info["hash"] = sha
    return Ingested(filename, info["file_type"], sha, size, info)


def receive(blobs: BlobStore, f: BinaryIO, name: str, limit: int) -> Ingested:
    """Copy an uploaded file in (refusing it past `limit` bytes) and admit it."""
    tmp = blobs.temp()
    try:
        size = 0
        with tmp.open("wb") as out:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                size += len(chunk)
                if size > limit:
                    raise too_big(name, limit)
                out.write(chunk)
        return admit(blobs, tmp, name)
    finally:
        tmp.unlink(missing_ok=True)


async def fetch_url(blobs: BlobStore, url: str, limit: int, timeout: float = URL_TIMEOUT) -> Ingested:
    """Download an http(s) URL (size- and time-limited) and admit it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise IngestError(422, f"{url[:200]}: only http:// and https:// URLs can be fetched; "
                               "upload a local file as a file instead")
    name = safe_name(unquote(PurePosixPath(parts.path).name), "download")
    tmp = blobs.temp()
    try:
        t = httpx.Timeout(timeout, connect=URL_CONNECT_TIMEOUT)
        async with httpx.AsyncClient(follow_redirects=True, max_redirects=5, timeout=t) as client:
            async with client.stream("GET", url) as r:
                if r.status_code != 200:
                    raise IngestError(422, f"{name}: the URL answered HTTP {r.status_code}; check that it is public")
                if int(r.headers.get("content-length") or 0) > limit:
                    raise too_big(name, limit)
                size = 0
                with tmp.open("wb") as f:
                    async for chunk in r.aiter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise too_big(name, limit)
                        f.write(chunk)
        return admit(blobs, tmp, name)
    except httpx.TimeoutException:
        raise IngestError(422, f"{name}: the download took too long; upload the file itself") from None
    except httpx.HTTPError as e:
        raise IngestError(422, f"{name}: could not download ({type(e).__name__}); check the URL") from None
    finally:
        tmp.unlink(missing_ok=True)
