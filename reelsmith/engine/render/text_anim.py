"""How a text comes in and goes: its image's frames and the expressions that move it.

A text is one image; the ways it comes in are made from that image by ffmpeg, per frame, with numbers
only (the words never reach a filter string):

- fade: its opacity ramps (`fade` on the alpha plane);
- fade_up: fades in while rising a few percent of the height (`overlay`'s y, eased);
- slide: fades in while sliding in from the side (`overlay`'s x, eased), and slides back out;
- pop: grows from 85% to a touch over full size and settles;
- typewriter: its characters appear in order; words: its words (Chinese and Japanese, its phrases).

The last three change the image itself, so their frames ("states") are drawn in Pillow, stacked into
one tall image, and `crop` picks each frame's state by its frame number. A state is one frame or more,
at most MAX_STATES of them, so the image stays small. Every text leaves with a fade (a slide slides out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from reelsmith.engine.model.draft import TextSegment
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import q
from reelsmith.engine.render.zones import Rect
from reelsmith.protocol.facts import needs_cjk

if TYPE_CHECKING:
    from reelsmith.engine.render.text import Block, Layers

ENTRANCE_MS = 450  # a rise or a slide, at least
POP_MS = 300
RISE = 0.035  # of the canvas height
SLIDE = 0.08  # of the canvas width
POP_FROM, POP_PEAK, POP_AT = 0.85, 1.05, 0.6  # a pop's first size, its overshoot and when (part of it)
TYPE_MS = 55  # a character
WORD_MS = 260  # a word
REVEAL_PART = 0.45  # of the text's time, at most, for the letters or words to appear
MAX_STATES = 24
MAX_SPRITE_PX = 12_000_000


def room(anim: str, cv: Canvas) -> tuple[int, int]:
    """The extra width and height a text's motion travels (kept inside the safe zone)."""
    if anim == "slide":
        return 2 * round(SLIDE * cv.width / 2), 0
    if anim == "fade_up":
        return 0, round(RISE * cv.height)
    return 0, 0


def frame_size(anim: str, w: int, h: int) -> tuple[int, int]:
    """The size of each frame of the text's image (a pop's has room for its overshoot)."""
    if anim == "pop":
        return 2 * math.ceil(w * POP_PEAK / 2), 2 * math.ceil(h * POP_PEAK / 2)
    return w, h


@dataclass
class Motion:
    sprite: Image.Image  # the text's frames stacked top to bottom
    chain: list[str]  # the filters that make its stream
    x: str  # overlay's position, per frame
    y: str


def _clamp01(e: str) -> str:
    return f"min(1,max(0,{e}))"


def plan(seg: TextSegment, b: Block, layers: Layers, cv: Canvas, origin: tuple[int, int]) -> Motion:
    """The text's stream and its position: `origin` is the top-left of the area its motion covers."""
    anim = seg.style.anim
    f0 = cv.frames(seg.st)
    n = max(1, cv.frames(seg.st + seg.d) - f0)
    fade_in, fade_out = min(cv.frames(seg.fi), n // 2), min(cv.frames(seg.fo), n // 2)
    ox, oy = origin
    x, y = str(ox), str(oy)
    states: list[Image.Image] = [layers.full()]
    starts = [0]
    if anim in ("fade_up", "slide"):
        e = fade_in = max(1, min(max(fade_in, cv.frames(ENTRANCE_MS)), n // 2))
        travel = f"pow(1-{_clamp01(f'(n-{f0})/{e}')},3)"
        if anim == "fade_up":
            y = f"{oy}+{room(anim, cv)[1]}*{travel}"
        else:
            d = room(anim, cv)[0]
            # a centred text slides half the room from the left; one set left comes from the right
            final, start = {"left": (ox, ox + d), "right": (ox + d, ox)}.get(b.align, (ox + d // 2, ox))
            leave = f"+pow({_clamp01(f'(n-{f0 + n - fade_out})/{fade_out}')},2)" if fade_out else ""
            x = f"{final}+{start - final}*({travel}{leave})"
    elif anim == "pop":
        e = max(1, min(cv.frames(POP_MS), n // 2))
        states, starts = _pop(layers.full(), e)
        fade_in = max(1, e // 2)
    elif anim in ("typewriter", "words"):
        units = _units(b, by_word=anim == "words")
        per = TYPE_MS if anim == "typewriter" else WORD_MS
        reveal = max(1, min(cv.frames(per * len(units)), int(n * REVEAL_PART)))
        states, starts = _reveal(layers, units, reveal)
    w, h = states[0].size
    k = max(1, min(len(states), MAX_SPRITE_PX // (w * h)))
    if k < len(states):  # too large: keep every few states, the last always
        keep = sorted({round(i * (len(states) - 1) / max(1, k - 1)) for i in range(k)})
        states, starts = [states[i] for i in keep], [starts[i] for i in keep]
    sprite = Image.new("RGBA", (w, h * len(states)), (0, 0, 0, 0))
    for i, s in enumerate(states):
        sprite.paste(s, (0, i * h))
    chain = [
        "format=yuva420p",
        f"loop=loop={n - 1}:size=1:start=0",
        f"settb=1/{cv.fps}",
        f"setpts=N+{f0}",
    ]
    if len(states) > 1:
        pick = "+".join(f"gte(n,{s})" for s in starts[1:])
        chain.append(f"crop={w}:{h}:0:{q(f'{h}*({pick})')}")
    if fade_in:
        chain.append(f"fade=t=in:s=0:n={fade_in}:alpha=1")
    if fade_out:
        chain.append(f"fade=t=out:s={n - fade_out}:n={fade_out}:alpha=1")
    return Motion(sprite, chain, x, y)


def _pop(full: Image.Image, e: int) -> tuple[list[Image.Image], list[int]]:
    """A state a frame for `e` frames, scaled from POP_FROM over POP_PEAK to full size, centred."""
    w, h = frame_size("pop", *full.size)
    k = min(e, MAX_STATES)
    states, starts = [], []
    for j in range(k):
        p = j / max(1, k - 1)
        if p < POP_AT:
            u = p / POP_AT
            s = POP_FROM + (POP_PEAK - POP_FROM) * (1 - (1 - u) ** 2)
        else:
            u = (p - POP_AT) / (1 - POP_AT)
            s = POP_PEAK + (1.0 - POP_PEAK) * u * u * (3 - 2 * u)
        size = (max(2, round(full.width * s)), max(2, round(full.height * s)))
        im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        scaled = full if size == full.size else full.resize(size, Image.Resampling.BICUBIC)
        im.paste(scaled, ((w - size[0]) // 2, (h - size[1]) // 2))
        states.append(im)
        starts.append(round(j * e / k))
    return states, starts


def _units(b: Block, by_word: bool) -> list[Rect]:
    """Where each character (or word: a Chinese or Japanese phrase) is, in reading order: a slice of its
    line's band, the first of a line reaching its left edge and the last its right edge."""
    from reelsmith.engine.render.text import phrases

    out: list[Rect] = []
    for i, line in enumerate(b.lines):
        y0, y1 = b.band(i)
        cuts: list[int] = []  # the character offsets each unit ends at
        if by_word:
            pieces = phrases(line) if needs_cjk(line) else line.split(" ")
            pos = 0
            for p in pieces:
                pos = line.find(p, pos) + len(p) if p else pos
                if p.strip():
                    cuts.append(pos)
        else:
            cuts = [j + 1 for j, ch in enumerate(line) if not ch.isspace() and not _combining(line, j + 1)]
        prev = 0
        for j, end in enumerate(cuts):
            x0 = 0 if j == 0 else b.xs[i] + round(b.font.getlength(line[:prev]))
            x1 = b.width if j == len(cuts) - 1 else b.xs[i] + round(b.font.getlength(line[:end]))
            out.append(Rect(x0, y0, x1, y1))
            prev = end
    return out


def _combining(line: str, j: int) -> bool:
    """Whether the character at j joins the one before it (an accent), so the two appear together."""
    import unicodedata

    return j < len(line) and unicodedata.combining(line[j]) > 0


def _reveal(layers: Layers, units: list[Rect], frames: int) -> tuple[list[Image.Image], list[int]]:
    """States from the backing alone to every unit shown, evenly over `frames` frames."""
    k = max(1, min(len(units), frames, MAX_STATES - 1))
    mask = Image.new("L", layers.glyphs.size, 0)
    md = ImageDraw.Draw(mask)
    empty = Image.new("RGBA", layers.glyphs.size, (0, 0, 0, 0))
    states, starts, shown = [layers.backing.copy()], [0], 0
    for j in range(1, k + 1):
        upto = math.ceil(j * len(units) / k)
        for r in units[shown:upto]:
            md.rectangle((r.x0, r.y0, r.x1 - 1, r.y1 - 1), fill=255)
        shown = upto
        states.append(Image.alpha_composite(layers.backing, Image.composite(layers.glyphs, empty, mask)))
        starts.append(max(starts[-1] + 1, round(j * frames / k)))
    return states, starts
