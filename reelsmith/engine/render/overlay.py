"""Overlay layers: a logo or watermark over the video."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import Script, media_input, num, q
from reelsmith.engine.render.stills import prepare_overlay


def overlay_xy(pos: str, cv: Canvas) -> tuple[str, str]:
    m = round(min(cv.width, cv.height) * 0.04)
    return {
        "top_left": (f"{m}", f"{m}"),
        "top_right": (f"W-w-{m}", f"{m}"),
        "bottom_left": (f"{m}", f"H-h-{m}"),
        "bottom_right": (f"W-w-{m}", f"H-h-{m}"),
        "center": ("(W-w)/2", "(H-h)/2"),
    }[pos]


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


def draw_overlays(plan: Script, draft: Draft, cv: Canvas, cur: str, resolve: Callable[[str], str], cache: Path) -> str:
    """Each logo over the picture during its span, at its size and opacity (prepared once in Pillow);
    returns the label of the picture with them on."""
    for j, ov in enumerate(draft.overlays()):
        img = prepare_overlay(resolve(ov.src), logo_box(ov.size, resolve(ov.src), cv), ov.opacity, cache)
        k = plan.add_input("-i", media_input(img))
        x, y = overlay_xy(ov.pos, cv)
        en = f"between(t,{num(ov.st / 1000)},{num((ov.st + ov.d) / 1000)})"
        plan.lines.append(f"[{cur}][{k}:v]overlay=x={x}:y={y}:enable={q(en)}:format=auto[ov{j}]")
        cur = f"ov{j}"
    return cur
