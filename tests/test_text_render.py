"""Text as rendered (issue 17): legible over any picture, laid out inside the safe zone, in balanced lines
broken where the language breaks, and coming in as its style says. Measured on real frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render import contrast
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.layout import text_origin
from reelsmith.engine.render.render import render
from reelsmith.engine.render.text import block_for, phrases, wrap_lines
from reelsmith.engine.render.zones import safe_rect

from .media import frames_rgb, photo

FPS = 25
DARK = "#203040"


def _draft(video: dict, texts: list[dict], w: int, h: int, d: int = 1600) -> Draft:
    return Draft.parse(
        {"t": [{"tt": 0, "sg": [video]}, {"tt": 7, "sg": texts}], "d": d, "m": {"width": w, "height": h, "fps": FPS}}
    )


def _frames(d: Draft, tmp_path: Path, name: str) -> np.ndarray:
    out = render(d, tmp_path / f"{name}.mp4", quality="high")
    return frames_rgb(out.path, d.m.width, d.m.height).astype(int)


def _ink(frame: np.ndarray, plain: np.ndarray, level: int = 40) -> np.ndarray:
    return np.abs(frame - plain).sum(axis=2) > level


def _centroid(frame: np.ndarray, plain: np.ndarray) -> tuple[float, float]:
    """(x, y) of the text's difference from the plain picture, weighted by it: the same however faded."""
    diff = np.abs(frame - plain).sum(axis=2).astype(float)
    diff[diff < 12] = 0
    ys, xs = np.mgrid[0 : diff.shape[0], 0 : diff.shape[1]]
    return float((xs * diff).sum() / diff.sum()), float((ys * diff).sum() / diff.sum())


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


# --- always legible ---------------------------------------------------------------------------------------


def _busy(path: Path, size: tuple[int, int]) -> Path:
    """A checkerboard of white and near-black squares with noise: the hardest picture for any text."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    check = (((x // 24) + (y // 24)) % 2) * 230 + 20
    rng = np.random.default_rng(3)
    arr = np.clip(check[..., None] + rng.normal(0, 25, (h, w, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(arr).save(path, quality=92)
    return path


def _glyph_mask(text: str, cv: Canvas, style: dict) -> tuple[np.ndarray, int]:
    """Where the renderer puts the letters of a centred text (its own layout), and their size in px."""
    from reelsmith.engine.model.draft import TextSegment

    seg = TextSegment.model_validate({"text": text, "pos": "center", "style": style})
    b = block_for(seg, cv)
    x, y = text_origin("center", b.width, b.height, cv)
    im = Image.new("L", (cv.width, cv.height), 0)
    dr = ImageDraw.Draw(im)
    for i, line in enumerate(b.lines):
        dr.text((x + b.xs[i], y + b.top(i)), line, font=b.font, fill=255, anchor="la")
    return np.asarray(im) > 128, b.px


@pytest.mark.parametrize("size", [(640, 360), (360, 640)], ids=["16:9", "9:16"])
@pytest.mark.parametrize("picture", ["white", "black", "busy"])
def test_a_white_title_is_legible_over_any_picture(
    media: Path, tmp_path: Path, size: tuple[int, int], picture: str
) -> None:
    """WCAG's 4.5:1 between the letters and the picture right around them, whatever the picture."""
    w, h = size
    src = (
        _busy(media / "busy.jpg", (w * 2, h * 2))
        if picture == "busy"
        else photo(media / f"{picture}.jpg", (w * 2, h * 2), color=(255, 255, 255) if picture == "white" else (0, 0, 0))
    )
    style = {"size": 0.09, "color": "#ffffff"}
    text = "Summer Sale"
    d = _draft(
        {"src": str(src), "d": 1600}, [{"text": text, "st": 0, "d": 1600, "pos": "center", "style": style}], w, h
    )
    frame = _frames(d, tmp_path, picture)[20]
    letters, px = _glyph_mask(text, Canvas(w, h, FPS), style)
    core = np.asarray(Image.fromarray(letters.astype(np.uint8) * 255).filter(ImageFilter.MinFilter(3))) > 0
    near = Image.fromarray(letters.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(2 * (px // 8) + 1))
    touching = Image.fromarray(letters.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(5))
    ring = (np.asarray(near) > 0) & ~(np.asarray(touching) > 0)  # the picture right around the letters
    lum = contrast.luminance(frame.astype(np.float64))
    text_lum = float(np.median(lum[core]))
    behind = float(np.percentile(lum[ring], contrast.PERCENTILE))
    assert contrast.ratio(text_lum, behind) >= 4.5, (picture, text_lum, behind)
    if picture == "black":  # legible as it is: nothing added
        assert float(np.percentile(lum[~np.asarray(near)], 50)) < 0.01


# --- layout ---------------------------------------------------------------------------------------------


def test_chinese_lines_break_between_phrases() -> None:
    from PIL import ImageFont

    from reelsmith.engine.media import fonts

    text = "今天是个好天气我们一起去海边散步吧然后在沙滩上看日落"
    font = ImageFont.truetype(str(fonts.resolve("cjk", text)), 40)
    lines = wrap_lines(text, font, 330)
    assert len(lines) > 1 and "".join(lines) == text
    cuts = np.cumsum([len(p) for p in phrases(text)]).tolist()
    ends = np.cumsum([len(x) for x in lines]).tolist()
    assert set(ends) <= set(cuts), (lines, phrases(text))  # every line ends where a phrase does
    assert all(font.getlength(x) <= 330 for x in lines)


def test_two_lines_are_balanced_not_an_orphan() -> None:
    from PIL import ImageFont

    from reelsmith.engine.media import fonts

    font = ImageFont.truetype(str(fonts.resolve("sans")), 40)
    text = "Summer Collection Sale Starts Today"
    full = font.getlength(text)
    lines = wrap_lines(text, font, int(full * 0.8))  # greedy would leave one word on the second line
    widths = [font.getlength(x) for x in lines]
    assert len(lines) == 2 and min(widths) > 0.6 * max(widths), lines


@pytest.mark.parametrize("size", [(640, 360), (360, 640)], ids=["16:9", "9:16"])
@pytest.mark.parametrize("pos", ["center", "bottom", "top_right", "lower_third", "below_center"])
def test_text_origin_keeps_every_block_inside_the_safe_zone(size: tuple[int, int], pos: str) -> None:
    cv = Canvas(*size, FPS)
    r = safe_rect(*size)
    for bw, bh in ((40, 20), (r.w // 2, r.h // 3), (r.w, 30)):
        x, y = text_origin(pos, bw, bh, cv)
        assert r.x0 <= x and x + bw <= r.x1 and r.y0 <= y and y + bh <= r.y1, (pos, bw, bh, x, y)


# --- motion ---------------------------------------------------------------------------------------------

ANIMS = ["fade", "fade_up", "pop", "slide", "typewriter", "words"]


@pytest.fixture(scope="module")
def animated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, np.ndarray]:
    """One render per shape: each animation of a title in turn, 1.6 s each, over a dark card, plus the
    card alone for the frames to be compared with."""
    out = {}
    tmp = tmp_path_factory.mktemp("anim")
    for w, h in ((640, 360), (360, 640)):
        texts = [
            {
                "text": "Summer Sale Today",
                "st": i * 1600,
                "d": 1600,
                "pos": "bottom" if w < h else "center",
                "fi": 300,
                "fo": 300,
                "style": {"size": 0.08, "anim": anim},
            }
            for i, anim in enumerate(ANIMS)
        ]
        d = _draft({"src": f"color:{DARK}", "kind": "color", "d": 1600 * len(ANIMS)}, texts, w, h, 1600 * len(ANIMS))
        out[f"{w}x{h}"] = _frames(d, tmp, f"{w}x{h}")
    return out


def _span(frames: np.ndarray, anim: str) -> np.ndarray:
    i = ANIMS.index(anim)
    return frames[i * 40 : (i + 1) * 40]


def _plain(frames: np.ndarray) -> np.ndarray:
    return np.broadcast_to(np.array([0x20, 0x30, 0x40]), frames.shape[1:])


@pytest.mark.parametrize("shape", ["640x360", "360x640"])
def test_no_text_leaves_the_safe_zone_at_any_frame(animated: dict[str, np.ndarray], shape: str) -> None:
    fr = animated[shape]
    w, h = map(int, shape.split("x"))
    r = safe_rect(w, h)
    plain = _plain(fr)
    for k in range(0, len(fr), 2):
        ink = _ink(fr[k], plain, 24)
        if ink.sum() < 20:
            continue
        x0, y0, x1, y1 = _box(ink)
        assert r.x0 - 1 <= x0 and x1 <= r.x1 + 1 and r.y0 - 1 <= y0 and y1 <= r.y1 + 1, (k, (x0, y0, x1, y1), r)


def test_fade_fades_in_and_out(animated: dict[str, np.ndarray]) -> None:
    fr = _span(animated["640x360"], "fade")
    plain = _plain(fr)
    level = [np.abs(f - plain).sum() for f in fr]
    assert level[0] < level[3] < level[7] and level[-1] < level[20]


def test_fade_up_rises_into_place(animated: dict[str, np.ndarray]) -> None:
    fr = _span(animated["640x360"], "fade_up")
    plain = _plain(fr)
    ys = [_centroid(fr[k], plain)[1] for k in (1, 3, 12, 20)]
    assert ys[0] > ys[1] > ys[2] and abs(ys[2] - ys[3]) < 1.0, ys  # it rises, then holds


def test_slide_moves_in_from_the_side_and_back_out(animated: dict[str, np.ndarray]) -> None:
    fr = _span(animated["640x360"], "slide")
    plain = _plain(fr)
    xs = {k: _centroid(fr[k], plain)[0] for k in (2, 5, 15, 20, 38)}
    assert xs[2] < xs[5] < xs[15] and abs(xs[15] - xs[20]) < 1.0, xs  # in from the left, then still
    assert xs[38] < xs[20] - 3, xs  # and out the way it came


def test_pop_grows_past_full_size_and_settles(animated: dict[str, np.ndarray]) -> None:
    fr = _span(animated["640x360"], "pop")
    plain = _plain(fr)
    widths = []
    for k in range(1, 16):
        x0, _, x1, _ = _box(_ink(fr[k], plain, 24))
        widths.append(x1 - x0)
    final = widths[-1]
    assert widths[0] < 0.95 * final and max(widths) > final, widths


def test_typewriter_reveals_letters_in_order(animated: dict[str, np.ndarray]) -> None:
    fr = _span(animated["640x360"], "typewriter")
    plain = _plain(fr)
    area = [int(_ink(f, plain).sum()) for f in fr[:20]]
    rights = [_box(_ink(f, plain))[2] for f in fr[2:20] if _ink(f, plain).sum() > 20]
    assert all(b >= a - 15 for a, b in zip(area, area[1:], strict=False)), area  # grows, letter by letter
    assert area[2] < 0.3 * area[19] and rights == sorted(rights) and rights[0] < rights[-1] - 100, rights


def test_words_appear_one_after_another(animated: dict[str, np.ndarray]) -> None:
    fr = _span(animated["640x360"], "words")
    plain = _plain(fr)
    shown = [k for k in range(40) if _ink(fr[k], plain).sum() > 20]
    first = _box(_ink(fr[shown[0]], plain))
    full = _box(_ink(fr[25], plain))
    # the first frame with ink has the first word only: the second word's place is still empty
    assert first[2] - first[0] < 0.5 * (full[2] - full[0]), (first, full)
    assert first[0] == pytest.approx(full[0], abs=3)
