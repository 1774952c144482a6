"""Motion measured the way the eye sees it: how far the picture moves between consecutive frames,
to a fraction of a pixel, by phase correlation."""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import numpy as np
from skimage.filters import window
from skimage.registration import phase_cross_correlation

from reelsmith.engine.media.ffmpeg import ffmpeg_exe


def frames_gray(path: Path, box: tuple[int, int, int, int]) -> np.ndarray:
    """Every frame's luma inside box = (x, y, w, h), as an (n, h, w) uint8 array (a band, not whole
    1080p frames: a few hundred of those would take gigabytes)."""
    x, y, w, h = box
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"crop={w}:{h}:{x}:{y}", "-f", "rawvideo"]
        + ["-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.uint8).reshape(-1, h, w)


def shift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(dx, dy): how far the content of `b` has moved from where it was in `a`, to 1/100 pixel.

    Both patches are Hann-windowed, so content entering at the edges does not pull the estimate.
    """
    win = window("hann", a.shape)
    with warnings.catch_warnings():  # a black frame (a fade from black) has no error to report: the shift is 0
        warnings.filterwarnings("ignore", "Could not determine RMS error", UserWarning)
        (dy, dx), _, _ = phase_cross_correlation(b * win, a * win, upsample_factor=100, normalization=None)
    return float(dx), float(dy)


def velocities(frames: np.ndarray, cx: int, cy: int, size: int = 256) -> np.ndarray:
    """(n-1, 2): the per-frame movement of the square patch centred at (cx, cy)."""
    half = size // 2
    patch = frames[:, cy - half : cy + half, cx - half : cx + half].astype(np.float64)
    return np.array([shift(patch[i], patch[i + 1]) for i in range(len(patch) - 1)])


def jitter(v: np.ndarray) -> float:
    """The largest departure of one frame's movement from the steady speed (the median)."""
    return float(np.abs(v - np.median(v)).max())
