"""Ken Burns smoothness on full-size 1080p30 output, as tests/test_motion.py measures it: the picture's
movement between consecutive frames, to 1/100 pixel, by phase correlation (tests/motion.py).

Two short renders of one 12 MP phone photo at the `high` preset, no fades: a 4 s pan right (120
frames, a pixel a frame on the canvas) and a 4 s zoom in. For the pan, the worst departure of one
frame's movement from the steady speed (jitter) and the largest sideways drift; for the zoom, the
largest movement of the frame's centre (it must hold still) and the worst jitter of points 640 px
either side of it. Every figure's target is < 0.35 px, the tests' bound.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.render import render
from tests.motion import frames_gray, jitter, velocities

W, H, FPS, MS = 1920, 1080, 30, 4000
BAND = (W // 2 - 800, H // 2 - 256, 1600, 512)  # x, y, w, h: a band through the middle
CX, CY = 800, 256  # the frame centre, inside the band
STEADY = 0.35  # px


def _frames(photo: Path, out: Path, motion: str) -> np.ndarray:
    d = Draft.parse(
        {
            "t": [{"tt": 0, "sg": [{"src": str(photo), "d": MS, "motion": {"type": motion}}]}],
            "d": MS,
            "m": {"width": W, "height": H, "fps": FPS, "fade_in": 0, "fade_out": 0},
        }
    )
    return frames_gray(render(d, out, quality="high", work_dir=out.parent / "cache-smooth").path, BAND)


def measure(photo: Path, work: Path) -> dict[str, float]:
    work.mkdir(parents=True, exist_ok=True)
    pan = velocities(_frames(photo, work / "pan.mp4", "pan_right"), CX, CY, 512)
    zoom = _frames(photo, work / "zoom.mp4", "zoom_in")
    centre = velocities(zoom, CX, CY)
    sides = [velocities(zoom, CX + side * 640, CY)[:, 0] for side in (-1, 1)]
    return {
        "pan_speed_px": round(float(np.median(pan[:, 0])), 2),
        "pan_jitter_px": round(jitter(pan[:, 0]), 3),
        "pan_drift_px": round(float(np.abs(pan[:, 1]).max()), 3),
        "zoom_centre_px": round(float(np.abs(centre).max()), 3),
        "zoom_jitter_px": round(max(jitter(v) for v in sides), 3),
    }
