"""Where a block of text goes: each anchor position in canvas pixels, inside the safe zone."""

from __future__ import annotations

from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.zones import Rect, safe_rect

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


def place(pos: str, w: int, h: int, cv: Canvas, avoid: list[Rect], strict: bool = False) -> tuple[int, int] | None:
    """`text_origin`, or, when that box would cover something in `avoid` (a face, the logo, another
    text on screen at the same time), the nearest spot up or down the safe zone that covers nothing,
    on the same side; then the other sides. Nothing free: None when `strict` (the caller tries a
    smaller size), else where it covers least."""
    x, y = text_origin(pos, w, h, cv)
    if not _hits(Rect(x, y, x + w, y + h), avoid):
        return x, y
    r = safe_rect(cv.width, cv.height)
    if r.h <= h:
        return None if strict else (x, y)
    step = max(2, min(h, r.h) // 6)
    ys = sorted(range(r.y0, r.y1 - h + 1, step), key=lambda v: abs(v - y))
    xs = [x] + [v for v in (r.x0 + (r.w - w) // 2, r.x0, r.x1 - w) if v != x and r.x0 <= v <= r.x1 - w]
    spots = [(cx, cy) for cx in xs for cy in ys]
    for cx, cy in spots:
        if not _hits(Rect(cx, cy, cx + w, cy + h), avoid):
            return cx, cy
    if strict:
        return None
    # nowhere free: where it covers least (the first such, so the nearest)
    return min(spots, key=lambda s: sum(_overlap(Rect(s[0], s[1], s[0] + w, s[1] + h), a) for a in avoid))


# the same place at the opposite edge: where a text goes to keep off a photo's subject
MIRROR = {
    "top": "bottom",
    "bottom": "top",
    "top_left": "bottom_left",
    "bottom_left": "top_left",
    "top_right": "bottom_right",
    "bottom_right": "top_right",
    "lower_third": "top_left",
}


def clear_edge(pos: str, w: int, h: int, cv: Canvas, hard: list[Rect], soft: list[Rect]) -> tuple[int, int] | None:
    """Keeping off a photo's subject (`soft`): `text_origin` when that box covers nothing, else the
    same place at the opposite edge (a caption at the bottom goes to the top) if that covers nothing;
    None when neither is clear, or when what the asked place covers is a face, logo or text (`hard`):
    `place` finds the nearest free spot for that. Only these two places: a text pushed into the middle
    of the picture would sit on what it was moved off."""
    x, y = text_origin(pos, w, h, cv)
    box = Rect(x, y, x + w, y + h)
    if _hits(box, hard):
        return None
    if not _hits(box, soft):
        return x, y
    if (m := MIRROR.get(pos)) is not None:
        x, y = text_origin(m, w, h, cv)
        if not _hits(Rect(x, y, x + w, y + h), hard + soft):
            return x, y
    return None


def _hits(box: Rect, avoid: list[Rect]) -> bool:
    return any(box.overlaps(a) for a in avoid)


def _overlap(a: Rect, b: Rect) -> int:
    return max(0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0, min(a.y1, b.y1) - max(a.y0, b.y0))


CARD_LOGO = (0.6, 0.45)  # an end card's logo fits in this part of the safe zone (width, height) ...
CARD_LOGO_MIDDLE = 0.3  # ... centred this far down it, so the call to action has the lower part
CARD_MAX_SCALE = 2.0  # and is never enlarged past twice its own pixels: a 512 px logo stays crisp


def card_logo(logo: tuple[int, int], width: int, height: int) -> Rect:
    """Where an intro or end card of `width` x `height` puts its logo, in its pixels: in the upper part
    of the safe zone, leaving the rest of it to the call to action."""
    r = safe_rect(width, height)
    lw, lh = logo
    k = min(r.w * CARD_LOGO[0] / lw, r.h * CARD_LOGO[1] / lh, CARD_MAX_SCALE)
    w, h = max(2, round(lw * k)), max(2, round(lh * k))
    x, y = (width - w) // 2, round(r.y0 + r.h * CARD_LOGO_MIDDLE - h / 2)
    return Rect(x, max(r.y0, y), x + w, max(r.y0, y) + h)
