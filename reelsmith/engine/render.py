"""Render a draft to MP4: H.264 High yuv420p + AAC 48 kHz, faststart, written atomically."""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import ffmpeg
from .draft import Draft
from .graph import Canvas, Plan, audio_tail, compile_draft, still_jobs
from .probe import probe
from .stills import even, prepare_still

# name: (x264 preset, crf, audio bitrate). CRF sets the picture quality; the preset trades
# file size for time. On a 2-core laptop `veryfast` renders 30 s of 1080p in about 15 s;
# `best` spends 2x the time for files about a third smaller.
log = logging.getLogger("reelsmith.engine")
QUALITY = {
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
PREVIEW_SHORT_SIDE = 360
PREVIEW_MAX_FPS = 15


class RenderError(RuntimeError):
    pass


@dataclass
class RenderResult:
    path: Path
    frames: int
    width: int
    height: int
    fps: int
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


_LUFS = re.compile(r"Integrated loudness:\s+I:\s+(-?[\d.]+|-inf) LUFS")


def _mix_audio(
    audio: Plan | None, work_dir: Path, tag: str, cancel: Callable[[], bool] | None
) -> tuple[Path | None, float | None]:
    """Mix all sound to one WAV and measure its integrated loudness (EBU R128)."""
    if audio is None:
        return None, None
    script = work_dir / f"audio-{tag}.txt"
    script.write_text(";\n".join(audio.lines), encoding="utf-8")
    wav = work_dir / f"mix-{tag}.wav"
    log = ffmpeg.run(
        audio.args_for(script, "[amix]") + ["-c:a", "pcm_f32le", str(wav)],
        loglevel="info", cancel=cancel,
    )
    found = _LUFS.findall(log)
    loud = None if not found or found[-1] == "-inf" else float(found[-1])
    return wav, loud


@functools.lru_cache(maxsize=256)
def _has_audio(path: str) -> bool:
    return probe(path, with_hash=False).has_audio


def render(
    draft: Draft,
    out: str | Path,
    *,
    quality: str = "high",
    preview: bool = False,
    resolve: Callable[[str], str] = str,
    progress: ffmpeg.Progress | None = None,
    work_dir: Path | None = None,
    cancel: Callable[[], bool] | None = None,
) -> RenderResult:
    """Render `draft` to `out`. `resolve` maps a segment's src to a local file path."""
    t0 = time.perf_counter()
    out = Path(out)
    if quality not in QUALITY:
        raise RenderError(f"unknown quality {quality!r}; use one of {', '.join(QUALITY)}")
    if preview or quality == "preview":  # one meaning everywhere: small and fast (the API asks by quality)
        quality, preview = "preview", True
    cv = canvas_for(draft, preview)
    own_tmp = None
    if work_dir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="reelsmith-")
        work_dir = Path(own_tmp.name)
    work_dir.mkdir(parents=True, exist_ok=True)
    try:
        plan = compile_draft(draft, cv, work_dir, resolve, _has_audio)
        tag = f"{os.getpid()}-{id(plan)}"
        # the sound is mixed and measured in its own ffmpeg while Python fits the photos
        # (each photo decoded and fitted once, in parallel)
        with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
            mixed = pool.submit(_mix_audio, plan.audio, work_dir, tag, cancel)
            list(pool.map(lambda j: prepare_still(*j, work_dir), still_jobs(draft, cv, resolve)))
            mix_wav, loudness = mixed.result()
        audio_tail(plan, mix_wav, loudness)
        script = work_dir / f"graph-{tag}.txt"
        script.write_text(";\n".join(plan.lines), encoding="utf-8")
        preset, crf, abr = QUALITY[quality]
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.stem}.{os.getpid()}.partial.mp4")
        args = plan.args(script) + [
            "-c:v", "libx264", "-threads", X264_THREADS, "-preset", preset, "-crf", str(crf), "-profile:v", "high",
            "-pix_fmt", "yuv420p", "-r", str(cv.fps), "-c:a", "aac", "-b:a", abr,
            "-ar", "48000", "-ac", "2", "-movflags", "+faststart",
            "-metadata", f"title={draft.m.title}", str(tmp),
        ]
        try:
            try:
                ffmpeg.run(args, total_frames=plan.total_frames, progress=progress, cancel=cancel)
            except ffmpeg.Crashed as e:  # a crash, not a refusal: the same encode once more
                log.warning("ffmpeg crashed (%s); rendering %s again", e, out.name)
                ffmpeg.run(args, total_frames=plan.total_frames, progress=progress, cancel=cancel)
            os.replace(tmp, out)  # atomic: a reader never sees half a file
        finally:
            if tmp.exists():
                tmp.unlink()
            if mix_wav is not None:
                mix_wav.unlink(missing_ok=True)
    finally:
        if own_tmp is not None:
            own_tmp.cleanup()
    return RenderResult(out, plan.total_frames, cv.width, cv.height, cv.fps,
                        plan.total_frames / cv.fps, time.perf_counter() - t0)
