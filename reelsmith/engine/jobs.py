"""Render jobs: a worker pool sized to the cores, progress in SQLite, outputs in the blob store.

A job is pending → processing → completed | failed. When the server stops, a
running render is interrupted and left pending; the next start runs it again,
so nothing a client was promised is lost.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .blobs import BlobStore
from .draft import Draft
from .store import Job, Store

log = logging.getLogger("reelsmith.engine")
BLOB_REF = re.compile(r"/files/([0-9a-f]{64})(?:/|$)")

def blob_ref(src: str) -> str | None:
    """The hash in a `/files/<sha256>/<name>` reference, whatever host it was given with."""
    m = BLOB_REF.search(src)
    return m[1] if m else None

class RenderWorkers:
    def __init__(self, store: Store, blobs: BlobStore, work_dir: Path, workers: int | None = None) -> None:
        self.store, self.blobs, self.work_dir = store, blobs, work_dir
        self.pool = ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2, thread_name_prefix="render")
        self._cancelled: set[tuple[str, str]] = set()
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def resume(self) -> int:
        """Queue what an earlier run left pending or half done."""
        jobs = self.store.unfinished_jobs()
        for job in jobs:
            self.submit(job)
        return len(jobs)

    def submit(self, job: Job) -> None:
        self.pool.submit(self._run, job)

    def cancel(self, user_id: str, job_id: str) -> None:
        with self._lock:
            self._cancelled.add((user_id, job_id))
        job = self.store.job(user_id, job_id)
        if job and job.status == "pending":
            self.store.update_job(user_id, job_id, status="failed", error="cancelled")

    def shutdown(self) -> None:
        self._stopping.set()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job) -> None:
        key = (job.user_id, job.id)
        current = self.store.job(*key)
        if current is None or current.status != "pending" or self._stopping.is_set():
            return
        self.store.update_job(*key, status="processing", progress=0)
        last = [-1]

        def progress(done: int, total: int) -> None:
            pct = min(99, int(100 * done / total)) if total else 0
            if pct != last[0]:  # one write per percent, not per frame
                last[0] = pct
                self.store.update_job(*key, progress=pct)

        def cancelled() -> bool:
            return self._stopping.is_set() or key in self._cancelled

        out = self.blobs.temp(".mp4")
        try:
            from .render import render

            render(Draft.parse(job.draft), out, quality=job.quality, resolve=self.resolve,
                   progress=progress, work_dir=self.work_dir / "stills", cancel=cancelled)
            sha = self.blobs.add_file(out)
            self.store.update_job(*key, status="completed", progress=100, output_sha=sha)
        except Exception as e:  # noqa: BLE001 - any failure becomes the job's reason
            if self._stopping.is_set():
                self.store.update_job(*key, status="pending", progress=0)  # run again on the next start
            elif key in self._cancelled:
                self.store.update_job(*key, status="failed", error="cancelled")
            else:
                log.warning("render %s failed: %s", job.id, e)
                self.store.update_job(*key, status="failed", error=_one_line(e))
        finally:
            out.unlink(missing_ok=True)
            with self._lock:
                self._cancelled.discard(key)

    def resolve(self, src: str) -> str:
        sha = blob_ref(src)
        if sha is None or not self.blobs.has(sha):
            raise FileNotFoundError(f"{src}: not in this engine's store; upload it to the session first")
        return str(self.blobs.path(sha))

def _one_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:300]

