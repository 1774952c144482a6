"""Test media made on the fly (nothing large is committed) and probes of what a render wrote."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image

from reelsmith.engine.media.ffmpeg import ffmpeg_exe


def ff(*args: str) -> str:
    p = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], capture_output=True, text=True)
    return p.stderr


def make_clip(
    path: Path,
    seconds: float = 2.0,
    size: str = "320x240",
    fps: int = 25,
    audio: bool = True,
    rotate: int | None = None,
) -> Path:
    args = ["-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac"]
    tmp = path.with_suffix(".norot.mp4") if rotate else path
    ff(*args, str(tmp))
    if rotate:
        ff("-y", "-display_rotation", str(rotate), "-i", str(tmp), "-c", "copy", str(path))
    return path


def frames_rgb(path: Path, w: int, h: int) -> np.ndarray:
    """Every frame of a video as an (n, h, w, 3) uint8 array."""
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.uint8).reshape(-1, h, w, 3)


def pcm(path: Path) -> np.ndarray:
    """The soundtrack as mono 48 kHz samples (float, int16 scale)."""
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-vn", "-f", "s16le", "-ac", "1", "-ar", "48000", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.int16).astype(float)


def audio_samples(path: Path) -> int:
    return len(pcm(path))


def stream_info(path: Path) -> str:
    return ff("-i", str(path))


def loudness(path: Path) -> float:
    log = ff("-i", str(path), "-af", "ebur128", "-f", "null", "-")
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", log)[-1])


def photo(
    path: Path, size: tuple[int, int] = (640, 480), color: tuple[int, int, int] | None = None, seed: int = 0
) -> Path:
    """A photo-like image: smooth gradients plus noise, or a flat colour when asked."""
    w, h = size
    if color is not None:
        Image.new("RGB", size, color).save(path, quality=95)
        return path
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    chans = [(x / w) * 255, (y / h) * 255, ((x + y) / (w + h)) * 255]
    base = np.stack(chans[seed % 3 :] + chans[: seed % 3], -1)  # each seed a different picture
    arr = np.clip(base + rng.normal(0, 12, (h, w, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(arr).save(path, quality=92)
    return path
