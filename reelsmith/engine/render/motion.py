"""Ken Burns motion at a steady sub-pixel speed, with a centre that holds.

ffmpeg crops and scales on whole pixels, so a motion whose speed is not a whole number of pixels per
frame stutters: the picture holds for a frame, then jumps. Every motion here moves by the same whole
number of pixels every frame, in a space chosen so that this whole number is the speed asked for:

- a pan of at least ~1 output pixel a frame slides a canvas-sized window over the photo by a whole
  number of pixels a frame; a slower one slides a window r times the canvas by one pixel a frame and
  scales it to the canvas (1/r pixel a frame on screen).
- a zoom scales the photo so that its long side grows by the same even number of pixels every frame
  (on the canvas, or for a slow zoom at an intermediate size r times the canvas), crops the centre
  (both offsets whole pixels, so the centre never wobbles), and scales that crop to the canvas.
- a gentle zoom over a long hold grows by one pixel a frame on the canvas. Every other frame the
  centred crop would then fall half a pixel off the centre; the photo is prepared as four copies half a
  pixel apart across and down (stills.shifted_copies), and each frame is scaled from the copy that puts
  back the missing half pixel. That is one resample a frame at the canvas's own scale, as any zoom.

A photo framed at its top or bottom ("keep the top") holds that edge instead of the centre: the crop is
anchored there (offset 0, or the whole margin), still a whole pixel every frame. `safe()` says which part
of the prepared still is on screen in every frame, so the still can be cut to keep the subject there.

A sweep (a pan of more than half the canvas: a panorama) keeps the window's height and slides across the
photo's width, rather than growing the photo both ways as a gentle pan does.

Frame numbers come from each frame's timestamp (`t`), not the filters' own counters: in this ffmpeg
`scale` counts from one where `crop` counts from zero, which put the crop a pixel off every other frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reelsmith.engine.model.draft import VideoSegment
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import q
from reelsmith.engine.render.stills import even, tile_stride

# The slowest steady motion on the canvas itself is a whole pixel a frame (a pan) or two pixels of the
# long side a frame (a zoom, one each side). Slower than that needs an intermediate size r canvases large and a
# resample a frame, whose cost grows with r squared; so a slow motion runs at the canvas's slowest
# speed instead, as long as that stays gentle: a zoom within GENTLE_ZOOM (or 1.5 times what was asked),
# a pan within GENTLE_PAN of the canvas. Only photos held long go through the larger size.
GENTLE_ZOOM = 0.2
GENTLE_PAN = 0.25
MAX_RATIO = 2.0
# a zoom held so long that its smallest steady step would go further than this (or twice what was
# asked) takes rounded steps instead
LONG_ZOOM = 0.25
SWEEP = 0.5  # a pan of more than this (canvas widths or heights) is a sweep across a panorama
MAX_ZOOM = 0.5
ANCHORS = {"top": (0.5, 0.0), "bottom": (0.5, 1.0)}  # the point a photo framed at one edge holds


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
    anchor: tuple[float, float] = (0.5, 0.5)  # the point that holds: the centre, or the middle of an edge
    fine: bool = False  # a zoom a pixel a frame, from four copies of the still half a pixel apart

    def safe(self) -> tuple[float, float, float, float]:
        """(x, y, w, h): the part of the still on screen in every frame, as fractions of the still.
        Empty (w or h 0) when no part is (a sweep across a panorama)."""
        sw, sh = self.still
        ww, wh = self.window
        ax, ay = self.anchor
        if self.kind in ("pan_left", "pan_right"):
            return (sw - ww) / sw, int(ay * (sh - wh)) / sh, max(0, 2 * ww - sw) / sw, wh / sh
        if self.kind in ("pan_up", "pan_down"):
            return (sw - ww) // 2 / sw, (sh - wh) / sh, ww / sw, max(0.0, 2 * wh - sh) / sh
        fw, fh = ww / sw, wh / sh  # a zoom's tightest frame (none: the whole still)
        return ax * (1 - fw), ay * (1 - fh), fw, fh

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
                x, y = pos, str(int(self.anchor[1] * (sh - wh)))
            else:
                x, y = str((sw - ww) // 2), pos
            parts = [f"crop={ww}:{wh}:x={q(x)}:y={q(y)}:exact=1"]
        elif self.fine:
            parts = self._fine_zoom(p)
        else:
            # the long side grows by the step; the short side follows, rounded to even so both crop
            # offsets stay whole pixels and the centre never moves
            grow = _step(self.step, p)
            (wl, ws), (sl, _) = sorted(self.window, reverse=True), sorted(self.still, reverse=True)
            long_ = f"({wl}+{grow})" if self.kind == "zoom_in" else f"({sl}-{grow})"
            short = f"(2*trunc({long_}*{ws}/{wl}/2+0.5))"
            width, height = (long_, short) if ww >= wh else (short, long_)
            parts = [
                f"scale=w={q(width)}:h={q(height)}:eval=frame:flags=bilinear",
                f"crop={ww}:{wh}:x={q(_at(self.anchor[0], width, ww))}:y={q(_at(self.anchor[1], height, wh))}:exact=1",
            ]
        if self.window != self.canvas:
            parts.append(f"scale={self.canvas[0]}:{self.canvas[1]}:flags=bilinear")
        return ",".join(parts)

    def _fine_zoom(self, p: str) -> list[str]:
        """A pixel a frame: scaled sizes of any parity, the crop offset rounded down, and on the frames
        where that rounding drops half a pixel across or down, the copy of the still that is half a pixel
        further that way (stills.shifted_copies: four copies, tile_stride apart)."""
        ww, wh = self.window
        sw, sh = self.still
        tx, ty = tile_stride(self.still)
        (wl, ws), top = sorted(self.window, reverse=True), max(sw, sh)
        long_ = f"({wl}+{p})" if self.kind == "zoom_in" else f"({top}-{p})"
        short = f"trunc({long_}*{ws}/{wl}+0.5)"
        width, height = (long_, short) if ww >= wh else (short, long_)

        def copy(anchor: float, size: str, window: int, stride: int) -> str:
            return f"{stride}*mod({size}-{window},2)" if anchor == 0.5 else "0"

        def offset(anchor: float, size: str, window: int) -> str:
            return f"trunc(({size}-{window})/2)" if anchor == 0.5 else _at(anchor, size, window)

        ax, ay = self.anchor
        return [
            f"crop={sw}:{sh}:x={q(copy(ax, width, ww, tx))}:y={q(copy(ay, height, wh, ty))}:exact=1",
            f"scale=w={q(width)}:h={q(height)}:eval=frame:flags=bilinear",
            f"crop={ww}:{wh}:x={q(offset(ax, width, ww))}:y={q(offset(ay, height, wh))}:exact=1",
        ]


def _at(anchor: float, size: str, window: int) -> str:
    """The crop offset that holds the anchor: the start, the middle or the end, a whole pixel each."""
    if anchor == 0:
        return "0"
    return f"{size}-{window}" if anchor == 1 else f"({size}-{window})/2"


def _step(step: float, p: str) -> str:
    """Pixels moved by frame p: a whole number per frame, or (the rare fallback) rounded to even ones."""
    if step == int(step):
        return f"{int(step)}*{p}"
    return f"2*trunc({step}*{p}/2+0.5)"


def plan(seg: VideoSegment, cv: Canvas, n: int) -> Motion:
    """The motion for a photo shown for n frames on this canvas."""
    kind, amt = seg.motion.type, seg.motion.amount
    W, H = cv.width, cv.height
    anchor = ANCHORS.get(seg.focus, (0.5, 0.5))
    if kind == "none" or amt <= 0 or n < 2:
        return Motion("none", cv.fps, (W, H), (W, H), (W, H), 0, n)
    if kind in ("zoom_in", "zoom_out"):
        return replace(_zoom(kind, min(amt, MAX_ZOOM), cv, n), anchor=anchor)
    return replace(_pan(kind, amt, cv, n), anchor=anchor)


def _pan(kind: str, amt: float, cv: Canvas, n: int) -> Motion:
    W, H = cv.width, cv.height
    across = kind in ("pan_left", "pan_right")
    length = W if across else H
    speed = amt * length / (n - 1)  # canvas pixels a frame
    if speed >= 0.75 or (n - 1) <= GENTLE_PAN * length:  # whole pixels a frame on the canvas
        window, step = (W, H), float(max(1, round(speed)))
    else:  # a photo held long: a larger window slid a pixel a frame, no faster than gentle allows
        r = min(MAX_RATIO, 1.0 / speed, (n - 1) / (GENTLE_PAN * length))
        window, step = (even(W * r), even(H * r)), 1.0
    side = window[0] if across else window[1]
    travel = step * (n - 1)
    if travel > GENTLE_PAN * side and window != (W, H):  # held longer still: bounded travel, rounded steps
        step = GENTLE_PAN * side / (n - 1)
        travel = step * (n - 1)
    ww, wh = window
    grow = (side + travel) / side if amt <= SWEEP else 1.0  # a sweep keeps the window's other side
    still = (ww + int(travel), even(wh * grow)) if across else (even(ww * grow), wh + int(travel))
    return Motion(kind, cv.fps, (W, H), still, window, step, n)


def _zoom(kind: str, amt: float, cv: Canvas, n: int) -> Motion:
    W, H = cv.width, cv.height
    L = max(W, H)  # the long side takes the whole steps: the finest zoom the canvas can show
    growth = amt * L / (n - 1)  # canvas pixels of the long side a frame
    gentle = max(1.5 * amt, GENTLE_ZOOM)
    if growth >= 1.5:
        r, step = 1.0, 2.0 * round(growth / 2)
    elif 2 * (n - 1) / L <= gentle:
        r, step = 1.0, 2.0
    elif growth <= 1.0 and (n - 1) / L <= gentle:
        # a pixel a frame, from four copies half a pixel apart: the zoom the intermediate size would
        # give (at growth under a pixel it is capped to a pixel a frame too), at a third of the cost
        top = L + n - 1
        other = even(top * min(W, H) / L)
        still = (top, other) if W >= H else (other, top)
        return Motion(kind, cv.fps, (W, H), still, (W, H), 1.0, n, fine=True)
    else:  # at r canvases, 2 px a frame is the growth asked for
        r, step = min(MAX_RATIO, 2.0 / growth), 2.0
    window = (W, H) if r == 1.0 else (even(W * r), even(H * r))
    wl = max(window)
    most = max(2 * amt, LONG_ZOOM)
    if step * (n - 1) / wl > most:  # a photo held very long: a bounded zoom, in rounded steps
        step = most * wl / (n - 1)
    top = wl + 2 * int(round(step * (n - 1) / 2))
    other = even(top * min(window) / wl)
    still = (top, other) if W >= H else (other, top)
    return Motion(kind, cv.fps, (W, H), still, window, step, n)
