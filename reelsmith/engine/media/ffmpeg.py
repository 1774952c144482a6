"""Running the ffmpeg binary that imageio-ffmpeg ships, with progress."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from reelsmith.protocol.facts import Progress


class FFmpegError(RuntimeError):
    pass


def _death_signal() -> Callable[[], None] | None:
    """On Linux, ffmpeg is told to die with the thread that started it, so a killed engine
    leaves no orphan encoders behind (the job itself is resumed on the next start)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, signal.SIGKILL)


_PREEXEC = _death_signal()


class Crashed(FFmpegError):
    """ffmpeg died of a fault signal: worth one more try, unlike a refusal of its input."""


@functools.cache
def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def run(
    args: list[str],
    *,
    total_frames: int = 0,
    progress: Progress | None = None,
    cwd: Path | None = None,
    cancel: Callable[[], bool] | None = None,
    loglevel: str = "error",
) -> str:
    """Run ffmpeg with `-progress pipe:1`; report frames; return its log, or raise with its tail."""
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-y",
        "-loglevel",
        loglevel,
        "-progress",
        "pipe:1",
        "-nostats",
        *args,
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        cwd=cwd,
        preexec_fn=_PREEXEC,
        process_group=0,  # Ctrl-C in a terminal running the in-process engine must not kill its renders
    )
    assert proc.stdout is not None and proc.stderr is not None
    pipe = proc.stderr
    # drain stderr on a thread so a chatty ffmpeg can never block on a full pipe
    err_lines: list[str] = []
    drain = threading.Thread(target=lambda: err_lines.extend(pipe), daemon=True)
    drain.start()
    try:
        for line in proc.stdout:
            if cancel is not None and cancel():
                proc.kill()
                proc.wait()
                raise FFmpegError("cancelled")
            if line.startswith("frame=") and progress is not None:
                try:
                    progress(min(int(line[6:]), total_frames or int(line[6:])), total_frames)
                except ValueError:
                    pass
        code = proc.wait()
        drain.join()
        stderr = "".join(err_lines)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if code != 0:
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        if -code in (signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL):
            raise Crashed(f"ffmpeg crashed (signal {-code}): {tail}")
        raise FFmpegError(f"ffmpeg failed (exit {code}): {tail}")
    if progress is not None and total_frames:
        progress(total_frames, total_frames)
    return stderr


def media_input(path: str | Path) -> str:
    """A file for ffmpeg's command line (an input or an output): always through the file protocol, so a
    name can never be a URL, protocol or option."""
    return "file:" + str(Path(path).resolve())


def input_file(path: str | Path, start: float | None) -> list[str]:
    """`-i` and a clip or sound file, as a render opens it. An MP4, MOV or M4A (an ISO media file: `ftyp`
    after the first box's size) whose timestamps begin at 0 (`start`, from its probe) is opened without
    ffmpeg's stream analysis: its header (moov) already describes every stream, and the analysis decodes
    the first frames again to learn it, 0.05 CPU s per 1080p clip each time a render opens one (to mix its
    sound, to encode it), on the one core ffmpeg starts on. The analysis also finds where the timestamps
    begin, which `-ss` and `-t` count from: a file that begins later (a remux that kept its times, a video
    with B-frames and no edit list) or of another container is analysed as before."""
    iso = False
    if start is not None and abs(start) < 0.0005:
        try:
            with Path(path).open("rb") as f:
                iso = f.read(8)[4:8] == b"ftyp"
        except OSError:
            pass  # ffmpeg itself says what is wrong with the file
    return [*(["-nofind_stream_info"] if iso else []), "-i", media_input(path)]
