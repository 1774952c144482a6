"""Text layers: titles, captions and calls to action, typeset as images in Pillow and laid over the video.

Each text is drawn once, with its outline, shadow and any backing baked in, to a PNG in this job's own
scratch folder, and placed by ffmpeg's `overlay` (its motion is in render/text_anim.py). The words never
pass through a filter string: only checked numbers do. Lines break between words (Chinese and Japanese
between the phrases BudouX finds) and are balanced, so a two-line title has two lines of like width.
Before it is drawn, the picture behind each text is measured (render/backdrop.py), and a text that
would not reach WCAG's 4.5:1 contrast gets a stronger shadow, a soft scrim or a box (render/contrast.py).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import budoux
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from reelsmith.engine.media import fonts
from reelsmith.engine.model.draft import Draft, TextSegment
from reelsmith.engine.render import contrast, text_anim
from reelsmith.engine.render.backdrop import Backdrop
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.layout import clear_edge, place
from reelsmith.engine.render.onscreen import Spot
from reelsmith.engine.render.script import BLEND_420, Script, media_input, q
from reelsmith.engine.render.zones import Rect, safe_rect
from reelsmith.protocol.facts import needs_cjk

BREAK_AFTER = "/-_.?&=,;:"  # where a word too long for a line breaks best
MIN_SHRINK = 0.6  # a word too wide for the frame makes the text up to this much smaller before it is broken
LINE_GAP = 0.2  # between lines, as a part of the font size
INK_MARGIN = 0.15  # air kept around the words, as a part of the font size: what layout keeps clear
PAD = 0.8  # room around the words for outline, shadow, box and scrim, as a part of the font size
BOX_PAD = 0.35  # a box's border around the words
SCRIM_PAD, SCRIM_BLUR = 0.3, 0.2  # a scrim's reach beyond the words and its softness
SCRIM_EDGE = 0.93  # the scrim's opacity at the words' edge, as a part of its full opacity
HALO, HALO_ALPHA = 0.07, 0.8  # the strong shadow: its reach (part of the font size) and opacity
HALO_FROM = 3.0  # a text this close to legible gets the halo; one further off, backing
MAX_SCRIM = 0.6  # a scrim more opaque than this is a box
SAFETY = 1.15  # the contrast aimed for, over WCAG's 4.5:1: the encode blurs edges and shifts colours
_KANA = re.compile("[\u3040-\u30ff]")


# --- line breaking ----------------------------------------------------------------------------------


@functools.cache
def _parser(japanese: bool) -> budoux.Parser:
    return budoux.load_default_japanese_parser() if japanese else budoux.load_default_simplified_chinese_parser()


def phrases(text: str) -> list[str]:
    """Chinese or Japanese text cut where a line may break: between phrases (BudouX), never inside a word."""
    return [p for p in _parser(bool(_KANA.search(text))).parse(text) if p]


def _tokens(para: str) -> tuple[list[str], str]:
    """The pieces a paragraph breaks between, and what joins them on a line."""
    return (phrases(para), "") if needs_cjk(para) else (para.split(" "), " ")


def _greedy(tokens: list[str], sep: str, font: ImageFont.FreeTypeFont, max_w: float) -> tuple[list[str], bool]:
    """Lines filled in order; a piece wider than a line on its own is broken between its characters.
    Also says whether one was."""
    lines: list[str] = []
    line, broke = "", False
    for tok in tokens:
        trial = f"{line}{sep}{tok}" if line else tok
        if font.getlength(trial) <= max_w:
            line = trial
            continue
        if line:
            lines.append(line)
        line = ""
        if font.getlength(tok) <= max_w:
            line = tok.lstrip() if sep == "" else tok
            continue
        broke = True
        for ch in tok:  # only a word wider than a whole line gets here
            if line and font.getlength(line + ch) > max_w:
                # after a slash, hyphen or the like when one is near the end ("…/etc/" "shadow")
                cut = max(line.rfind(c) for c in BREAK_AFTER) + 1
                cut = cut if cut > len(line) * 0.4 else len(line)
                lines.append(line[:cut])
                line = line[cut:]
            line += ch
    lines.append(line)
    return lines, broke


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, max_w: int) -> list[str]:
    """Lines no wider than `max_w`, balanced: the narrowest width that needs no more lines than a full
    first line would, so the last line is never one orphaned word."""
    out: list[str] = []
    for para in text.split("\n"):
        tokens, sep = _tokens(para)
        lines, broke = _greedy(tokens, sep, font, max_w)
        if len(lines) > 1 and not broke:
            lo, hi = max(w for w in (font.getlength(t) for t in tokens)), float(max_w)
            while hi - lo > 2:
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if len(_greedy(tokens, sep, font, mid)[0]) <= len(lines) else (mid, hi)
            lines = _greedy(tokens, sep, font, hi)[0]
        out += [ln.strip() for ln in lines]
    return out


def wrap_text(text: str, font_path: Path, px: int, max_w: int) -> str:
    """Lines no wider than `max_w` at `px`: broken at spaces (between phrases for Chinese and Japanese),
    balanced, and a word wider than the frame on its own broken between its characters."""
    return "\n".join(wrap_lines(text, ImageFont.truetype(str(font_path), px), max_w))


def fitted_size(text: str, font_path: Path, px: int, max_w: int) -> int:
    """`px`, or smaller (down to MIN_SHRINK of it) so the widest single word fits on a line."""
    words = [w for para in text.split("\n") for w in ([para] if needs_cjk(para) else para.split(" ")) if w]
    if not words or needs_cjk(text):
        return px
    widest = max(ImageFont.truetype(str(font_path), px).getlength(w) for w in words)
    if widest <= max_w:
        return px
    return max(8, int(px * max(MIN_SHRINK, max_w / widest)))


# --- typesetting --------------------------------------------------------------------------------------


@dataclass
class Block:
    """A text's lines, measured: where each line sits in the image and where each character begins."""

    font: ImageFont.FreeTypeFont
    px: int
    lines: list[str]
    align: str  # "left", "center" or "right"
    pad: int
    width: int  # of the image
    height: int
    pitch: int
    xs: list[int] = field(default_factory=list)  # each line's left edge in the image

    def top(self, i: int) -> int:
        return self.pad + i * self.pitch

    def band(self, i: int) -> tuple[int, int]:
        """Line i's rows in the image: from half way to the line above to half way to the one below."""
        gap = self.pitch - sum(self.font.getmetrics())
        y0 = 0 if i == 0 else self.top(i) - gap // 2
        y1 = self.height if i == len(self.lines) - 1 else self.top(i + 1) - gap // 2
        return y0, y1


ALIGN = {"lower_third": "left", "top_left": "left", "bottom_left": "left", "top_right": "right"}
ALIGN |= {"bottom_right": "right"}


def even_up(x: float) -> int:
    return 2 * math.ceil(x / 2)


def block_for(seg: TextSegment, cv: Canvas, room: int = 0) -> Block:
    """The lines of `seg` at its size, as wide as the safe zone allows less `room` (kept for motion)."""
    st = seg.style
    font_path = fonts.resolve(st.font, seg.text)
    px0 = max(8, round(st.size * cv.height))
    r = safe_rect(cv.width, cv.height)
    pad = math.ceil(PAD * px0) + 2
    # the words (and a little air) stay inside the safe zone; the soft backing around them may reach past it
    max_w = max(px0, r.w - 2 * math.ceil(INK_MARGIN * px0) - room)
    px = fitted_size(seg.text, font_path, px0, max_w)
    font = ImageFont.truetype(str(font_path), px)
    lines = wrap_lines(seg.text, font, max_w)
    asc, desc = font.getmetrics()
    pitch = asc + desc + round(px * LINE_GAP)
    widths = [math.ceil(font.getlength(ln)) for ln in lines]
    w = even_up(max(widths) + 2 * pad)
    h = even_up((len(lines) - 1) * pitch + asc + desc + 2 * pad)
    align = ALIGN.get(seg.pos, "center")
    b = Block(font, px, lines, align, pad, w, h, pitch)
    inner = max(widths)
    b.xs = [pad + {"left": 0, "center": (inner - lw) // 2, "right": inner - lw}[align] for lw in widths]
    return b


@dataclass
class Treatment:
    """What a text gets so it is legible over its picture, and the contrast that gives."""

    halo: bool = False
    scrim: float = 0.0  # opacity, 0 for none
    box: float = 0.0  # opacity, 0 for none
    backing: tuple[int, int, int] = (0, 0, 0)
    ratio: float = 21.0  # the contrast measured with it, against the picture behind


def treatment(seg: TextSegment, pixels: np.ndarray) -> Treatment:
    """The least backing that makes `seg` reach 4.5:1 over `pixels`: as it is, then a stronger shadow,
    then a soft scrim, then a box. A box the style asks for is kept (made more opaque if need be)."""
    st = seg.style
    lum = contrast.hex_luminance(st.color)
    dark = (0, 0, 0) if contrast.is_light(lum) else (255, 255, 255)
    target = contrast.TARGET * SAFETY
    pixels = contrast.telling_pixel(pixels, lum)[None, :]  # measured once: what decides every step below
    if st.box:
        colour = _rgb(st.box_color)
        a = max(st.box_opacity, contrast.backing_alpha(pixels, lum, colour, target))
        r = contrast.contrast_over(pixels, lum, colour, a)
        return Treatment(halo=r < target, box=a, backing=colour, ratio=r)
    if (r := contrast.contrast_over(pixels, lum)) >= target:
        return Treatment(ratio=r)
    if r >= HALO_FROM and (r := contrast.contrast_over(pixels, lum, dark, HALO_ALPHA * 0.75)) >= target:
        return Treatment(halo=True, ratio=r)  # nearly there: a halo darkens what is right around each stroke
    a = contrast.backing_alpha(pixels, lum, dark, target)
    if a <= MAX_SCRIM:
        scrim = min(1.0, a / SCRIM_EDGE)
        return Treatment(scrim=scrim, backing=dark, ratio=contrast.contrast_over(pixels, lum, dark, a))
    a = max(a, 0.75)
    return Treatment(halo=a >= 1.0, box=a, backing=dark, ratio=contrast.contrast_over(pixels, lum, dark, a))


def _rgb(colour: str) -> tuple[int, int, int]:
    s = colour.lstrip("#")
    return int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16)


@dataclass
class Layers:
    backing: Image.Image  # box or scrim, RGBA
    glyphs: Image.Image  # the words with their outline, shadow and halo, RGBA

    def full(self) -> Image.Image:
        return Image.alpha_composite(self.backing, self.glyphs)


def draw(seg: TextSegment, b: Block, t: Treatment, cv: Canvas) -> Layers:
    """The text drawn, in two layers: what is behind the words and the words themselves."""
    st = seg.style
    size = (b.width, b.height)
    mask = Image.new("L", size, 0)  # the words with their outline, for the shadows
    stroke = max(1, round(st.outline * cv.height)) if st.outline > 0 else 0
    md = ImageDraw.Draw(mask)
    for i, line in enumerate(b.lines):
        md.text((b.xs[i], b.top(i)), line, font=b.font, fill=255, anchor="la", stroke_width=stroke)
    glyphs = Image.new("RGBA", size, (0, 0, 0, 0))
    if t.halo:
        r = max(1, round(HALO * b.px))
        halo = mask.filter(ImageFilter.MaxFilter(2 * (r // 2) + 1)).filter(ImageFilter.GaussianBlur(r))
        halo = halo.point(lambda v: min(255, round(v * 1.6 * HALO_ALPHA)))
        glyphs.paste(Image.new("RGBA", size, (*t.backing, 255)), (0, 0), halo)
    if st.shadow:
        d = max(1, round(cv.height * 0.002))
        shadow = Image.new("L", size, 0)
        shadow.paste(mask.point(lambda v: round(v * 0.6)), (d, d))
        glyphs = Image.alpha_composite(glyphs, _solid(size, (0, 0, 0), shadow))
    gd = ImageDraw.Draw(glyphs)
    for i, line in enumerate(b.lines):
        gd.text(
            (b.xs[i], b.top(i)),
            line,
            font=b.font,
            fill=st.color,
            anchor="la",
            stroke_width=stroke,
            stroke_fill=st.outline_color,
        )
    backing = Image.new("RGBA", size, (0, 0, 0, 0))
    x0, x1 = min(b.xs), max(b.xs[i] + b.font.getlength(ln) for i, ln in enumerate(b.lines))
    y0, y1 = b.pad, b.top(len(b.lines) - 1) + sum(b.font.getmetrics())
    if t.box:
        e = BOX_PAD * b.px
        shape = Image.new("L", size, 0)
        ImageDraw.Draw(shape).rounded_rectangle(
            (x0 - e, y0 - e, x1 + e, y1 + e), radius=round(0.15 * b.px), fill=round(255 * t.box)
        )
        backing = _solid(size, t.backing, shape)
    elif t.scrim:
        e = SCRIM_PAD * b.px
        shape = Image.new("L", size, 0)
        ImageDraw.Draw(shape).rounded_rectangle(
            (x0 - e, y0 - e, x1 + e, y1 + e), radius=round(0.3 * b.px), fill=round(255 * t.scrim)
        )
        backing = _solid(size, t.backing, shape.filter(ImageFilter.GaussianBlur(SCRIM_BLUR * b.px)))
    return Layers(backing, glyphs)


def _solid(size: tuple[int, int], rgb: tuple[int, int, int], alpha: Image.Image) -> Image.Image:
    im = Image.new("RGBA", size, (*rgb, 255))
    im.putalpha(alpha)
    return im


# --- the graph ------------------------------------------------------------------------------------------


def draw_texts(
    plan: Script,
    draft: Draft,
    cv: Canvas,
    cur: str,
    scratch: Path,
    resolve: Callable[[str], str],
    avoid: list[Spot] | None = None,
) -> str:
    """Each text over the picture during its span, moving as its style says, clear of what `avoid`
    holds (faces, subjects, logos) and of the texts on screen with it; returns the picture's label. Titles are
    placed first: a caption gives way to a title, not the other way round."""
    backdrop = Backdrop(draft, cv, resolve, scratch)
    taken = list(avoid or [])
    texts = list(enumerate(draft.texts()))
    subtitles = [x for x in draft.texts() if x.role == "subtitle"]
    for i, seg in sorted(texts, key=lambda t: (PRIORITY.get(t[1].role, len(PRIORITY)), t[0])):
        # a title and its subtitle are one block: neither moves to the opposite edge alone
        paired = seg.role == "subtitle" or (
            seg.role == "title" and any(x.st < seg.st + seg.d and seg.st < x.st + x.d for x in subtitles)
        )
        cur, spot = place_text(plan, seg, i, cv, cur, scratch, backdrop, taken, flip=not paired)
        taken.append(spot)
    return cur


SHRINK = (1.0, 0.85, 0.7, 0.55)  # sizes a text tries, as parts of its own, before it settles where it covers least
PRIORITY = {"title": 0, "subtitle": 1, "cta": 2, "lower_third": 3, "caption": 4}


def place_text(
    plan: Script,
    seg: TextSegment,
    idx: int,
    cv: Canvas,
    cur: str,
    scratch: Path,
    backdrop: Backdrop,
    taken: list[Spot] | None = None,
    flip: bool = True,
) -> tuple[str, Spot]:
    """One text: placed clear of what is `taken` while it is on screen, measured against its picture,
    drawn, written to this job's scratch folder, laid over. Returns the label and where it went. With
    `flip`, it may go to the opposite edge to keep off a photo's subject."""
    anim = seg.style.anim
    room = text_anim.room(anim, cv)
    st, en = seg.st, seg.st + seg.d
    now = [s for s in taken or [] if s.st < en and st < s.en]
    hard = [s.rect for s in now if not s.soft]
    # clear of the photo's subject where it was asked for or at the opposite edge, at its size; else
    # where it was asked for or the nearest free spot, clear of faces, logos and other texts, a little
    # smaller if it must be
    soft = [s.rect for s in now if s.soft]
    tries = ([(1.0, True)] if soft and flip else []) + [(k, False) for k in SHRINK]
    for n, (k, edge) in enumerate(tries):
        sized = (
            seg
            if k == 1
            else seg.model_copy(update={"style": seg.style.model_copy(update={"size": seg.style.size * k})})
        )
        b = block_for(sized, cv, room[0])
        frame_w, frame_h = text_anim.frame_size(anim, b.width, b.height)
        # what is placed is the words and their motion with a little air: the backing's soft reach
        # (the rest of the pad) may lie over the safe zone's edge or another text's air
        inset = max(0, b.pad - math.ceil(INK_MARGIN * b.px))
        iw, ih = frame_w + room[0] - 2 * inset, frame_h + room[1] - 2 * inset
        if edge:
            spot = clear_edge(seg.pos, iw, ih, cv, hard, soft)
        else:
            spot = place(seg.pos, iw, ih, cv, hard, strict=n != len(tries) - 1)
        if spot is not None:
            seg = sized
            break
    assert spot is not None  # the last size always gets a place
    ink = Rect(spot[0], spot[1], spot[0] + iw, spot[1] + ih)
    x, y = spot[0] - inset, spot[1] - inset
    box = Rect(x, y, x + frame_w + room[0], y + frame_h + room[1])
    t = treatment(seg, backdrop.pixels(box, seg.st, seg.st + seg.d))
    layers = draw(seg, b, t, cv)
    motion = text_anim.plan(seg, b, layers, cv, (x, y))
    png = scratch / f"text-{idx}.png"
    motion.sprite.save(png, format="PNG", compress_level=1)
    k = plan.add_input("-i", media_input(png))
    plan.lines.append(f"[{k}:v]" + ",".join(motion.chain) + f"[txt{idx}]")
    plan.lines.append(f"[{cur}][txt{idx}]overlay=x={q(motion.x)}:y={q(motion.y)}:eof_action=pass:{BLEND_420}[txv{idx}]")
    return f"txv{idx}", Spot(st, en, ink)
