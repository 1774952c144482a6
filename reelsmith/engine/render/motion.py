"""Ken Burns motion at a steady sub-pixel speed, with a centre that holds.

ffmpeg crops and scales on whole pixels, so a motion whose speed is not a whole number of pixels per
frame stutters: the picture holds for a frame, then jumps. Every motion here moves by the same whole
number of pixels every frame, in a space chosen so that this whole number is the speed asked for:

- a pan of at least ~1 output pixel a frame slides a canvas-sized window over the photo by a whole
  number of pixels a frame; a slower one slides a window r times the canvas by one pixel a frame and
  scales it to the canvas (1/r pixel a frame on screen).
- a zoom scales the photo to a width that grows by the same even number of pixels every frame at an
  intermediate size r times the canvas, crops the centre at that size (both offsets whole pixels,
  so the centre never wobbles), and scales the crop to the canvas.

Frame numbers come from each frame's timestamp (`t`), not the filters' own counters: in this ffmpeg
`scale` counts from one where `crop` counts from zero, which put the crop a pixel off every other frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from reelsmith.engine.model.draft import VideoSegment
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import q
from reelsmith.engine.render.stills import even

# the largest intermediate size, in canvases: a slower motion than this allows moves a little faster
MAX_RATIO = 2.5
# beyond this a zoom forced to its smallest steady step would go too far; it takes rounded steps instead
MAX_ZOOM = 1.5


@dataclass(frozen=True)
class Motion:
    """One segment's motion: the still size it needs and the filter chain for each of its pieces."""

    kind: str
    fps: int
    canvas: tuple[int, int]
    still: tuple[int, int]  # the size the photo is prepared at
    window: tuple[int, int]  # what is cropped from the (scaled) still each frame, before the canvas scale
    step: float  # pixels a frame, in still pixels (pans) or added to the scaled width (zooms)
    frames: int

    def chain(self, offset: int = 0) -> str:
        """The filter chain for the piece that starts at segment frame `offset`."""
        if self.kind == "none":
            return ""
        p = f"(round(t*{self.fps})+{offset})"
        ww, wh = self.window
        sw, sh = self.still
        if self.kind.startswith("pan"):
            travel = (sw - ww) if self.kind in ("pan_left", "pan_right") else (sh - wh)
            pos = (
                f"{_step(self.step, p)}"
                if self.kind in ("pan_right", "pan_down")
                else f"{travel}-{_step(self.step, p)}"
            )
            if self.kind in ("pan_left", "pan_right"):
                x, y = pos, str((sh - wh) // 2)
            else:
                x, y = str((sw - ww) // 2), pos
            parts = [f"crop={ww}:{wh}:x={q(x)}:y={q(y)}:exact=1"]
        else:
            grow = _step(self.step, p)
            width = f"({ww}+{grow})" if self.kind == "zoom_in" else f"({sw}-{grow})"
            height = f"(2*trunc({width}*{wh}/{ww}/2+0.5))"
            parts = [
                f"scale=w={q(width)}:h={q(height)}:eval=frame:flags=bilinear",
                f"crop={ww}:{wh}:x={q(f'({width}-{ww})/2')}:y={q(f'({height}-{wh})/2')}:exact=1",
            ]
        if self.window != self.canvas:
            parts.append(f"scale={self.canvas[0]}:{self.canvas[1]}:flags=bilinear")
        return ",".join(parts)


def _step(step: float, p: str) -> str:
    """Pixels moved by frame p: a whole number per frame, or (the rare fallback) rounded to even ones."""
    if step == int(step):
        return f"{int(step)}*{p}"
    return f"2*trunc({step}*{p}/2+0.5)"


def plan(seg: VideoSegment, cv: Canvas, n: int) -> Motion:
    """The motion for a photo shown for n frames on this canvas."""
    kind, amt = seg.motion.type, seg.motion.amount
    W, H = cv.width, cv.height
    if kind == "none" or amt <= 0 or n < 2:
        return Motion("none", cv.fps, (W, H), (W, H), (W, H), 0, n)
    if kind in ("zoom_in", "zoom_out"):
        return _zoom(kind, amt, cv, n)
    return _pan(kind, amt, cv, n)


def _pan(kind: str, amt: float, cv: Canvas, n: int) -> Motion:
    W, H = cv.width, cv.height
    across = kind in ("pan_left", "pan_right")
    speed = amt * (W if across else H) / (n - 1)  # canvas pixels a frame
    if speed >= 0.75:
        r, step = 1.0, float(round(speed))
        window = (W, H)
    else:
        r, step = min(MAX_RATIO, 1.0 / speed), 1.0
        window = (even(W * r), even(H * r))
    travel = step * (n - 1)
    if travel > 0.5 * (window[0] if across else window[1]):  # a photo held very long: bounded travel
        step = 0.5 * (window[0] if across else window[1]) / (n - 1)
        travel = step * (n - 1)
    ww, wh = window
    grow = (ww + travel) / ww if across else (wh + travel) / wh
    still = (ww + int(travel), even(wh * grow)) if across else (even(ww * grow), wh + int(travel))
    return Motion(kind, cv.fps, (W, H), still, window, step, n)


def _zoom(kind: str, amt: float, cv: Canvas, n: int) -> Motion:
    W, H = cv.width, cv.height
    growth = amt * W / (n - 1)  # canvas pixels of width a frame
    if growth >= 1.5:
        k = round(growth / 2)
        window = (W, H)
    else:
        # at r canvases, 2 px a frame is the growth asked for
        r = min(MAX_RATIO, 2.0 / growth)
        k = 1
        window = (even(W * r), even(H * r))
    step: float = 2.0 * k
    if (window[0] + step * (n - 1)) / window[0] > MAX_ZOOM:
        step = (MAX_ZOOM - 1) * window[0] / (n - 1)
    top = window[0] + 2 * int(round(step * (n - 1) / 2))
    still = (top, even(top * window[1] / window[0]))
    return Motion(kind, cv.fps, (W, H), still, window, step, n)
