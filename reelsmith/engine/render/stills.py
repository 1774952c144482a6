"""Prepare photos once, in Pillow, so ffmpeg never re-decodes a still per frame.

Each photo is oriented (EXIF), converted to RGB (CMYK, greyscale, alpha),
fitted to the canvas plus the headroom its motion needs, colour-filtered, and
written as one PNG. The renderer feeds that single frame to ffmpeg's `loop`.

A cover crop is framed on the photo's subject (media/subject.py): every face, with room above the top
one, inside the part of the still that stays on screen through the whole motion (`Motion.safe`); with
no face, a pull half way from the usual framing toward the salient region (saliency is a weaker cue).
A photo framed at its top, centre or bottom ("keep the top") is cut there instead.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from reelsmith.engine.media import probe as _probe
from reelsmith.engine.media import subject as _subject
from reelsmith.engine.render.layout import card_logo

DEFAULT_CENTRING = (0.5, 0.45)  # a cover crop with nothing to go by: a little above the middle
SALIENT_PULL = 0.5  # how far toward the salient region (of the way from the default) a crop moves
WHOLE: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
# A gentle zoom's still comes as four copies, a quarter pixel either way across and down, so the one
# half a pixel across, down or both from another is at hand for the frames that need it (motion.py)
QUARTER = 0.25
SHIFTS = ((-QUARTER, -QUARTER), (QUARTER, -QUARTER), (-QUARTER, QUARTER), (QUARTER, QUARTER))


def even(x: float) -> int:
    return max(2, int(round(x / 2.0)) * 2)


def tile_stride(size: tuple[int, int]) -> tuple[int, int]:
    """Where the second column and row of a four-copy still begin: the copy's size rounded up to even,
    so that a crop of one copy starts on a whole 4:2:0 chroma sample."""
    return size[0] + size[0] % 2, size[1] + size[1] % 2


def shifted_copies(im: Image.Image) -> Image.Image:
    """Four copies of `im` in a 2x2 grid (tile_stride apart), copy i's content moved left and up by
    SHIFTS[i] pixels: column 1 is half a pixel left of column 0, row 1 half a pixel above row 0. Every copy
    is resampled by the same quarter pixel, so all four are equally sharp and a zoom that alternates
    between them does not flicker. Past each copy's edge its edge pixels repeat: the grid is turned into
    4:2:0 whole, and an odd-sized copy shares its last chroma row or column with what lies beyond it."""
    w, h = im.size
    padded = Image.fromarray(np.pad(np.asarray(im), ((1, 1), (1, 1), (0, 0)), mode="edge"))
    sx, sy = tile_stride(im.size)
    grid = np.empty((2 * sy, 2 * sx, 3), np.uint8)
    for i, (dx, dy) in enumerate(SHIFTS):
        copy = np.asarray(padded.resize((w, h), Image.Resampling.LANCZOS, box=(1 + dx, 1 + dy, 1 + dx + w, 1 + dy + h)))
        x, y = (i % 2) * sx, (i // 2) * sy
        grid[y : y + sy, x : x + sx] = np.pad(copy, ((0, sy - h), (0, sx - w), (0, 0)), mode="edge")
    return Image.fromarray(grid)


def hex_rgb(color: str) -> tuple[int, int, int]:
    s = color.lstrip("#")
    return int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16)


def apply_filter(im: Image.Image, name: str) -> Image.Image:
    if name == "bw":
        return ImageOps.grayscale(im).convert("RGB")
    if name in ("warm", "cool"):
        r, g, b = im.split()
        kr, kb = (1.08, 0.90) if name == "warm" else (0.92, 1.08)
        r = r.point(lambda v: min(255, int(v * kr)))
        b = b.point(lambda v: min(255, int(v * kb)))
        return Image.merge("RGB", (r, g, b))
    if name == "vivid":
        return ImageEnhance.Contrast(ImageEnhance.Color(im).enhance(1.35)).enhance(1.08)
    return im


def _load_rgb(src: str, bg: tuple[int, int, int], target: tuple[int, int]) -> Image.Image:
    if src.startswith("color:"):
        return Image.new("RGB", target, hex_rgb(src[6:]))
    im: Image.Image = Image.open(src)
    if im.width * im.height > _probe.MAX_PIXELS:  # a file that skipped the upload checks (reelsmith render)
        raise ValueError(f"{Path(src).name}: image is larger than {_probe.MAX_PIXELS // 1_000_000} megapixels")
    # JPEG decodes at 1/2, 1/4 or 1/8 scale far faster (a 12 MP photo: 0.075 s against 0.16 s); accept
    # a reduced decode up to 10% short of the cover size. The upscale is only seen at the tight end of
    # a zoom, and measured against the full decode it is 42 dB PSNR on a grainy 12 MP photo
    cover = max(target[0] / im.width, target[1] / im.height)
    if im.format == "JPEG" and cover < 1:
        want = (int(im.width * cover * 0.9), int(im.height * cover * 0.9))
        im.draft("RGB", want)
    im = ImageOps.exif_transpose(im) or im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        base = Image.new("RGB", rgba.size, bg)
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return im.convert("RGB")  # CMYK, greyscale, palette, 16-bit all land in RGB


def _cover(im: Image.Image, size: tuple[int, int], centering: tuple[float, float] = DEFAULT_CENTRING) -> Image.Image:
    return ImageOps.fit(im, size, Image.Resampling.LANCZOS, centering=centering)


def crop_margin(photo: tuple[int, int], size: tuple[int, int]) -> tuple[float, float]:
    """The size of a cover crop of `photo` to `size`'s shape, as fractions of the photo (w, h)."""
    (iw, ih), (tw, th) = photo, size
    if iw * th > tw * ih:  # wider than the still: the sides are cut
        return (ih * tw / th) / iw, 1.0
    return 1.0, (iw * th / tw) / ih


def _axis(lo: float, length: float, crop: float, s0: float, sl: float, top: bool) -> float:
    """Where along one axis (as ImageOps.fit's centring, 0..1) a crop `crop` long puts the span
    [lo, lo+length] inside its safe part [s0, s0+sl] (fractions of the crop): centred when it fits,
    else its start at the safe start (`top`: heads before feet) or centred."""
    free = 1.0 - crop
    if free <= 1e-6:
        return 0.5
    if sl <= 0:  # nothing stays on screen throughout (a sweep): the subject at the middle of the still
        s0, sl = 0.0, 1.0
    if length > sl * crop and top:
        o = lo - s0 * crop
    else:
        o = lo + length / 2 - (s0 + sl / 2) * crop
    return min(1.0, max(0.0, o / free))


def centring(
    subject: _subject.Subject,
    photo: tuple[int, int],
    size: tuple[int, int],
    focus: str = "auto",
    safe: tuple[float, float, float, float] = WHOLE,
) -> tuple[float, float]:
    """The centring of a cover crop of `photo` to `size` that keeps the subject in the safe part
    (fractions of the still that stay on screen through the motion). `focus` top, center or bottom
    anchors it there instead (top and bottom still follow the subject across; center is the plain crop
    from the middle, a touch above it, that every photo had before subject framing)."""
    cw, ch = crop_margin(photo, size)
    b = subject.box
    sx, sy, sw, sh = safe
    x = _axis(b.x, b.w, cw, sx, sw, False) if subject.kind != "none" else DEFAULT_CENTRING[0]
    y = _axis(b.y, b.h, ch, sy, sh, subject.kind == "faces") if subject.kind != "none" else DEFAULT_CENTRING[1]
    if subject.kind == "salient":
        x = DEFAULT_CENTRING[0] + SALIENT_PULL * (x - DEFAULT_CENTRING[0])
        y = DEFAULT_CENTRING[1] + SALIENT_PULL * (y - DEFAULT_CENTRING[1])
    if focus == "center":  # the plain crop every photo had before subject framing
        return DEFAULT_CENTRING
    if focus in ("top", "bottom"):
        return x, 0.0 if focus == "top" else 1.0
    return x, y


def _contain(im: Image.Image, size: tuple[int, int], fill: Image.Image) -> Image.Image:
    fitted = ImageOps.contain(im, size, Image.Resampling.LANCZOS)
    fill.paste(fitted, ((size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2))
    return fill


def fit_image(im: Image.Image, size: tuple[int, int], fit: str, bg: tuple[int, int, int]) -> Image.Image:
    if fit == "contain":
        return _contain(im, size, Image.new("RGB", size, bg))
    if fit == "blur":
        # blur a small cover copy: cheap, and the blur hides the upscale
        small = _cover(im, (max(2, size[0] // 8), max(2, size[1] // 8)))
        small = small.filter(ImageFilter.GaussianBlur(6))
        fill = ImageEnhance.Brightness(small.resize(size, Image.Resampling.BILINEAR)).enhance(0.7)
        return _contain(im, size, fill)
    return _cover(im, size)


class StillJob(NamedTuple):
    """One photo or colour card to prepare: its source, the size with the motion's headroom, the fit
    (cover, contain, blur, card), the colour filter, the canvas colour, the focus, the part of the still
    on screen throughout the motion (fractions x, y, w, h: a cover crop keeps the subject there), and
    whether the motion takes four shifted copies (a gentle zoom)."""

    src: str
    size: tuple[int, int]
    fit: str
    filt: str
    bg: str
    focus: str
    safe: tuple[float, float, float, float]
    shifted: bool


def still_path(job: StillJob, cache: Path) -> Path:
    """Where the prepared still for this job lives (keyed by the file's identity; a cover crop also by
    its framing: the focus, the part on screen throughout, and the subject detector's version)."""
    src, size, fit, filt, bg, focus, safe, shifted = job
    stamp = src
    if not src.startswith("color:"):
        stamp = _subject.stamp(src)
    framing = f"|{focus}|{tuple(round(v, 4) for v in safe)}|{_subject.VERSION}" if fit == "cover" else ""
    copies = "|shifted" if shifted else ""
    key = hashlib.sha256(f"{stamp}|{size}|{fit}|{filt}|{bg}{framing}{copies}".encode()).hexdigest()[:24]
    # BMP: no compression to spend time on, and ffmpeg reads it in a blink
    return cache / f"still-{key}.bmp"


def prepare_still(job: StillJob, cache: Path) -> Path:
    """Write the fitted, filtered still for the job's size (`shifted`: as shifted_copies); cached by
    content and parameters."""
    out = still_path(job, cache)
    src, size, fit, filt, bg, focus, safe, shifted = job
    if _reuse(out):
        return out
    rgb = hex_rgb(bg)
    if fit == "card":
        return _write(apply_filter(_card(src, size, rgb), filt), shifted, out)
    loaded = _load_rgb(src, rgb, size)
    if fit == "cover" and not src.startswith("color:") and focus != "center":
        cw, ch = crop_margin(loaded.size, size)
        if min(cw, ch) < 0.99:  # a crop to choose: find what the photo is of (cached per file)
            found = _subject.analyse(src, cache, image=loaded)
            im = _cover(loaded, size, centring(found, loaded.size, size, focus, safe))
        else:
            im = _cover(loaded, size)
    else:
        im = fit_image(loaded, size, fit, rgb)
    return _write(apply_filter(im, filt), shifted, out)


def _write(im: Image.Image, shifted: bool, out: Path) -> Path:
    tmp = _tmp(out)
    (shifted_copies(im) if shifted else im).save(tmp, format="BMP")
    tmp.replace(out)
    return out


def _card(src: str, size: tuple[int, int], bg: tuple[int, int, int]) -> Image.Image:
    """An intro or end card: the logo, its flat background keyed out, at a size that suits the frame
    (layout.card_logo: never blown up past twice its pixels), above the middle on the canvas colour,
    leaving the lower part for the call to action."""
    with Image.open(src) as opened:
        im = (ImageOps.exif_transpose(opened) or opened).convert("RGBA")
    r = card_logo(im.size, *size)
    logo = key_background(im.resize((r.w, r.h), Image.Resampling.LANCZOS))
    base = Image.new("RGB", size, bg)
    base.paste(logo, (r.x0, r.y0), logo)
    return base


def prepare_overlay(src: str, size: tuple[int, int], opacity: float, cache: Path) -> Path:
    """A logo fitted inside `size` px, its flat background keyed out, its opacity baked into alpha."""
    st = Path(src).stat()
    key = hashlib.sha256(f"{src}:{st.st_size}:{st.st_mtime_ns}|{size}|{opacity}|keyed1".encode())
    out = cache / f"overlay-{key.hexdigest()[:24]}.png"
    if _reuse(out):
        return out
    im = ImageOps.exif_transpose(Image.open(src)) or Image.open(src)
    # keyed at the size it is shown: the flood fill walks every background pixel
    im = key_background(ImageOps.contain(im.convert("RGBA"), size, Image.Resampling.LANCZOS))
    if opacity < 1.0:
        a = im.getchannel("A").point(lambda v: int(v * opacity))
        im.putalpha(a)
    tmp = _tmp(out)
    im.save(tmp, format="PNG", compress_level=1)
    tmp.replace(out)
    return out


KEY_TOLERANCE = 48  # how far (largest channel difference) a pixel may be from the background and still be it
KEY_RAMP = 2  # px of soft edge kept where the logo meets the keyed background


def key_background(im: Image.Image) -> Image.Image:
    """A logo saved without transparency (a JPEG on white or black) gets its background removed: the
    colour all four corners share, wherever it reaches from the edges (so the white inside a letter
    stays), with a soft edge. A logo that already has transparency, or no flat border, is unchanged."""
    alpha = im.getchannel("A")
    lowest = alpha.getextrema()[0]
    if isinstance(lowest, int | float) and lowest < 250:
        return im  # it has its own transparency
    rgb = im.convert("RGB")
    w, h = rgb.size
    corners = [rgb.getpixel((x, y)) for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))]
    bg = corners[0]
    assert isinstance(bg, tuple)
    if any(max(abs(a - b) for a, b in zip(c, bg, strict=True)) > KEY_TOLERANCE // 2 for c in corners):  # type: ignore[arg-type]
        return im  # no flat background: a photo-like logo stays as it is
    # distance from the background colour, 0-254; the flood marks what the edges reach with 255
    bands = [ch.point(lambda v, b=b: min(254, abs(v - b))) for ch, b in zip(rgb.split(), bg, strict=True)]
    dist = ImageChops.lighter(ImageChops.lighter(bands[0], bands[1]), bands[2])
    flood = dist.point(lambda v: 0 if v <= KEY_TOLERANCE else 254)
    for x in range(0, w, max(1, w // 64)):
        for y in (0, h - 1):
            if flood.getpixel((x, y)) == 0:
                ImageDraw.floodfill(flood, (x, y), 255)
    for y in range(0, h, max(1, h // 64)):
        for x in (0, w - 1):
            if flood.getpixel((x, y)) == 0:
                ImageDraw.floodfill(flood, (x, y), 255)
    keyed = flood.point(lambda v: 255 if v == 255 else 0)
    hist = keyed.histogram()
    if hist[255] > 0.9 * w * h:
        return im  # a logo of one flat colour (a badge, a square) is all "background": keep it whole
    # a soft edge: near the keyed area, alpha follows the distance from the background colour
    near = keyed.filter(ImageFilter.MaxFilter(2 * KEY_RAMP + 1))
    soft = dist.point(lambda v: min(255, v * 255 // (3 * KEY_TOLERANCE)))
    a = ImageChops.subtract(Image.new("L", (w, h), 255), keyed)
    a = Image.composite(ImageChops.darker(a, soft), a, near)
    out = im.copy()
    out.putalpha(ImageChops.darker(alpha, a))
    return out


def _reuse(out: Path) -> bool:
    """A cached file, marked as just used (the cache is pruned least recently used first)."""
    try:
        os.utime(out)
        return True
    except FileNotFoundError:
        return False


def _tmp(out: Path) -> Path:
    """A writer-private temporary name: two renders may prepare the same still at once."""
    return out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
