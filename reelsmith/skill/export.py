"""Export: check the draft, start the render, poll it, download the MP4 atomically.

The job is written to the state file the moment it is submitted, so a crash or a
Ctrl-C never orphans it: `resume` finds it, polls it and downloads it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import anyio
import httpx

from reelsmith.protocol.facts import Progress
from reelsmith.protocol.written import read as read_written
from reelsmith.skill import errors as E
from reelsmith.skill.models import ExportResult

if TYPE_CHECKING:
    from reelsmith.skill.client import AsyncClient
    from reelsmith.skill.session import AsyncSession

Status = Callable[[str, int], None]
LOCAL_POLL_WAIT = 1.0  # seconds a local engine may hold a poll: the progress bar still moves every second
HELD = ("pending", "processing")  # the statuses a held poll waits to change
MAX_WAIT = 45 * 60  # seconds a render may take before we stop polling (the job stays resumable)


def check_output(
    out: str | Path, overwrite: bool = False, fix: str = "pass --force to replace it, or choose another name"
) -> Path:
    """Before any work: `out` must name a file (not a folder), in a folder that exists or can be made
    and can be written, and must not exist unless `overwrite`. Else a LocalFileError naming the path,
    what is wrong and the fix. The path itself is returned, with `~` expanded."""
    out = Path(out).expanduser()
    if out.is_dir():
        raise E.LocalFileError(f"{out} is a folder; name the video file in it, e.g. {out / 'video.mp4'}")
    if (out.exists() or out.is_symlink()) and not overwrite:
        raise E.LocalFileError(f"{out} already exists; {fix}")
    folder = out.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the nearest folder that is there; the rest is made on download
    if not folder.is_dir():
        raise E.LocalFileError(f"{out} cannot be saved: {folder} is a file, not a folder; choose another path")
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".reelsmith-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise E.LocalFileError(
            f"{out} cannot be saved: {folder} is not writable ({e.strerror or e}); choose another folder"
        ) from None
    return out


async def export(
    session: AsyncSession,
    out: Path,
    quality: str = "high",
    progress: Progress | None = None,
    on_status: Status | None = None,
) -> ExportResult:
    c = session.client
    check_output(out, overwrite=True)  # a folder that cannot be written is refused before a render
    st = await session.state()
    if not st.ready:
        raise E.NothingToExport(
            "nothing to export yet: the timeline has no segments; upload media and ask for "
            'an edit first (e.g. "turn these into a 30-second slideshow")'
        )
    job_id = c.new_render_id()
    try:
        await _submit(c, session, job_id, st.draft, quality)
    except (E.BackendError, E.ConnectionFailed):
        job_id = c.new_render_id()  # a failed submit is retried once, under a new id
        await _submit(c, session, job_id, st.draft, quality)
    job = {
        "id": job_id,
        "session_id": session.id,
        "backend": c.backend.key,
        "out": str(out.resolve()),
        "quality": quality,
        "started": time.time(),
    }
    c.state_file.add_job(job)
    return await finish(c, job, progress, on_status)


async def _submit(c: AsyncClient, session: AsyncSession, job_id: str, draft: dict[str, Any], quality: str) -> None:
    await c.call(
        "starting the export",
        "POST",
        lambda: "/api/render/proxy/lambda",
        session=session,
        json=lambda: {
            "id": job_id,
            "sessionId": session.id,
            "draft": draft,
            "output": {"format": "mp4", "quality": quality},
        },
    )


def _status(data: dict[str, Any]) -> tuple[str, int, str | None, str | None]:
    """(status, progress, url, error) from either documented shape."""
    status = str(data.get("status") or "pending").lower()
    output = data.get("output")
    out: dict[str, Any] = output if isinstance(output, dict) else {}
    url = data.get("outputUrl") or data.get("output_url") or out.get("url") or data.get("url")
    prog = data.get("progress") or 0
    err = data.get("error") or data.get("errorMessage") or data.get("message")
    return status, int(float(prog)), url, (str(err) if err else None)


async def poll(c: AsyncClient, job_id: str, on_status: Status | None = None) -> str | None:
    """Wait for the job; returns its output URL (None if only the download endpoint has it)."""
    interval, deadline = c.backend.poll_interval, time.monotonic() + MAX_WAIT
    seen: str | None = None
    while True:
        # a local engine holds the answer until the status changes (up to LOCAL_POLL_WAIT s), so a
        # finished render is heard of at once; the cloud ignores the two parameters
        hold = {"status": seen, "wait": LOCAL_POLL_WAIT} if c.backend.local and seen in HELD else {}
        asked = time.monotonic()
        data = await c.call("checking the export", "GET", lambda: f"/api/render/proxy/lambda/{job_id}", params=hold)
        status, prog, url, err = _status(data)
        seen = status
        if on_status:
            on_status(status, prog)
        if status in ("completed", "complete", "succeeded", "success", "done"):
            return url
        if status in ("failed", "error", "cancelled"):
            # a backend that says a retry cannot help (ours does) gets no "run export again"
            again = "" if data.get("retryable") is False or status == "cancelled" else "; run export again"
            raise E.RenderFailed(f"the export failed: {err or 'no reason given'}{again}")
        if time.monotonic() > deadline:
            raise E.RenderFailed(
                f"the export is still running after {MAX_WAIT // 60} minutes; "
                "`reelsmith export --resume` picks it up later"
            )
        await anyio.sleep(max(0.0, interval - (time.monotonic() - asked)))  # a held poll has waited already
        interval = min(interval * 1.5, c.backend.poll_max)


async def finish(
    c: AsyncClient,
    job: dict[str, Any],
    progress: Progress | None = None,
    on_status: Status | None = None,
    out: Path | None = None,
) -> ExportResult:
    """Wait for the job and save its video at `out` (default: where the export asked for it).

    A job never blocks later exports: a render that failed, or that the backend no longer has, is
    dropped from the state file; a finished render whose file cannot be written is kept, marked with
    why ("parked"), and saved later by `export --resume` (to its own path, or to `-o` elsewhere)."""
    try:
        url = await poll(c, job["id"], on_status)
    except E.RenderFailed:
        c.state_file.drop_job(job["id"])  # a failed render cannot be picked up again
        raise
    except E.BackendError as e:
        if e.status != 404:
            raise
        c.state_file.drop_job(job["id"])
        raise E.RenderFailed(f"the export {job['id']} is not on the backend any more; run export again") from None
    target = Path(out or job["out"])
    try:
        check_output(target, overwrite=True)  # the folder may have gone since the export started
        size = await download(c, job["id"], url, target, progress)
    except E.LocalFileError as e:
        fix = "`reelsmith export --resume -o OTHER.mp4` saves it elsewhere"
        err = E.NotSaved(f"the video was rendered but not saved: {_reason(e)}; the render is kept, and {fix}")
        c.state_file.add_job({**job, "error": str(err)})  # parked: only `export --resume` picks it up
        raise err from None
    c.state_file.drop_job(job["id"])
    written = read_written(target)  # the file's own facts: a preview, or a cloud's own size, as it really is
    facts = written.to_dict() if written else {}
    return ExportResult(target, job["id"], url or "", size, **facts, session_id=job.get("session_id"))


def _reason(e: E.LocalFileError) -> str:
    """The problem part of a "problem; fix" message."""
    return str(e).split("; ")[0]


async def resume(
    c: AsyncClient,
    progress: Progress | None = None,
    on_status: Status | None = None,
    *,
    out: Path | None = None,
    session_id: str | None = None,
    failed: list[tuple[dict[str, Any], E.SkillError]] | None = None,
    parked: bool = True,
) -> list[ExportResult]:
    """Finish every export this backend left unfinished (of `session_id`, if given), parked ones
    included unless `parked` is false. `out` saves the one unfinished export there instead. Each job
    is tried; the failures go to `failed` if given, else the first is raised once the others are done."""
    jobs = [j for j in c.state_file.jobs(c.backend.key, parked) if session_id in (None, j.get("session_id"))]
    if out is not None and len(jobs) != 1:
        which = "no unfinished export" if not jobs else f"{len(jobs)} unfinished exports"
        raise E.LocalFileError(
            f"-o names one file, and there {'is' if not jobs else 'are'} {which}"
            + ("; leave out -o" if not jobs else "; pass --session ID to choose one, or leave out -o")
        )
    done: list[ExportResult] = []
    errors: list[tuple[dict[str, Any], E.SkillError]] = []
    for job in jobs:
        try:
            done.append(await finish(c, job, progress, on_status, out))
        except E.SkillError as e:
            errors.append((job, e))
    if failed is not None:
        failed += errors
    elif errors:
        raise errors[0][1]
    return done


async def download(c: AsyncClient, job_id: str, url: str | None, out: Path, progress: Progress | None) -> int:
    """To `out`, atomically: the output URL first, the download endpoint if that fails."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if url:
            full = urljoin(c.backend.base_url + "/", url)
            same_host = urlsplit(full).netloc == urlsplit(c.backend.base_url).netloc
            try:
                if same_host:
                    size = await _fetch(c.http, full, c.auth(), tmp, progress)
                else:
                    # a CDN: no token goes to another host
                    async with httpx.AsyncClient(
                        transport=c._transport, follow_redirects=True, timeout=httpx.Timeout(120.0, connect=15.0)
                    ) as plain:
                        size = await _fetch(plain, full, {}, tmp, progress)
                os.replace(tmp, out)
                return size
            except httpx.HTTPError:
                pass  # fall back to the API's own download (a local write error would fail there too)
        size = await _fetch(c.http, f"/api/render/proxy/{job_id}/download", c.auth(), tmp, progress)
        os.replace(tmp, out)
        return size
    except httpx.HTTPError as e:
        raise E.ConnectionFailed(
            f"downloading the export failed ({type(e).__name__}); `reelsmith export --resume` tries again"
        ) from None
    except OSError as e:  # the file, not the network: named as the user knows it, never the .partial
        raise E.LocalFileError(f"{out} could not be written ({e.strerror or e}); choose another path") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


async def _fetch(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], dest: Path, progress: Progress | None
) -> int:
    async with http.stream("GET", url, headers=headers, timeout=httpx.Timeout(120.0, connect=15.0)) as r:
        r.raise_for_status()
        total = int(r.headers.get("content-length") or 0)
        done = 0
        with dest.open("wb") as f:
            async for chunk in r.aiter_bytes(1 << 16):
                f.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total or done)
    return done
