"""Overlay layers: a logo or watermark over the video."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


def draw_overlays(plan: Script, draft: Draft, cv: Canvas, cur: str, resolve: Callable[[str], str], cache: Path) -> str:
    """Each logo over the picture during its span, at its size and opacity (prepared once in Pillow);
    returns the label of the picture with them on."""
    for j, ov in enumerate(draft.overlays()):
        width = max(2, round(cv.width * ov.size))
        img = prepare_overlay(resolve(ov.src), width, ov.opacity, cache)
        k = plan.add_input("-i", media_input(img))
        x, y = overlay_xy(ov.pos, cv)
        en = f"between(t,{num(ov.st / 1000)},{num((ov.st + ov.d) / 1000)})"
        plan.lines.append(f"[{cur}][{k}:v]overlay=x={x}:y={y}:enable={q(en)}:format=auto[ov{j}]")
        cur = f"ov{j}"
    return cur
