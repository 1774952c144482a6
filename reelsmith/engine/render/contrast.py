"""WCAG 2 contrast: relative luminance, the contrast ratio, and how much backing makes text legible.

Text on a picture is legible when its colour and the picture behind it differ by at least 4.5:1 (WCAG
2.x, AA for body text). The picture is not one colour, so the ratio is taken against a high percentile
of its luminance for light text (the bright parts are the ones that swallow it) and a low one for dark
text. Backing (a scrim or a box) of colour c and opacity a turns a background pixel v into
v * (1 - a) + c * a, composited in sRGB as ffmpeg's overlay does; `backing_alpha` finds the least a.
"""

from __future__ import annotations

import numpy as np

TARGET = 4.5  # WCAG AA
PERCENTILE = 95.0  # of the background's luminance, for light text (100 - this for dark text)


def linear(v: np.ndarray) -> np.ndarray:
    """sRGB channel values 0-255 to linear light 0-1."""
    c = np.asarray(v, dtype=np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB pixels (..., 3), 0-255."""
    lin = linear(rgb)
    return lin[..., 0] * 0.2126 + lin[..., 1] * 0.7152 + lin[..., 2] * 0.0722


def hex_luminance(colour: str) -> float:
    s = colour.lstrip("#")
    return float(luminance(np.array([int(s[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)))


def ratio(a: float, b: float) -> float:
    """The contrast ratio of two luminances, 1 to 21."""
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def is_light(text_lum: float) -> bool:
    """Whether text of this luminance reads better on black than on white (so its backing is dark)."""
    return ratio(text_lum, 0.0) >= ratio(text_lum, 1.0)


def backdrop_luminance(pixels: np.ndarray, light: bool) -> float:
    """The luminance text is measured against: a high percentile of the pixels' for light text, a low
    one for dark text."""
    lum = luminance(pixels.reshape(-1, 3))
    return float(np.percentile(lum, PERCENTILE if light else 100.0 - PERCENTILE))


def telling_pixel(pixels: np.ndarray, text_lum: float) -> np.ndarray:
    """The one pixel the contrast is decided by: the one at the percentile `backdrop_luminance` takes.
    Backing darkens (or lightens) every pixel alike, so it stays the one."""
    px = pixels.reshape(-1, 3)
    lum = luminance(px)
    k = int(round((PERCENTILE if is_light(text_lum) else 100.0 - PERCENTILE) / 100.0 * (len(lum) - 1)))
    return np.asarray(px[np.argpartition(lum, k)[k]], dtype=np.float64)


def contrast_over(
    pixels: np.ndarray, text_lum: float, backing: tuple[int, int, int] = (0, 0, 0), a: float = 0.0
) -> float:
    """The ratio of text over `pixels` with backing of colour `backing` at opacity `a` between them."""
    px = pixels.reshape(-1, 3).astype(np.float64)
    if len(px) > 1:
        px = telling_pixel(px, text_lum)[None, :]
    mixed = px * (1.0 - a) + np.asarray(backing, dtype=np.float64) * a
    return ratio(text_lum, backdrop_luminance(mixed, is_light(text_lum)))


def backing_alpha(pixels: np.ndarray, text_lum: float, backing: tuple[int, int, int], target: float = TARGET) -> float:
    """The least opacity of `backing` under which text of `text_lum` reaches `target` over `pixels`:
    0 when it already does, 1 when even a solid backing does not (then it is as good as it gets)."""
    pixels = telling_pixel(pixels, text_lum)[None, :]
    if contrast_over(pixels, text_lum, backing, 0.0) >= target:
        return 0.0
    if contrast_over(pixels, text_lum, backing, 1.0) < target:
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(14):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if contrast_over(pixels, text_lum, backing, mid) >= target else (mid, hi)
    return hi
