"""Taking files in: names made safe, size limits per skill, type by content, URL fetches.

Every file is probed before it joins a session, so a timeline never refers to
something the renderer cannot read.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

import anyio
import httpx

from reelsmith.engine.media.probe import ACCEPTED_EXT, ProbeError, probe, sniff
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.netguard import AddressCheck, Refused, Resolver, is_public, open_url, resolve

MB = 1024 * 1024
SIZE_LIMITS = {"ai-video-maker-ai": 500 * MB, "photo-video-maker-easy": 200 * MB}
DEFAULT_LIMIT = 500 * MB
URL_TIMEOUT = 120.0  # seconds for a whole URL fetch
URL_CONNECT_TIMEOUT = 10.0
log = logging.getLogger("reelsmith.engine")


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
    return IngestError(
        4002, f"{name}: larger than this skill's {limit / MB:g} MB limit; compress it or trim it, then upload again"
    )


def admit(blobs: BlobStore, tmp: Path, filename: str) -> Ingested:
    """Check a received file by its content, probe it, and move it into the store."""
    kind = sniff(tmp)
    if kind is None:
        raise IngestError(
            4001,
            f"{filename}: not a photo, clip or audio file (checked by content, not by name); "
            f"accepted: {', '.join(sorted(ACCEPTED_EXT))}",
        )
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


def unreachable(name: str) -> IngestError:
    """The one answer for a URL that could not be fetched, whatever the reason: refused address, closed
    port, HTTP error or time limit all read the same, so the answer tells nothing about the network."""
    return IngestError(
        422,
        f"{name}: could not download that URL; check that it is a public http(s) link "
        "to the file, or upload the file itself",
    )


async def fetch_url(
    blobs: BlobStore,
    url: str,
    limit: int,
    timeout: float = URL_TIMEOUT,
    *,
    allow_private: bool = False,
    is_allowed: AddressCheck | None = None,
    resolver: Resolver | None = None,
) -> Ingested:
    """Download an http(s) URL and admit it: public addresses only (each redirect checked again, up to
    5), `timeout` seconds for the whole fetch, at most `limit` bytes.

    `allow_private` lets an engine on a trusted LAN (and the tests) fetch from loopback and private
    addresses; `is_allowed` and `resolver` replace the address check and the DNS lookup (tests).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise IngestError(
            422, f"{url[:200]}: only http:// and https:// URLs can be fetched; upload a local file as a file instead"
        )
    name = safe_name(unquote(PurePosixPath(parts.path).name), "download")
    if is_allowed is None:
        is_allowed = (lambda ip: True) if allow_private else is_public
    tmp = blobs.temp()
    try:
        try:
            with anyio.fail_after(timeout):
                t = httpx.Timeout(timeout, connect=URL_CONNECT_TIMEOUT)
                async with open_url(url, t, is_allowed=is_allowed, resolver=resolver or resolve) as r:
                    if r.status_code != 200:
                        raise Refused(f"HTTP {r.status_code}")
                    length = r.headers.get("content-length", "")
                    if length.isdigit() and int(length) > limit:
                        raise too_big(name, limit)
                    size = 0
                    with tmp.open("wb") as f:
                        async for chunk in r.aiter_bytes():
                            size += len(chunk)
                            if size > limit:
                                raise too_big(name, limit)
                            f.write(chunk)
        except (Refused, httpx.HTTPError, httpx.InvalidURL, TimeoutError) as e:
            log.info("URL upload from %s not fetched: %s", parts.hostname, str(e) or type(e).__name__)
            raise unreachable(name) from None
        return await anyio.to_thread.run_sync(admit, blobs, tmp, name)
    finally:
        tmp.unlink(missing_ok=True)
