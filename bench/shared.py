"""What every bench job shares: the timer, the pure encode each render is compared with, and the
12-megapixel photos made from the sample photos."""

from __future__ import annotations

import resource
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from PIL import Image, ImageFilter

from reelsmith.engine.media import ffmpeg
from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.media.probe import probe
from reelsmith.engine.render.render import encoder_args
from reelsmith.protocol.facts import Quality

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "examples" / "photos").glob("*.jpg"))


def timed(fn: Callable[[], Any]) -> float:
    return clocked(fn)[0]


def cpu_seconds() -> float:
    """CPU time so far of this process and of its children that have ended (ffmpeg, `reelsmith make`)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def clocked(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of fn(). CPU time hardly moves when other work shares the cores,
    so a ratio of CPU times is the check on a wall-time ratio taken on a busy machine."""
    c, t = cpu_seconds(), time.perf_counter()
    fn()
    return time.perf_counter() - t, cpu_seconds() - c


# Each side of a ratio counts its fastest of RUNS, the job's runs and its pure encode's taken in turn
# (job, encode, job, encode...): other work on the machine only ever adds time, and comes and goes over
# tens of seconds, so taking the two sides in turn keeps one busy minute from landing on one side only.
RUNS = 3

T = TypeVar("T")
E = TypeVar("E")


def in_turn(
    job: Callable[[], T], encoder: Callable[[], AbstractContextManager[Callable[[], E]]], runs: int = RUNS
) -> tuple[list[T], list[E]]:
    """`runs` results of job() and of the pure encode, taken in turn, the job first: its output is what
    is encoded. `encoder()` (pure_encoder) is entered once, after the first job."""
    jobs = [job()]
    with encoder() as encode:
        encodes = [encode()]
        for _ in range(runs - 1):
            jobs.append(job())
            encodes.append(encode())
    return jobs, encodes


@contextmanager
def encode_runs() -> Iterator[list[float]]:
    """Seconds of each render's encode run (the one ffmpeg run that reports frames: the filter graph and
    x264), timed from outside by wrapping `ffmpeg.run` for the duration of the `with` block."""
    seconds: list[float] = []
    run = ffmpeg.run

    def timed_run(*args: Any, **kwargs: Any) -> str:
        t = time.perf_counter()
        try:
            return run(*args, **kwargs)
        finally:
            if kwargs.get("total_frames"):
                seconds.append(time.perf_counter() - t)

    ffmpeg.run = timed_run
    try:
        yield seconds
    finally:
        ffmpeg.run = run


def twelve_mp(base: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A sample photo as a phone would give it: 4000x3000, sharpened, with sensor-like grain on all
    channels, so it compresses like a photo and not like flat colour."""
    im = base.resize((4000, 3000), Image.Resampling.BICUBIC).filter(ImageFilter.DETAIL)
    arr = np.asarray(im, dtype=np.int16)
    grain = rng.normal(0, 6, arr.shape[:2])[..., None]
    return Image.fromarray(np.clip(arr + grain, 0, 255).astype(np.uint8))


@contextmanager
def pure_encoder(src: Path, work: Path, quality: Quality = "high") -> Iterator[Callable[[], tuple[float, float]]]:
    """A timed pure encode of `src`: each call, (wall, CPU) seconds to encode its own frames and sound
    again with the render's encoder arguments.

    `src` is decoded to raw YUV and a WAV on entering, untimed (removed on leaving); only
    the re-encode is timed. Its size and rate are read from the file, so any job's output can be compared
    with its own pure encode. The fastest of several counts (in_turn): other work slowing the one pure
    encode would make a ratio look better than it is, the one error a bench must not make.
    """
    ff = ffmpeg_exe()
    info = probe(src, with_hash=False)
    raw, wav = work / "frames.yuv", work / "audio.wav"
    subprocess.run(
        [ff, "-v", "error", "-y", "-i", str(src), "-f", "rawvideo", "-pix_fmt", "yuv420p", str(raw), "-vn", str(wav)],
        check=True,
    )
    cmd = [
        ff,
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p",
        "-s",
        f"{info.width}x{info.height}",
        "-r",
        f"{info.fps:g}",
        "-i",
        str(raw),
        "-i",
        str(wav),
        *encoder_args(quality),
        str(work / "pure.mp4"),
    ]
    try:
        yield lambda: clocked(lambda: subprocess.run(cmd, check=True))
    finally:
        raw.unlink(missing_ok=True)
