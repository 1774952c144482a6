"""Render jobs: a worker pool sized to the cores, progress in SQLite, outputs in the blob store.

A job is pending → processing → completed | failed. When the server stops, a
running render is interrupted and left pending; the next start runs it again,
so nothing a client was promised is lost.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict, deque
from pathlib import Path

from reelsmith.engine.model.draft import Draft
from reelsmith.engine.model.limits import Limits
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.music_store import GeneratedMusic
from reelsmith.engine.storage.store import Job, Store
from reelsmith.protocol.files import sha_of

log = logging.getLogger("reelsmith.engine")


class FairQueue:
    """Pending jobs, taken one user at a time in turn: one user's twenty renders cannot starve another's one."""

    def __init__(self) -> None:
        self._by_user: OrderedDict[str, deque[Job]] = OrderedDict()
        self._cv = threading.Condition()
        self._closed = False

    def put(self, job: Job) -> None:
        with self._cv:
            self._by_user.setdefault(job.user_id, deque()).append(job)
            self._cv.notify()

    def get(self) -> Job | None:
        """The next job (the user who waited longest goes first), or None once closed."""
        with self._cv:
            while not self._by_user and not self._closed:
                self._cv.wait()
            if self._closed:
                return None
            user, jobs = self._by_user.popitem(last=False)
            job = jobs.popleft()
            if jobs:
                self._by_user[user] = jobs  # back of the line
            return job

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()


class RenderWorkers:
    def __init__(
        self,
        store: Store,
        blobs: BlobStore,
        music: GeneratedMusic,
        work_dir: Path,
        workers: int | None = None,
        limits: Limits | None = None,
        keep_failed: int = 0,
    ) -> None:
        self.store, self.blobs, self.music, self.work_dir = store, blobs, music, work_dir
        self.limits, self.keep_failed = limits or Limits(), keep_failed
        self.queue = FairQueue()
        self._cancelled: set[tuple[str, str]] = set()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._loop, name=f"render-{i}", daemon=True)
            for i in range(workers or os.cpu_count() or 2)
        ]
        for t in self._threads:
            t.start()

    def resume(self) -> int:
        """Queue what an earlier run left pending or half done."""
        jobs = self.store.unfinished_jobs()
        for job in jobs:
            self.submit(job)
        return len(jobs)

    def submit(self, job: Job) -> None:
        self.queue.put(job)

    def cancel(self, user_id: str, job_id: str) -> None:
        with self._lock:
            self._cancelled.add((user_id, job_id))
        job = self.store.job(user_id, job_id)
        if job and job.status == "pending":
            self.store.update_job(user_id, job_id, status="failed", error="cancelled")

    def shutdown(self) -> None:
        self._stopping.set()
        self.queue.close()
        for t in self._threads:
            t.join()

    def _loop(self) -> None:
        while (job := self.queue.get()) is not None:
            self._run(job)

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

        deadline = time.monotonic() + self.limits.render_seconds

        def cancelled() -> bool:
            return self._stopping.is_set() or key in self._cancelled or time.monotonic() > deadline

        out = self.blobs.temp(".mp4")
        try:
            from reelsmith.engine.render.render import render

            render(
                Draft.parse(job.draft),
                out,
                quality=job.quality,
                resolve=self.resolve,
                progress=progress,
                work_dir=self.work_dir / "jobs",
                cache_dir=self.work_dir / "stills",
                cancel=cancelled,
                limits=self.limits,
                keep_failed=self.keep_failed,
            )
            sha = self.blobs.add_file(out)
            self.store.update_job(*key, status="completed", progress=100, output_sha=sha)
        except Exception as e:
            if self._stopping.is_set():
                self.store.update_job(*key, status="pending", progress=0)  # run again on the next start
            elif key in self._cancelled:
                self.store.update_job(*key, status="failed", error="cancelled")
            elif time.monotonic() > deadline:
                self.store.update_job(
                    *key,
                    status="failed",
                    error=(
                        f"stopped after {self.limits.render_seconds:g} s, this engine's limit for one render; "
                        "export a shorter video or at a lower quality"
                    ),
                )
            else:
                log.warning("render %s failed: %s", job.id, _one_line(e))
                self.store.update_job(*key, status="failed", error=_one_line(e))
        finally:
            out.unlink(missing_ok=True)
            with self._lock:
                self._cancelled.discard(key)

    def resolve(self, src: str) -> str:
        sha = sha_of(src)
        if sha is None or not self.music.ensure(sha):
            raise FileNotFoundError(f"{src}: not in this engine's store; upload it to the session first")
        return str(self.blobs.path(sha))


def _one_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:300]
