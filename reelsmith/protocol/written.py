"""The facts of a video file as written: what every report of an export says (size, frame rate, length,
frame count), read from the file itself rather than from the draft that asked for it.

Both sides use it: the engine for what a render returns, the client for what it downloaded (from any
backend), so a preview, or a cloud that renders at another size, is reported as it really is.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_SIZE = re.compile(r"Video: .*?, (\d{2,5})x(\d{2,5})[ ,\[]")
_FPS = re.compile(r"Video: .*?, ([\d.]+) fps")
_FRAMES = re.compile(r"frame=\s*(\d+)")


@dataclass(frozen=True)
class Written:
    seconds: float
    width: int
    height: int
    fps: float
    frames: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read(path: Path) -> Written | None:
    """The video stream's facts, counting its frames (a stream copy: no decoding); None if the file
    has no readable video stream. An MP4 is read from its header alone first (ffmpeg's stream analysis
    decodes frames: 0.03 s at the end of every export, on both sides); a file the header does not
    describe is analysed."""
    return _read(path, analyse=False) or _read(path, analyse=True)


def _read(path: Path, analyse: bool) -> Written | None:
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin"] + ([] if analyse else ["-nofind_stream_info"])
    cmd += ["-i", f"file:{Path(path).resolve()}", "-map", "0:v:0", "-c", "copy", "-f", "null", "-"]
    try:
        log = subprocess.run(cmd, capture_output=True, text=True, timeout=60, errors="replace").stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    size, fps, frames = _SIZE.search(log), _FPS.search(log), _FRAMES.findall(log)
    if not (size and fps and frames):
        return None
    rate, n = float(fps[1]), int(frames[-1])
    seconds = round(n / rate, 3) if rate else 0.0
    return Written(seconds, int(size[1]), int(size[2]), int(rate) if rate.is_integer() else rate, n)
