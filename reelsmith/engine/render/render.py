"""Render a draft to MP4: H.264 High yuv420p + AAC 48 kHz, faststart, written atomically."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from reelsmith.engine.media import ffmpeg
from reelsmith.engine.media.probe import MediaInfo, probe, sniff
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.model.limits import Limits
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.compile import compile_draft
from reelsmith.engine.render.script import input_file, media_input
from reelsmith.engine.render.sound import make_sound
from reelsmith.engine.render.stills import even, prepare_still
from reelsmith.engine.render.video import still_jobs
from reelsmith.protocol.facts import Progress, Quality
from reelsmith.protocol.written import Written
from reelsmith.protocol.written import read as read_written

# name: (x264 preset, crf, audio bitrate). CRF sets the picture quality; the preset trades
# file size for time. On a 2-core laptop `veryfast` renders 30 s of 1080p in about 15 s;
# `best` spends 2x the time for files about a third smaller.
log = logging.getLogger("reelsmith.engine")
QUALITY: dict[Quality, tuple[str, int, str]] = {  # x264 preset, CRF, AAC bitrate
    "best": ("medium", 18, "192k"),
    "high": ("veryfast", 20, "192k"),
    "standard": ("veryfast", 23, "160k"),
    "draft": ("superfast", 27, "128k"),
    "preview": ("ultrafast", 30, "96k"),
}
# libx264 defaults to 1.5 threads per core. With 3 threads on 2 cores, this ffmpeg build crashed
# (SIGSEGV) in about one encode in ten of a vertical Ken Burns graph; with one thread per core it
# did not crash in 30 runs. The filter graph alone never crashed.
X264_THREADS = str(max(1, os.cpu_count() or 1))


def video_args(quality: Quality) -> list[str]:
    """H.264 High yuv420p at the quality's preset and CRF."""
    preset, crf, _ = QUALITY[quality]
    return ["-c:v", "libx264", "-threads", X264_THREADS, "-preset", preset, "-crf", str(crf)] + (
        ["-profile:v", "high", "-pix_fmt", "yuv420p"]
    )


def audio_args(quality: Quality) -> list[str]:
    """AAC at the quality's bitrate."""
    return ["-c:a", "aac", "-b:a", QUALITY[quality][2]]


def encoder_args(quality: Quality) -> list[str]:
    """Every encode a render does, as one command (the bench's pure encode, so the two compare like
    for like): the picture, the sound, faststart."""
    return [*video_args(quality), *audio_args(quality), "-movflags", "+faststart"]


# The picture's graph runs on one thread. x264 already keeps every core busy, so the graph's slice
# threads (ffmpeg's default: one per core) only add their hand-offs: 0.6 CPU s of a 24 s mixed render,
# 0.5 s of its wall time (bench/mixed.py), and no slower for a preview.
GRAPH_THREADS = ["-filter_complex_threads", "1"]


PREVIEW_SHORT_SIDE = 360
PREVIEW_MAX_FPS = 15


class RenderError(RuntimeError):
    pass


class SourceError(RenderError, ValueError):
    """A draft naming something that is not a readable media file: the person's input to fix (exit 2
    on the command line), not a failure of the renderer."""


@dataclass
class RenderResult:
    path: Path
    frames: int
    width: int
    height: int
    fps: float
    duration: float  # seconds
    seconds: float  # wall time taken


def canvas_for(draft: Draft, preview: bool = False) -> Canvas:
    m = draft.m
    w, h, fps = m.width, m.height, m.fps
    if preview:
        k = PREVIEW_SHORT_SIDE / min(w, h)
        if k < 1:
            w, h = even(w * k), even(h * k)
        fps = min(fps, PREVIEW_MAX_FPS)
    return Canvas(w, h, fps, m.bg)


def checked_sources(resolve: Callable[[str], str]) -> Callable[[str], str]:
    """`resolve`, then proof that the answer is a readable media file on disk: a draft from anywhere
    names only files, never a device, a folder, a URL or an ffmpeg protocol."""

    @functools.cache
    def inner(src: str) -> str:
        try:
            path = Path(resolve(src))
        except (OSError, ValueError) as e:
            raise RenderError(str(e)) from None
        if not path.is_file():
            raise SourceError(f"{src[:120]}: no such file; upload it, or fix the path in the draft")
        if sniff(path) is None:
            raise SourceError(f"{src[:120]}: not a photo, clip or audio file; name a photo, clip or song instead")
        return str(path.resolve())

    return inner


@functools.lru_cache(maxsize=256)
def _probe(path: str) -> MediaInfo:
    return probe(path, with_hash=False)


def render(
    draft: Draft,
    out: str | Path,
    *,
    quality: str = "high",
    preview: bool = False,
    resolve: Callable[[str], str] = str,
    progress: Progress | None = None,
    work_dir: Path | None = None,
    cache_dir: Path | None = None,
    cancel: Callable[[], bool] | None = None,
    limits: Limits | None = None,
    keep_failed: int = 0,
) -> RenderResult:
    """Render `draft` to `out`. `resolve` maps a segment's src to a local file path.

    Each render works in a folder of its own under `work_dir` (a temporary folder by default), removed
    when it ends; with `keep_failed`, that many failed renders' folders are kept for debugging. Prepared
    photos go to `cache_dir`, shared between renders and pruned by size and age (limits).
    """
    t0 = time.perf_counter()
    out = Path(out)
    if quality not in QUALITY:
        raise RenderError(f"unknown quality {quality!r}; use one of {', '.join(QUALITY)}")
    if preview or quality == "preview":  # one meaning everywhere: small and fast (the API asks by quality)
        quality, preview = "preview", True
    limits = limits or Limits()
    q = cast(Quality, quality)  # checked above
    limits.check_draft(draft)
    resolve = checked_sources(resolve)
    cv = canvas_for(draft, preview)
    own_tmp = None
    if work_dir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="reelsmith-")
        work_dir = Path(own_tmp.name)
    work_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="job-", dir=work_dir))
    cache = cache_dir or scratch
    cache.mkdir(parents=True, exist_ok=True)
    failed = True
    stop = threading.Event()  # the picture failed or was cancelled: the sound stops too

    def stopped() -> bool:
        return stop.is_set() or (cancel is not None and cancel())

    sound_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sound")
    try:
        # each photo is decoded and fitted once, on this render's own pool (so one render's hundred photos
        # never queue ahead of another's three), while this thread builds the picture's graph. The sound
        # (making a generated song, measuring, mixing, AAC) starts once the photos are ready, on a thread
        # of its own beside the picture's encode: started earlier, on two cores, it only slowed the photos
        # and so the start of the encode, which leaves room beside it.
        with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2)), thread_name_prefix="stills") as pool:
            stills = [pool.submit(prepare_still, j, cache) for j in still_jobs(draft, cv, resolve)]
            try:
                plan = compile_draft(draft, cv, cache, resolve, _probe, scratch)
                _await_stills(stills, stopped)
            except BaseException:
                pool.shutdown(cancel_futures=True)  # no more photos for a render that will not run
                raise
        sound = sound_thread.submit(
            make_sound, draft, cv, plan.total_frames, resolve, _probe, scratch, audio_args(q), stopped
        )
        sound.add_done_callback(lambda f: stop.set() if f.exception() is not None else None)
        script = scratch / "graph.txt"
        script.write_text(";\n".join(plan.lines), encoding="utf-8")
        picture = scratch / "picture.mp4"
        args = [
            *GRAPH_THREADS,
            *plan.args_for(script, "[vout]"),
            *video_args(q),
            "-r",
            str(cv.fps),
            media_input(picture),
        ]
        try:
            _encode(args, plan.total_frames, progress, stopped, out.name)
        except BaseException:
            stop.set()
            if sound.done() and sound.exception() is not None:
                sound.result()  # the sound's own error (a song that cannot be read) stopped the picture
            raise
        _mux(picture, sound.result(), out, draft.m.title)
        failed = False
    finally:
        stop.set()
        sound_thread.shutdown(wait=True)  # its files are in the scratch folder removed next
        _finish_scratch(scratch, work_dir, keep=keep_failed if failed else 0)
        if cache_dir is not None:
            prune_cache(cache_dir, limits.still_cache_bytes, limits.still_cache_days, limits.render_seconds)
        if own_tmp is not None:
            own_tmp.cleanup()
    w = read_written(out)
    if w is None:  # cannot happen for a file this render wrote; reported as planned rather than failed
        log.warning("could not read back %s", out.name)
        w = Written(plan.total_frames / cv.fps, cv.width, cv.height, cv.fps, plan.total_frames)
    return RenderResult(out, w.frames, w.width, w.height, w.fps, w.seconds, time.perf_counter() - t0)


def _await_stills(stills: list[Future[Path]], stopped: Callable[[], bool]) -> None:
    """Every photo prepared, or the first error; a render cancelled meanwhile stops here."""
    pending: set[Future[Path]] = set(stills)
    while pending:
        done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
        for f in done:
            f.result()
        if pending and stopped():
            raise RenderError("cancelled")


def _encode(args: list[str], frames: int, progress: Progress | None, cancel: Callable[[], bool], name: str) -> None:
    try:
        ffmpeg.run(args, total_frames=frames, progress=progress, cancel=cancel)
    except ffmpeg.Crashed as e:  # a crash, not a refusal: the same encode once more
        log.warning("ffmpeg crashed (%s); rendering %s again", e, name)
        ffmpeg.run(args, total_frames=frames, progress=progress, cancel=cancel)


def _mux(picture: Path, sound: Path, out: Path, title: str) -> None:
    """The picture and the sound into `out`, copied as they are, faststart, written atomically: a
    reader never sees half a file. Both are this render's own, beginning at 0 (edit lists), and copied, not
    sought."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.{threading.get_ident()}.partial.mp4")
    try:
        ffmpeg.run(
            [*input_file(picture, 0.0), *input_file(sound, 0.0), "-map", "0:v", "-map", "1:a", "-c", "copy"]
            + ["-movflags", "+faststart", "-metadata", f"title={title}", media_input(tmp)]
        )
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _finish_scratch(scratch: Path, work_dir: Path, keep: int) -> None:
    """Remove a job's folder; keep the newest `keep` failed ones (renamed failed-*) for debugging."""
    if keep <= 0:
        shutil.rmtree(scratch, ignore_errors=True)
        return
    scratch.rename(work_dir / f"failed-{time.time_ns()}")
    kept = sorted(work_dir.glob("failed-*"))
    for old in kept[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def prune_cache(cache: Path, max_bytes: int, max_days: float, in_use: float) -> None:
    """Evict prepared stills: anything older than `max_days`, then the least recently used past `max_bytes`.
    A still used within `in_use` seconds may belong to a render still running, so it stays."""
    now = time.time()
    files = []
    for f in cache.glob("[!.]*"):
        try:
            st = f.stat()
        except FileNotFoundError:  # another render pruned it first
            continue
        if f.is_file():
            files.append((max(st.st_atime, st.st_mtime), st.st_size, f))
    files.sort()
    total = sum(size for _, size, _ in files)
    for used, size, f in files:
        if now - used < in_use or (total <= max_bytes and now - used < max_days * 86400):
            continue
        f.unlink(missing_ok=True)
        total -= size
