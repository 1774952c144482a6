"""How loud a sound is, as EBU R128 integrated loudness (LUFS): of a rendered mix (to normalise it), of
a clip's sound and of a song (to duck the song under the clip by a fixed gap)."""

from __future__ import annotations

import re

from reelsmith.engine.media import ffmpeg
from reelsmith.engine.media.ffmpeg import media_input

_LUFS = re.compile(r"Integrated loudness:\s+I:\s+(-?[\d.]+|-inf) LUFS")
SILENT = -70.0  # R128's absolute gate: below it there is nothing to measure


def from_log(log: str) -> float | None:
    """The integrated loudness an `ebur128` filter reported in an ffmpeg log; None for silence."""
    found = _LUFS.findall(log)
    if not found or found[-1] == "-inf" or float(found[-1]) <= SILENT:
        return None
    return float(found[-1])


def measure(path: str, start: float = 0.0, seconds: float | None = None) -> float | None:
    """The loudness of a file's sound (from `start`, for `seconds` when given); None when it is silent."""
    args = ["-ss", f"{start:.3f}"] + (["-t", f"{seconds:.3f}"] if seconds else [])
    args += ["-i", media_input(path), "-vn", "-af", "ebur128", "-f", "null", "-"]
    return from_log(ffmpeg.run(args, loglevel="info"))
