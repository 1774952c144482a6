"""Where a block of text goes: each anchor position in canvas pixels, inside the safe zone."""

from __future__ import annotations

from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.zones import safe_rect

# a subtitle sits this far (fractions of the canvas height) under the middle of a title at the centre,
# or under the top of a title at the top: just below a one-line title 9% of the height tall
BELOW_CENTER = 0.065
BELOW_TOP = 0.12
LOWER_THIRD = 0.78  # the middle of a lower third, down the safe area


def text_origin(pos: str, w: int, h: int, cv: Canvas) -> tuple[int, int]:
    """The top-left corner, in canvas pixels, of a `w` x `h` block of text at `pos` (a Position), kept
    inside the safe zone of the canvas's shape (zones.safe_rect). A block larger than the zone starts at
    its top-left corner."""
    r = safe_rect(cv.width, cv.height)
    left, centre, right = r.x0, r.x0 + (r.w - w) // 2, r.x1 - w
    top, middle, bottom = r.y0, r.y0 + (r.h - h) // 2, r.y1 - h
    x, y = {
        "top": (centre, top),
        "center": (centre, middle),
        "bottom": (centre, bottom),
        "lower_third": (left, r.y0 + round(r.h * LOWER_THIRD) - h // 2),
        "top_left": (left, top),
        "top_right": (right, top),
        "bottom_left": (left, bottom),
        "bottom_right": (right, bottom),
        "below_center": (centre, r.y0 + r.h // 2 + round(cv.height * BELOW_CENTER)),
        "below_top": (centre, top + round(cv.height * BELOW_TOP)),
    }[pos]
    return max(r.x0, min(x, r.x1 - w)), max(r.y0, min(y, r.y1 - h))
