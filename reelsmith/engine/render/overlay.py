"""Overlay layers: a logo or watermark over the video."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageOps

from reelsmith.engine.model.draft import Draft, layout
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.layout import card_logo
from reelsmith.engine.render.onscreen import Spot
from reelsmith.engine.render.script import BLEND_420, Script, media_input, num, q
from reelsmith.engine.render.stills import prepare_overlay
from reelsmith.engine.render.zones import Rect, safe_rect


def overlay_xy(pos: str, w: int, h: int, cv: Canvas) -> tuple[int, int]:
    """The top-left corner of a `w` x `h` logo at `pos`: a corner of the safe zone (zones.py), so no
    platform's buttons or captions cover it, or the middle of the frame."""
    r = safe_rect(cv.width, cv.height)
    return {
        "top_left": (r.x0, r.y0),
        "top_right": (r.x1 - w, r.y0),
        "bottom_left": (r.x0, r.y1 - h),
        "bottom_right": (r.x1 - w, r.y1 - h),
        "center": ((cv.width - w) // 2, (cv.height - h) // 2),
    }[pos]


def logo_corner(pos: str, w: int, h: int, cv: Canvas, spots: list[Spot]) -> tuple[int, int]:
    """The logo's corner, or when it would cover a face or a subject in any photo the logo is over, the
    first corner that covers none; failing that, the first that covers no face (the logo stays in one
    place for the whole video)."""
    order = [pos] + [c for c in ("top_right", "top_left", "bottom_right", "bottom_left") if c != pos]
    for keep_off in (spots, [s for s in spots if not s.soft]):
        for c in order:
            x, y = overlay_xy(c, w, h, cv)
            if not any(Rect(x, y, x + w, y + h).overlaps(s.rect) for s in keep_off):
                return x, y
    return overlay_xy(pos, w, h, cv)


def logo_box(size: float, src: str, cv: Canvas) -> tuple[int, int]:
    """The box a logo is fitted in: `size` (the draft's fraction, 0.15 by default) of the canvas's short
    side for a square logo, the same area for a wide or tall one, so a wordmark on a vertical video is
    not a sliver; never wider than 40% of the canvas or taller than 25% of it."""
    with Image.open(src) as im:
        w, h = im.size
    short = min(cv.width, cv.height)
    aspect = max(w, 1) / max(h, 1)
    side = size * short
    bw, bh = side * math.sqrt(aspect), side / math.sqrt(aspect)
    k = min(1.0, cv.width * 0.4 / bw, cv.height * 0.25 / bh)
    return max(2, round(bw * k)), max(2, round(bh * k))


def draw_overlays(
    plan: Script, draft: Draft, cv: Canvas, cur: str, resolve: Callable[[str], str], cache: Path, subjects: list[Spot]
) -> tuple[str, list[Spot]]:
    """Each logo over the picture during its span, at its size and opacity (prepared once in Pillow),
    clear of faces and subjects; returns the label of the picture with them on, and where each logo is (for text
    to keep clear of), the logos of intro and end cards included."""
    spots: list[Spot] = []
    for j, ov in enumerate(draft.overlays()):
        img = prepare_overlay(resolve(ov.src), logo_box(ov.size, resolve(ov.src), cv), ov.opacity, cache)
        with Image.open(img) as im:
            w, h = im.size
        st, en = ov.st, ov.st + ov.d
        x, y = logo_corner(ov.pos, w, h, cv, [f for f in subjects if f.st < en and st < f.en])
        spots.append(Spot(st, en, Rect(x, y, x + w, y + h)))
        k = plan.add_input("-i", media_input(img))
        enable = f"between(t,{num(st / 1000)},{num(en / 1000)})"
        plan.lines.append(f"[{cur}][{k}:v]overlay=x={x}:y={y}:enable={q(enable)}:{BLEND_420}[ov{j}]")
        cur = f"ov{j}"
    video = draft.video()
    for seg, (st, en) in zip(video, layout(video), strict=True):
        if seg.ed.logo_card:
            with Image.open(resolve(seg.src)) as im:
                size = (ImageOps.exif_transpose(im) or im).size
            spots.append(Spot(st, en, card_logo(size, cv.width, cv.height)))
    return cur, spots
